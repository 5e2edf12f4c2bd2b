/**
 * The exporter registry (depcruise's TYPE2MODULE): one plain typed record, one line per format.
 * Add a format: write `src/export/<id>.ts` from `_template.ts`, then add its id and its line here.
 */
import { csv } from './csv.js';
import { cypher } from './cypher.js';
import { dot } from './dot.js';
import { gexf } from './gexf.js';
import { graphml } from './graphml.js';
import { html } from './html.js';
import { json } from './json.js';
import { mermaid } from './mermaid.js';
import { openlineage } from './openlineage.js';
import { png } from './png.js';
import { svg } from './svg.js';
import type { Exporter } from './types.js';

export const EXPORT_FORMATS = [
  'dot',
  'svg',
  'png',
  'mermaid',
  'graphml',
  'gexf',
  'json',
  'csv',
  'cypher',
  'html',
  'openlineage',
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const exporters: Record<ExportFormat, Exporter> = {
  dot,
  svg,
  png,
  mermaid,
  graphml,
  gexf,
  json,
  csv,
  cypher,
  openlineage,
  html,
};

export function isExportFormat(x: string): x is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(x);
}

export type { ExportContent, Exporter, ExportFiles, ExportOptions } from './types.js';
export { isExportFiles } from './types.js';
