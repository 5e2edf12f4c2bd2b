/**
 * Template for a new export format: copy to `src/export/formats/<id>.ts`, rename, fill in, then add the id to
 * EXPORT_FORMATS and one line to `exporters` in index.ts. Keep it a pure function of the graph: no
 * printing, no filesystem, deterministic order (sortedNodes/sortedEdges), every name escaped for the
 * target syntax, and a golden test in test/export/.
 */
import type { DataflowGraph } from '../../graph/types.js';
import { sortedEdges, sortedNodes } from '../text.js';
import type { Exporter } from '../types.js';

export function toTemplate(g: DataflowGraph): string {
  const lines = sortedNodes(g).map((n) => `node ${JSON.stringify(n.key)}`);
  for (const e of sortedEdges(g)) lines.push(`edge ${JSON.stringify(e.source)} ${JSON.stringify(e.target)}`);
  return `${lines.join('\n')}\n`;
}

export const template: Exporter = {
  id: 'template',
  title: 'Template (not registered)',
  extension: 'txt',
  mediaType: 'text/plain',
  output: 'text',
  export: (g) => toTemplate(g),
};
