/**
 * Binding and indexing: assignment targets (names, tuples, `self.x`, `d[k]`, `os.environ[k]`),
 * iteration (what a loop variable holds) and subscripts (`sys.argv[1]`, `cfg['paths']['dir']`).
 */

import { assign, type Frame, type Interp, lookup } from './frame.js';
import { configSection } from './lib/config-files.js';
import { mongoChild } from './lib/mongo.js';
import { envValue } from './names.js';
import { kids, named } from './nodes.js';
import type { PyNode } from './tree.js';
import { alts, dictGet, HOLE, hasHole, mapAlts, options, str, UNKNOWN, type Value } from './value.js';

type Ev = (n: PyNode | null) => Value;

const SEQUENCE_TARGETS = new Set([
  'pattern_list',
  'tuple_pattern',
  'list_pattern',
  'tuple',
  'list',
  'expression_list',
]);

export function bindTarget(interp: Interp, frame: Frame, target: PyNode, v: Value, ev?: Ev): void {
  switch (target.type) {
    case 'identifier':
      assign(frame, target.text, v);
      return;
    case 'parenthesized_expression': {
      const inner = named(target)[0];
      if (inner) bindTarget(interp, frame, inner, v, ev);
      return;
    }
    case 'list_splat_pattern':
    case 'list_splat': {
      const inner = named(target)[0];
      if (inner) bindTarget(interp, frame, inner, { k: 'list', items: [UNKNOWN], same: true }, ev);
      return;
    }
    case 'attribute':
      bindAttribute(frame, target, v);
      return;
    case 'subscript':
      bindSubscript(interp, frame, target, v, ev);
      return;
    default:
      if (SEQUENCE_TARGETS.has(target.type)) bindSequence(interp, frame, target, v, ev);
  }
}

function bindSequence(interp: Interp, frame: Frame, target: PyNode, v: Value, ev?: Ev): void {
  const parts = named(target).filter((c) => c.type !== 'comment');
  // `for name, path in FILES.items()`: each alternative is a tuple; unpack them position by position
  const tuples = options(v).map((o) =>
    o.k === 'list' && !o.same && o.items.length === parts.length ? o.items : undefined,
  );
  parts.forEach((p, i) => {
    const items = tuples.map((t) => (t ? (t[i] as Value) : UNKNOWN));
    bindTarget(interp, frame, p, alts(items), ev);
  });
}

function bindAttribute(frame: Frame, target: PyNode, v: Value): void {
  const obj = target.childForFieldName('object');
  const attr = target.childForFieldName('attribute')?.text;
  if (!obj || !attr || obj.type !== 'identifier') return;
  const base = lookup(frame, obj.text);
  if (base?.k === 'obj' && base.obj.type === 'instance') base.obj.attrs.set(attr, v);
  else if (base?.k === 'module') base.mod.globals.set(attr, v);
}

function bindSubscript(interp: Interp, frame: Frame, target: PyNode, v: Value, ev?: Ev): void {
  const base = target.childForFieldName('value');
  const sub = target.childForFieldName('subscript');
  if (!base || !sub || !ev) return;
  const key = ev(sub);
  if (key.k !== 'str') return;
  if (/^(os\.)?environ$/.test(base.text)) {
    const s = v.k === 'str' ? v.s : undefined;
    if (s !== undefined && !s.includes(HOLE)) interp.env[key.s] = s;
    return;
  }
  const container = base.type === 'identifier' ? lookup(frame, base.text) : ev(base);
  if (container?.k === 'dict') container.entries.set(key.s, v);
}

/** What one iteration of `for x in v` binds x to. */
export function iterElement(v: Value): Value {
  return mapAlts(v, (o) => {
    switch (o.k) {
      case 'list':
        return o.same ? (o.items[0] ?? UNKNOWN) : alts(o.items);
      case 'dict':
        return alts([...o.entries.keys()].map((k) => str(k, true)));
      case 'str':
        return str(HOLE, true);
      default:
        return UNKNOWN;
    }
  });
}

export function subscriptValue(interp: Interp, v: Value, sub: PyNode | null, ev: Ev): Value {
  if (!sub) return UNKNOWN;
  if (sub.type === 'slice') return mapAlts(v, (o) => sliceOf(o, sub, ev));
  const key = ev(sub);
  return mapAlts(v, (o) => indexOne(interp, o, key));
}

function sliceOf(v: Value, sub: PyNode, ev: Ev): Value {
  if (v.k !== 'list' && v.k !== 'str') return UNKNOWN;
  if (v.k === 'list' && v.same) return v;
  const bounds = kids(sub)
    .filter((c) => c.type !== ':')
    .map((c) => ev(c));
  const text = sub.text.split(':');
  const start = text[0]?.trim() ? bounds.shift() : undefined;
  const stop = text[1]?.trim() ? bounds.shift() : undefined;
  const s = start?.k === 'num' ? start.n : 0;
  const e = stop?.k === 'num' ? stop.n : undefined;
  const known = !(start && start.k !== 'num') && !(stop && stop.k !== 'num') && text.length <= 2;
  // `name[:-3]`, `url[:-len(name)]`: a known string sliced by known bounds (negative from the end)
  if (v.k === 'str') return known && !hasHole(v.s) ? str(v.s.slice(s, e), v.via) : str(HOLE, true);
  if (!known) {
    return { k: 'list', items: [alts(v.items)], same: true };
  }
  return { k: 'list', items: v.items.slice(s, e) };
}

function indexOne(interp: Interp, v: Value, key: Value): Value {
  switch (v.k) {
    case 'list': {
      if (v.same) return v.items[0] ?? UNKNOWN;
      if (key.k !== 'num') return alts(v.items);
      const i = key.n < 0 ? v.items.length + key.n : key.n;
      return v.items[i] ?? UNKNOWN;
    }
    case 'dict':
      return key.k === 'str' ? (dictGet(v, key.s) ?? UNKNOWN) : UNKNOWN;
    case 'ref':
      if (v.name === 'os.environ' && key.k === 'str') return envValue(interp, key.s);
      return UNKNOWN;
    case 'obj':
      if (v.obj.type === 'config' && key.k === 'str') return configSection(v.obj, key.s);
      if (v.obj.type === 'mongo') return mongoChild(v.obj, key);
      return UNKNOWN;
    case 'str':
      return str(HOLE, true);
    default:
      return UNKNOWN;
  }
}
