/**
 * Answers list nodes and edges in id order, whatever order the map holds them in: nodes by key,
 * edges by source, target and kind. A scan's map is numbered that way already, and so is a
 * catalog's flow pack (flow-pack.ts), so the order costs a numeric sort there; the catalog's
 * streamed answers (edges read from the pack in its order as they are printed) rely on it.
 */
import type { FlowShape } from '../graph/flow-index.js';

const numbered = new WeakMap<FlowShape, boolean>();

/** Is the index numbered in id order: nodes by key, edges by (source, target, kind)? */
export function numberedById(index: FlowShape): boolean {
  let yes = numbered.get(index);
  if (yes === undefined) {
    yes = inIdOrder(index);
    numbered.set(index, yes);
  }
  return yes;
}

function inIdOrder(index: FlowShape): boolean {
  for (let v = 1; v < index.order; v++) if (!(index.keys[v - 1]! < index.keys[v]!)) return false;
  const { source, target, edges } = index;
  for (let e = 1; e < index.size; e++) {
    const ds = source[e - 1]! - source[e]!;
    if (ds !== 0) {
      if (ds > 0) return false;
      continue;
    }
    const dt = target[e - 1]! - target[e]!;
    if (dt !== 0) {
      if (dt > 0) return false;
      continue;
    }
    if (edges[e - 1]!.kind > edges[e]!.kind) return false;
  }
  return true;
}

/**
 * Nodes `vs` in id order: by number where the index is numbered by id, else their keys sorted as
 * plain strings (several times faster than a comparator over 400,000 descriptions).
 */
export function byIdOrder(index: FlowShape, vs: Iterable<number>): Int32Array {
  if (numberedById(index)) return Int32Array.from(vs).sort();
  const keys: string[] = [];
  for (const v of vs) keys.push(index.keys[v]!);
  keys.sort();
  return Int32Array.from(keys, (key) => index.indexOf(key));
}

/** Edges in id order: by source id, then target id, then kind (the edge number breaks a tie). */
export function edgesById(index: FlowShape, es: readonly number[]): Int32Array {
  if (numberedById(index)) return Int32Array.from(es).sort();
  // each end's rank among the ends' ids, and each kind's among the kinds: one number per edge
  const ends = new Set<number>();
  for (const e of es) {
    ends.add(index.source[e]!);
    ends.add(index.target[e]!);
  }
  const rank = new Map<number, number>();
  byIdOrder(index, ends).forEach((v, i) => {
    rank.set(v, i);
  });
  const kinds = [...new Set(es.map((e) => index.edges[e]!.kind))].sort();
  const kindRank = new Map(kinds.map((k, i) => [k, i]));
  const key = Float64Array.from(
    es,
    (e) =>
      (rank.get(index.source[e]!)! * ends.size + rank.get(index.target[e]!)!) * kinds.length +
      kindRank.get(index.edges[e]!.kind)!,
  );
  const at = Int32Array.from(es, (_, i) => i).sort((a, b) => key[a]! - key[b]! || es[a]! - es[b]!);
  return at.map((i) => es[i]!);
}
