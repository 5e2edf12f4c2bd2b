/** Duplicate links (the same source and target) dropped, without a set of pairs. */

import { groupBy } from '../util/group-by.js';
import type { Link, NodeLinkIndex } from './node-link-builder.js';

/**
 * Keep the first of links with the same source and target. Within a source's group links keep
 * their order, so a target seen before in the group is a duplicate: no set of pairs needed.
 */
export function dropDuplicateLinks(
  n: number,
  links: Link[],
  s: Int32Array,
  t: Int32Array,
): Omit<NodeLinkIndex, 'ids'> {
  let m = links.length;
  let source = s.length === m ? s : s.slice(0, m);
  let target = t.length === m ? t : t.slice(0, m);
  let [outStart, outEdge] = groupBy(n, source);
  const last = new Int32Array(n); // last[t] = v + 1 once v -> t is kept
  let drop: Uint8Array | undefined;
  for (let v = 0; v < n; v++) {
    for (let i = outStart[v]!; i < outStart[v + 1]!; i++) {
      const e = outEdge[i]!;
      if (last[target[e]!] !== v + 1) last[target[e]!] = v + 1;
      else {
        drop ??= new Uint8Array(m);
        drop[e] = 1;
      }
    }
  }
  if (drop) {
    let k = 0;
    for (let e = 0; e < m; e++) {
      if (drop[e]) continue;
      links[k] = links[e]!;
      source[k] = source[e]!;
      target[k] = target[e]!;
      k++;
    }
    links.length = k;
    m = k;
    source = source.slice(0, m);
    target = target.slice(0, m);
    [outStart, outEdge] = groupBy(n, source);
  }
  return { source, target, outStart, outEdge };
}
