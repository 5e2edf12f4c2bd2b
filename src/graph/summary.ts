import type { Diagnostic } from '../model/diagnostic.js';
import type { NodeKind } from '../model/kinds.js';
import type { DataflowGraph } from './types.js';

export interface MapSummary {
  host: string | undefined;
  nodes: Partial<Record<NodeKind, number>>;
  edges: number;
  edgesByKind: Record<string, number>;
  missingScripts: number;
  partialNodes: number;
  warnings: number;
  errors: number;
}

export function summarizeMap(g: DataflowGraph): MapSummary {
  const nodes: Partial<Record<NodeKind, number>> = {};
  let missingScripts = 0;
  let partialNodes = 0;
  g.forEachNode((_n, a) => {
    nodes[a.kind] = (nodes[a.kind] ?? 0) + 1;
    if (a.kind === 'script' && a.missing) missingScripts++;
    if (a.partial) partialNodes++;
  });
  const edgesByKind: Record<string, number> = {};
  g.forEachEdge((_e, a) => {
    edgesByKind[a.kind] = (edgesByKind[a.kind] ?? 0) + 1;
  });
  const diags: Diagnostic[] = g.getAttribute('warnings') ?? [];
  return {
    host: g.getAttribute('host'),
    nodes,
    edges: g.size,
    edgesByKind,
    missingScripts,
    partialNodes,
    warnings: diags.filter((d) => d.severity === 'warning').length,
    errors: diags.filter((d) => d.severity === 'error').length,
  };
}
