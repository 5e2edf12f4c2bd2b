/**
 * Free names and attribute access: `__file__`, `sys.argv`, `os.environ`, module globals, pathlib
 * attributes (`.parent`, `.name`, `.stem`, `.suffix`), instance attributes.
 */
import { basename, dirname } from '../../util/paths.js';
import type { Frame, Interp } from './frame.js';
import { mongoChild } from './lib/mongo.js';
import { sparkAttribute } from './lib/spark.js';
import {
  HOLE,
  mapAlts,
  memberOf,
  type PyObject,
  type Str,
  str,
  UNKNOWN,
  type Value,
  viaOf,
} from './value.js';

/** Value of a name bound nowhere in the script: a builtin or something dfmap cannot see. */
export function nameValue(_interp: Interp, frame: Frame, name: string): Value {
  if (name === '__file__') return str(frame.module.path, true);
  if (name === '__name__')
    return str(frame.module.imported ? basename(frame.module.path, '.py') : '__main__');
  if (name === 'super' && frame.fn?.cls) return { k: 'ref', name: 'super' };
  return { k: 'ref', name };
}

export function argvList(interp: Interp): Value {
  const items: Value[] = [str(interp.ctx.path, true)];
  for (const a of interp.ctx.args) items.push(str(a.replace(/\*+/g, HOLE), true));
  return { k: 'list', items };
}

const MODULE_ATTRS: Record<string, (interp: Interp) => Value> = {
  'sys.argv': argvList,
  'sys.executable': () => str('python3', true),
  'os.sep': () => str('/'),
  'os.curdir': () => str('.'),
  'os.linesep': () => str('\n'),
  'os.path.sep': () => str('/'),
  'os.devnull': () => str('/dev/null'),
  'os.path.devnull': () => str('/dev/null'),
};

export function attributeOf(interp: Interp, v: Value, attr: string): Value {
  return mapAlts(v, (o) => viaOf(attributeOne(interp, o, attr)));
}

function attributeOne(interp: Interp, v: Value, attr: string): Value {
  switch (v.k) {
    case 'ref': {
      const name = `${v.name}.${attr}`;
      return MODULE_ATTRS[name]?.(interp) ?? { k: 'ref', name };
    }
    case 'module':
      return v.mod.globals.get(attr) ?? UNKNOWN;
    case 'class':
      return memberOf(v.cls, attr) ?? UNKNOWN;
    case 'dict':
      return v.entries.get(attr) ?? UNKNOWN;
    case 'str':
      return v.path ? pathAttribute(v, attr) : UNKNOWN;
    case 'obj':
      return objectAttribute(v, v.obj, attr);
    case 'unknown':
      // PySpark: `spark.read`, `df.write` on a session or DataFrame the walk does not follow
      return sparkAttribute(attr) ?? UNKNOWN;
    default:
      return UNKNOWN;
  }
}

/** An attribute of an instance (its own, else its class's or an inherited one), super(), a file, boto3. */
function objectAttribute(v: Value, o: PyObject, attr: string): Value {
  if (o.type === 'instance' || o.type === 'super') {
    const own = o.type === 'instance' ? o.attrs.get(attr) : undefined;
    if (own) return own;
    const m =
      o.type === 'instance'
        ? memberOf(o.cls, attr)
        : o.cls.bases.map((b) => memberOf(b, attr)).find((x) => x !== undefined);
    const self = o.type === 'instance' ? v : o.self;
    if (m?.k === 'func') return { k: 'obj', obj: { type: 'bound', fn: m.fn, self } };
    return m ?? UNKNOWN;
  }
  if (o.type === 'file' && attr === 'name') return o.path;
  // pymongo: `client.shop.orders` (a name with a leading underscore is no database or collection)
  if (o.type === 'mongo') return attr.startsWith('_') ? UNKNOWN : mongoChild(o, str(attr));
  // boto3: resource.meta.client is the low-level client of the same service
  if (o.type === 's3' && (attr === 'meta' || attr === 'client')) {
    return { k: 'obj', obj: { ...o, role: attr === 'client' ? 'client' : o.role } };
  }
  return UNKNOWN;
}

export function pathAttribute(p: Str, attr: string): Value {
  const s = p.s.length > 1 && p.s.endsWith('/') ? p.s.slice(0, -1) : p.s;
  const name = basename(s);
  const dot = name.lastIndexOf('.');
  const mk = (x: string, path = false): Str => ({ k: 'str', s: x, via: p.via, ...(path ? { path } : {}) });
  switch (attr) {
    case 'parent':
      return mk(s.includes('/') ? dirname(s) : '.', true);
    case 'name':
      return mk(name);
    case 'stem':
      return mk(dot > 0 ? name.slice(0, dot) : name);
    case 'suffix':
      return mk(dot > 0 ? name.slice(dot) : '');
    case 'parts':
      return { k: 'list', items: s.split('/').map((x) => mk(x)) };
    default:
      return UNKNOWN;
  }
}

/** `os.environ[name]` / `os.getenv(name, default)`: the job's environment, else the default. */
export function envValue(interp: Interp, name: string, fallback?: Value): Value {
  const v = interp.env[name];
  if (v !== undefined) return str(v.replace(/\*+/g, HOLE), true);
  if (fallback && fallback.k !== 'none') return fallback.k === 'str' ? { ...fallback, via: true } : fallback;
  return fallback ?? str(HOLE, true);
}
