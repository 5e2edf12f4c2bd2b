/**
 * The Perl walk: statements in order, assignments bound as they come (last assignment wins; scopes
 * are not modelled), then the calls in each statement recognised by name.
 */
import { joinServer } from '../../util/paths.js';
import type { Extraction, ScriptContext, SqlContext } from '../types.js';
import { emptyExtraction } from '../types.js';
import { assign, getOptions, getOptsStd } from './assign.js';
import { runCommand } from './commands.js';
import { type Decision, decideHeader } from './conditions.js';
import { dbiSql, parseDsn, SQL_METHODS } from './dbi.js';
import { copyCall, evaluator, openCall, SLURP_CALLS, slurpCall, sysopenCall } from './file-io.js';
import { iniFileArg, openIni } from './inifiles.js';
import { lexPerl, type PerlToken } from './lex.js';
import { findModule, type LoadedModule, type ModuleState, packageOf, qualify, useLib } from './modules.js';
import { PerlSink } from './sink.js';
import { callArgs, matching, type Statement, splitStatements } from './statements.js';
import { substituteStatement } from './substitute.js';
import { asPath, evaluate, HOLE, hole, Scope, stringValue, type Value } from './values.js';

const COPY_CALLS = new Set([
  'copy',
  'move',
  'cp',
  'mv',
  'File::Copy::copy',
  'File::Copy::move',
  'fcopy',
  'rcopy',
  'dircopy',
  'dirmove',
  'rmove',
]);

interface Db {
  handles: Map<string, SqlContext>;
  connections: Array<{ line: number; ctx: SqlContext }>;
  /** SQL calls, resolved after the walk: the connection may be made in a sub defined further down. */
  pending: Array<{ method: string; sql: Value; line: number; ctx?: SqlContext }>;
}

/** How deep sub calls are followed, and how many sub bodies one script may walk in all (a report
 * script calls its logging helper hundreds of times before the query helper it is about). */
const MAX_SUB_DEPTH = 4;
const MAX_SUB_WALKS = 1000;

/** The walk's state: the named subs' bodies, and the calls being followed. */
interface Walk {
  scope: Scope;
  sink: PerlSink;
  db: Db;
  usesFileCopy: boolean;
  subs: Map<string, Statement[]>;
  /** Sub names followed from a call, and the first statements of their bodies (one body may have two names). */
  followed: Set<string | Statement>;
  stack: string[];
  walks: number;
  /** The value of the last `return EXPR` in the sub being followed. */
  returned: Value | undefined;
  modules: ModuleState;
}

export function extractPerl(ctx: ScriptContext): Extraction {
  const out = emptyExtraction();
  const sink = new PerlSink(ctx, out);
  const tokens = lexPerl(ctx.text);
  const scope = new Scope(ctx.path, { ...ctx.env }, [...ctx.args]);
  sink.env = scope.env;
  const usesFileCopy = tokens.some(
    (t, i) => t.text === 'use' && /^File::Copy/.test(tokens[i + 1]?.text ?? ''),
  );
  const db: Db = { handles: new Map(), connections: [], pending: [] };
  const statements = splitStatements(tokens);
  const subs = new Map<string, Statement[]>();
  for (const stmt of statements) {
    if (stmt.sub === undefined) continue;
    const body = subs.get(stmt.sub) ?? [];
    body.push(stmt);
    subs.set(stmt.sub, body);
  }
  const walk: Walk = {
    scope,
    sink,
    db,
    usesFileCopy,
    subs,
    followed: new Set(),
    stack: [],
    walks: 0,
    returned: undefined,
    modules: { libs: [], loaded: new Set() },
  };
  // the main program in order, following each call of a named sub with its arguments
  run(
    statements.filter((s) => s.sub === undefined),
    walk,
  );
  // subs nothing here called (a library, a dispatch table): once, with their arguments unknown
  for (const [name, body] of subs) {
    if (walk.followed.has(name) || (body[0] && walk.followed.has(body[0]))) continue;
    if (body[0]) walk.followed.add(body[0]);
    walk.stack.push(name);
    run(body, walk);
    walk.stack.pop();
  }
  for (const call of db.pending)
    dbiSql(call.method, call.sql, call.line, call.ctx ?? connectionAt(db, call.line), sink);
  return out;
}

