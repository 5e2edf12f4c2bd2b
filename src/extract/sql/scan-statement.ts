/**
 * The tolerant fallback: read tables and files off a statement's tokens by the keywords around
 * them (FROM, JOIN, INTO, UPDATE, TABLE, USING, MERGE INTO, COPY, LOAD DATA). Used when
 * node-sql-parser rejects a statement (COPY, MERGE, ON CONFLICT, vendor syntax) or when it is too
 * long to parse in time; its edges are `heuristic`.
 */

import { CONSTRUCT_BY_VERB, noFacts, QUIET_VERBS, type SqlAccess, type StatementFacts } from './access.js';
import type { Token } from './lex.js';
import { scanCopy, scanLoadData } from './scan-file-io.js';
import { sessionChange } from './session.js';
import { TokenView } from './token-view.js';

const VERBS = new Set([
  'select',
  'insert',
  'replace',
  'update',
  'delete',
  'merge',
  'truncate',
  'create',
  'with',
]);

export function scanStatement(tokens: Token[], dialect: string): StatementFacts {
  const v = new TokenView(tokens);
  const verb = statementVerb(v);
  if (verb === 'copy') return scanCopy(v, 'COPY', (inner) => scanStatement(inner, dialect));
  if (verb === 'load') return scanLoadData(v);
  if (verb === 'source' || verb === 'use' || verb === 'set') return sessionChange(v, verb, dialect);
  if (verb === 'values' || verb === 'table')
    return { ...noFacts(true), accesses: scanTables(v, verb, dialect) };
  if (!VERBS.has(verb)) return noFacts(QUIET_VERBS.has(verb));
  if (verb === 'create' && !isCreateTableAs(v)) return noFacts(true);
  const accesses = scanTables(v, verb, dialect);
  const wantsWrite = verb !== 'select' && verb !== 'with';
  const understood = !wantsWrite || accesses.some((a) => a.op === 'write');
  return { ...noFacts(understood), accesses };
}

/** The statement's verb: its first word, or for `WITH ...` the first word after the CTE list. */
export function statementVerb(v: TokenView): string {
  const first = v.lower(0);
  if (first === '(') return v.lower(v.skip(0, '(')) === 'select' ? 'select' : '';
  if (first !== 'with') return first;
  for (let i = 1; i < v.length; i++) {
    if (v.tokens[i]?.text === '(') i = v.skipGroup(i) - 1;
    else if (VERBS.has(v.lower(i)) && v.lower(i - 1) !== 'with') return v.lower(i);
  }
  return 'select';
}

/** CTE names: `WITH [RECURSIVE] name [(cols)] AS [NOT] [MATERIALIZED] (` and `, name AS (`. */
export function cteNames(v: TokenView): Set<string> {
  const names = new Set<string>();
  for (let i = 0; i < v.length; i++) {
    if (!v.isName(i) || !v.is(i - 1, 'with', 'recursive', ',')) continue;
    let j = i + 1;
    if (v.tokens[j]?.text === '(') j = v.skipGroup(j);
    if (!v.is(j, 'as')) continue;
    j = v.skip(j + 1, 'not', 'materialized');
    if (v.tokens[j]?.text === '(') names.add((v.tokens[i] as Token).value.toLowerCase());
  }
  return names;
}

/** `CREATE [GLOBAL|LOCAL] TEMP[ORARY] TABLE [IF NOT EXISTS] t` or `SELECT ... INTO TEMP t`: the name. */
export function temporaryTable(v: TokenView): string | undefined {
  let j = -1;
  if (v.is(0, 'create')) {
    j = v.skip(1, 'or', 'replace', 'global', 'local');
    if (!v.is(j, 'temp', 'temporary')) return undefined;
    j = v.skip(j + 1, 'table', 'if', 'not', 'exists');
  } else {
    for (let i = 0; i < v.length && j < 0; i++)
      if (v.is(i, 'into') && v.is(i + 1, 'temp', 'temporary')) j = v.skip(i + 2, 'table');
  }
  return j >= 0 ? v.readName(j)?.parts.join('.') : undefined;
}

