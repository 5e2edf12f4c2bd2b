/**
 * User functions and classes, run at their call sites with the arguments bound there (so a helper
 * `def load(path): open(path)` called with a constant resolves), bounded in depth, never
 * recursive, memoised by argument values.
 */

import { evaluate } from './evaluate.js';
import type { Args, Frame, Hooks, Interp, ModuleState } from './frame.js';
import { named } from './nodes.js';
import type { PyNode } from './tree.js';
import { alts, type ClassDef, type FunctionDef, memberOf, NONE, UNKNOWN, type Value } from './value.js';
import { runBlock } from './walk.js';

const MAX_CALL_DEPTH = 6;

const ids = new WeakMap<object, number>();
let nextObjectId = 1;
function identity(o: object): number {
  let id = ids.get(o);
  if (id === undefined) {
    id = nextObjectId++;
    ids.set(o, id);
  }
  return id;
}

/** A short key for a value, for memoising calls. */
function signature(v: Value, depth = 0): string {
  if (depth > 3) return '…';
  switch (v.k) {
    case 'str':
      return JSON.stringify(v.s) + (v.path ? 'p' : '') + (v.via ? 'v' : '');
    case 'num':
      return String(v.n);
    case 'bool':
      return String(v.b);
    case 'list':
      return `[${v.items
        .slice(0, 20)
        .map((i) => signature(i, depth + 1))
        .join(',')}${v.same ? '…' : ''}]`;
    case 'dict':
      return `{${[...v.entries]
        .slice(0, 20)
        .map(([k, x]) => `${k}:${signature(x, depth + 1)}`)
        .join(',')}}`;
    case 'alts':
      return `(${v.options.map((o) => signature(o, depth + 1)).join('|')})`;
    case 'ref':
      return `@${v.name}`;
    case 'obj':
      return `#${identity(v.obj)}`;
    case 'func':
      return `f${v.fn.id}`;
    case 'class':
      return `c${v.cls.id}`;
    case 'module':
      return `m${v.mod.path}`;
    default:
      return v.k;
  }
}

function bindParams(
  interp: Interp,
  fn: FunctionDef,
  locals: Map<string, Value>,
  a: Args,
  self?: Value,
): void {
  const params = named(fn.node.childForFieldName('parameters'));
  const positional = [...(self ? [self] : []), ...a.args];
  const used = new Set<string>();
  const defaultsFrame: Frame = {
    module: fn.module,
    locals: fn.closure,
    globalNames: new Set(),
    emit: false,
    depth: MAX_CALL_DEPTH,
    returns: [],
  };
  let keywordOnly = false;
  for (const p of params) {
    const { name, value, kind } = describeParam(p);
    if (kind === 'keyword_separator') {
      keywordOnly = true;
      continue;
    }
    if (!name) continue;
    if (kind === 'args') {
      locals.set(name, { k: 'list', items: positional.splice(0) });
      keywordOnly = true;
      continue;
    }
    if (kind === 'kwargs') {
      const rest = new Map([...a.kwargs].filter(([k]) => !used.has(k)));
      locals.set(name, { k: 'dict', entries: rest });
      continue;
    }
    used.add(name);
    let v: Value | undefined = a.kwargs.get(name);
    if (v === undefined && !keywordOnly && positional.length > 0) v = positional.shift();
    if (v === undefined && value) v = evaluate(interp, defaultsFrame, value);
    locals.set(name, v ?? UNKNOWN);
  }
}

