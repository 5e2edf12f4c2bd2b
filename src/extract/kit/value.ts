/**
 * The values the tree-sitter script extractors (R, Node.js, PHP, Ruby, awk) reason with. A string
 * keeps its literal parts and has `*` exactly where an unknown part was (`via` says a variable,
 * argument or config value went into it); lists, objects (config documents, option maps),
 * database connections and file handles carry what a later call needs. Nothing is executed.
 */
import type { SqlContext } from '../types.js';

export type V =
  /** Text; `num` marks a JavaScript number (a literal, a position, a sum), which `+` adds. */
  | { k: 'str'; s: string; via: boolean; num?: boolean }
  | { k: 'list'; items: V[] }
  | { k: 'obj'; props: Map<string, V> }
  | { k: 'db'; sql: SqlContext; file?: string }
  | { k: 'handle'; path: V; mode: 'read' | 'write' }
  /** A module or a function of one, by canonical name (`fs`, `pg.Pool`, `child_process.exec`). */
  | { k: 'mod'; name: string }
  /** The result of a comparison or test the walk could decide (`ENV['X'] == 'true'`). */
  | { k: 'bool'; b: boolean }
  | { k: 'unknown' };

export const UNKNOWN: V = { k: 'unknown' };

export function str(s: string, via = false): V {
  return { k: 'str', s: collapse(s), via };
}

/** `**` -> `*`: two unknown parts side by side are one unknown part. */
function collapse(s: string): string {
  return s.replace(/\*{2,}/g, '*');
}

/** Strings joined as the language would (`paste0`, `+`, `.`, interpolation); unknown parts are `*`. */
export function concat(parts: V[]): V {
  let s = '';
  let via = false;
  for (const p of parts) {
    if (p.k === 'str') {
      s += p.s;
      via ||= p.via;
    } else if (p.k === 'list' && p.items.length === 1 && p.items[0]?.k === 'str') {
      s += p.items[0].s;
      via = true;
    } else {
      s += '*';
      via = true;
    }
  }
  return str(s, via);
}

/** `file.path(a, b)`, `path.join(a, b)`, `File.join(a, b)`: parts joined by one `/`. */
export function joinPath(parts: V[]): V {
  const texts: V[] = [];
  parts.forEach((p, i) => {
    if (i > 0) texts.push(str('/'));
    texts.push(p);
  });
  const v = concat(texts);
  return v.k === 'str' ? str(v.s.replace(/\/{2,}/g, '/'), v.via) : v;
}

/** The text of a string value, or undefined when it is not a string. */
export function textOf(v: V | undefined): string | undefined {
  return v?.k === 'str' ? v.s : undefined;
}

/** A string whose every part is known. */
export function knownText(v: V | undefined): string | undefined {
  const t = textOf(v);
  return t !== undefined && !t.includes('*') ? t : undefined;
}

/** A string value, with unknown values as `*` (for a command word or a path). */
export function asStr(v: V | undefined): V & { k: 'str' } {
  if (v?.k === 'str') return v;
  if (v?.k === 'list' && v.items.length === 1 && v.items[0]?.k === 'str') return { ...v.items[0], via: true };
  return { k: 'str', s: '*', via: true };
}

/** A value marked as having come through a variable, argument or config. */
export function viaVar(v: V): V {
  return v.k === 'str' ? { ...v, via: true } : v;
}

/** A JSON/YAML document as a value (numbers and booleans as their text). */
export function fromData(x: unknown): V {
  if (typeof x === 'string') return str(x, true);
  if (typeof x === 'number' || typeof x === 'boolean') return str(String(x), true);
  if (Array.isArray(x)) return { k: 'list', items: x.map(fromData) };
  if (x && typeof x === 'object') {
    return { k: 'obj', props: new Map(Object.entries(x).map(([k, v]) => [k, fromData(v)])) };
  }
  return UNKNOWN;
}

/** `obj.key` / `obj[["key"]]` / `$obj['key']`: a property of an object, an element of a list. */
export function member(v: V | undefined, key: V | string): V {
  const name = typeof key === 'string' ? key : knownText(key);
  if (v?.k === 'obj') return name !== undefined ? (v.props.get(name) ?? UNKNOWN) : UNKNOWN;
  if (v?.k === 'list' && name !== undefined && /^\d+$/.test(name)) return v.items[Number(name)] ?? UNKNOWN;
  return UNKNOWN;
}
