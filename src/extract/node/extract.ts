/**
 * Node.js through tree-sitter-javascript (and -typescript for .ts): require/import bindings to
 * canonical module names, declarations and destructuring, strings and template literals,
 * `process.argv`/`process.env`, minimist/yargs/commander options, dotenv, JSON config through
 * require or fs, and the calls in calls.ts. Function bodies are walked with unknown parameters,
 * and again at each call of the script's own functions that passes known arguments (parameters
 * bound, defaults applied, the returned value given back).
 */

import { dirname, joinServer } from '../../util/paths.js';
import { dotenvValue, readConfig } from '../kit/config.js';
import { parseOptions } from '../kit/options.js';
import { asStr, concat, knownText, member, str, textOf, UNKNOWN, type V, viaVar } from '../kit/value.js';
import type { LanguageHooks, ScriptRun } from '../kit/walk.js';
import { kids, lineOf, named, type SyntaxNode } from '../parse/tree-sitter.js';
import { LOOKS_LIKE_SQL, NODE_CALLS, SQL_METHODS } from './calls.js';
import {
  exportNames,
  functionOf,
  functionValue,
  inDefinition,
  loadModule,
  noteDefinition,
  resolveLocal,
} from './modules.js';
import { isMongo, mongoClient, mongoMethod, untypedCollection } from './mongo.js';

const MODULE_ALIASES: Record<string, string> = {
  'fs/promises': 'fs',
  'fs-extra': 'fs',
  'graceful-fs': 'fs',
  'node-fetch': 'fetch',
  'cross-fetch': 'fetch',
  'mysql2/promise': 'mysql2',
  'yargs/yargs': 'yargs',
  'pg-pool': 'pg',
  'request-promise': 'request',
  'request-promise-native': 'request',
};

/** `node:fs` -> `fs`, `fs/promises` -> `fs`. */
function canonModule(spec: string): string {
  const s = spec.replace(/^node:/, '');
  return MODULE_ALIASES[s] ?? s;
}

/** `fs.promises.readFile`/`fs.readFileSync` -> `fs.readFile`; `mysql2.createPool` stays. */
function canonName(name: string): string {
  let n = name.replace(/^fs\.promises\./, 'fs.');
  if (n.startsWith('fs.')) n = n.replace(/Sync$/, '');
  return n;
}

function stringText(node: SyntaxNode): string {
  let s = '';
  for (const c of named(node)) {
    if (c.type === 'string_fragment') s += c.text;
    else if (c.type === 'escape_sequence') s += unescapeJs(c.text);
  }
  return s;
}

function unescapeJs(e: string): string {
  const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };
  const ch = e.slice(1);
  return map[ch] ?? ch;
}

function template(run: ScriptRun, node: SyntaxNode): V {
  const parts: V[] = [];
  for (const c of named(node)) {
    if (c.type === 'string_fragment') parts.push(str(c.text));
    else if (c.type === 'escape_sequence') parts.push(str(unescapeJs(c.text)));
    else if (c.type === 'template_substitution') parts.push(run.expr(named(c)[0]));
  }
  return concat(parts);
}

function args(run: ScriptRun, call: SyntaxNode): V[] {
  const list = call.childForFieldName('arguments');
  if (!list) return [];
  if (list.type === 'template_string') return [template(run, list)];
  return named(list).map((a) => run.expr(a));
}

/** What a call's callee names, and the value it is called on (`pool` in `pool.query`). */
function callee(run: ScriptRun, fn: SyntaxNode | null): { name?: string; recv?: V; prop?: string } {
  if (!fn) return {};
  if (fn.type === 'identifier') {
    const v = run.scope.get(fn.text);
    return { name: v?.k === 'mod' ? v.name : fn.text };
  }
  if (fn.type === 'member_expression') {
    const obj = fn.childForFieldName('object');
    const prop = fn.childForFieldName('property')?.text ?? '';
    const recv = run.expr(obj);
    const base = recv.k === 'mod' ? recv.name : obj?.type === 'identifier' ? obj.text : undefined;
    return { ...(base ? { name: canonName(`${base}.${prop}`) } : {}), recv, prop };
  }
  const v = run.expr(fn);
  return v.k === 'mod' ? { name: v.name } : {};
}

