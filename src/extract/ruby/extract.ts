/**
 * Ruby through tree-sitter-ruby: local variables, constants and `@ivars`, interpolated strings,
 * symbols and hashes, `ARGV[i]`, `ENV['X']`/`ENV.fetch`, OptionParser `on('--env ENV') { |v| }`
 * blocks bound from the caller's options, `each` over literal arrays, `File.open ... do |f|`
 * handles, backticks and `%x()`, `conn.exec(sql)` on database connections, and calls.ts.
 * Methods the script defines (`def name(...)`) are walked per call with known arguments
 * (positional, defaults, keywords) and give back their last value; `require_relative` and `load`
 * of a file on the server walk it here (its constants, methods and I/O become the script's; its
 * local variables do not).
 */
import { dirname, joinServer } from '../../util/paths.js';
import { dbFromOptions, sqliteDb } from '../kit/db.js';
import { walkedInline, walkInline } from '../kit/inline.js';
import { parseOptions } from '../kit/options.js';
import { asStr, concat, joinPath, member, str, UNKNOWN, type V, viaVar } from '../kit/value.js';
import type { LanguageHooks, ScriptRun } from '../kit/walk.js';
import { lineOf, named, type SyntaxNode } from '../parse/tree-sitter.js';
import type { SqlContext } from '../types.js';
import { MODEL_TABLE, modelCall, modelTable } from './active-record.js';
import {
  dirGlob,
  HTTP_SERVER,
  LOOKS_LIKE_SQL,
  RUBY_CALLS,
  SQL_METHODS,
  sendRequest,
  uriPart,
} from './calls.js';
import { rakeCall, runGoals, startRake } from './rake.js';

function stringValue(run: ScriptRun, node: SyntaxNode): V {
  const parts: V[] = [];
  for (const c of named(node)) {
    if (c.type === 'string_content') parts.push(str(c.text));
    else if (c.type === 'escape_sequence') parts.push(str(unescapeRuby(c.text)));
    else if (c.type === 'interpolation') parts.push(run.expr(named(c)[0]));
  }
  return concat(parts);
}

function unescapeRuby(e: string): string {
  const map: Record<string, string> = { n: '\n', t: '\t', r: '\r' };
  const ch = e.slice(1);
  return map[ch] ?? ch;
}

function symbolName(node: SyntaxNode): string {
  return node.text.replace(/^:"?|"?:?$/g, '');
}

function args(run: ScriptRun, node: SyntaxNode): V[] {
  const list = node.childForFieldName('arguments');
  if (!list) return [];
  const out: V[] = [];
  let opts: Map<string, V> | undefined;
  for (const a of named(list)) {
    if (a.type === 'pair') {
      opts ??= new Map();
      const k = a.childForFieldName('key');
      const key = k?.type === 'hash_key_symbol' ? k.text : k ? asStr(run.expr(k)).s : '';
      opts.set(key, run.expr(a.childForFieldName('value')));
    } else out.push(run.expr(a));
  }
  if (opts) out.push({ k: 'obj', props: opts });
  return out;
}

/** The text of a call's first argument when it is a string literal with nothing interpolated. */
function literalText(node: SyntaxNode): string | undefined {
  const list = node.childForFieldName('arguments');
  const first = list ? named(list)[0] : undefined;
  if (first?.type !== 'string' || named(first).some((c) => c.type !== 'string_content')) return undefined;
  return named(first)
    .map((c) => c.text)
    .join('');
}

/** `File`, `Net::HTTP`, `PG::Connection`: the receiver as written, when it is a constant path. */
function constantPath(node: SyntaxNode | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'constant') return node.text;
  if (node.type === 'scope_resolution') return node.text.replace(/^::/, '');
  return undefined;
}

