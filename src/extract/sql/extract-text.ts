/**
 * SQL text -> what it reads and writes. One entry point for every place SQL is found: .sql files,
 * `psql -c`/heredocs in shell, strings in Python and Perl. Statements go through node-sql-parser
 * first (`exact`), then through the token scanner (`heuristic`); nothing throws, nothing hangs.
 */
import { diagnostic, warning } from '../../model/diagnostic.js';
import { redactText } from '../../util/redact.js';
import { type Extraction, emptyExtraction, type SqlContext } from '../types.js';
import { QUIET_VERBS, type SessionChange, type StatementFacts } from './access.js';
import { lexSql, type Token } from './lex.js';
import { scanMeta } from './meta.js';
import { parseStatement } from './parse-ast.js';
import { createRefSink, type RefSink } from './refs.js';
import { scanStatement, statementVerb } from './scan-statement.js';
import { TokenView } from './token-view.js';

export interface SqlTextOptions {
  /** Server path of the file the SQL is in. */
  file: string;
  /** 1-based line where the SQL text starts in that file. */
  line: number;
  ctx: SqlContext;
  /** What handed the SQL over (`cursor.execute`, `psql -c`), prefixed to each edge's construct. */
  construct?: string;
  /** The lines of `file` (index = line - 1), for evidence snippets; else the SQL's own lines. */
  snippetLines?: string[];
}

/** Longest SQL text read at all (a bigger one is cut, with a diagnostic). */
export const MAX_SQL_TEXT = 8 * 1024 * 1024;
/** Longest statement given to node-sql-parser: ~100 KB takes it ~0.3 s; longer ones use tokens. */
export const MAX_PARSED_STATEMENT = 64 * 1024;
/** Parser time per SQL text; past it, the remaining statements use the token scanner. */
export const PARSER_BUDGET_MS = 2000;
const MAX_PAREN_DEPTH = 64;
const NO_PARSER_VERBS = new Set(['copy', 'use', 'set', 'source', 'merge']);

export function extractSqlText(sql: string, opts: SqlTextOptions): Extraction {
  const out = emptyExtraction();
  try {
    runExtraction(sql, opts, out);
  } catch (err) {
    // A bug here must not cost the rest of the scan: report it where the SQL is.
    out.diagnostics.push(
      warning('sql-internal-error', `SQL extraction failed: ${String(err)}`, {
        file: opts.file,
        line: opts.line,
      }),
    );
  }
  return out;
}

function runExtraction(sqlIn: string, opts: SqlTextOptions, out: Extraction): void {
  let sql = sqlIn;
  if (sql.length > MAX_SQL_TEXT) {
    sql = sql.slice(0, MAX_SQL_TEXT);
    out.diagnostics.push(
      diagnostic(
        'info',
        'sql-truncated',
        `SQL text over ${MAX_SQL_TEXT} bytes: only the start was read`,
        loc(opts, 0),
      ),
    );
  }
  const ctx: SqlContext = { ...opts.ctx };
  const vars = new Map<string, string>();
  const sink = createRefSink(sql, opts, out);
  const state = { parserMs: 0, budgetNoted: false };
  let current: Token[] = [];
  const flush = (): void => {
    if (current.length > 0) statement(current, ctx, vars, opts, sink, out, state);
    current = [];
  };
  for (const t of lexSql(sql, ctx.dialect)) {
    if (t.kind === 'end') flush();
    else if (t.kind === 'meta') {
      const text = interpolateMeta(t.value, vars);
      const facts = scanMeta(text, t.line, ctx);
      if (facts.setVar) vars.set(facts.setVar.name, facts.setVar.value);
      apply(facts, ctx, sink, 'heuristic', text !== t.value);
    } else current.push(t);
  }
  flush();
}

function statement(
  raw: Token[],
  ctx: SqlContext,
  vars: Map<string, string>,
  opts: SqlTextOptions,
  sink: RefSink,
  out: Extraction,
  state: { parserMs: number; budgetNoted: boolean },
): void {
  const { tokens, substituted } = substituteVars(raw, vars);
  const v = new TokenView(tokens);
  const verb = statementVerb(v);
  let facts: StatementFacts | undefined;
  if (!NO_PARSER_VERBS.has(verb) && !QUIET_VERBS.has(verb) && parserAllowed(v, opts, out, state)) {
    const t0 = performance.now();
    facts = parseStatement(v, ctx.dialect);
    state.parserMs += performance.now() - t0;
  }
  const exact = facts !== undefined;
  facts ??= scanStatement(tokens, ctx.dialect);
  if (!facts.understood) {
    const first = tokens[0] as Token;
    const head = redactText(
      tokens
        .slice(0, 6)
        .map((t) => t.text)
        .join(' '),
    ).slice(0, 80);
    out.diagnostics.push(
      warning(
        'sql-unparsed',
        `SQL statement not understood: ${head}`,
        loc(opts, first.line),
        'its tables are not in the map',
      ),
    );
  }
  apply(facts, ctx, sink, exact ? 'exact' : 'heuristic', substituted);
}

