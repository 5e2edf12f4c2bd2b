/**
 * Typed attribute columns for the tabular and XML formats (GraphML keys, GEXF attributes, CSV headers):
 * the vocabulary's attributes first in a fixed order, then any other attribute a map carries, sorted.
 * A column's type is the narrowest that fits every value; objects and arrays (evidence) are JSON text.
 */
import type { DataflowGraph } from '../graph/types.js';

export type ColumnType = 'boolean' | 'int' | 'double' | 'string' | 'json';

export interface Column {
  name: string;
  type: ColumnType;
}

const NODE_ORDER = [
  'kind',
  'label',
  'path',
  'name',
  'url',
  'namespace',
  'schedule',
  'command',
  'user',
  'scheduler',
  'source',
  'line',
  'language',
  'partial',
  'missing',
  'host',
];
const EDGE_ORDER = ['kind', 'confidence', 'method', 'kinds', 'evidence'];

export function typeOf(v: unknown): ColumnType {
  if (typeof v === 'boolean') return 'boolean';
  // GraphML/GEXF `int` is 32-bit in the Java tools that read them (Gephi, yEd, Cytoscape).
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? 'int' : 'double';
  if (typeof v === 'string') return 'string';
  return 'json';
}

function widen(a: ColumnType | undefined, b: ColumnType): ColumnType {
  if (a === undefined || a === b) return b;
  if ((a === 'int' && b === 'double') || (a === 'double' && b === 'int')) return 'double';
  // Mixed scalars read back as text; anything mixed with JSON stays JSON so it parses back.
  return a === 'json' || b === 'json' ? 'json' : 'string';
}

function columnsOf(records: Iterable<Record<string, unknown>>, order: string[]): Column[] {
  const types = new Map<string, ColumnType>();
  for (const r of records) {
    for (const [k, v] of Object.entries(r)) {
      if (v === undefined || v === null) continue;
      types.set(k, widen(types.get(k), typeOf(v)));
    }
  }
  const known = order.filter((k) => types.has(k));
  const rest = [...types.keys()].filter((k) => !order.includes(k)).sort();
  return [...known, ...rest].map((name) => ({ name, type: types.get(name)! }));
}

export function nodeColumns(g: DataflowGraph): Column[] {
  return columnsOf(
    g.mapNodes((_k, a) => a),
    NODE_ORDER,
  );
}

export function edgeColumns(g: DataflowGraph): Column[] {
  return columnsOf(
    g.mapEdges((_k, a) => a),
    EDGE_ORDER,
  );
}

/** Map-level attributes that are plain scalars (host, tool, schemaVersion, scannedAt). */
export function graphScalars(g: DataflowGraph): Array<[string, string | number | boolean]> {
  return Object.entries(g.getAttributes())
    .filter((e): e is [string, string | number | boolean] =>
      ['string', 'number', 'boolean'].includes(typeof e[1]),
    )
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

/** The text of one cell: JSON for `json` columns (so `"a"` and `a` stay different), else the scalar. */
export function cellText(v: unknown, type: ColumnType): string {
  if (v === undefined || v === null) return '';
  if (type === 'json') return JSON.stringify(v);
  return String(v);
}