/**
 * Statements in order; a block whose header's condition is decided false (`if ($v =~ /^run/)` on
 * a value that does not match) is skipped, and so is the `else` of a branch known to run.
 */
function run(stmts: Statement[], walk: Walk): void {
  const chains = new Map<number, Decision[]>();
  // depths of the open blocks whose header was not decided: what they assign may not happen
  const undecided: number[] = [];
  const outer = walk.scope.conditional;
  try {
    for (let i = 0; i < stmts.length; i++) {
      const stmt = stmts[i] as Statement;
      while (undecided.length > 0 && (undecided[undecided.length - 1] as number) >= stmt.depth)
        undecided.pop();
      walk.scope.conditional = outer || undecided.length > 0;
      if (!stmt.opens) {
        statement(stmt, walk);
        continue;
      }
      const head = stmt.tokens[0]?.text ?? '';
      const chained = head === 'elsif' || head === 'else';
      const previous = chained ? chains.get(stmt.depth) : undefined;
      const d = decideHeader(stmt, walk.scope, previous);
      if (!chained) chains.set(stmt.depth, [d]);
      else previous?.push(d);
      if (d === undefined && BRANCHES.has(head)) undecided.push(stmt.depth);
      if (d !== false) {
        statement(stmt, walk);
        continue;
      }
      while (i + 1 < stmts.length && (stmts[i + 1] as Statement).depth > stmt.depth) i++;
    }
  } finally {
    walk.scope.conditional = outer;
  }
}

const BRANCHES = new Set(['if', 'unless', 'elsif', 'else']);

/** A local module: its subs become callable, its top-level statements run once (at `use`). */
function loadModule(m: LoadedModule, walk: Walk): void {
  const pkg = packageOf(m);
  const own = new Set(walk.subs.keys());
  for (const stmt of m.statements) {
    stmt.file = m.path;
    if (stmt.sub === undefined) continue;
    for (const name of [`${pkg}::${stmt.sub}`, stmt.sub]) {
      if (own.has(name)) continue; // the script's own sub of that name wins
      const body = walk.subs.get(name) ?? [];
      body.push(stmt);
      walk.subs.set(name, body);
    }
  }
  walk.sink.addSource(m.path, m.text);
  walk.sink.out.invokes.push({
    path: m.path,
    args: [],
    language: 'perl',
    mode: 'import',
    evidence: walk.sink.evidence(m.statements[0]?.tokens[0]?.line ?? 1, `use ${m.pkg}`),
    confidence: 'resolved',
  });
  const before = new Map(walk.scope.scalars);
  // its top level runs at `use`: the assignments that give its package variables their values
  run(
    m.statements.filter((s) => s.sub === undefined && /^(our|my|\$)/.test(s.tokens[0]?.text ?? '')),
    walk,
  );
  qualify(pkg, before, walk.scope);
}

/**
 * `foreach my $f (glob("$dir/*.csv"))`, `for my $f (<$dir/*.csv>)`: the loop variable is each
 * file the pattern matches, so it holds the pattern (its `*` unknown). A list of one known value
 * binds that value; other lists leave the variable as it was.
 */
function loopVariable(stmt: Statement, scope: Scope): void {
  const t = stmt.tokens;
  if (t[0]?.kind !== 'word' || (t[0].text !== 'for' && t[0].text !== 'foreach')) return;
  let i = 1;
  if (t[i]?.kind === 'word' && /^(my|our|local|state)$/.test(t[i]?.text ?? '')) i++;
  const v = t[i];
  if (v?.kind !== 'var' || !v.text.startsWith('$') || t[i + 1]?.text !== '(') return;
  const close = matching(t, i + 1);
  if (close !== t.length - 1) return;
  let inner = t.slice(i + 2, close);
  if (inner[0]?.kind === 'word' && inner[0].text === 'sort' && inner[1]?.text !== '{') inner = inner.slice(1);
  const head = inner[0];
  const ev = evaluator(scope, stmt.inSub);
  let value: Value | undefined;
  if (head?.kind === 'word' && (head.text === 'glob' || head.text === 'File::Glob::bsd_glob')) {
    const { args, end } = callArgs(inner, 0);
    if (end >= inner.length - 1) value = ev(args[0]);
  } else if (
    inner.length === 1 &&
    (head?.kind === 'str' || head?.kind === 'var') &&
    !head.text.startsWith('@')
  )
    value = ev(inner);
  if (value) scope.scalars.set(v.text, { ...value, viaVar: true });
}

