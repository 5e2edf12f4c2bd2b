/**
 * nodes.csv + edges.csv (RFC 4180 quoting, LF line ends, UTF-8): for spreadsheets, pandas, Neo4j
 * `LOAD CSV` and Gephi's import. Cells are the values exactly as stored; evidence and other lists
 * are JSON text. A cell that starts with `=`, `+`, `-` or `@` is kept as it is, which a spreadsheet
 * may read as a formula: open untrusted maps with "import as text".
 */
import type { DataflowGraph } from '../../graph/types.js';
import { cellText, edgeColumns, nodeColumns } from '../columns.js';
import { sortedEdges, sortedNodes } from '../text.js';
import type { Exporter, ExportFiles } from '../types.js';

/** RFC 4180: quote a field holding a comma, quote, CR or LF (and one with edge spaces, for Excel). */
export function csvField(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvLines(rows: string[][]): string {
  return `${rows.map((r) => r.map(csvField).join(',')).join('\n')}\n`;
}

export function toCsvFiles(g: DataflowGraph): ExportFiles {
  const nCols = nodeColumns(g);
  const eCols = edgeColumns(g);
  const nodeRows = [
    ['id', ...nCols.map((c) => c.name)],
    ...sortedNodes(g).map(({ key, attrs }) => [key, ...nCols.map((c) => cellText(attrs[c.name], c.type))]),
  ];
  const edgeRows = [
    ['source', 'target', ...eCols.map((c) => c.name)],
    ...sortedEdges(g).map((e) => [
      e.source,
      e.target,
      ...eCols.map((c) => cellText(e.attrs[c.name], c.type)),
    ]),
  ];
  return {
    files: [
      { name: 'nodes.csv', content: csvLines(nodeRows) },
      { name: 'edges.csv', content: csvLines(edgeRows) },
    ],
  };
}

export const csv: Exporter = {
  id: 'csv',
  title: 'CSV (nodes.csv + edges.csv)',
  extension: '',
  mediaType: 'text/csv',
  output: 'files',
  export: (g) => toCsvFiles(g),
};