function isCreateTableAs(v: TokenView): boolean {
  const j = v.skip(1, 'or', 'replace', 'global', 'local', 'temp', 'temporary', 'unlogged');
  if (!v.is(j, 'table')) return false;
  for (let i = j + 1; i < v.length; i++) {
    if (v.inExpr[i]) continue;
    if (v.is(i, 'select') || (v.is(i, 'as') && v.is(i + 1, 'select', 'with', '(', 'table'))) return true;
  }
  return false;
}

/** Every table the statement names, read or written, with CTE names left out. */
function scanTables(v: TokenView, verb: string, dialect: string): SqlAccess[] {
  const scan = new TableScan(v, CONSTRUCT_BY_VERB[verb] ?? 'SQL SELECT', dialect);
  for (let i = 0; i < v.length; i++) if (!v.inExpr[i]) scan.visit(i);
  return resolveDeleteAliases(v, scan.out, scan.aliases);
}

class TableScan {
  readonly out: SqlAccess[] = [];
  readonly aliases = new Map<string, string[]>();
  private readonly ctes: Set<string>;
  /** Set at DELETE: the names between DELETE and FROM (empty: the FROM table is the target). */
  private deleteTargets: string[] | undefined;

  constructor(
    private readonly v: TokenView,
    private readonly construct: string,
    private readonly dialect: string,
  ) {
    this.ctes = cteNames(v);
  }

  /** The table at i (with its alias); returns the index after them. */
  add = (i: number, op: SqlAccess['op'], c = this.construct): number => {
    const ref = this.v.readName(i);
    if (!ref) return i;
    const name = ref.parts.join('.');
    if (!(ref.parts.length === 1 && this.ctes.has(name)))
      this.out.push({ target: 'table', parts: ref.parts, op, construct: c, line: ref.line });
    const alias = this.v.skipAlias(ref.end);
    if (alias.alias) this.aliases.set(alias.alias, ref.parts);
    return alias.end;
  };

  /** `a x, (subquery) y, f(...) z, b`: tables; subqueries are scanned where they stand, functions skipped. */
  private addList(i: number, op: SqlAccess['op']): void {
    const v = this.v;
    let j = i;
    for (;;) {
      j = v.skip(j, 'only', 'lateral');
      if (v.tokens[j]?.text === '(') j = v.skipAlias(v.skipGroup(j)).end;
      else if (v.tokens[j + 1]?.text === '(' && v.isName(j) && op === 'read')
        j = v.skipAlias(v.skipGroup(j + 1)).end;
      else j = this.add(j, op);
      if (v.tokens[j]?.text !== ',') return;
      j++;
    }
  }

  visit(i: number): void {
    const v = this.v;
    const w = v.lower(i);
    // a verb starts the statement, a subquery, or the body after a CTE list
    const verbPos =
      i === 0 || v.is(i - 1, '(') || (v.is(i - 1, ')') && v.is((v.partner[i - 1] ?? 0) - 1, 'as'));
    if (w === 'from') {
      if (v.is(i - 1, 'distinct')) return;
      this.addList(i + 1, this.deleteTargets?.length === 0 ? 'write' : 'read');
      this.deleteTargets = undefined;
    } else if (w === 'join' || w === 'straight_join') this.addList(i + 1, 'read');
    else if (w === 'using' && !v.is(i + 1, '(')) this.addList(i + 1, 'read');
    else if (w === 'into') into(v, i, this.dialect, this.add, this.out);
    else if (!verbPos) {
      if (w === 'table' && v.is(0, 'create') && i < 12)
        this.add(v.skip(i + 1, 'if', 'not', 'exists'), 'write');
    } else if (w === 'update' && !v.is(i + 1, 'set'))
      this.addList(v.skip(i + 1, 'low_priority', 'ignore', 'only'), 'write');
    else if (w === 'truncate') this.addList(v.skip(i + 1, 'table', 'only'), 'write');
    else if (w === 'delete') this.deleteAt(i);
    else if (w === 'insert') this.insertAt(i);
  }

