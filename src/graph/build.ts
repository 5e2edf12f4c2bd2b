/**
 * Facts -> one directed graph, built once (knip's build-then-query rule). Nodes merge by key,
 * edges by (source, target): evidence accumulates, confidence is the best any evidence gives.
 */
import { DirectedGraph } from 'graphology';
import { evidenceKey } from '../model/evidence.js';
import { toDatabaseNode } from '../model/keys.js';
import { type Confidence, confidenceRank } from '../model/kinds.js';
import type { EdgeAttributes, NodeAttributes, NodeSpec } from '../model/node.js';
import { assignFileRoles } from './file-roles.js';
import {
  type DataflowGraph,
  type EdgeFact,
  type MapAttributes,
  SCHEMA_VERSION,
  type ScanFacts,
} from './types.js';

export function createGraph(meta: MapAttributes = {}): DataflowGraph {
  const g: DataflowGraph = new DirectedGraph<NodeAttributes, EdgeAttributes, MapAttributes>({
    allowSelfLoops: true,
  });
  g.replaceAttributes({ schemaVersion: SCHEMA_VERSION, ...meta });
  return g;
}

/** Insert or merge a node: attributes already set win, except flags that only ever add information. */
export function mergeNode(g: DataflowGraph, spec: NodeSpec): string {
  if (!g.hasNode(spec.key)) g.addNode(spec.key, { ...spec.attrs });
  else mergeAttrs(g.getNodeAttributes(spec.key), spec.attrs);
  return spec.key;
}

function mergeAttrs(cur: NodeAttributes, attrs: NodeSpec['attrs']): void {
  for (const k in attrs) {
    const v = attrs[k];
    if (v === undefined) continue;
    if (k === 'missing') {
      // a script is missing only if no fact found it present
      if (cur.missing !== false) cur.missing = v as boolean;
      continue;
    }
    if (cur[k] === undefined) cur[k] = v;
  }
}

const better = (a: Confidence, b: Confidence): Confidence => (confidenceRank(a) <= confidenceRank(b) ? a : b);

export function mergeEdge(g: DataflowGraph, fact: EdgeFact): void {
  const s = mergeNode(g, fact.from);
  const t = mergeNode(g, fact.to);
  const existing = g.edge(s, t);
  if (existing === undefined) g.addDirectedEdge(s, t, newEdge(fact));
  else mergeInto(g.getEdgeAttributes(existing), fact);
}

function newEdge(fact: EdgeFact): EdgeAttributes {
  return {
    kind: fact.kind,
    confidence: fact.confidence,
    method: fact.method ?? fact.evidence.method,
    evidence: [fact.evidence],
  };
}

function mergeInto(attrs: EdgeAttributes, fact: EdgeFact): void {
  attrs.confidence = better(attrs.confidence, fact.confidence);
  const seen = new Set(attrs.evidence.map(evidenceKey));
  if (!seen.has(evidenceKey(fact.evidence))) attrs.evidence.push(fact.evidence);
  if (attrs.kind !== fact.kind) {
    const kinds = new Set<string>([...((attrs.kinds as string[] | undefined) ?? [attrs.kind]), fact.kind]);
    attrs.kinds = [...kinds].sort();
  }
}

/** Tables that know their server get a database node and a `contains` edge from it. */
function linkTablesToDatabases(g: DataflowGraph): void {
  for (const node of g.nodes()) {
    const attrs = g.getNodeAttributes(node);
    if (attrs.kind !== 'table' || typeof attrs.namespace !== 'string') continue;
    const db = mergeNode(g, toDatabaseNode(attrs.namespace));
    if (!g.hasEdge(db, node)) {
      g.addDirectedEdge(db, node, {
        kind: 'contains',
        confidence: 'exact',
        method: 'static',
        evidence: [],
      });
    }
  }
}

/**
 * The graph of a scan's facts: mergeNode and mergeEdge for each, in order, with the nodes' and
 * edges' attributes kept beside the graph (graphology holds the same objects), so a merge is a
 * lookup in a Map, not a walk of the graph's adjacency.
 */
export function buildGraph(facts: ScanFacts): DataflowGraph {
  const g = createGraph({ ...facts.meta, warnings: facts.diagnostics });
  const nodes = new Map<string, NodeAttributes>();
  const node = (spec: NodeSpec): string => {
    const cur = nodes.get(spec.key);
    if (cur) mergeAttrs(cur, spec.attrs);
    else {
      const attrs = { ...spec.attrs };
      nodes.set(spec.key, attrs);
      g.addNode(spec.key, attrs);
    }
    return spec.key;
  };
  for (const n of facts.nodes) node(n);
  const edges = new Map<string, EdgeAttributes>();
  for (const e of facts.edges) {
    const s = node(e.from);
    const t = node(e.to);
    const pair = `${s}\u0000${t}`;
    const cur = edges.get(pair);
    if (cur) mergeInto(cur, e);
    else {
      const attrs = newEdge(e);
      edges.set(pair, attrs);
      g.addDirectedEdge(s, t, attrs);
    }
  }
  linkTablesToDatabases(g);
  assignFileRoles(g);
  return g;
}
