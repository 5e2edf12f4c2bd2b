/**
 * The exact path: one statement through node-sql-parser (the dialect's own grammar build, loaded on
 * first use). Its `tableList` names every table with the operation; we correct its known quirks:
 * CTE names listed as tables, `UPDATE a ... FROM b` listing b as updated, SELECT INTO and
 * INTO OUTFILE missing from the list, LOAD DATA listing nothing.
 */
import { createRequire } from 'node:module';
import type { SqlContext } from '../types.js';
import { CONSTRUCT_BY_VERB, noFacts, type SqlAccess, type StatementFacts } from './access.js';
import type { Token } from './lex.js';
import { cteNames } from './scan-statement.js';
import type { TokenView } from './token-view.js';

interface ParseResult {
  tableList: string[];
  ast: unknown;
}
interface SqlParser {
  parse(sql: string, opt?: { database?: string }): ParseResult;
}

const require = createRequire(import.meta.url);
const BUILDS: Record<string, { module: string; database: string }> = {
  mysql: { module: 'node-sql-parser/build/mysql.js', database: 'MySQL' },
  postgresql: { module: 'node-sql-parser/build/postgresql.js', database: 'PostgresQL' },
  sqlite: { module: 'node-sql-parser/build/sqlite.js', database: 'SQLite' },
  mssql: { module: 'node-sql-parser/build/transactsql.js', database: 'TransactSQL' },
};
const parsers = new Map<string, SqlParser>();

function parserFor(dialect: string): { parser: SqlParser; database: string } | undefined {
  const build = BUILDS[dialect];
  if (!build) return undefined;
  let parser = parsers.get(dialect);
  if (!parser) {
    const mod = require(build.module) as { Parser: new () => SqlParser };
    parser = new mod.Parser();
    parsers.set(dialect, parser);
  }
  return { parser, database: build.database };
}

export const HOLE = 'zzdfmholezz';
const HOLE_RE = new RegExp(`${HOLE}|\\{[^}]*\\}`, 'gi');
const TABLE_KEYWORDS = new Set(['from', 'join', 'into', 'update', 'table', 'using', 'truncate']);

/** Dialects tried for a statement: the connection's, or both common ones when it is unknown. */
function dialectsFor(dialect: SqlContext['dialect']): string[] {
  if (dialect === 'unknown') return ['mysql', 'postgresql'];
  return BUILDS[dialect] ? [dialect] : [];
}

/** Parse one statement; undefined when no grammar accepts it (the caller falls back to tokens). */
export function parseStatement(v: TokenView, dialect: SqlContext['dialect']): StatementFacts | undefined {
  const text = parserText(v, dialect);
  for (const d of dialectsFor(dialect)) {
    const p = parserFor(d);
    if (!p) continue;
    const result = cachedParse(p, d, text);
    if (result) return factsFromResult(result, v, d);
  }
  return undefined;
}

/** Scripts and dumps repeat statements (loops, generated files): parse each distinct text once. */
const CACHE_SIZE = 512;
/** Long statements are rarely repeated; not keeping them bounds the cache to ~2 MB. */
const MAX_CACHED_TEXT = 4096;
const cache = new Map<string, ParseResult | null>();

function cachedParse(
  p: { parser: SqlParser; database: string },
  dialect: string,
  text: string,
): ParseResult | undefined {
  const key = `${dialect}\u0001${text}`;
  let result = cache.get(key);
  if (result === undefined) {
    try {
      result = p.parser.parse(text, { database: p.database });
    } catch {
      result = null;
    }
    if (text.length <= MAX_CACHED_TEXT) {
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(key, result);
    }
  }
  return result ?? undefined;
}

/** The statement rebuilt for the parser: placeholders become literals, holes become identifiers. */
export function parserText(v: TokenView, dialect: SqlContext['dialect']): string {
  let out = '';
  let prev: Token | undefined;
  const toks = v.tokens;
  const cut = dialect === 'mysql' ? -1 : onConflictAt(v);
  for (let i = 0; i < toks.length; i++) {
    if (cut >= 0 && i >= cut) {
      if (!v.is(i, 'returning')) continue;
    }
    const t = toks[i] as Token;
    if (prev && prev.end !== t.start) out += ' ';
    const before = v.lower(i - 1);
    if (t.kind === 'word' && t.hole) out += t.value.replace(/\*/g, HOLE);
    else if (t.kind === 'param')
      out += TABLE_KEYWORDS.has(before)
        ? HOLE
        : before === 'in'
          ? '(0)'
          : t.value.startsWith("'")
            ? `'${HOLE}'`
            : '0';
    else out += t.text;
    prev = t;
  }
  return out;
}

/** PostgreSQL `ON CONFLICT ... DO ...` (up to RETURNING) names no table; the grammar lacks it. */
function onConflictAt(v: TokenView): number {
  for (let i = 0; i < v.length; i++) if (v.is(i, 'on') && v.is(i + 1, 'conflict') && !v.inExpr[i]) return i;
  return -1;
}