function describeParam(p: PyNode): { name?: string; value?: PyNode; kind: string } {
  switch (p.type) {
    case 'identifier':
      return { name: p.text, kind: 'plain' };
    case 'default_parameter':
    case 'typed_default_parameter':
      return {
        name: p.childForFieldName('name')?.text,
        value: p.childForFieldName('value') ?? undefined,
        kind: 'plain',
      };
    case 'typed_parameter': {
      const inner = named(p)[0];
      if (inner?.type === 'list_splat_pattern') return { name: named(inner)[0]?.text, kind: 'args' };
      if (inner?.type === 'dictionary_splat_pattern') return { name: named(inner)[0]?.text, kind: 'kwargs' };
      return { name: inner?.text, kind: 'plain' };
    }
    case 'list_splat_pattern':
      return { name: named(p)[0]?.text, kind: 'args' };
    case 'dictionary_splat_pattern':
      return { name: named(p)[0]?.text, kind: 'kwargs' };
    case 'keyword_separator':
      return { kind: 'keyword_separator' };
    default:
      return { kind: 'other' };
  }
}

/** What a method's first parameter is bound to: nothing for a static method, the class for a class method. */
function receiver(fn: FunctionDef, self: Value | undefined): Value | undefined {
  if (!self || !fn.binding) return self;
  if (fn.binding === 'static') return undefined;
  return self.k === 'obj' && self.obj.type === 'instance' ? { k: 'class', cls: self.obj.cls } : self;
}

export function callUser(interp: Interp, fn: FunctionDef, a: Args, caller: Frame, self?: Value): Value {
  if (caller.depth >= MAX_CALL_DEPTH || interp.stack.includes(fn.id) || interp.timedOut) return UNKNOWN;
  interp.called.add(fn.id);
  const locals = new Map<string, Value>(fn.closure ?? []);
  bindParams(interp, fn, locals, a, receiver(fn, self));
  const key = `${fn.id}|${caller.emit}|${[...locals].map(([k, v]) => `${k}=${signature(v)}`).join(';')}`;
  const cached = interp.callCache.get(key);
  if (cached) return cached;
  interp.callCache.set(key, UNKNOWN);
  const frame: Frame = {
    module: fn.module,
    locals,
    globalNames: new Set(),
    emit: caller.emit,
    depth: caller.depth + 1,
    returns: [],
    fn,
  };
  interp.stack.push(fn.id);
  try {
    runBlock(interp, frame, fn.node.childForFieldName('body'));
  } finally {
    interp.stack.pop();
  }
  const result = frame.returns.length > 0 ? alts(frame.returns) : NONE;
  interp.callCache.set(key, result);
  return result;
}

export function instantiate(interp: Interp, cls: ClassDef, a: Args, caller: Frame): Value {
  const self: Value = { k: 'obj', obj: { type: 'instance', cls, attrs: new Map() } };
  const init = memberOf(cls, '__init__');
  if (init?.k === 'func') callUser(interp, init.fn, a, caller, self);
  return self;
}

export function createHooks(interp: () => Interp): Hooks {
  return {
    callUser: (fn, a, caller, self) => callUser(interp(), fn, a, caller, self),
    instantiate: (cls, a, caller) => instantiate(interp(), cls, a, caller),
    runModule: (mod: ModuleState) => {
      // Python runs a module's top level on import: its I/O is the importing script's, resolved
      // in the importer's working directory (the module is not scanned on its own).
      const frame: Frame = {
        module: mod,
        locals: null,
        globalNames: new Set(),
        emit: true,
        depth: 0,
        returns: [],
      };
      runBlock(interp(), frame, mod.root);
    },
  };
}

/** Functions the script defines but never calls (entry points, callbacks): run once, arguments unknown. */
export function runUncalled(interp: Interp, top: Frame): void {
  const instances = new Map<number, Value>();
  for (let i = 0; i < interp.functions.length && !interp.timedOut; i++) {
    const fn = interp.functions[i] as FunctionDef;
    if (interp.called.has(fn.id)) continue;
    let self: Value | undefined;
    if (fn.cls) {
      self = instances.get(fn.cls.id);
      if (!self) {
        self = instantiate(interp, fn.cls, { args: [], kwargs: new Map() }, top);
        instances.set(fn.cls.id, self);
      }
      if (interp.called.has(fn.id)) continue;
    }
    callUser(interp, fn, { args: [], kwargs: new Map() }, top, self);
  }
}
