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
  if (!g.hasNode(spec.key)) {
    g.addNode(spec.key, { ...spec.attrs });
  } else {
    const cur = g.getNodeAttributes(spec.key);
    for (const [k, v] of Object.entries(spec.attrs)) {
      if (v === undefined) continue;
      if (k === 'missing') {
        // a script is missing only if no fact found it present
        if (cur.missing !== false) cur.missing = v as boolean;
        continue;
      }
      if (cur[k] === undefined) cur[k] = v;
    }
  }
  return spec.key;
}

const better = (a: Confidence, b: Confidence): Confidence => (confidenceRank(a) <= confidenceRank(b) ? a : b);

export function mergeEdge(g: DataflowGraph, fact: EdgeFact): void {
  const s = mergeNode(g, fact.from);
  const t = mergeNode(g, fact.to);
  const existing = g.edge(s, t);
  if (existing === undefined) {
    g.addDirectedEdge(s, t, {
      kind: fact.kind,
      confidence: fact.confidence,
      method: fact.method ?? fact.evidence.method,
      evidence: [fact.evidence],
    });
    return;
  }
  const attrs = g.getEdgeAttributes(existing);
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

export function buildGraph(facts: ScanFacts): DataflowGraph {
  const g = createGraph({ ...facts.meta, warnings: facts.diagnostics });
  for (const n of facts.nodes) mergeNode(g, n);
  for (const e of facts.edges) mergeEdge(g, e);
  linkTablesToDatabases(g);
  assignFileRoles(g);
  return g;
}