function call(run: ScriptRun, node: SyntaxNode): V {
  const recvNode = node.childForFieldName('receiver');
  const method = node.childForFieldName('method')?.text ?? '';
  const constant = constantPath(recvNode);
  const recv = constant ? UNKNOWN : run.expr(recvNode);
  const a = args(run, node);
  const line = lineOf(node);
  const block = node.childForFieldName('block');
  const name = constant ? `${constant}.${method}` : recvNode ? '' : method;
  if (method === 'on' && block) return optionBlock(run, a, block);
  const rake = rakeCall(run, method, recvNode?.text, a, block, line);
  if (rake) return rake;
  if (method === 'each' || method === 'each_with_index' || method === 'map') {
    const param = blockParam(block);
    if (param && block) run.loop(param, recv, blockBody(block));
    else run.walk(block);
    return recv;
  }
  const selfCall = recvNode?.type === 'self';
  const local = recvNode && !selfCall ? undefined : localCall(run, method, a, line);
  if (local) return local;
  const onClass = classLevelCall(run, constant ?? (selfCall ? currentClass(run) : ''), method, a, line);
  if (onClass) return withBlock(run, block, onClass);
  let v: V = UNKNOWN;
  const handler = name ? RUBY_CALLS.get(name) : undefined;
  if (name === 'ENV.fetch') v = envValue(run, a[0]) ?? a[1] ?? UNKNOWN;
  else if (name === 'require' && asStr(a[0]).s === 'dotenv/load') dotenv(run);
  else if (name === 'Dotenv.load') dotenv(run, a[0]);
  else if (name === 'Dir.glob') v = dirGlob(run, a[0] ?? UNKNOWN, literalText(node) ?? joinedGlob(run, node));
  else if (handler) v = handler(run, a, line, name) ?? UNKNOWN;
  else if (constant && method === 'new' && classes.get(run)?.has(constant))
    v = newObject(run, classes.get(run)?.get(constant) as SyntaxNode, a);
  else if (recv.k !== 'unknown' || SQL_METHODS.has(method)) {
    v = methodOn(run, recv, method, a, line);
    // `apps.flatten!`, `name.strip!`: the receiver variable holds the result
    if (method.endsWith('!') && v.k !== 'unknown' && recvNode && VARIABLE_NODES.has(recvNode.type))
      run.scope.set(recvNode.text, v);
  }
  if (block) {
    // `File.open(p) do |f| ... end`: the block's parameter is the handle
    const param = blockParam(block);
    if (param) run.scope.set(param, v);
    run.walk(blockBody(block));
  }
  return v;
}

/** `File.open(p) do |f| ... end`, `Model.find_each { |r| ... }`: the block's parameter is the value. */
function withBlock(run: ScriptRun, block: SyntaxNode | null, v: V): V {
  if (!block) return v;
  const param = blockParam(block);
  if (param) run.scope.set(param, v);
  run.walk(blockBody(block));
  return v;
}

/**
 * `Dir.glob(File.join(root, 'app/*' + '/*.rb'))`: a pattern joined from known values and string
 * literals; its `*` come from the literals (wildcards), never from an unknown value.
 */
function joinedGlob(run: ScriptRun, node: SyntaxNode): string | undefined {
  const list = node.childForFieldName('arguments');
  const arg = list ? named(list)[0] : undefined;
  if (arg?.type !== 'call' || constantPath(arg.childForFieldName('receiver')) !== 'File') return undefined;
  if (arg.childForFieldName('method')?.text !== 'join') return undefined;
  const parts: V[] = [];
  for (const p of named(arg.childForFieldName('arguments') ?? arg)) {
    if (p.type === 'string' && named(p).every((c) => c.type === 'string_content')) {
      parts.push(str(p.text.slice(1, -1)));
      continue;
    }
    const v = run.expr(p);
    if (v.k !== 'str' || v.s.includes('*')) return undefined;
    parts.push(v);
  }
  const joined = asStr(joinPath(parts)).s;
  return joined.includes('*') ? joined : undefined;
}

/**
 * `Name.x(...)` (or `self.x(...)` in a class method): a class method the script defines, a model's
 * finder or writer, ActiveRecord's connection. Undefined when none of them.
 */
function classLevelCall(run: ScriptRun, cls: string, method: string, a: V[], line: number): V | undefined {
  if (!cls) return undefined;
  if (cls === 'ActiveRecord::Base' && method === 'establish_connection') {
    establish(run, a[0]);
    return UNKNOWN;
  }
  const own = method === 'new' ? undefined : classMethod(run, short(cls), method, a);
  if (own) return own;
  const table = classTable(run, short(cls));
  return table ? modelCall(run, table, method, true, arDb(run), line) : undefined;
}

