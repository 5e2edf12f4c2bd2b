/**
 * SQL text -> what it reads and writes. One entry point for every place SQL is found: .sql files,
 * `psql -c`/heredocs in shell, strings in Python and Perl. Statements go through node-sql-parser
 * first (`exact`), then through the token scanner (`heuristic`); nothing throws, nothing hangs.
 */
import { diagnostic, warning } from '../../model/diagnostic.js';
import { redactText } from '../../util/redact.js';
import { type Extraction, emptyExtraction, type SqlContext } from '../types.js';
import type { SessionChange, StatementFacts } from './access.js';
import { stripBlockPrefix } from './block-prefix.js';
import { lexSql, type Token } from './lex.js';
import { scanMeta } from './meta.js';
import { parseStatement } from './parse-ast.js';
import { interpolateMeta, substituteVars } from './psql-vars.js';
import { createRefSink, type RefSink } from './refs.js';
import { scanStatement, statementVerb, temporaryTable } from './scan-statement.js';
import { scanSqliteDot } from './sqlite-dot.js';
import { scanSqlPlus } from './sqlplus.js';
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
export const PARSER_BUDGET_MS = 1000;
const MAX_PAREN_DEPTH = 64;
/** Verbs node-sql-parser is asked about; the rest (COPY, MERGE, DDL, session) go to the token scanner. */
const PARSED_VERBS = new Set([
  'select',
  'insert',
  'replace',
  'update',
  'delete',
  'truncate',
  'with',
  'load',
  'values',
  'table',
]);

interface State {
  parserMs: number;
  budgetNoted: boolean;
  /** Temporary tables created earlier in this text. */
  temps: Set<string>;
}

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
  const state: State = { parserMs: 0, budgetNoted: false, temps: new Set() };
  let current: Token[] = [];
  const flush = (): void => {
    if (current.length > 0) statement(current, ctx, vars, opts, sink, out, state);
    current = [];
  };
  for (const t of lexSql(sql, ctx.dialect)) {
    if (t.kind === 'end') flush();
    else if (t.kind === 'meta') {
      if (!t.value.startsWith('\\')) {
        // an SQL*Plus line command (the lexer makes these only for Oracle), or sqlite3's dot-commands
        const facts = t.value.startsWith('.') ? scanSqliteDot(t.value, t.line) : scanSqlPlus(t.value, t.line);
        apply(facts, ctx, sink, 'exact', false);
        continue;
      }
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
  state: State,
): void {
  const { tokens, substituted } = substituteVars(stripBlockPrefix(raw), vars);
  const v = new TokenView(tokens);
  const verb = statementVerb(v);
  const temp = temporaryTable(v);
  if (temp) state.temps.add(temp);
  let facts: StatementFacts | undefined;
  const parseable =
    PARSED_VERBS.has(verb) ||
    (verb === 'create' && v.tokens.slice(1, 8).some((t) => /^table$/i.test(t.value)));
  if (parseable && parserAllowed(v, opts, out, state)) {
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
  // a temporary table lives and dies in the session: no data flows through it to anyone else
  // (T-SQL names its own `#t`, `##t`, `tempdb..#t`)
  facts.accesses = facts.accesses.filter(
    (a) =>
      a.target !== 'table' ||
      (!state.temps.has(a.parts.join('.')) && !(a.parts.at(-1) ?? '').startsWith('#')),
  );
  apply(facts, ctx, sink, exact ? 'exact' : 'heuristic', substituted);
}

function parserAllowed(v: TokenView, opts: SqlTextOptions, out: Extraction, state: State): boolean {
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
