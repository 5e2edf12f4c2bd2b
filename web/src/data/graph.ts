/**
 * Node-link JSON -> the graphology graph the analyses query. The map was already validated and
 * normalised by src/store when it was written or served, so this only copies.
 */
import { DirectedGraph } from 'graphology';
import type { DataflowGraph, MapAttributes } from '../../../src/graph/types.js';
import type { EdgeAttributes, NodeAttributes } from '../../../src/model/node.js';
import type { NodeLinkData } from '../../../src/store/node-link.js';

export function toGraph(data: NodeLinkData): DataflowGraph {
  const g: DataflowGraph = new DirectedGraph<NodeAttributes, EdgeAttributes, MapAttributes>({
    allowSelfLoops: true,
  });
  g.replaceAttributes(data.graph ?? {});
  for (const n of data.nodes ?? []) {
    const { id, ...attrs } = n;
    const key = String(id);
    if (!g.hasNode(key)) g.addNode(key, { ...attrs, kind: attrs.kind ?? 'unknown' });
  }
  for (const l of data.links ?? []) {
    const { source, target, ...attrs } = l;
    const s = String(source);
    const t = String(target);
    if (!g.hasNode(s) || !g.hasNode(t) || g.hasEdge(s, t)) continue;
    g.addDirectedEdge(s, t, { ...attrs, evidence: Array.isArray(attrs.evidence) ? attrs.evidence : [] });
  }
  return g;
}

/** Short label: the node's own label, else the last path segment. */
export function shortLabel(id: string, a: NodeAttributes): string {
  if (typeof a.label === 'string' && a.label) return a.label;
  const base = a.path ?? a.name ?? a.url ?? id;
  const i = base.lastIndexOf('/');
  return i >= 0 && i < base.length - 1 ? base.slice(i + 1) : base;
}

/**
 * The label drawn and listed: a job reads as its schedule and the script it runs (`30 2 * * * 6.py`),
 * since its command line is usually too long to read on a node.
 */
export function nodeLabel(g: DataflowGraph, id: string): string {
  const a = g.getNodeAttributes(id);
  if (a.kind === 'job' && typeof a.schedule === 'string') {
    const scripts = g.outNeighbors(id).filter((n) => g.getNodeAttribute(n, 'kind') === 'script');
    if (scripts.length) {
      const first = shortLabel(scripts[0] as string, g.getNodeAttributes(scripts[0] as string));
      return `${a.schedule} ${first}${scripts.length > 1 ? ` +${scripts.length - 1}` : ''}`;
    }
  }
  return shortLabel(id, a);
}

/** The full identity shown on hover: path, qualified table name, URL or id. */
export function fullName(id: string, a: NodeAttributes): string {
  if (a.kind === 'table' && a.name) return a.namespace ? `${a.namespace}/${a.name}` : a.name;
  if (a.kind === 'job') return [a.schedule, a.command].filter(Boolean).join('  ') || id;
  return a.path ?? a.url ?? a.name ?? id;
}
