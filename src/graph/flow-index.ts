/**
 * The map as compact adjacency arrays (CSR), built once and then only queried: the one shape
 * every analysis and health check reads (docs/decisions/007-one-map-shape.md).
 *
 * graphology keeps adjacency in per-node objects keyed by neighbour id: fine to build and edit,
 * but a traversal pays a property lookup per edge, and loading 1M edges into it costs seconds.
 * The index has node and edge numbers, typed arrays of neighbours, and the attribute objects of
 * the map itself (not copies). It is built straight from node-link data (`indexNodeLink`, how a
 * stored map is read) or from a graphology map being built or edited (`indexFlow`).
 */

import { NodeNotFoundError } from '../model/errors.js';
import type { EdgeAttributes, NodeAttributes } from '../model/node.js';
import { groupBy } from '../util/group-by.js';
import type { DataflowGraph, MapAttributes } from './types.js';

/** What every edge of any index says: its kind (an index read for the walk alone holds no more). */
export type EdgeKindOnly = Pick<EdgeAttributes, 'kind'>;

/**
 * The index of a map. `E` is what each edge carries: every attribute (the default), or for a
 * question that reads only edge kinds (impact), `EdgeKindOnly` (a FlowShape): a hub's part of the
 * catalog then never reads its edges' evidence.
 */
export interface FlowIndex<E extends EdgeKindOnly = EdgeAttributes> {
  /** Number of nodes. */
  readonly order: number;
  /** Number of edges. */
  readonly size: number;
  /** Node keys (`file:/data/x.csv`), by node number. */
  readonly keys: readonly string[];
  /** Node attributes, by node number (the map's own objects). */
  readonly nodes: readonly NodeAttributes[];
  /** Edge attributes, by edge number. */
  readonly edges: readonly E[];
  readonly source: Int32Array;
  readonly target: Int32Array;
  /** Out-edges of node v are outEdge[outStart[v] .. outStart[v + 1]). */
  readonly outStart: Int32Array;
  readonly outEdge: Int32Array;
  readonly inStart: Int32Array;
  readonly inEdge: Int32Array;
  /** The map's graph attributes (host, scannedAt, ...). */
  readonly meta: MapAttributes;
  /** Node number of a key, or -1. */
  indexOf(key: string): number;
}

/** An index whose edges may carry only their kind: what walks and kind-only questions accept. */
export type FlowShape = FlowIndex<EdgeKindOnly>;

/** Node-link data as the store parses it (structurally; this module does not import the store). */
export interface NodeLinkLike {
  graph?: MapAttributes;
  nodes: ReadonlyArray<{ id: string } & NodeAttributes>;
  links: ReadonlyArray<{ source: string; target: string } & EdgeAttributes>;
}

/** The index of a graphology map (a map being built or edited: scan, export, the viewer). */
export function indexFlow(g: DataflowGraph): FlowIndex {
  const keys: string[] = [];
  const nodes: NodeAttributes[] = [];
  const ids = new Map<string, number>();
  g.forEachNode((key, attrs) => {
    ids.set(key, keys.length);
    keys.push(key);
    nodes.push(attrs);
  });
  const m = g.size;
  const source = new Int32Array(m);
  const target = new Int32Array(m);
  const edges: EdgeAttributes[] = [];
  g.forEachEdge((_e, attrs, s, t) => {
    source[edges.length] = ids.get(s) as number;
    target[edges.length] = ids.get(t) as number;
    edges.push(attrs);
  });
  return assembleFlowIndex(keys, nodes, byId(ids), edges, source, target, g.getAttributes());
}

/**
 * What the store found while reading node-link data (its NodeLinkIndex, structurally): node
 * numbers by id, both ends of every link, the links grouped by source.
 */
export interface KnownEnds {
  ids: Map<string, number>;
  source: Int32Array;
  target: Int32Array;
  outStart?: Int32Array;
  outEdge?: Int32Array;
}

/**
 * Index node-link data directly; links must name existing nodes (the store checks that). With
 * `known` (from the store's reader) nothing is looked up again.
 */
export function indexNodeLink(data: NodeLinkLike, known?: KnownEnds): FlowIndex {
  const n = data.nodes.length;
  const keys: string[] = new Array(n);
  for (let i = 0; i < n; i++) keys[i] = (data.nodes[i] as { id: string }).id;
  const graph = data.graph ?? {};
  const nodes = data.nodes as readonly NodeAttributes[];
  const edges = data.links as readonly EdgeAttributes[];
  if (known && known.ids.size === n && known.source.length === data.links.length) {
    const out: [Int32Array, Int32Array] | undefined =
      known.outStart && known.outEdge ? [known.outStart, known.outEdge] : undefined;
    return assembleFlowIndex(keys, nodes, byId(known.ids), edges, known.source, known.target, graph, out);
  }
  const ids = new Map<string, number>();
  for (let i = 0; i < n; i++) ids.set(keys[i]!, i);
  const m = data.links.length;
  const source = new Int32Array(m);
  const target = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    const l = data.links[e] as { source: string; target: string };
    const s = ids.get(l.source);
    const t = ids.get(l.target);
    if (s === undefined || t === undefined) {
      throw new NodeNotFoundError(
        `indexNodeLink: link ${e} refers to '${s === undefined ? l.source : l.target}', which is not a node.`,
      );
    }
    source[e] = s;
    target[e] = t;
  }
  return assembleFlowIndex(keys, nodes, byId(ids), edges, source, target, graph);
}

const byId =
  (ids: Map<string, number>) =>
  (key: string): number =>
    ids.get(key) ?? -1;

/**
 * A FlowIndex from its nodes and edges (source and target as node numbers): the adjacency in both
 * directions is built here. `out` is the outgoing adjacency when the caller has it already.
 */
export function assembleFlowIndex<E extends EdgeKindOnly>(
  keys: string[],
  nodes: readonly NodeAttributes[],
  indexOf: (key: string) => number,
  edges: readonly E[],
  source: Int32Array,
  target: Int32Array,
  meta: MapAttributes,
  out?: [Int32Array, Int32Array],
): FlowIndex<E> {
  const n = keys.length;
  const [outStart, outEdge] = out ?? groupBy(n, source);
  const [inStart, inEdge] = groupBy(n, target);
  return {
    order: n,
    size: edges.length,
    keys,
    nodes,
    edges,
    source,
    target,
    outStart,
    outEdge,
    inStart,
    inEdge,
    meta,
    indexOf,
  };
}

/** Node number of a key; a key that is not in the map is a NodeNotFoundError. */
export function nodeNumber(index: FlowShape, key: string): number {
  const v = index.indexOf(key);
  if (v < 0) {
    throw new NodeNotFoundError(`no node '${key}' in the map.`, {
      hint: 'pass a node key as the map names it, or resolve a name with resolveNode()',
    });
  }
  return v;
}