/** `Parsers::Base` -> `Base`: classes are known by their last name. */
function short(name: string): string {
  return name.replace(/^.*::/, '');
}

interface ClassInfo {
  superclass?: string;
  table?: string;
}
/** Classes and modules read so far, by last name: their superclass and, for models, the table. */
const classInfo = new WeakMap<ScriptRun, Map<string, ClassInfo>>();
/** The classes whose methods are being walked (innermost last): `self` and receiverless calls. */
const classStack = new WeakMap<ScriptRun, string[]>();
/** The connection `ActiveRecord::Base.establish_connection` made. */
const arConnection = new WeakMap<ScriptRun, SqlContext>();

function currentClass(run: ScriptRun): string {
  return classStack.get(run)?.at(-1) ?? '';
}

/** The class and its ancestors the script knows (a bounded walk up `<`). */
function lineage(run: ScriptRun, cls: string): string[] {
  const out: string[] = [];
  for (let c: string | undefined = cls; c && out.length < 8 && !out.includes(c); ) {
    out.push(c);
    c = classInfo.get(run)?.get(c)?.superclass;
  }
  return out;
}

function classTable(run: ScriptRun, cls: string): string | undefined {
  for (const c of lineage(run, cls)) {
    const t = classInfo.get(run)?.get(c)?.table;
    if (t) return t;
  }
  return undefined;
}

/** `Name.method(args)` of a class method the script defines (`def self.x`, `class << self`), inherited too. */
function classMethod(run: ScriptRun, cls: string, method: string, a: V[]): V | undefined {
  for (const c of lineage(run, cls)) {
    const def = run.functions.get(`${c}.${method}`);
    if (def) return inClass(run, cls, () => userCall(run, def, a));
  }
  return undefined;
}

function inClass<T>(run: ScriptRun, cls: string, fn: () => T): T {
  const stack = classStack.get(run) ?? [];
  classStack.set(run, stack);
  stack.push(cls);
  try {
    return fn();
  } finally {
    stack.pop();
  }
}

/** The class a definition sits in, and whether it is a class method there. */
function ownerOf(def: SyntaxNode): { cls: string; classLevel: boolean } | undefined {
  let classLevel = def.type === 'singleton_method';
  for (let p = def.parent; p; p = p.parent) {
    if (p.type === 'singleton_class') classLevel = true;
    if (p.type === 'class' || p.type === 'module') {
      const name = p.childForFieldName('name')?.text;
      return name ? { cls: short(name), classLevel } : undefined;
    }
  }
  return undefined;
}

/** `establish_connection(adapter: 'sqlite3', database: 'db/x.sqlite3')` (or a hash read from YAML). */
function establish(run: ScriptRun, opts: V | undefined): void {
  const adapter = asStr(member(opts, 'adapter')).s;
  if (/sqlite/.test(adapter)) {
    const file = asStr(member(opts, 'database')).s;
    arConnection.set(run, sqliteDb(file && file !== ':memory:' ? joinServer(run.ctx.cwd, file) : file).sql);
  } else if (/postg/.test(adapter)) arConnection.set(run, dbFromOptions('postgresql', opts).sql);
  else if (/mysql|trilogy/.test(adapter)) arConnection.set(run, dbFromOptions('mysql', opts).sql);
}

function arDb(run: ScriptRun): SqlContext {
  return arConnection.get(run) ?? { dialect: 'unknown' };
}

const VARIABLE_NODES = new Set([
  'identifier',
  'constant',
  'instance_variable',
  'global_variable',
  'class_variable',
]);
/** Classes the script (or a file it requires) defines, by name. */
const classes = new WeakMap<ScriptRun, Map<string, SyntaxNode>>();

/** `Name.new(args)` of a class the script defines: its `initialize` walked with the arguments. */
function newObject(run: ScriptRun, cls: SyntaxNode, a: V[]): V {
  const body = named(cls).find((c) => c.type === 'body_statement');
  const init = body
    ? named(body).find((m) => m.type === 'method' && m.childForFieldName('name')?.text === 'initialize')
    : undefined;
  if (init) userCall(run, init, a);
  return UNKNOWN;
}