function parserAllowed(
  v: TokenView,
  opts: SqlTextOptions,
  out: Extraction,
  state: { parserMs: number; budgetNoted: boolean },
): boolean {
  const first = v.tokens[0] as Token;
  const last = v.tokens[v.length - 1] as Token;
  if (last.end - first.start > MAX_PARSED_STATEMENT) {
    out.diagnostics.push(
      diagnostic(
        'info',
        'sql-long-statement',
        `SQL statement over ${MAX_PARSED_STATEMENT} bytes: read by the token scanner`,
        loc(opts, first.line),
      ),
    );
    return false;
  }
  if (state.parserMs > PARSER_BUDGET_MS) {
    if (!state.budgetNoted) {
      state.budgetNoted = true;
      out.diagnostics.push(
        diagnostic(
          'info',
          'sql-parser-budget',
          'SQL parser time budget spent: later statements read by the token scanner',
          loc(opts, first.line),
        ),
      );
    }
    return false;
  }
  let depth = 0;
  for (const t of v.tokens) {
    if (t.text === '(' && ++depth > MAX_PAREN_DEPTH) return false;
    if (t.text === ')') depth--;
  }
  return true;
}

/** psql `:name`, `:'name'`, `:"name"` after `\set name value`. */
function substituteVars(
  tokens: Token[],
  vars: Map<string, string>,
): { tokens: Token[]; substituted: boolean } {
  if (vars.size === 0) return { tokens, substituted: false };
  let substituted = false;
  const mapped = tokens.map((t): Token => {
    if (t.kind !== 'param') return t;
    const style = t.value.startsWith("'") || t.value.startsWith('"') ? t.value[0] : '';
    const value = vars.get(style ? t.value.slice(1) : t.value);
    if (value === undefined) return t;
    substituted = true;
    const kind = style === "'" ? 'string' : style === '"' ? 'qident' : 'word';
    const text =
      kind === 'string' ? `'${value.replace(/'/g, "''")}'` : kind === 'qident' ? `"${value}"` : value;
    return { ...t, kind, value, text };
  });
  return { tokens: mapped, substituted };
}

/** psql interpolates variables into meta-command arguments too (`\copy :tbl FROM :'src'`). */
function interpolateMeta(text: string, vars: Map<string, string>): string {
  if (vars.size === 0 || !text.includes(':')) return text;
  return text.replace(
    /(?<![:\w]):(?:'(\w+)'|"(\w+)"|(\w+))/g,
    (m, q1?: string, q2?: string, bare?: string) => {
      const value = vars.get(q1 ?? q2 ?? bare ?? '');
      if (value === undefined) return m;
      return q1 ? `'${value}'` : q2 ? `"${value}"` : value;
    },
  );
}

function apply(
  facts: StatementFacts,
  ctx: SqlContext,
  sink: RefSink,
  base: 'exact' | 'heuristic',
  resolved: boolean,
): void {
  for (const a of facts.accesses) sink.access(a, ctx, base, resolved || a.resolved === true);
  for (const inc of facts.includes) sink.include(inc, ctx);
  if (facts.session) applySession(ctx, facts.session);
}

function applySession(ctx: SqlContext, s: SessionChange): void {
  if (s.database) ctx.database = s.database;
  if (s.schema) ctx.schema = s.schema;
  if (s.host) {
    const scheme =
      /^[a-z]+:\/\//i.exec(ctx.namespace ?? '')?.[0] ??
      (ctx.dialect === 'mysql' ? 'mysql://' : 'postgres://');
    const port =
      s.port ?? /:(\d+)$/.exec(ctx.namespace ?? '')?.[1] ?? (ctx.dialect === 'mysql' ? '3306' : '5432');
    ctx.namespace = `${scheme}${s.host.toLowerCase()}:${port}`;
  }
}

function loc(opts: SqlTextOptions, line: number): { file: string; line: number } {
  return { file: opts.file, line: opts.line + line };
}