function call(run: ScriptRun, node: SyntaxNode): V {
  const fn = node.childForFieldName('function') ?? node.childForFieldName('constructor');
  const own =
    fn?.type === 'identifier'
      ? (run.functions.get(fn.text) ?? functionOf(run, run.scope.get(fn.text)))
      : undefined;
  if (own && node.type === 'call_expression') return userCall(run, own, args(run, node));
  // `lib.grab(...)` on the exports of a local module
  const obj = fn?.type === 'member_expression' ? fn.childForFieldName('object') : null;
  const viaExports =
    obj?.type === 'identifier'
      ? functionOf(run, member(run.scope.get(obj.text), fn?.childForFieldName('property')?.text ?? ''))
      : undefined;
  if (viaExports && node.type === 'call_expression') return userCall(run, viaExports, args(run, node));
  const { name, recv, prop } = callee(run, fn);
  const fnArg = callbackOf(node);
  // `process.argv.find((a) => a.startsWith('--env='))`: the first element the test holds for
  if (fnArg && recv?.k === 'list' && prop === 'find') return findIn(run, fnArg, recv.items);
  // `['a', 'b'].forEach((name) => ...)`: the body once per element, like a for-of loop
  if (fnArg && recv?.k === 'list' && prop && LIST_LOOPS.has(prop)) {
    loopCallback(run, fnArg, 0, recv);
    return UNKNOWN;
  }
  // `MongoClient.connect(url, (err, client) => ...)`: the callback's second parameter is the client
  if (fnArg && name === 'mongodb.MongoClient.connect') {
    const url = run.expr(named(node.childForFieldName('arguments') as SyntaxNode)[0]);
    loopCallback(run, fnArg, 1, { k: 'list', items: [mongoClient(url)] });
    return UNKNOWN;
  }
  // `MongoClient.connect(url).then((client) => ...)`: the callback's parameter is the value
  if (fnArg && prop === 'then' && isMongo(recv)) {
    loopCallback(run, fnArg, 0, { k: 'list', items: [recv as V] });
    return UNKNOWN;
  }
  const a = args(run, node);
  const line = lineOf(node);
  if (name === 'require') return requireCall(run, a[0], line);
  const special = name ? argvCall(run, name, a, recv) : undefined;
  if (special) return special;
  const handler = name ? NODE_CALLS.get(name) : undefined;
  if (handler) return handler(run, a, line, name as string) ?? UNKNOWN;
  if (name && isPackageFileReader(recv, name) && a[0]?.k === 'str') {
    run.sink.file('read', a[0], line, name, 'heuristic');
    return UNKNOWN;
  }
  return method(run, recv, prop, a, line);
}

/**
 * `ical.parseFile('events.ics')`, `const { readFile } = require('csv-load')`: a function of an
 * installed package that has no entry in the call table, named as a reader of one file
 * (`parseFile`, `readFile`, `loadFile`, with or without `Sync`), reads its first argument. The name
 * is the only evidence, so the read is `heuristic`.
 */
const PACKAGE_FILE_READER = /^(parse|read|load)File(Sync)?$/;

function isPackageFileReader(recv: V | undefined, name: string): boolean {
  const last = name.slice(name.lastIndexOf('.') + 1);
  if (!PACKAGE_FILE_READER.test(last)) return false;
  // a method on a package object, or a package function bound by destructuring (no receiver)
  return recv === undefined ? name.includes('.') : recv.k === 'mod';
}

/** A call of a function the script defines: its body walked with the parameters bound. */
function userCall(run: ScriptRun, def: SyntaxNode, a: V[]): V {
  return inDefinition(run, def, () => callHere(run, def, a));
}

function callHere(run: ScriptRun, def: SyntaxNode, a: V[]): V {
  return run.callFunction(
    def,
    a,
    localsOf(def),
    () => bindParams(run, def, a),
    () => {
      const body = def.childForFieldName('body');
      if (body?.type === 'statement_block') {
        run.walk(body);
        return undefined;
      }
      return run.expr(body); // `(x) => x + '.csv'`
    },
  );
}

const localNames = new WeakMap<SyntaxNode, Set<string>>();

