/**
 * The few graph questions health asks, over either form of the map: a graphology graph (the library
 * API, tests) or the analyses' compact index (the CLI: a 100,000-node map loads in under a second as an
 * index, several seconds as graphology). The method names and callbacks are graphology's, so the
 * health code reads the same either way.
 */
import { type FlowIndex, type FlowInput, isFlowIndex } from '../graph/flow-index.js';
import type { DataflowGraph, MapAttributes } from '../graph/types.js';
import type { EdgeAttributes, NodeAttributes } from '../model/node.js';

type EdgeCallback = (edge: string, attrs: EdgeAttributes, source: string, target: string) => void;

export interface HealthGraph {
  /** For the analyses (upstream traversal, node names). */
  readonly flow: FlowInput;
  hasNode(key: string): boolean;
  nodes(): string[];
  getNodeAttributes(key: string): NodeAttributes;
  getNodeAttribute<K extends keyof NodeAttributes>(key: string, name: K): NodeAttributes[K];
  getAttribute<K extends keyof MapAttributes>(name: K): MapAttributes[K];
  forEachInEdge(key: string, cb: EdgeCallback): void;
  forEachOutEdge(key: string, cb: EdgeCallback): void;
  forEachInNeighbor(key: string, cb: (neighbor: string) => void): void;
  forEachOutNeighbor(key: string, cb: (neighbor: string) => void): void;
  /** The edge from `source` to `target`, if any. */
  edge(source: string, target: string): string | undefined;
  getEdgeAttribute<K extends keyof EdgeAttributes>(edge: string, name: K): EdgeAttributes[K];
}

function fromGraphology(g: DataflowGraph): HealthGraph {
  return {
    flow: g,
    hasNode: (k) => g.hasNode(k),
    nodes: () => g.nodes(),
    getNodeAttributes: (k) => g.getNodeAttributes(k),
    getNodeAttribute: (k, name) => g.getNodeAttributes(k)[name],
    getAttribute: (name) => g.getAttributes()[name],
    forEachInEdge: (k, cb) => g.forEachInEdge(k, (e, a, s, t) => cb(e, a, s, t)),
    forEachOutEdge: (k, cb) => g.forEachOutEdge(k, (e, a, s, t) => cb(e, a, s, t)),
    forEachInNeighbor: (k, cb) => g.forEachInNeighbor(k, (n) => cb(n)),
    forEachOutNeighbor: (k, cb) => g.forEachOutNeighbor(k, (n) => cb(n)),
    edge: (s, t) => (g.hasNode(s) && g.hasNode(t) ? g.edge(s, t) : undefined),
    getEdgeAttribute: (e, name) => g.getEdgeAttributes(e)[name],
  };
}

function fromIndex(ix: FlowIndex): HealthGraph {
  const num = (k: string): number => {
    const v = ix.indexOf(k);
    if (v < 0) throw new Error(`health: no node '${k}' in the map`);
    return v;
  };
  const eachIn = (k: string, cb: (e: number) => void) => {
    const v = num(k);
    for (let i = ix.inStart[v]!; i < ix.inStart[v + 1]!; i++) cb(ix.inEdge[i]!);
  };
  const eachOut = (k: string, cb: (e: number) => void) => {
    const v = num(k);
    for (let i = ix.outStart[v]!; i < ix.outStart[v + 1]!; i++) cb(ix.outEdge[i]!);
  };
  const key = (v: number) => ix.keys[v]!;
  const call = (cb: EdgeCallback) => (e: number) =>
    cb(String(e), ix.edges[e]!, key(ix.source[e]!), key(ix.target[e]!));
  return {
    flow: ix,
    hasNode: (k) => ix.indexOf(k) >= 0,
    nodes: () => [...ix.keys],
    getNodeAttributes: (k) => ix.nodes[num(k)]!,
    getNodeAttribute: (k, name) => ix.nodes[num(k)]![name],
    getAttribute: (name) => ix.meta[name],
    forEachInEdge: (k, cb) => eachIn(k, call(cb)),
    forEachOutEdge: (k, cb) => eachOut(k, call(cb)),
    forEachInNeighbor: (k, cb) => eachIn(k, (e) => cb(key(ix.source[e]!))),
    forEachOutNeighbor: (k, cb) => eachOut(k, (e) => cb(key(ix.target[e]!))),
    edge: (s, t) => {
      const target = ix.indexOf(t);
      if (target < 0 || ix.indexOf(s) < 0) return undefined;
      let found: string | undefined;
      eachOut(s, (e) => {
        if (found === undefined && ix.target[e] === target) found = String(e);
      });
      return found;
    },
    getEdgeAttribute: (e, name) => ix.edges[Number(e)]![name],
  };
}

export type MapInput = DataflowGraph | FlowIndex | HealthGraph;

function isHealthGraph(x: MapInput): x is HealthGraph {
  return 'flow' in x;
}

/** A health view of a graphology map, an analyses index, or a view already. */
export function healthGraph(input: MapInput): HealthGraph {
  if (isFlowIndex(input as FlowInput)) return fromIndex(input as FlowIndex);
  if (isHealthGraph(input)) return input;
  return fromGraphology(input as DataflowGraph);
}
