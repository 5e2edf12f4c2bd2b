/**
 * The map without the files that are not data (logs, lock and pid files, temporary files): what
 * the network measures (communities, critical, ego, stats) run on unless asked `--with-logs`.
 * A shared cron.log is written by every job; left in, it is the map's top hub and glues unrelated
 * scripts into one neighbourhood (issue 11).
 */

import { type FlowIndex, indexNodeLink } from '../graph/flow-index.js';
import { fileRoleOf } from '../model/file-role.js';
import type { EdgeAttributes, NodeAttributes } from '../model/node.js';

export interface DataOnly {
  index: FlowIndex;
  /** How many nodes were left out, by role. */
  leftOut: { log: number; lock: number; temp: number };
}

export function withoutNonData(index: FlowIndex): DataOnly {
  const leftOut = { log: 0, lock: 0, temp: 0 };
  const keep = new Uint8Array(index.order);
  for (let v = 0; v < index.order; v++) {
    const role = fileRoleOf(index.nodes[v]!);
    if (role) leftOut[role]++;
    else keep[v] = 1;
  }
  if (leftOut.log + leftOut.lock + leftOut.temp === 0) return { index, leftOut };
  const nodes: Array<{ id: string } & NodeAttributes> = [];
  for (let v = 0; v < index.order; v++) {
    if (keep[v]) nodes.push(Object.assign(Object.create(null), index.nodes[v], { id: index.keys[v]! }));
  }
  const links: Array<{ source: string; target: string } & EdgeAttributes> = [];
  for (let e = 0; e < index.size; e++) {
    const s = index.source[e]!;
    const t = index.target[e]!;
    if (keep[s] && keep[t])
      links.push({ ...index.edges[e]!, source: index.keys[s]!, target: index.keys[t]! });
  }
  return { index: indexNodeLink({ graph: index.meta, nodes, links }), leftOut };
}