/** A function's parameters and the names it declares (`const`/`let`/`var`, inner functions). */
function localsOf(def: SyntaxNode): Set<string> {
  let names = localNames.get(def);
  if (names) return names;
  names = new Set<string>();
  const params = def.childForFieldName('parameter') ?? def.childForFieldName('parameters');
  for (const id of params?.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern']) ?? [])
    if (id) names.add(id.text);
  const visit = (n: SyntaxNode): void => {
    for (const c of named(n)) {
      if (c.type === 'variable_declarator') {
        const target = c.childForFieldName('name');
        if (target?.type === 'identifier') names?.add(target.text);
        else
          for (const id of target?.descendantsOfType([
            'identifier',
            'shorthand_property_identifier_pattern',
          ]) ?? [])
            if (id) names?.add(id.text);
      }
      if (c.type === 'function_declaration') {
        const name = c.childForFieldName('name')?.text;
        if (name) names?.add(name);
        continue;
      }
      if (FUNCTION_VALUES.has(c.type)) continue;
      visit(c);
    }
  };
  const body = def.childForFieldName('body');
  if (body) visit(body);
  localNames.set(def, names);
  return names;
}

function bindParams(run: ScriptRun, def: SyntaxNode, a: V[]): void {
  const single = def.childForFieldName('parameter');
  const params = single ? [single] : named(def.childForFieldName('parameters') as SyntaxNode);
  params.forEach((p0, i) => {
    // TypeScript wraps each parameter: `name: string = 'x'`
    const typed = p0.type === 'required_parameter' || p0.type === 'optional_parameter';
    const p = typed ? (p0.childForFieldName('pattern') ?? p0) : p0;
    const fallback = typed ? p0.childForFieldName('value') : null;
    if (p.type === 'rest_pattern') {
      bind(run, named(p)[0] ?? null, { k: 'list', items: a.slice(i) });
      return;
    }
    const given = a[i];
    if (p.type === 'assignment_pattern') {
      const value = given && given.k !== 'unknown' ? given : run.expr(p.childForFieldName('right'));
      bind(run, p.childForFieldName('left'), value);
      return;
    }
    const value = given && given.k !== 'unknown' ? given : fallback ? run.expr(fallback) : UNKNOWN;
    bind(run, p, value);
  });
}

const FUNCTION_VALUES = new Set(['arrow_function', 'function_expression', 'function']);

/** Top-level functions are known before the walk, so a body may call one defined below it. */
function hoist(run: ScriptRun, program: SyntaxNode): void {
  for (const c0 of named(program)) {
    const c = c0.type === 'export_statement' ? (c0.childForFieldName('declaration') ?? c0) : c0;
    if (c.type === 'function_declaration' || c.type === 'generator_function_declaration') {
      const name = c.childForFieldName('name')?.text;
      if (name) run.functions.set(name, c);
      noteDefinition(run, c);
    } else if (c.type === 'lexical_declaration' || c.type === 'variable_declaration') {
      for (const d of named(c)) registerDeclarator(run, d);
    }
  }
}

/** `const f = (x) => ...`: registered by name; gives the function node. */
function registerDeclarator(run: ScriptRun, d: SyntaxNode): SyntaxNode | undefined {
  if (d.type !== 'variable_declarator') return undefined;
  const name = d.childForFieldName('name');
  const value = d.childForFieldName('value');
  if (name?.type !== 'identifier' || !value || !FUNCTION_VALUES.has(value.type)) return undefined;
  run.functions.set(name.text, value);
  noteDefinition(run, value);
  return value;
}

const LIST_LOOPS = new Set(['forEach', 'map', 'flatMap', 'filter', 'some', 'every']);
const FUNCTIONS = new Set(['arrow_function', 'function_expression', 'function']);

/** The last argument when it is a function written in place. */
function callbackOf(node: SyntaxNode): SyntaxNode | undefined {
  const list = node.childForFieldName('arguments');
  const last = list && list.type !== 'template_string' ? named(list).at(-1) : undefined;
  return last && FUNCTIONS.has(last.type) ? last : undefined;
}

/**
 * `list.find(fn)`: fn called with each element in turn; the first element it says true for. An
 * element it cannot decide makes the result unknown (the walk never guesses past it).
 */
function findIn(run: ScriptRun, fn: SyntaxNode, items: V[]): V {
  for (const item of items) {
    const got = userCall(run, fn, [item]);
    if (got.k !== 'bool') return UNKNOWN;
    if (got.b) return item;
  }
  return UNKNOWN;
}

/** Walk a callback's body with its `index`-th parameter bound to each element of `over`. */
function loopCallback(run: ScriptRun, fn: SyntaxNode, index: number, over: V): void {
  const single = fn.childForFieldName('parameter');
  const params = single ? [single] : named(fn.childForFieldName('parameters') as SyntaxNode);
  const p = params[index];
  const name = p?.type === 'identifier' ? p.text : undefined;
  const body = fn.childForFieldName('body');
  if (name) run.loop(name, over, body);
  else run.walk(body);
}

/** minimist, yargs, commander, dotenv: what the script's options and environment become. */
function argvCall(run: ScriptRun, name: string, a: V[], recv: V | undefined): V | undefined {
  if (name === 'minimist' || name === 'mri' || name === 'arg') return parseOptions(listText(a[0]));
  if (name === 'yargs' || name === 'hideBin' || name === 'yargs.hideBin') return { k: 'mod', name: 'yargs' };
  if (/^yargs\.(parse|parseSync|argv)$/.test(name)) return parseOptions(run.ctx.args);
  if (/^(commander|program)\.opts$/.test(name) || (name.endsWith('.opts') && recv?.k === 'mod')) {
    return parseOptions(run.ctx.args, true);
  }
  if (name === 'dotenv.config') return dotenv(run, a[0]);
  return undefined;
}

function listText(v: V | undefined): string[] {
  return v?.k === 'list' ? v.items.map((x) => asStr(x).s) : [];
}

/** `require('dotenv').config({ path })`: the file's variables join the environment. */
function dotenv(run: ScriptRun, opts: V | undefined): V {
  const path = member(opts, 'path');
  const file = path.k === 'str' ? path : str(joinServer(run.ctx.cwd, '.env'));
  run.sink.file('read', file, 1, 'dotenv.config');
  const text = knownFileText(run, asStr(file).s);
  const vars = text !== undefined ? dotenvValue(text) : UNKNOWN;
  if (vars.k === 'obj') for (const [k, v] of vars.props) setEnv(run, k, v, false);
  return UNKNOWN;
}

/** `process.env.X = v` and dotenv: the script's environment and the commands it runs. */
function setEnv(run: ScriptRun, name: string, value: V, override = true): void {
  if (!override && run.sink.env[name] !== undefined) return;
  run.sink.env[name] = asStr(value).s;
  const env = member(run.scope.get('process'), 'env');
  if (env.k === 'obj') env.props.set(name, viaVar(value));
}

function knownFileText(run: ScriptRun, path: string): string | undefined {
  if (path.includes('*')) return undefined;
  const r = run.ctx.fs.readText(joinServer(run.ctx.cwd, path));
  return r.ok ? r.text : undefined;
}

/** `require('./config/prod.json')` is read relative to the script; a package is a module. */
function requireCall(run: ScriptRun, spec: V | undefined, line: number): V {
  const s = asStr(spec);
  if (/^\.{0,2}\//.test(s.s)) {
    const path = { ...s, s: joinServer(dirname(run.ctx.path), s.s) };
    if (/\.(json|ya?ml)$/i.test(s.s) || s.s.includes('*')) return readConfig(run.sink, path, line, 'require');
    const local = resolveLocal(run, s.s);
    return local ? loadModule(run, local) : UNKNOWN;
  }
  return spec?.k === 'str' && !s.s.includes('*') ? { k: 'mod', name: canonModule(s.s) } : UNKNOWN;
}

/** Methods of a connection that give a request or transaction running on it (mssql, tedious). */
const REQUEST_METHODS = new Set(['request', 'input', 'output', 'transaction', 'begin', 'timeout']);

/** A method on a value: SQL on a connection, list slicing and joining, string pass-through. */
function method(run: ScriptRun, recv: V | undefined, prop: string | undefined, a: V[], line: number): V {
  if (!recv || !prop) return UNKNOWN;
  if (isMongo(recv)) return mongoMethod(run, recv, prop, a, line);
  // `db.collection(name)` on a handle from an unfollowed helper, or on mongoose's connection
  if (
    prop === 'collection' &&
    (recv.k === 'unknown' || (recv.k === 'mod' && recv.name.startsWith('mongoose')))
  )
    return untypedCollection(a[0]);
  // mssql: `pool.request().input('id', sql.Int, 1).query(SQL)`: the request runs on the pool
  if (recv.k === 'db' && REQUEST_METHODS.has(prop)) return recv;
  if (SQL_METHODS.has(prop)) {
    const sql = a[0]?.k === 'obj' ? member(a[0], 'text') : a[0];
    // `.execute('UpdateTotals')`: a stored procedure by name, not SQL text
    if (sql?.k === 'str' && /^[\w.[\]]+$/.test(sql.s.trim())) return recv.k === 'db' ? recv : UNKNOWN;
    if (recv.k === 'db' && sql) run.sink.sql(sql, recv.sql, line, `.${prop}()`);
    else if (sql?.k === 'str' && LOOKS_LIKE_SQL.test(sql.s))
      run.sink.sql(sql, { dialect: 'unknown' }, line, `.${prop}()`);
    return recv.k === 'db' ? recv : UNKNOWN;
  }
  if (recv.k === 'list') return listMethod(recv.items, prop, a);
  if (recv.k === 'str' && /^(trim|toString|normalize)$/.test(prop)) return recv;
  if (recv.k === 'str') return stringMethod(recv, prop, a);
  return UNKNOWN;
}

/** `s.startsWith(x)`, `endsWith`, `includes` decided on known text; `s.split(sep)` into its parts. */
function stringMethod(recv: V & { k: 'str' }, prop: string, a: V[]): V {
  const text = knownText(recv);
  const arg = knownText(a[0]);
  if (text === undefined || arg === undefined) return UNKNOWN;
  if (prop === 'startsWith') return { k: 'bool', b: text.startsWith(arg) };
  if (prop === 'endsWith') return { k: 'bool', b: text.endsWith(arg) };
  if (prop === 'includes') return { k: 'bool', b: text.includes(arg) };
  if (prop === 'split' && a.length === 1 && arg !== '')
    return { k: 'list', items: text.split(arg).map((x) => str(x, recv.via)) };
  return UNKNOWN;
}

/**
 * `cond ? a : b`: a condition the walk can decide (a test it evaluated, or a text known to be
 * there) gives its branch; otherwise both branches are evaluated and the value is unknown unless
 * they agree.
 */
function ternary(run: ScriptRun, node: SyntaxNode): V {
  const condNode = node.childForFieldName('condition');
  if (condNode?.type === 'true' || condNode?.type === 'false')
    return run.expr(node.childForFieldName(condNode.type === 'true' ? 'consequence' : 'alternative'));
  const cond = run.expr(condNode);
  const yes = node.childForFieldName('consequence');
  const no = node.childForFieldName('alternative');
  // a known text is there (truthy) unless it may stand for a falsy literal or number
  const text = knownText(cond);
  const there = text !== undefined && text !== '' && !/^(false|-?0|NaN|null|undefined)$/.test(text);
  const truth = cond.k === 'bool' ? cond.b : there ? true : undefined;
  if (truth !== undefined) return run.expr(truth ? yes : no);
  const a = run.expr(yes);
  const b = run.expr(no);
  return a.k === 'str' && b.k === 'str' && a.s === b.s ? a : UNKNOWN;
}

/** List methods: slicing, joining, and searching argv for a known word. */
function listMethod(items: V[], prop: string, a: V[]): V {
  if (prop === 'slice') {
    const from = Number(textOf(a[0]) ?? 0);
    return Number.isNaN(from) ? UNKNOWN : { k: 'list', items: items.slice(from) };
  }
  if (prop === 'join') {
    const sep = a[0] ?? str(',');
    return concat(items.flatMap((x, i) => (i > 0 ? [sep, x] : [x])));
  }
  // `args.indexOf('--env')`, `args.includes('--dry-run')`: argv searched for a known word
  if (prop === 'indexOf' || prop === 'includes') {
    const at = indexIn(items, a[0]);
    if (at === undefined) return UNKNOWN;
    return prop === 'includes' ? { k: 'bool', b: at >= 0 } : num(at);
  }
  return UNKNOWN;
}

function memberValue(run: ScriptRun, node: SyntaxNode): V {
  const obj = node.childForFieldName('object');
  const propNode = node.childForFieldName('property') ?? node.childForFieldName('index');
  const base = run.expr(obj);
  const key = node.type === 'subscript_expression' ? run.expr(propNode) : str(propNode?.text ?? '');
  if (base.k === 'mod') {
    const k = textOf(key);
    if (base.name === 'yargs' && k === 'argv') return parseOptions(run.ctx.args);
    return k ? { k: 'mod', name: canonName(`${base.name}.${k}`) } : UNKNOWN;
  }
  const v = member(base, key);
  return v.k === 'unknown' ? v : viaVar(v);
}

/** `const {a, b: c} = obj`, `const [x, y] = list`, `const { Pool } = require('pg')`. */
function bind(run: ScriptRun, target: SyntaxNode | null, value: V): void {
  if (!target) return;
  if (target.type === 'identifier' || target.type === 'shorthand_property_identifier_pattern') {
    run.scope.set(target.text, value);
    return;
  }
  if (target.type === 'object_pattern') {
    bindObjectPattern(run, target, value);
    return;
  }
  if (target.type === 'array_pattern') {
    bindArrayPattern(run, target, value);
    return;
  }
  if (target.type === 'member_expression') {
    const obj = target.childForFieldName('object');
    const prop = target.childForFieldName('property')?.text;
    if (obj?.type === 'member_expression' && obj.text === 'process.env' && prop) {
      setEnv(run, prop, value);
      return;
    }
    if (obj?.type === 'identifier' && prop) {
      const cur = run.scope.get(obj.text);
      const props = cur?.k === 'obj' ? cur.props : new Map<string, V>();
      props.set(prop, value);
      run.scope.set(obj.text, { k: 'obj', props });
    }
  }
}

/** `const [, , src, dest] = process.argv`: each comma moves to the next element, so holes count. */
function bindArrayPattern(run: ScriptRun, target: SyntaxNode, value: V): void {
  let i = 0;
  for (const el of kids(target)) {
    if (el.type === ',') i++;
    else if (el.type === 'rest_pattern') {
      const items = value.k === 'list' ? value.items.slice(i) : undefined;
      bind(run, named(el)[0] ?? null, items ? { k: 'list', items } : UNKNOWN);
    } else if (el.isNamed && el.type !== 'comment')
      bind(run, el, value.k === 'list' ? (value.items[i] ?? UNKNOWN) : UNKNOWN);
  }
}

function bindObjectPattern(run: ScriptRun, target: SyntaxNode, value: V): void {
  for (const p of named(target)) {
    if (p.type === 'shorthand_property_identifier_pattern') bind(run, p, pick(value, p.text));
    else if (p.type === 'pair_pattern') {
      const key = p.childForFieldName('key')?.text.replace(/^['"]|['"]$/g, '') ?? '';
      bind(run, p.childForFieldName('value'), pick(value, key));
    } else if (p.type === 'object_assignment_pattern') {
      const left = p.childForFieldName('left');
      const got = pick(value, left?.text ?? '');
      bind(run, left, got.k === 'unknown' ? run.expr(p.childForFieldName('right')) : got);
    }
  }
}

function pick(value: V, key: string): V {
  if (value.k === 'mod') return { k: 'mod', name: canonName(`${value.name}.${key}`) };
  return member(value, key);
}

/** `export function f`, `export const x = ...`, `export default ...`, `export { a as b }`. */
function exportStatement(run: ScriptRun, node: SyntaxNode): void {
  const decl = node.childForFieldName('declaration');
  const exportedValue = (name: string): V => {
    const fn = run.scope.has(name) ? undefined : run.functions.get(name);
    return fn ? functionValue(run, fn) : run.lookup(name);
  };
  if (decl) {
    run.walk(decl);
    const names: string[] = [];
    const own = decl.childForFieldName('name')?.text;
    if (own) names.push(own);
    for (const d of named(decl))
      if (d.type === 'variable_declarator' && d.childForFieldName('name')?.type === 'identifier')
        names.push(d.childForFieldName('name')?.text as string);
    exportNames(
      run,
      names.map((n) => [n, exportedValue(n)]),
    );
    return;
  }
  const clause = named(node).find((c) => c.type === 'export_clause');
  if (clause) {
    const pairs: Array<[string, V]> = [];
    for (const s of named(clause)) {
      const orig = s.childForFieldName('name')?.text;
      const alias = s.childForFieldName('alias')?.text ?? orig;
      if (orig && alias) pairs.push([alias, exportedValue(orig)]);
    }
    exportNames(run, pairs);
    return;
  }
  // `export default <expression or function>`
  const value = named(node).find((c) => c.type !== 'comment');
  if (!value) return;
  if (FUNCTION_VALUES.has(value.type) || value.type === 'function_declaration') {
    noteDefinition(run, value);
    const name = value.childForFieldName('name')?.text;
    if (name) run.functions.set(name, value);
    run.defer(value, () => run.walk(value.childForFieldName('body')));
    exportNames(run, [['default', functionValue(run, value)]]);
  } else exportNames(run, [['default', run.expr(value)]]);
}

function importStatement(run: ScriptRun, node: SyntaxNode): void {
  const src = node.childForFieldName('source');
  if (!src) return;
  const spec = stringText(src);
  const mod = canonModule(spec);
  if (mod === 'dotenv/config') {
    dotenv(run, undefined);
    return;
  }
  const clause = named(node).find((c) => c.type === 'import_clause');
  if (/^\.{0,2}\//.test(spec)) {
    // `import config from './config/prod.json' with { type: 'json' }`: a config document
    if (/\.json$/i.test(spec)) {
      const value = readConfig(
        run.sink,
        str(joinServer(dirname(run.ctx.path), spec)),
        lineOf(node),
        'import',
      );
      const id = clause ? named(clause).find((c) => c.type === 'identifier') : undefined;
      if (id) run.scope.set(id.text, value);
      return;
    }
    const local = resolveLocal(run, spec);
    const value = local ? loadModule(run, local) : UNKNOWN;
    for (const c of clause ? named(clause) : []) {
      if (c.type === 'identifier') {
        const d = member(value, 'default');
        run.scope.set(c.text, d.k === 'unknown' ? value : d);
      } else if (c.type === 'namespace_import') {
        const id = named(c)[0];
        if (id) run.scope.set(id.text, value);
      } else if (c.type === 'named_imports') {
        for (const s of named(c)) {
          const orig = s.childForFieldName('name')?.text;
          const alias = s.childForFieldName('alias')?.text ?? orig;
          if (orig && alias) run.scope.set(alias, member(value, orig));
        }
      }
    }
    return;
  }
  for (const c of clause ? named(clause) : []) {
    if (c.type === 'identifier') run.scope.set(c.text, { k: 'mod', name: mod });
    else if (c.type === 'namespace_import') {
      const id = named(c)[0];
      if (id) run.scope.set(id.text, { k: 'mod', name: mod });
    } else if (c.type === 'named_imports') {
      for (const s of named(c)) {
        const orig = s.childForFieldName('name')?.text;
        const alias = s.childForFieldName('alias')?.text ?? orig;
        if (orig && alias) run.scope.set(alias, { k: 'mod', name: canonName(`${mod}.${orig}`) });
      }
    }
  }
}

/**
 * The scanned script's module metadata object, spelled so that dfmap's own build (scripts/build-cli.mjs maps
 * dfmap's own uses of it by their text) does not take these strings for dfmap's.
 */
const META = ['import', 'meta'].join('.');

function binary(run: ScriptRun, node: SyntaxNode): V {
  const op = node.childForFieldName('operator')?.text;
  const l = run.expr(node.childForFieldName('left'));
  if (op === '||' || op === '??') {
    const r = run.expr(node.childForFieldName('right'));
    if (op === '||' && l.k === 'bool') return l.b ? l : r;
    return l.k === 'unknown' ? r : l;
  }
  const r = run.expr(node.childForFieldName('right'));
  if (op === '&&') return l.k === 'bool' ? (l.b ? r : l) : UNKNOWN;
  const decided = op ? (compare(op, l, r) ?? arithmetic(op, l, r)) : undefined;
  if (decided) return decided;
  if (op === '+' && (l.k === 'str' || r.k === 'str')) return concat([l, r]);
  return UNKNOWN;
}

/** `args.indexOf('--env') + 1`, `i + 1`, `n - 2`: numbers add (a text plus a number is still text). */
function arithmetic(op: string, l: V, r: V): V | undefined {
  const numbers = isNumber(l) && isNumber(r);
  if (!((op === '+' && numbers) || (op === '-' && (numbers || (knownText(l) && knownText(r))))))
    return undefined;
  const x = Number(knownText(l));
  const y = Number(knownText(r));
  return Number.isInteger(x) && Number.isInteger(y) ? num(op === '+' ? x + y : x - y) : UNKNOWN;
}

/** `i >= 0`, `n < 3` on known numbers; `a === 'x'`, `a !== b` on known texts: a decided test. */
function compare(op: string, l: V, r: V): V | undefined {
  const a = knownText(l);
  const b = knownText(r);
  if (a === undefined || b === undefined) return undefined;
  if (op === '===' || op === '==') return { k: 'bool', b: a === b };
  if (op === '!==' || op === '!=') return { k: 'bool', b: a !== b };
  const x = Number(a);
  const y = Number(b);
  if (a.trim() === '' || b.trim() === '' || Number.isNaN(x) || Number.isNaN(y)) return undefined;
  if (op === '<') return { k: 'bool', b: x < y };
  if (op === '<=') return { k: 'bool', b: x <= y };
  if (op === '>') return { k: 'bool', b: x > y };
  if (op === '>=') return { k: 'bool', b: x >= y };
  return undefined;
}

/** Where a known word is in a list: -1 when every element is known and none is it, else unknown. */
function indexIn(items: V[], wanted: V | undefined): number | undefined {
  const w = knownText(wanted);
  if (w === undefined) return undefined;
  for (const [i, x] of items.entries()) {
    const t = knownText(x);
    if (t === undefined) return undefined;
    if (t === w) return i;
  }
  return -1;
}

/** A JavaScript number (not digits that are text, which `+` concatenates). */
function isNumber(v: V): boolean {
  return v.k === 'str' && v.num === true;
}

function num(n: number): V {
  return { k: 'str', s: String(n), via: false, num: true };
}

export const nodeHooks: LanguageHooks = {
  grammar: 'javascript',
  prelude(run) {
    const argv = ['node', run.ctx.path, ...run.ctx.args].map((x) => str(x, true));
    const env = new Map(Object.entries(run.ctx.env).map(([k, v]) => [k, str(v, true)] as const));
    run.scope.set('process', {
      k: 'obj',
      props: new Map<string, V>([
        ['argv', { k: 'list', items: argv }],
        ['env', { k: 'obj', props: env }],
      ]),
    });
    run.scope.set('__dirname', str(dirname(run.ctx.path), true));
    run.scope.set('__filename', str(run.ctx.path, true));
  },
  statement(run, node) {
    switch (node.type) {
      case 'program':
        hoist(run, node);
        for (const c of named(node)) run.walk(c);
        return true;
      case 'export_statement':
        exportStatement(run, node);
        return true;
      case 'function_declaration':
      case 'generator_function_declaration': {
        const name = node.childForFieldName('name')?.text;
        if (name) run.functions.set(name, node);
        noteDefinition(run, node);
        run.defer(node, () => run.walk(node.childForFieldName('body')));
        return true;
      }
      case 'return_statement': {
        const v = run.expr(named(node)[0]);
        run.returned(v);
        return true;
      }
      case 'import_statement':
        importStatement(run, node);
        return true;
      case 'variable_declarator': {
        const fn = registerDeclarator(run, node);
        if (fn) run.defer(fn, () => run.walk(fn.childForFieldName('body')));
        else bind(run, node.childForFieldName('name'), run.expr(node.childForFieldName('value')));
        return true;
      }
      case 'for_in_statement': {
        const left = node.childForFieldName('left');
        const over = run.expr(node.childForFieldName('right'));
        if (left?.type === 'identifier') run.loop(left.text, over, node.childForFieldName('body'));
        else run.walk(node.childForFieldName('body'));
        return true;
      }
      default:
        return false;
    }
  },
  expr(run, node) {
    switch (node.type) {
      case 'string':
        return str(stringText(node));
      case 'template_string':
        return template(run, node);
      case 'number': {
        const n = Number(node.text);
        return Number.isInteger(n) && String(n) === node.text ? num(n) : str(node.text);
      }
      case 'true':
      case 'false':
        return str(node.text);
      case 'identifier': {
        const v = run.scope.get(node.text);
        if (v) return v.k === 'mod' ? v : viaVar(v);
        const fn = run.functions.get(node.text);
        return fn ? functionValue(run, fn) : UNKNOWN;
      }
      case 'call_expression':
      case 'new_expression':
        return call(run, node);
      case 'member_expression':
      case 'subscript_expression':
        // the file being walked: the script, or a local module it imports
        if (node.text === `${META}.url`) return str(`file://${run.sink.currentFile}`, true);
        if (node.text === `${META}.dirname`) return str(dirname(run.sink.currentFile), true);
        if (node.text === `${META}.filename`) return str(run.sink.currentFile, true);
        return memberValue(run, node);
      case 'binary_expression':
        return binary(run, node);
      case 'ternary_expression':
        return ternary(run, node);
      case 'assignment_expression': {
        const right = node.childForFieldName('right');
        const left = node.childForFieldName('left');
        const exported = left?.type === 'member_expression' && /^(module\.)?exports\b/.test(left.text);
        let v: V;
        if (exported && right && FUNCTION_VALUES.has(right.type)) {
          // `exports.grab = function (...) {...}`: a function value, its body walked at calls
          noteDefinition(run, right);
          run.defer(right, () => run.walk(right.childForFieldName('body')));
          v = functionValue(run, right);
        } else v = run.expr(right);
        if (
          left?.type === 'member_expression' &&
          left.childForFieldName('object')?.text === 'module.exports'
        ) {
          const prop = left.childForFieldName('property')?.text;
          const exp = member(run.scope.get('module'), 'exports');
          if (prop && exp.k === 'obj') exp.props.set(prop, v);
          return v;
        }
        bind(run, left, v);
        return v;
      }
      case 'await_expression':
      case 'parenthesized_expression':
      case 'non_null_expression':
      case 'as_expression':
      case 'satisfies_expression':
        return run.expr(named(node)[0]);
      case 'array':
        return { k: 'list', items: named(node).map((c) => run.expr(c)) };
      case 'object':
        return objectLiteral(run, node);
      default:
        return undefined;
    }
  },
};

function objectLiteral(run: ScriptRun, node: SyntaxNode): V {
  const props = new Map<string, V>();
  for (const p of named(node)) {
    if (p.type === 'pair') {
      const k = p.childForFieldName('key');
      const key = k?.type === 'string' ? stringText(k) : (k?.text ?? '');
      props.set(key, run.expr(p.childForFieldName('value')));
    } else if (p.type === 'shorthand_property_identifier') {
      const fn = run.scope.has(p.text) ? undefined : run.functions.get(p.text);
      props.set(p.text, fn ? functionValue(run, fn) : run.lookup(p.text));
    } else {
      run.walk(p);
    }
  }
  return { k: 'obj', props };
}