function statement(stmt: Statement, walk: Walk): void {
  walk.sink.current = stmt.file;
  const first = stmt.tokens[0];
  if (first?.kind === 'word' && first.text === 'return' && walk.stack.length > 0) {
    const end = stmt.tokens.findIndex((t, j) => j > 0 && t.kind === 'word' && /^(if|unless)$/.test(t.text));
    const expr = stmt.tokens.slice(1, end < 0 ? undefined : end);
    if (expr.length > 0) walk.returned = evaluate(expr, walk.scope, stmt.inSub);
  }
  if (substituteStatement(stmt.tokens, walk.scope, stmt.inSub)) return;
  if (useLib(stmt, walk.scope, walk.modules)) return;
  const module = findModule(stmt, walk.modules, walk.sink);
  if (module) loadModule(module, walk);
  if (stmt.opens) loopVariable(stmt, walk.scope);
  const connected = calls(stmt, walk);
  const name = assign(stmt.tokens, walk.scope, stmt.inSub);
  if (name && connected) walk.db.handles.set(name, connected);
}

/**
 * `name(ARGS)` or `&name(ARGS)` of a sub defined in this file: walk its body with `@_` bound to
 * the arguments, so `my ($in, $out) = @_` and `shift` name the caller's files. Recursion and
 * depth are bounded; a sub already on the stack is not entered again.
 */
function followSub(
  name: string,
  args: PerlToken[][],
  walk: Walk,
  ev: ReturnType<typeof evaluator>,
): Value | false {
  const body = walk.subs.get(name);
  if (!body || walk.stack.includes(name)) return false;
  if (walk.stack.length >= MAX_SUB_DEPTH || walk.walks >= MAX_SUB_WALKS) return false;
  walk.walks++;
  walk.followed.add(name);
  if (body[0]) walk.followed.add(body[0]);
  const { scope } = walk;
  const values = args.map((a) => ev(a)).filter((v): v is Value => v !== undefined);
  const saved = { args: scope.subArgs, index: scope.subArgIndex, array: scope.arrays.get('@_') };
  scope.subArgs = values;
  scope.subArgIndex = 0;
  scope.arrays.set('@_', values);
  walk.stack.push(name);
  const locals = saveLexicals(body, scope);
  const outer = walk.returned;
  walk.returned = undefined;
  let returned: Value | undefined;
  try {
    run(body, walk);
  } finally {
    returned = walk.returned;
    walk.returned = outer;
    restoreLexicals(locals, scope);
    walk.stack.pop();
    scope.subArgs = saved.args;
    scope.subArgIndex = saved.index;
    if (saved.array) scope.arrays.set('@_', saved.array);
    else scope.arrays.delete('@_');
  }
  return returned ?? hole(body[0]?.tokens[0]?.line ?? 0);
}

type Saved = Array<{ name: string; value: Value | Value[] | Map<string, Value> | undefined }>;

/** Variables a sub declares with `my`/`local`/`state`: their values outside the sub, kept aside. */
function saveLexicals(body: Statement[], scope: Scope): Saved {
  const names = new Set<string>();
  for (const stmt of body) {
    const t = stmt.tokens;
    for (let i = 0; i < t.length; i++) {
      if (t[i]?.kind !== 'word' || !/^(my|local|state)$/.test(t[i]?.text ?? '')) continue;
      const next = t[i + 1];
      if (next?.kind === 'var') names.add(next.text);
      else if (next?.text === '(')
        for (let j = i + 2; j < t.length && t[j]?.text !== ')'; j++)
          if (t[j]?.kind === 'var') names.add(t[j]?.text as string);
    }
  }
  return [...names].map((name) => ({ name, value: tableOf(scope, name).get(name) }));
}

/** A sub's `my` variables go out of scope when it returns: the caller's values come back. */
function restoreLexicals(saved: Saved, scope: Scope): void {
  for (const { name, value } of saved) {
    const table = tableOf(scope, name) as Map<string, unknown>;
    if (value === undefined) table.delete(name);
    else table.set(name, value);
  }
}

