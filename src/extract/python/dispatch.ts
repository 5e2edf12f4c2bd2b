/**
 * Calls to values: library functions by qualified name, methods by receiver kind (library
 * objects, pathlib paths, strings, dicts, lists, user instances), user functions through hooks.
 */
import type { Call } from './call.js';
import { strJoin } from './lib/core.js';
import { anyReceiverMethods, libraryHandler, objectMethods, pathMethods } from './lib/index.js';
import { braceFormat, strMethod } from './strings.js';
import {
  alts,
  dictGet,
  HOLE,
  mapAlts,
  memberOf,
  NONE,
  type PyObject,
  str,
  UNKNOWN,
  type Value,
} from './value.js';

const MAX_LIST = 200;

/** `super()` inside a method: the method's instance (its first parameter), looked up from the bases. */
function superOf(c: Call): Value {
  const cls = c.frame.fn?.cls;
  const self = c.frame.locals?.values().next().value;
  return cls && self ? { k: 'obj', obj: { type: 'super', cls, self } } : UNKNOWN;
}

export function callLibrary(c: Call): Value | undefined {
  const h = libraryHandler(c.name);
  return h ? h(c) : undefined;
}

/** Call a value: a library function by name, a user function, a class, a bound method. */
export function callValue(c: Call, callee: Value): Value {
  switch (callee.k) {
    case 'ref':
      if (callee.name === 'super') return superOf(c);
      return callLibrary({ ...c, name: callee.name }) ?? UNKNOWN;
    case 'func':
      return c.interp.hooks.callUser(callee.fn, c, c.frame);
    case 'class':
      return c.interp.hooks.instantiate(callee.cls, c, c.frame);
    case 'obj':
      if (callee.obj.type === 'bound')
        return c.interp.hooks.callUser(callee.obj.fn, c, c.frame, callee.obj.self);
      // a SQLAlchemy session factory (sessionmaker) called: a session on its engine
      return callee.obj.type === 'db' ? callee : UNKNOWN;
    default:
      return UNKNOWN;
  }
}

/** `receiver.name(...)`. */
export function callMethod(c: Call): Value {
  const recv = c.receiver ?? UNKNOWN;
  if (recv.k === 'alts') return alts(recv.options.map((o) => callMethod({ ...c, receiver: o })));
  return methodOne(c, recv);
}

function fallback(c: Call): Value {
  const h = anyReceiverMethods[c.name];
  return h ? (h(c) ?? UNKNOWN) : UNKNOWN;
}

function methodOne(c: Call, recv: Value): Value {
  const m = c.name;
  switch (recv.k) {
    case 'ref': {
      const qualified = `${recv.name}.${m}`;
      const h = libraryHandler(qualified);
      if (h) return h({ ...c, name: qualified, receiver: undefined }) ?? UNKNOWN;
      return fallback({ ...c, receiver: UNKNOWN });
    }
    case 'module':
      return callValue(c, recv.mod.globals.get(m) ?? UNKNOWN);
    case 'class': {
      // `Cls.method(x)`: a class method takes the class as its first parameter
      const member = memberOf(recv.cls, m);
      if (member?.k === 'func' && member.fn.binding === 'class')
        return c.interp.hooks.callUser(member.fn, c, c.frame, recv);
      return callValue(c, member ?? UNKNOWN);
    }
    case 'str':
      return stringMethod(c, recv);
    case 'obj':
      return objectMethod(c, recv, recv.obj);
    case 'dict':
      return dictMethod(c, recv);
    case 'list':
      return listMethod(c, recv);
    default:
      return fallback(c);
  }
}

function stringMethod(c: Call, recv: Extract<Value, { k: 'str' }>): Value {
  const h = recv.path ? pathMethods[c.name] : undefined;
  if (h) return h(c) ?? UNKNOWN;
  if (c.name === 'format') return braceFormat(recv, c.args, c.kwargs);
  if (c.name === 'join') return strJoin(recv, c.args[0] ?? UNKNOWN);
  return strMethod(recv, c.name, c.args) ?? str(HOLE, true);
}

function objectMethod(c: Call, recv: Value, o: PyObject): Value {
  if (o.type === 'instance') {
    const own = o.attrs.get(c.name);
    if (own) return callValue(c, own);
    const member = memberOf(o.cls, c.name);
    if (member?.k === 'func') return c.interp.hooks.callUser(member.fn, c, c.frame, recv);
    return member ? callValue(c, member) : UNKNOWN;
  }
  if (o.type === 'super') {
    const member = o.cls.bases.map((b) => memberOf(b, c.name)).find((x) => x !== undefined);
    if (member?.k === 'func') return c.interp.hooks.callUser(member.fn, c, c.frame, o.self);
    return member ? callValue(c, member) : UNKNOWN;
  }
  const h = objectMethods[o.type]?.[c.name];
  return h ? (h(c) ?? UNKNOWN) : fallback(c);
}

function dictMethod(c: Call, d: Extract<Value, { k: 'dict' }>): Value {
  const key = c.args[0]?.k === 'str' ? c.args[0].s : undefined;
  switch (c.name) {
    case 'get':
      return (key !== undefined ? dictGet(d, key) : undefined) ?? c.args[1] ?? NONE;
    case 'setdefault': {
      if (key === undefined) return UNKNOWN;
      if (!d.entries.has(key)) d.entries.set(key, c.args[1] ?? NONE);
      return d.entries.get(key) ?? UNKNOWN;
    }
    case 'pop':
      return (key !== undefined ? dictGet(d, key) : undefined) ?? c.args[1] ?? UNKNOWN;
    case 'copy':
      return { k: 'dict', entries: new Map(d.entries) };
    case 'update': {
      const other = c.args[0];
      if (other?.k === 'dict') for (const [k, v] of other.entries) d.entries.set(k, v);
      for (const [k, v] of c.kwargs) d.entries.set(k, v);
      return NONE;
    }
    case 'keys':
      return { k: 'list', items: [...d.entries.keys()].map((k) => str(k, true)) };
    case 'values':
      return { k: 'list', items: [...d.entries.values()] };
    case 'items':
      return { k: 'list', items: [...d.entries].map(([k, v]) => ({ k: 'list', items: [str(k, true), v] })) };
    default:
      return UNKNOWN;
  }
}

function listMethod(c: Call, l: Extract<Value, { k: 'list' }>): Value {
  switch (c.name) {
    case 'append':
    case 'insert': {
      const v = c.name === 'append' ? c.args[0] : c.args[1];
      if (v && !l.same && l.items.length < MAX_LIST) l.items.push(v);
      return NONE;
    }
    case 'extend': {
      const v = c.args[0];
      if (v?.k === 'list' && !v.same && !l.same) l.items.push(...v.items.slice(0, MAX_LIST));
      return NONE;
    }
    case 'copy':
      return { k: 'list', items: [...l.items], ...(l.same ? { same: true } : {}) };
    case 'pop':
      return l.same ? (l.items[0] ?? UNKNOWN) : (l.items.at(-1) ?? UNKNOWN);
    default:
      return mapAlts(UNKNOWN, (x) => x);
  }
}
