/**
 * How each kind of node looks: a shape people already read in dataflow diagrams (a document for a
 * file, a cylinder for a database, a hexagon for a scheduled job) and a colour. The legend, the canvas
 * and the SVG export all read this one table.
 */
import type { NodeKind } from '../../src/model/kinds.js';

/** Kinds the viewer draws: the model's kinds plus its own aggregates. */
export type ViewKind = NodeKind | 'group' | 'directory';

export type Shape =
  | 'hexagon'
  | 'process'
  | 'document'
  | 'table'
  | 'cylinder'
  | 'stadium'
  | 'host'
  | 'box'
  | 'folder';

export interface KindStyle {
  title: string;
  shape: Shape;
  /** Border and text colour. */
  stroke: string;
  fill: string;
}

export const KIND_STYLES: Record<ViewKind, KindStyle> = {
  job: { title: 'Job (schedule)', shape: 'hexagon', stroke: '#b45309', fill: '#fef3c7' },
  script: { title: 'Script', shape: 'process', stroke: '#1d4ed8', fill: '#dbeafe' },
  file: { title: 'File', shape: 'document', stroke: '#15803d', fill: '#dcfce7' },
  directory: { title: 'Directory (collapsed files)', shape: 'folder', stroke: '#15803d', fill: '#bbf7d0' },
  table: { title: 'Table', shape: 'table', stroke: '#6d28d9', fill: '#ede9fe' },
  database: { title: 'Database', shape: 'cylinder', stroke: '#5b21b6', fill: '#ddd6fe' },
  endpoint: { title: 'Endpoint (API, S3, SFTP)', shape: 'stadium', stroke: '#0e7490', fill: '#cffafe' },
  host: { title: 'Host', shape: 'host', stroke: '#334155', fill: '#e2e8f0' },
  unknown: { title: 'Unknown', shape: 'box', stroke: '#6b7280', fill: '#f3f4f6' },
  group: { title: 'Subsystem (click to open)', shape: 'box', stroke: '#1f2937', fill: '#ffffff' },
};

/** Legend order: the way data flows, left to right. */
export const LEGEND_KINDS: ViewKind[] = [
  'job',
  'endpoint',
  'script',
  'file',
  'table',
  'database',
  'host',
  'unknown',
];

/** Highlight colours: blue and orange stay apart for most colour-vision deficiencies. */
export const HIGHLIGHT = {
  upstream: '#2563eb',
  downstream: '#ea580c',
  selected: '#111827',
  impact: '#dc2626',
  edge: '#94a3b8',
  invokesEdge: '#cbd5e1',
} as const;

/** Categorical palette for colour-by-subsystem (Tableau 10, readable on white). */
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

export function paletteColor(index: number): string {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length] ?? '#999999';
}

/** A pale fill for a strong colour (for subsystem colouring). */
export function tint(hex: string, amount = 0.75): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round(c + (255 - c) * amount);
  const r = mix((n >> 16) & 255);
  const g = mix((n >> 8) & 255);
  const b = mix(n & 255);
  return `#${((r << 16) | (g << 8) | b).toString(16).padStart(6, '0')}`;
}
