/**
 * Neo4j Cypher: idempotent `MERGE` statements (run them twice, get the same graph), batched with
 * `UNWIND [...] AS row` so a map of thousands of nodes loads in a few statements.
 *
 * Quoting (docs/export.md): names only ever appear inside single-quoted string literals, with `\` and
 * `'` backslash-escaped and control characters written as `\n`, `\t`, `\uXXXX`; labels and
 * relationship types come from dfmap's fixed vocabulary (`:File`, `:WRITES`), never from data; map
 * keys that are not plain identifiers are backquoted with doubled backquotes.
 */
import type { DataflowGraph } from '../../graph/types.js';
import type { Evidence } from '../../model/evidence.js';
import { EDGE_STYLES, KIND_STYLES } from '../style.js';
import { cleanText, sortedEdges, sortedNodes } from '../text.js';
import type { Exporter } from '../types.js';

const BATCH = 500;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001F\u007F\u2028\u2029]/g;
const SHORT_ESCAPES: Record<string, string> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

export function cypherString(s: string): string {
  const body = cleanText(s)
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(CONTROL, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `'${body}'`;
}

export function cypherName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${cleanText(name).replace(/`/g, '``')}\``;
}

/** Neo4j stores scalars and lists of scalars; anything else becomes JSON text. */
function cypherValue(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return cypherString(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return undefined;
    // Cypher's exponent form has no `+` (1e21, not 1e+21).
    return String(v).replace('e+', 'e');
  }
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return `[${v.map(cypherString).join(', ')}]`;
  return cypherString(JSON.stringify(v));
}

function cypherMap(attrs: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(attrs)) {
    const text = cypherValue(v);
    if (text !== undefined) parts.push(`${cypherName(k)}: ${text}`);
  }
  return `{${parts.join(', ')}}`;
}

/** Evidence as Neo4j can hold it (a list of strings): `file:line construct`. The JSON export keeps it whole. */
function evidenceStrings(ev: Evidence[]): string[] {
  return ev.map((e) => `${e.file}:${e.line} ${e.construct}`);
}

function chunks<T>(xs: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += BATCH) out.push(xs.slice(i, i + BATCH));
  return out;
}

function groupBy<T>(xs: T[], key: (x: T) => string): Array<[string, T[]]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return [...m].sort(([a], [b]) => (a < b ? -1 : 1));
}

export function toCypher(g: DataflowGraph): string {
  const out = [
    `// dfmap map: ${g.order} nodes, ${g.size} edges. Load with: cypher-shell -f FILE (Neo4j 5).`,
    'CREATE CONSTRAINT dfmap_node_key IF NOT EXISTS FOR (n:DfmapNode) REQUIRE n.key IS UNIQUE;',
  ];
  for (const [kind, nodes] of groupBy(sortedNodes(g), (n) => n.attrs.kind)) {
    const label = (KIND_STYLES[kind as keyof typeof KIND_STYLES] ?? KIND_STYLES.unknown).neo4jLabel;
    for (const batch of chunks(nodes)) {
      const rows = batch.map((n) => `  {key: ${cypherString(n.key)}, props: ${cypherMap(n.attrs)}}`);
      out.push(
        `UNWIND [\n${rows.join(',\n')}\n] AS row`,
        'MERGE (n:DfmapNode {key: row.key})',
        `SET n:${label}, n += row.props;`,
      );
    }
  }
  for (const [kind, edges] of groupBy(sortedEdges(g), (e) => e.attrs.kind)) {
    const type = (EDGE_STYLES[kind as keyof typeof EDGE_STYLES] ?? EDGE_STYLES.reads).neo4jType;
    for (const batch of chunks(edges)) {
      const rows = batch.map((e) => {
        const props = { ...e.attrs, evidence: evidenceStrings(e.attrs.evidence ?? []) };
        return `  {source: ${cypherString(e.source)}, target: ${cypherString(e.target)}, props: ${cypherMap(props)}}`;
      });
      out.push(
        `UNWIND [\n${rows.join(',\n')}\n] AS row`,
        'MATCH (a:DfmapNode {key: row.source})',
        'MATCH (b:DfmapNode {key: row.target})',
        `MERGE (a)-[r:${type}]->(b)`,
        'SET r += row.props;',
      );
    }
  }
  return `${out.join('\n')}\n`;
}

export const cypher: Exporter = {
  id: 'cypher',
  title: 'Neo4j Cypher (MERGE statements)',
  extension: 'cypher',
  mediaType: 'application/x-cypher-query',
  output: 'text',
  export: (g) => toCypher(g),
};
