/**
 * Local modules: `require('./lib/fetch')` and `import { grab } from './lib/fetch.js'` run the
 * module's top level once (its I/O is the importer's, with evidence in the module) and give its
 * exports (`module.exports = {...}`, `exports.x = ...`, `export function x`), whose functions are
 * walked at each call with the caller's arguments, in the module's file. The module's own
 * top-level names stay visible to its functions; the importer's names are kept as they were.
 */
import { dirname, joinServer } from '../../util/paths.js';
import { walkInline } from '../kit/inline.js';
import { member, str, UNKNOWN, type V } from '../kit/value.js';
import type { ScriptRun } from '../kit/walk.js';
import type { SyntaxNode } from '../parse/tree-sitter.js';

/** A function value: the exports of a local module hold these. */
const FN = 'local-function:';

interface ModuleState {
  /** Modules loaded, by server path (a cycle sees the exports being built). */
  loaded: Map<string, V>;
  functions: Map<string, SyntaxNode>;
  /** The key of each function by its definition's node id. */
  keys: Map<number, string>;
  /** Where each function was defined, to walk its body with evidence in that file. */
  contexts: Map<number, { here: <T>(fn: () => T) => T; file: string }>;
  /** Each loaded module's own top-level names, which its functions see when they run. */
  scopes: Map<string, Map<string, V>>;
  next: number;
}

const states = new WeakMap<ScriptRun, ModuleState>();

function state(run: ScriptRun): ModuleState {
  let s = states.get(run);
  if (!s) {
    s = {
      loaded: new Map(),
      functions: new Map(),
      keys: new Map(),
      contexts: new Map(),
      scopes: new Map(),
      next: 0,
    };
    states.set(run, s);
  }
  return s;
}

/** The value that names function `def` (for exports and for names bound to it). */
export function functionValue(run: ScriptRun, def: SyntaxNode): V {
  const s = state(run);
  let key = s.keys.get(def.id);
  if (!key) {
    key = `${FN}${s.next++}`;
    s.functions.set(key, def);
    s.keys.set(def.id, key);
  }
  return { k: 'mod', name: key };
}

/** The function a value names, when it is one of the script's or its modules' own. */
export function functionOf(run: ScriptRun, v: V | undefined): SyntaxNode | undefined {
  return v?.k === 'mod' && v.name.startsWith(FN) ? states.get(run)?.functions.get(v.name) : undefined;
}

/** Remember the file a function is defined in (call it while that file is being walked). */
export function noteDefinition(run: ScriptRun, def: SyntaxNode): void {
  const s = state(run);
  if (!s.contexts.has(def.id)) s.contexts.set(def.id, { here: run.sink.here(), file: run.sink.currentFile });
}

/**
 * Run a function body in the file it was defined in, seeing that module's own top-level names
 * (a module's `BASE` is not the importer's `BASE`); the caller's names come back after.
 */
export function inDefinition<T>(run: ScriptRun, def: SyntaxNode, fn: () => T): T {
  const s = states.get(run);
  const at = s?.contexts.get(def.id);
  if (!at) return fn();
  const own = s?.scopes.get(at.file);
  if (!own) return at.here(fn);
  const saved = new Map<string, V | undefined>();
  for (const [k, v] of own) {
    saved.set(k, run.scope.get(k));
    run.scope.set(k, v);
  }
  try {
    return at.here(fn);
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) run.scope.delete(k);
      else run.scope.set(k, v);
    }
  }
}

const EXTENSIONS = ['', '.js', '.cjs', '.mjs', '.ts', '/index.js', '/index.ts'];

/** `./lib/fetch` from the importing file: the module file on the server, or undefined. */
export function resolveLocal(run: ScriptRun, spec: string): string | undefined {
  const base = joinServer(dirname(run.sink.currentFile), spec);
  if (base.includes('*')) return undefined;
  return EXTENSIONS.map((e) => `${base}${e}`).find((p) => run.ctx.fs.isFile(p));
}

/** Load a local module once; its exports (an object, or what `module.exports` was set to). */
export function loadModule(run: ScriptRun, path: string): V {
  const s = state(run);
  const had = s.loaded.get(path);
  if (had) return had;
  const exportsObj: V = { k: 'obj', props: new Map() };
  s.loaded.set(path, exportsObj);
  const before = new Map(run.scope);
  run.scope.set('module', { k: 'obj', props: new Map([['exports', exportsObj]]) });
  run.scope.set('exports', exportsObj);
  // CommonJS's own names for the module's file (ES modules use import.meta.url)
  run.scope.set('__dirname', str(dirname(path), true));
  run.scope.set('__filename', str(path, true));
  let value: V = exportsObj;
  try {
    if (!walkInline(run, path, /\.[mc]?ts$/.test(path) ? 'typescript' : 'javascript')) return UNKNOWN;
    const set = member(run.scope.get('module'), 'exports');
    value = set.k === 'unknown' ? exportsObj : set;
    const own = new Map<string, V>();
    for (const [k, v] of run.scope)
      if (before.get(k) !== v && k !== 'module' && k !== 'exports') own.set(k, v);
    s.scopes.set(path, own);
  } finally {
    // the importer's names as they were; names the module added stay for its functions
    for (const name of ['module', 'exports']) run.scope.delete(name);
    for (const [k, v] of before) run.scope.set(k, v);
  }
  s.loaded.set(path, value);
  return value;
}

/** `export ...` inside a module being loaded: the names it exports, with their values. */
export function exportNames(run: ScriptRun, names: Array<[string, V]>): void {
  const exp = run.scope.get('exports');
  if (exp?.k !== 'obj') return;
  for (const [name, v] of names) exp.props.set(name, v);
}