function tableOf(scope: Scope, name: string): Map<string, Value | Value[] | Map<string, Value>> {
  if (name.startsWith('@')) return scope.arrays as Map<string, Value[]>;
  if (name.startsWith('%')) return scope.hashes as Map<string, Map<string, Value>>;
  return scope.scalars as Map<string, Value>;
}

/** The connection a handle-less call most likely uses: the last one made above it, else the first one. */
function connectionAt(db: Db, line: number): SqlContext | undefined {
  const before = db.connections.filter((c) => c.line <= line);
  return (before[before.length - 1] ?? db.connections[0])?.ctx;
}

/** Every recognised call in one statement; returns the context of a `DBI->connect` in it. */
function calls(stmt: Statement, walk: Walk): SqlContext | undefined {
  const { scope, sink, db } = walk;
  const toks = stmt.tokens;
  const ev = evaluator(scope, stmt.inSub);
  let connected: SqlContext | undefined;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k] as PerlToken;
    const prev = toks[k - 1];
    const isMethod = prev?.kind === 'op' && prev.text === '->';
    if (t.kind === 'str' && (t.quote === '`' || t.quote === 'qx')) {
      runCommand([stringValue(t, scope, stmt.inSub)], t.line, t.quote === '`' ? 'backticks' : 'qx', sink);
      continue;
    }
    if (t.kind === 'op' && t.text === '<' && isDiamond(toks, k)) {
      diamond(scope, stmt.inSub, t.line, sink);
      continue;
    }
    if (t.kind !== 'word' || (prev?.kind === 'word' && prev.text === 'sub')) continue;
    if (iniConstructor(toks, k, scope, sink, stmt.inSub)) continue;
    if (isMethod) {
      connected = method(toks, k, scope, stmt, db) ?? connected;
      continue;
    }
    if (walk.subs.has(t.text) && toks[k + 1]?.text === '(') {
      const returned = followSub(t.text, callArgs(toks, k).args, walk, ev);
      if (returned) {
        scope.results.set(t, returned);
        continue;
      }
    }
    functionCall(toks, k, { scope, sink, ev, usesFileCopy: walk.usesFileCopy });
  }
  return connected;
}

/**
 * `Config::IniFiles->new(-file => F)` / `new Config::IniFiles(-file => F)` at k: F is read, and
 * the object is recorded under the token the expression starts with, for the assignment.
 */
function iniConstructor(toks: PerlToken[], k: number, scope: Scope, sink: PerlSink, inSub: boolean): boolean {
  const t = toks[k] as PerlToken;
  if (t.text !== 'new') return false;
  const arrow = toks[k - 1]?.text === '->' && toks[k - 2]?.text === 'Config::IniFiles';
  const start = arrow ? (toks[k - 2] as PerlToken) : t;
  if (!arrow && toks[k + 1]?.text !== 'Config::IniFiles') return false;
  const path = iniFileArg(callArgs(toks, arrow ? k : k + 1).args, evaluator(scope, inSub));
  if (path) scope.results.set(start, openIni(path, t.line, sink));
  return true;
}

interface CallEnv {
  scope: Scope;
  sink: PerlSink;
  ev: ReturnType<typeof evaluator>;
  usesFileCopy: boolean;
}

/** A builtin or library function called by name at k: open, copy, system, GetOptions, require... */
function functionCall(toks: PerlToken[], k: number, env: CallEnv): void {
  const { scope, sink, ev } = env;
  const t = toks[k] as PerlToken;
  const name = t.text;
  const args = (): PerlToken[][] => callArgs(toks, k).args;
  if (name === 'open') openCall(args(), t.line, ev, sink);
  else if (name === 'sysopen') sysopenCall(args(), t.line, ev, sink);
  else if (name === 'rename' || (COPY_CALLS.has(name) && (env.usesFileCopy || name.includes('::'))))
    copyCall(name, args(), t.line, ev, sink);
  else if (SLURP_CALLS[name.replace(/^.*::/, '')]) slurpCall(name, args(), t.line, ev, sink);
  else if (name === 'system' || name === 'exec') {
    runCommand(flatArgs(args(), env), t.line, name, sink);
  } else if (name === 'push' || name === 'unshift') pushArray(name, args(), env);
  else if (name === 'GetOptions') getOptions(args(), scope);
  else if (/^(Getopt::Std::)?getopts?$/.test(name)) getOptsStd(name, args(), scope);
  else if (name === 'glob') {
    const pattern = ev(args()[0]);
    if (pattern) sink.file(pattern, 'read', t.line, 'glob');
  } else if (name === 'opendir') {
    const dir = ev(args()[1]);
    if (dir) sink.file({ ...dir, text: `${dir.text.replace(/\/$/, '')}/*` }, 'read', t.line, 'opendir');
  } else if ((name === 'require' || name === 'do') && toks[k + 1]?.kind === 'str')
    requireFile(toks[k + 1] as PerlToken, scope, sink);
}