/** A receiver-less call of the script's own method, or of a file it requires; else undefined. */
function localCall(run: ScriptRun, method: string, a: V[], line: number): V | undefined {
  const own = run.functions.get(method);
  if (own) return userCall(run, own, a);
  const cls = currentClass(run);
  const inherited = cls ? classMethod(run, cls, method, a) : undefined;
  if (inherited) return inherited;
  if (method === 'require_relative' || method === 'load' || method === 'require')
    return requireFile(run, method, a[0], line);
  return undefined;
}

/** A call of a method the script defines: positional, optional and keyword parameters bound. */
function userCall(run: ScriptRun, def: SyntaxNode, a: V[]): V {
  return run.callFunction(
    def,
    a,
    localsOf(def),
    () => bindParams(run, def, a),
    () => {
      const body = named(def).find((c) => c.type === 'body_statement');
      const stmts = body ? named(body).filter((c) => c.type !== 'comment') : [];
      for (const c of stmts.slice(0, -1)) run.walk(c);
      const last = stmts.at(-1);
      return last ? run.expr(last) : undefined;
    },
  );
}

function bindParams(run: ScriptRun, def: SyntaxNode, a: V[]): void {
  const params = def.childForFieldName('parameters');
  const last = a.at(-1);
  const keywords = last?.k === 'obj' ? last : undefined;
  const positional = keywords ? a.slice(0, -1) : [...a];
  for (const p of params ? named(params) : []) {
    if (p.type === 'identifier') run.scope.set(p.text, positional.shift() ?? UNKNOWN);
    else if (p.type === 'optional_parameter' || p.type === 'keyword_parameter') {
      const name = p.childForFieldName('name')?.text;
      if (!name) continue;
      const given = p.type === 'keyword_parameter' ? keywords?.props.get(name) : positional.shift();
      const fallback = p.childForFieldName('value');
      run.scope.set(name, given && given.k !== 'unknown' ? given : fallback ? run.expr(fallback) : UNKNOWN);
    } else if (p.type === 'splat_parameter') {
      const name = p.childForFieldName('name')?.text;
      if (name) run.scope.set(name, { k: 'list', items: positional.splice(0) });
    }
  }
}

const localNames = new WeakMap<SyntaxNode, Set<string>>();

/** A method's parameters and the local variables it assigns (Ruby methods see no outer locals). */
function localsOf(def: SyntaxNode): Set<string> {
  let names = localNames.get(def);
  if (names) return names;
  const found = new Set<string>();
  for (const id of def.childForFieldName('parameters')?.descendantsOfType('identifier') ?? [])
    if (id) found.add(id.text);
  for (const asg of def.descendantsOfType('assignment')) {
    const left = asg?.childForFieldName('left');
    if (left?.type === 'identifier') found.add(left.text);
  }
  names = found;
  localNames.set(def, names);
  return names;
}

/**
 * `require_relative 'lib/settings'` (from this file's directory), `require './x'`, `load 'x.rb'`
 * (from the working directory): a file on the server is walked here. Its local variables stay
 * its own; constants, `$globals` and methods are the script's. Undefined when not a local file.
 */
