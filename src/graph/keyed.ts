/**
 * The map's index read by node key, in graphology's words (`forEachInEdge`, `forEachOutNeighbor`):
 * for code that follows named nodes a few steps (health, diagnosis) rather than sweeping the whole
 * map by number (the algorithms). Edges are their numbers in the index.
 */

import type { EdgeAttributes, NodeAttributes } from '../model/node.js';
import { type FlowIndex, nodeNumber } from './flow-index.js';

export type EdgeCallback = (edge: number, attrs: EdgeAttributes, source: string, target: string) => void;

export function hasNode(index: FlowIndex, key: string): boolean {
  return index.indexOf(key) >= 0;
}

/** A node's attributes; a key not in the map is a NodeNotFoundError. */
export function nodeAttributes(index: FlowIndex, key: string): NodeAttributes {
  return index.nodes[nodeNumber(index, key)]!;
}

export function forEachInEdge(index: FlowIndex, key: string, cb: EdgeCallback): void {
  const v = nodeNumber(index, key);
  for (let i = index.inStart[v]!; i < index.inStart[v + 1]!; i++) call(index, index.inEdge[i]!, cb);
}

export function forEachOutEdge(index: FlowIndex, key: string, cb: EdgeCallback): void {
  const v = nodeNumber(index, key);
  for (let i = index.outStart[v]!; i < index.outStart[v + 1]!; i++) call(index, index.outEdge[i]!, cb);
}

export function forEachInNeighbor(index: FlowIndex, key: string, cb: (neighbor: string) => void): void {
  forEachInEdge(index, key, (_e, _a, source) => cb(source));
}

export function forEachOutNeighbor(index: FlowIndex, key: string, cb: (neighbor: string) => void): void {
  forEachOutEdge(index, key, (_e, _a, _s, target) => cb(target));
}

/** The first edge from `source` to `target`, or -1 (also when either is not in the map). */
export function findEdge(index: FlowIndex, source: string, target: string): number {
  const s = index.indexOf(source);
  const t = index.indexOf(target);
  if (s < 0 || t < 0) return -1;
  for (let i = index.outStart[s]!; i < index.outStart[s + 1]!; i++) {
    const e = index.outEdge[i]!;
    if (index.target[e] === t) return e;
  }
  return -1;
}

function call(index: FlowIndex, e: number, cb: EdgeCallback): void {
  cb(e, index.edges[e]!, index.keys[index.source[e]!]!, index.keys[index.target[e]!]!);
}
