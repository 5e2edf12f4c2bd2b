/**
 * The exporter registry (depcruise's TYPE2MODULE): one plain typed record, one line per format.
 * Add a format: write `src/export/formats/<id>.ts` from `formats/_template.ts`, then add its id and its line here.
 */
import { csv } from './formats/csv.js';
import { cypher } from './formats/cypher.js';
import { dot } from './formats/dot.js';
import { gexf } from './formats/gexf.js';
import { graphml } from './formats/graphml.js';
import { html } from './formats/html.js';
import { json } from './formats/json.js';
import { mermaid } from './formats/mermaid.js';
import { openlineage } from './formats/openlineage.js';
import { png } from './formats/png.js';
import { svg } from './formats/svg.js';
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
  html,
  openlineage,
};

export function isExportFormat(x: string): x is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(x);
}

export type { ExportContent, Exporter } from './types.js';
export { isExportFiles } from './types.js';