function factsFromResult(result: ParseResult, v: TokenView, dialect: string): StatementFacts {
  const ast = (Array.isArray(result.ast) ? result.ast[0] : result.ast) as Record<string, unknown> | undefined;
  const type = String(ast?.type ?? '').toLowerCase();
  const facts = noFacts(true);
  if (!ast) return facts;
  if (type === 'load_data') return loadData(ast, v);
  if (type === 'create' && !(ast.keyword === 'table' && (ast.as || ast.query_expr))) return facts;
  const construct = CONSTRUCT_BY_VERB[type] ?? 'SQL SELECT';
  const ctes = cteNames(v);
  const updated = updatedTables(ast);
  for (const entry of result.tableList) {
    const [op = '', db = 'null', table = ''] = entry.split('::');
    const parts = [...(db === 'null' ? [] : db.split('.')), table].map(unhole);
    if (parts.length === 1 && ctes.has(parts[0] as string)) continue;
    const kind = op.toLowerCase();
    const write = writes(kind, table, updated);
    if (write === undefined) continue;
    facts.accesses.push({
      target: 'table',
      parts,
      op: write ? 'write' : 'read',
      // a data-modifying CTE writes under its own verb
      construct: write && type === 'select' ? (CONSTRUCT_BY_VERB[kind] ?? construct) : construct,
      line: lineOf(v, parts),
    });
  }
  selectInto(ast, v, dialect, facts.accesses);
  return facts;
}

/** Whether a `tableList` entry is a write (undefined: an operation that is neither). */
function writes(kind: string, table: string, updated: Set<string>): boolean | undefined {
  if (['insert', 'replace', 'truncate', 'create', 'delete'].includes(kind)) return true;
  if (kind === 'update') return updated.has(table.toLowerCase());
  return kind === 'select' ? false : undefined;
}

/**
 * Tables an UPDATE changes: the statement's own, and those of data-modifying CTEs
 * (`WITH u AS (UPDATE t ... RETURNING id) SELECT ... FROM u`), where the parser lists them as
 * `update` too. Tables in an UPDATE's FROM list are only read.
 */
function updatedTables(ast: unknown, out = new Set<string>(), depth = 0): Set<string> {
  if (depth > 12 || !ast || typeof ast !== 'object') return out;
  if (Array.isArray(ast)) {
    for (const x of ast) updatedTables(x, out, depth + 1);
    return out;
  }
  const node = ast as Record<string, unknown>;
  if (String(node.type ?? '').toLowerCase() === 'update')
    for (const t of listOf(node.table)) out.add(String((t as { table?: unknown }).table).toLowerCase());
  for (const key of ['with', 'stmt', 'ast']) updatedTables(node[key], out, depth + 1);
  return out;
}

/** Dialects where `SELECT ... INTO x` sets variables (MySQL, PL/SQL), never creates a table. */
const INTO_VARIABLES = new Set(['mysql', 'oracle']);

function selectInto(ast: Record<string, unknown>, v: TokenView, dialect: string, out: SqlAccess[]): void {
  const into = ast.into as { keyword?: string | null; expr?: unknown } | undefined;
  if (!into?.expr) return;
  const keyword = String(into.keyword ?? '').toLowerCase();
  if (keyword === 'outfile' || keyword === 'dumpfile') {
    const path = String((into.expr as { value?: unknown }).value ?? '');
    const line =
      v.tokens.find((t) => t.kind === 'string' && t.value === path)?.line ?? v.tokens[0]?.line ?? 0;
    if (path)
      out.push({ target: 'file', parts: [path], op: 'write', construct: 'SELECT INTO OUTFILE', line });
  } else if (typeof into.expr === 'string' && !INTO_VARIABLES.has(dialect) && !into.expr.startsWith('@')) {
    const parts = into.expr.split('.').map(unhole);
    out.push({ target: 'table', parts, op: 'write', construct: 'SQL SELECT INTO', line: lineOf(v, parts) });
  }
}

function loadData(ast: Record<string, unknown>, v: TokenView): StatementFacts {
  const facts = noFacts(true);
  const construct = 'LOAD DATA INFILE';
  const file = String((ast.file as { value?: unknown } | undefined)?.value ?? '');
  const table = ast.table as { db?: string | null; table?: string } | undefined;
  if (file) {
    const line = v.tokens.find((t) => t.kind === 'string' && t.value === file)?.line ?? 0;
    facts.accesses.push({ target: 'file', parts: [file], op: 'read', construct, line });
  }
  if (table?.table) {
    const parts = [...(table.db ? [table.db] : []), table.table].map(unhole);
    facts.accesses.push({ target: 'table', parts, op: 'write', construct, line: lineOf(v, parts) });
  }
  return facts;
}

const listOf = (x: unknown): unknown[] => (Array.isArray(x) ? x : x ? [x] : []);
const unhole = (s: string): string => s.toLowerCase().replace(HOLE_RE, '*').replace(/\*+/g, '*');

/** The line of the first token naming `parts` (its last part), else the statement's first line. */
function lineOf(v: TokenView, parts: string[]): number {
  const last = parts[parts.length - 1] ?? '';
  const hit = v.tokens.find(
    (t) => (t.kind === 'word' || t.kind === 'qident') && t.value.toLowerCase().replace(/\*+/g, '*') === last,
  );
  return hit?.line ?? v.tokens[0]?.line ?? 0;
}