/** Call arguments with arrays spread (`system(@cmd, '--to', $dir)`); unknown arrays are one hole. */
function flatArgs(args: PerlToken[][], env: CallEnv): Value[] {
  const out: Value[] = [];
  for (const a of args) {
    const only = a.length === 1 ? a[0] : undefined;
    if (only?.kind === 'var' && only.text.startsWith('@')) {
      const items =
        only.text === '@ARGV'
          ? env.scope.args.slice(env.scope.argvIndex).map((x) => ({ text: x, viaVar: true, line: only.line }))
          : env.scope.arrays.get(only.text);
      out.push(...(items ?? [{ text: HOLE, viaVar: true, line: only.line }]));
      continue;
    }
    const v = env.ev(a);
    if (v) out.push(v);
  }
  return out;
}

/** `push(@list, ...)` / `unshift`: the array grows (conditions are not evaluated: every push counts). */
function pushArray(name: string, args: PerlToken[][], env: CallEnv): void {
  const target = args[0]?.[0];
  if (args[0]?.length !== 1 || target?.kind !== 'var' || !target.text.startsWith('@')) return;
  const items = flatArgs(args.slice(1), env);
  const old = env.scope.arrays.get(target.text) ?? [];
  env.scope.arrays.set(target.text, name === 'push' ? [...old, ...items] : [...items, ...old]);
}

/** `<>` / `<ARGV>`: the files named on the command line, read line by line. */
function isDiamond(toks: PerlToken[], k: number): boolean {
  const next = toks[k + 1];
  const inner = next?.kind === 'word' && next.text === 'ARGV' ? toks[k + 2] : next;
  return inner?.kind === 'op' && inner.text === '>';
}

function diamond(scope: Scope, inSub: boolean, line: number, sink: PerlSink): void {
  if (inSub) return;
  for (const a of scope.args.slice(scope.argvIndex)) {
    if (!a.startsWith('-')) sink.file({ text: a, viaVar: true, line }, 'read', line, '<> (files in @ARGV)');
  }
}

/** `DBI->connect(DSN, ...)` and `$dbh->do/prepare/select*(SQL)`. */
function method(toks: PerlToken[], k: number, scope: Scope, stmt: Statement, db: Db): SqlContext | undefined {
  const t = toks[k] as PerlToken;
  const receiver = toks[k - 2];
  const ev = evaluator(scope, stmt.inSub);
  if (receiver?.text === 'DBI' && (t.text === 'connect' || t.text === 'connect_cached')) {
    const dsn = ev(callArgs(toks, k).args[0]);
    const parsed = dsn ? parseDsn(dsn) : undefined;
    if (parsed) db.connections.push({ line: t.line, ctx: parsed });
    return parsed;
  }
  if (!SQL_METHODS.has(t.text) || toks[k + 1]?.text !== '(') return undefined;
  const sql = ev(callArgs(toks, k).args[0]);
  if (!sql) return undefined;
  const ctx = receiver?.kind === 'var' ? db.handles.get(receiver.text) : undefined;
  db.pending.push({ method: t.text, sql, line: t.line, ...(ctx ? { ctx } : {}) });
  return undefined;
}

/** `require "lib/common.pl"` / `do "/etc/job.conf"`: the file runs in this script (its settings apply). */
function requireFile(tok: PerlToken, scope: Scope, sink: PerlSink): void {
  const v = stringValue(tok, scope, false);
  const raw = asPath(v);
  if (!/\.(pl|pm|conf|cfg|ph)$/.test(raw)) return;
  const path = raw.startsWith('/') || raw.startsWith('*') ? raw : joinServer(sink.ctx.cwd, raw);
  sink.out.invokes.push({
    path,
    args: [],
    language: 'perl',
    mode: 'import',
    evidence: sink.evidence(tok.line, 'require'),
    confidence: sink.confidence(v),
  });
}