  /** T-SQL `DELETE t WHERE ...` (FROM is optional) writes t; else the names before FROM are the targets. */
  private deleteAt(i: number): void {
    const v = this.v;
    const j = v.skip(i + 1, 'low_priority', 'quick', 'ignore');
    const ref = v.isName(j) ? v.readName(j) : undefined;
    if (ref && (ref.end >= v.length || v.is(ref.end, 'where', 'output', 'option'))) this.add(j, 'write');
    else this.deleteTargets = collectDeleteTargets(v, i + 1);
  }

  /** T-SQL and MySQL `INSERT t SELECT|VALUES ...` (INTO is optional; INTO is read at `into`). */
  private insertAt(i: number): void {
    const v = this.v;
    const j = v.skip(i + 1, 'low_priority', 'delayed', 'high_priority', 'ignore');
    if (!v.is(j, 'into', 'overwrite') && v.isName(j)) this.add(j, 'write');
  }
}

/** `INSERT INTO t`, `MERGE INTO t`, `SELECT ... INTO OUTFILE 'f'`, PostgreSQL `SELECT ... INTO new_t`. */
function into(
  v: TokenView,
  i: number,
  dialect: string,
  add: (i: number, op: SqlAccess['op'], c?: string) => number,
  out: SqlAccess[],
): void {
  let k = i - 1;
  while (
    k > 0 &&
    v.is(k, 'ignore', 'low_priority', 'delayed', 'high_priority', 'or', 'replace', 'overwrite', 'table')
  )
    k--;
  if (v.is(k, 'insert', 'replace', 'merge') || (k === i - 1 && v.is(i - 1, 'replace'))) {
    add(v.skip(i + 1, 'table'), 'write');
    return;
  }
  if (v.is(i + 1, 'outfile', 'dumpfile')) {
    const f = v.tokens[i + 2];
    if (f?.kind === 'string')
      out.push({
        target: 'file',
        parts: [f.value],
        op: 'write',
        construct: 'SELECT INTO OUTFILE',
        line: f.line,
      });
    return;
  }
  // MySQL `SELECT ... INTO @v` / `INTO v` and PL/SQL `SELECT ... INTO n` set variables;
  // PostgreSQL's and SQL Server's SELECT INTO creates a table.
  if (dialect === 'mysql' || dialect === 'oracle' || v.tokens[i + 1]?.text === '@') return;
  add(v.skip(i + 1, 'temp', 'temporary', 'unlogged', 'table'), 'write', 'SQL SELECT INTO');
}

/** MySQL multi-table `DELETE a FROM a JOIN b ...`: the names between DELETE and FROM are written. */
function collectDeleteTargets(v: TokenView, from: number): string[] {
  const names: string[] = [];
  for (
    let j = v.skip(from, 'low_priority', 'quick', 'ignore');
    j < v.length && !v.is(j, 'from', 'using');
    j++
  ) {
    // dotted names whole (`db..t` and `db.dbo.t` as written)
    const ref = v.isName(j) ? v.readName(j) : undefined;
    if (ref) {
      names.push(ref.parts.join('.'));
      j = ref.end - 1;
    }
    if (j - from > 40) break;
  }
  return names;
}

function resolveDeleteAliases(v: TokenView, out: SqlAccess[], aliases: Map<string, string[]>): SqlAccess[] {
  const verbAt = v.is(0, 'delete') ? 0 : -1;
  if (verbAt < 0) return out;
  const targets = collectDeleteTargets(v, 1);
  if (targets.length === 0) return out;
  for (const t of targets) {
    const parts = aliases.get(t) ?? t.split('.');
    const hit = out.find((a) => a.parts.join('.') === parts.join('.'));
    if (hit) hit.op = 'write';
  }
  return out;
}