function requireFile(run: ScriptRun, method: string, spec: V | undefined, line: number): V | undefined {
  const s = asStr(spec);
  const text = s.s.trim();
  if (!text || text.includes('*')) return undefined;
  if (method === 'require' && !/^\.{0,2}\//.test(text)) return undefined;
  const withExt = /\.rb$/.test(text) || method === 'load' ? text : `${text}.rb`;
  const base = method === 'require_relative' ? dirname(run.sink.currentFile) : run.ctx.cwd;
  const path = withExt.startsWith('/') ? withExt : joinServer(base, withExt);
  if (path.includes('*') || !run.ctx.fs.isFile(path)) return undefined;
  if (method !== 'load' && walkedInline(run, path)) return str('false');
  const ok = walkInline(run, path, 'ruby', () => {
    const before = new Map(run.scope);
    const saved = [run.scope.get('__dir__'), run.scope.get('__FILE__')];
    run.scope.set('__dir__', str(dirname(path)));
    run.scope.set('__FILE__', str(path));
    return () => {
      for (const k of [...run.scope.keys()]) {
        if (!/^[a-z_]\w*$/.test(k) || k === '__dir__') continue;
        const old = before.get(k);
        if (old === undefined) run.scope.delete(k);
        else run.scope.set(k, old);
      }
      run.scope.set('__dir__', saved[0] ?? UNKNOWN);
      run.scope.set('__FILE__', saved[1] ?? UNKNOWN);
    };
  });
  if (!ok) return undefined;
  run.sink.invoke(str(path, s.via), [], 'ruby', line, method, true);
  return str('true');
}

/** Methods of the values this walk models: HTTP sessions, URIs, a model's records. */
function typedMethod(run: ScriptRun, recv: V, method: string, a: V[], line: number): V | undefined {
  if (method === 'request' && member(recv, HTTP_SERVER).k === 'str') {
    sendRequest(run, recv, a[0], line);
    return UNKNOWN;
  }
  const part = uriPart(recv, method);
  if (part) return part;
  const records = member(recv, MODEL_TABLE);
  if (records.k === 'str') return modelCall(run, records.s, method, false, arDb(run), line) ?? UNKNOWN;
  return undefined;
}

function methodOn(run: ScriptRun, recv: V, method: string, a: V[], line: number): V {
  const typed = typedMethod(run, recv, method, a, line);
  if (typed) return typed;
  if (SQL_METHODS.has(method)) {
    const sql = a[0];
    if (recv.k === 'db' && sql) run.sink.sql(sql, recv.sql, line, `.${method}`);
    else if (sql?.k === 'str' && LOOKS_LIKE_SQL.test(sql.s))
      run.sink.sql(sql, { dialect: 'unknown' }, line, `.${method}`);
    return recv.k === 'db' ? recv : UNKNOWN;
  }
  if (recv.k === 'db' && (method === '[]' || method === 'from')) {
    if (a[0]) run.sink.table('read', a[0], recv.sql, line, `Sequel ${method}`);
  }
  if (recv.k === 'str' && /^(strip|to_s|chomp|freeze|dup)$/.test(method))
    return recv.s.includes('*') ? recv : str(method === 'strip' ? recv.s.trim() : recv.s, recv.via);
  if (recv.k === 'str' && !recv.s.includes('*')) {
    if (method === 'downcase') return str(recv.s.toLowerCase(), recv.via);
    if (method === 'upcase') return str(recv.s.toUpperCase(), recv.via);
    if (method === 'length' || method === 'size') return str(String(recv.s.length));
    if (method === 'empty?') return { k: 'bool', b: recv.s.length === 0 };
    if (method === 'nil?') return { k: 'bool', b: false };
  }
  if (recv.k === 'bool' && method === 'nil?') return { k: 'bool', b: false };
  if (recv.k === 'str' && method === 'split' && (!a[0] || (a[0].k === 'str' && !a[0].s.includes('*')))) {
    const sep = a[0]?.k === 'str' ? a[0].s : undefined;
    const parts = sep === undefined ? recv.s.trim().split(/\s+/) : recv.s.split(sep);
    return { k: 'list', items: parts.map((p) => str(p, recv.via)) };
  }
  if (recv.k === 'list' && /^(flatten|compact|uniq)!?$/.test(method))
    return { k: 'list', items: recv.items.flatMap((x) => (x.k === 'list' ? x.items : [x])) };
  if (recv.k === 'list' && method === 'join') {
    const sep = a[0] ?? str('');
    return concat(recv.items.flatMap((x, i) => (i > 0 ? [sep, x] : [x])));
  }
  return UNKNOWN;
}

/** `opts.on('-e', '--env ENV') { |v| options[:env] = v }`: v is what the caller passed. */
function optionBlock(run: ScriptRun, a: V[], block: SyntaxNode): V {
  const parsed = parseOptions(run.ctx.args);
  let value: V = UNKNOWN;
  for (const x of a) {
    const m = /^--?(\[no-\])?([\w-]+)/.exec(asStr(x).s);
    if (m && member(parsed, m[2] as string).k !== 'unknown') value = member(parsed, m[2] as string);
  }
  const param = blockParam(block);
  if (param) run.scope.set(param, value);
  run.walk(blockBody(block));
  return UNKNOWN;
}

function blockParam(block: SyntaxNode | null): string | undefined {
  const params = block?.childForFieldName('parameters');
  const first = params ? named(params)[0] : undefined;
  return first?.type === 'identifier' ? first.text : undefined;
}

function blockBody(block: SyntaxNode): SyntaxNode | null {
  return block.childForFieldName('body');
}

function envValue(run: ScriptRun, key: V | undefined): V | undefined {
  const v = run.sink.env[asStr(key).s];
  return v !== undefined ? str(v, true) : undefined;
}

function dotenv(run: ScriptRun, path?: V): void {
  const file = path ?? str(`${run.ctx.cwd}/.env`, true);
  run.sink.file('read', file, 1, 'Dotenv.load');
  const r = run.ctx.fs.readText(asStr(file).s);
  if (!r.ok) return;
  for (const m of r.text.matchAll(/^\s*(?:export\s+)?([A-Za-z_]\w*)\s*=\s*["']?([^"'\n$]*)["']?\s*$/gm)) {
    run.sink.env[m[1] as string] ??= m[2] as string;
  }
}

function elementReference(run: ScriptRun, node: SyntaxNode): V {
  const obj = node.childForFieldName('object');
  const index = named(node).find((c) => c.id !== obj?.id);
  const key = index?.type === 'simple_symbol' ? str(symbolName(index)) : run.expr(index);
  if (obj?.type === 'constant' && obj.text === 'ENV') return envValue(run, key) ?? UNKNOWN;
  const base = run.expr(obj);
  if (base.k === 'db' && key.k === 'str') {
    run.sink.table('read', key, base.sql, lineOf(node), 'Sequel dataset');
    return UNKNOWN;
  }
  // Ruby counts from the end with a negative index (`path.split('/')[-3]`)
  const neg = base.k === 'list' && key.k === 'str' ? /^-(\d+)$/.exec(key.s) : null;
  const v = neg && base.k === 'list' ? (base.items.at(-Number(neg[1])) ?? UNKNOWN) : member(base, key);
  return v.k === 'unknown' ? v : viaVar(v);
}

function assign(run: ScriptRun, node: SyntaxNode): V {
  const left = node.childForFieldName('left');
  const v = run.expr(node.childForFieldName('right'));
  if (!left) return v;
  if (
    ['identifier', 'constant', 'instance_variable', 'global_variable', 'class_variable'].includes(left.type)
  ) {
    run.scope.set(left.text, v);
  } else if (left.type === 'element_reference') {
    const obj = left.childForFieldName('object');
    const index = named(left).find((c) => c.id !== obj?.id);
    const key = index?.type === 'simple_symbol' ? symbolName(index) : asStr(run.expr(index)).s;
    if (obj && !key.includes('*')) {
      const cur = run.scope.get(obj.text);
      const props = cur?.k === 'obj' ? cur.props : new Map<string, V>();
      props.set(key, v);
      run.scope.set(obj.text, { k: 'obj', props });
    }
  }
  return v;
}

/** `list << item` appends (the variable holds the longer list); `str << more` concatenates. */
function append(run: ScriptRun, left: SyntaxNode | null, l: V, r: V): V {
  const v: V =
    l.k === 'list' ? { k: 'list', items: [...l.items, r] } : l.k === 'str' ? concat([l, r]) : UNKNOWN;
  if (v.k !== 'unknown' && left && VARIABLE_NODES.has(left.type)) run.scope.set(left.text, v);
  return v;
}

const NIL: V = { k: 'bool', b: false };
const IF_NODES = new Set(['if', 'unless', 'elsif', 'if_modifier', 'unless_modifier']);

/** Ruby truth: only `false` and `nil` are false; a known string is true; anything else is not known. */
function truthy(v: V): boolean | undefined {
  if (v.k === 'bool') return v.b;
  if (v.k === 'str' && !v.s.includes('*')) return true;
  if (v.k === 'list' || v.k === 'obj') return true;
  return undefined;
}

/** Comparisons and logic on values the walk knows; undefined when it cannot decide. */
function decided(op: string | undefined, l: V, r: V): V | undefined {
  const known = (v: V) => v.k === 'str' && !v.s.includes('*');
  if ((op === '==' || op === '!=') && known(l) && known(r))
    return { k: 'bool', b: (asStr(l).s === asStr(r).s) === (op === '==') };
  if (op && ['>', '<', '>=', '<='].includes(op) && known(l) && known(r)) {
    const [a, b] = [Number(asStr(l).s), Number(asStr(r).s)];
    if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
    return { k: 'bool', b: op === '>' ? a > b : op === '<' ? a < b : op === '>=' ? a >= b : a <= b };
  }
  const [tl, tr] = [truthy(l), truthy(r)];
  if ((op === '&&' || op === 'and') && (tl === false || (tl === true && tr !== undefined)))
    return tl === false ? { k: 'bool', b: false } : { k: 'bool', b: tr === true };
  if ((op === '||' || op === 'or') && l.k === 'bool' && (l.b || tr !== undefined))
    return l.b ? l : { k: 'bool', b: tr === true };
  return undefined;
}

/**
 * `if`/`unless`/`elsif`, and the modifier forms: a condition the walk can decide (`HAS_MONGO=false`
 * in the .env the script loaded) runs only its branch; any other runs every branch.
 */
function branches(run: ScriptRun, node: SyntaxNode): void {
  const modifier = node.type.endsWith('_modifier');
  const cond = truthy(run.expr(node.childForFieldName('condition')));
  const taken = cond === undefined ? undefined : node.type.startsWith('unless') ? !cond : cond;
  const then = modifier ? node.childForFieldName('body') : node.childForFieldName('consequence');
  const otherwise = modifier ? null : node.childForFieldName('alternative');
  if (taken !== false) run.walk(then);
  if (taken !== true) run.walk(otherwise);
}

function hash(run: ScriptRun, node: SyntaxNode): V {
  const props = new Map<string, V>();
  for (const p of named(node)) {
    if (p.type !== 'pair') continue;
    const k = p.childForFieldName('key');
    const key =
      k?.type === 'hash_key_symbol'
        ? k.text
        : k?.type === 'simple_symbol'
          ? symbolName(k)
          : k
            ? asStr(run.expr(k)).s
            : '';
    props.set(key, run.expr(p.childForFieldName('value')));
  }
  return { k: 'obj', props };
}

export const rubyHooks: LanguageHooks = {
  grammar: 'ruby',
  prelude(run) {
    run.scope.set('ARGV', { k: 'list', items: run.ctx.args.map((x) => str(x, true)) });
    run.scope.set('__dir__', str(dirname(run.ctx.path)));
    run.scope.set('__FILE__', str(run.ctx.path));
    run.scope.set('$0', str(run.ctx.path));
    startRake(run, (block) => run.walk(blockBody(block)));
  },
  statement(run, node) {
    if (node.type === 'program') {
      // methods defined at the top are known before the walk reaches a call
      for (const c of named(node)) {
        const name = c.type === 'method' ? c.childForFieldName('name')?.text : undefined;
        if (name) run.functions.set(name, c);
      }
      for (const c of named(node)) run.walk(c);
      // a Rakefile: its tasks run once everything is read
      if (run.sink.currentFile === run.ctx.path) runGoals(run);
      return true;
    }
    if (node.type === 'class') {
      const name = node.childForFieldName('name')?.text;
      if (name) {
        const known = classes.get(run) ?? new Map<string, SyntaxNode>();
        known.set(name, node);
        classes.set(run, known);
        const sup = node.childForFieldName('superclass');
        const supName = sup ? (named(sup)[0]?.text ?? sup.text.replace(/^<\s*/, '')) : undefined;
        const info = classInfo.get(run) ?? new Map<string, ClassInfo>();
        classInfo.set(run, info);
        const table = modelTable(node, supName);
        info.set(short(name), {
          ...(supName ? { superclass: short(supName) } : {}),
          ...(table ? { table } : {}),
        });
      }
      run.walk(named(node).find((c) => c.type === 'body_statement'));
      return true;
    }
    if (node.type === 'method' || node.type === 'singleton_method') {
      const name = node.childForFieldName('name')?.text;
      const owner = ownerOf(node);
      // `def self.x` and the methods of `class << self` are called on the class (`Name.x`)
      if (name && owner?.classLevel) run.functions.set(`${owner.cls}.${name}`, node);
      else if (name) run.functions.set(name, node);
      const body = () => run.walk(named(node).find((c) => c.type === 'body_statement'));
      run.defer(node, owner?.classLevel ? () => inClass(run, owner.cls, body) : body);
      return true;
    }
    if (IF_NODES.has(node.type)) {
      branches(run, node);
      return true;
    }
    if (node.type === 'for') {
      const pattern = node.childForFieldName('pattern');
      const over = run.expr(node.childForFieldName('value'));
      if (pattern?.type === 'identifier') run.loop(pattern.text, over, node.childForFieldName('body'));
      else run.walk(node.childForFieldName('body'));
      return true;
    }
    return node.type === 'comment';
  },
  expr(run, node) {
    switch (node.type) {
      case 'string':
        return stringValue(run, node);
      case 'subshell': {
        run.sink.command(stringValue(run, node), lineOf(node), 'backticks');
        return UNKNOWN;
      }
      case 'simple_symbol':
        return str(symbolName(node));
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
        return str(node.text);
      case 'identifier':
      case 'constant':
      case 'instance_variable':
      case 'global_variable': {
        const v = run.scope.get(node.text);
        if (v) return viaVar(v);
        const handler = RUBY_CALLS.get(node.text);
        return handler ? (handler(run, [], lineOf(node), node.text) ?? UNKNOWN) : UNKNOWN;
      }
      case 'call':
        return call(run, node);
      case 'element_reference':
        return elementReference(run, node);
      case 'assignment':
        return assign(run, node);
      case 'operator_assignment': {
        const left = node.childForFieldName('left');
        const op = node.childForFieldName('operator')?.text;
        const r = run.expr(node.childForFieldName('right'));
        if (left?.type === 'identifier' || left?.type === 'constant' || left?.type === 'instance_variable') {
          const cur = run.scope.get(left.text);
          if (op === '||=') run.scope.set(left.text, cur && cur.k !== 'unknown' ? cur : r);
          else if (op === '+=') run.scope.set(left.text, concat([cur ?? UNKNOWN, r]));
          else run.scope.set(left.text, UNKNOWN);
        }
        return r;
      }
      case 'binary': {
        const op = node.childForFieldName('operator')?.text;
        const l = run.expr(node.childForFieldName('left'));
        const r = run.expr(node.childForFieldName('right'));
        if (op === '+' && (l.k === 'str' || r.k === 'str')) return concat([l, r]);
        if (op === '<<') return append(run, node.childForFieldName('left'), l, r);
        return decided(op, l, r) ?? (op === '||' || op === 'or' ? (l.k === 'unknown' ? r : l) : UNKNOWN);
      }
      case 'parenthesized_statements':
        return run.expr(named(node).at(-1));
      case 'unary': {
        const op = node.childForFieldName('operator')?.text;
        const v = run.expr(node.childForFieldName('operand'));
        if (op === '-' && v.k === 'str' && /^\d+(\.\d+)?$/.test(v.s)) return str(`-${v.s}`);
        const t = truthy(v);
        return (op === '!' || op === 'not') && t !== undefined ? { k: 'bool', b: !t } : UNKNOWN;
      }
      case 'return': {
        const list = named(node)[0];
        const value = list ? run.expr(list.type === 'argument_list' ? named(list)[0] : list) : UNKNOWN;
        run.returned(value);
        return value;
      }
      case 'nil':
        return NIL;
      case 'if':
      case 'unless':
      case 'elsif':
      case 'if_modifier':
      case 'unless_modifier':
        branches(run, node);
        return UNKNOWN;
      case 'array':
        return { k: 'list', items: named(node).map((c) => run.expr(c)) };
      case 'string_array':
        return { k: 'list', items: named(node).map((c) => str(c.text)) };
      case 'hash':
        return hash(run, node);
      default:
        return undefined;
    }
  },
};
