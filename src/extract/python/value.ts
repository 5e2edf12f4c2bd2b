/**
 * What the Python extractor knows about a value, without running anything. Strings keep their
 * unknown parts as the private-use character HOLE (rendered `*` in paths), so a literal `*` of a
 * glob pattern and a part static analysis cannot know stay apart until output.
 */
import type { Confidence } from '../../model/kinds.js';
import type { SqlContext } from '../types.js';
import type { ModuleState } from './frame.js';
import type { PyNode } from './tree.js';

export const HOLE = '\uE000';
const HOLES = /\uE000+/g;
/** Alternatives kept for one value before the rest are dropped (keeps loops over lists bounded). */
export const MAX_ALTS = 12;
/** Longest text kept for one value (SQL files and configs fit; runaway concatenation does not). */
export const MAX_STR = 1_000_000;

export interface Str {
  k: 'str';
  s: string;
  /** Came through a variable, an argument, the environment or a config file. */
  via: boolean;
  /** A pathlib.Path rather than a str. */
  path?: boolean;
  /** Taken from a glob's result (see lib/file-io.ts: a glob only used for deleting is no input). */
  glob?: GlobUse;
}

export interface GlobUse {
  deleted: boolean;
}

export interface FunctionDef {
  name: string;
  node: PyNode;
  module: ModuleState;
  /** The defining function's locals (closures), null at module level. */
  closure: Map<string, Value> | null;
  id: number;
  /** The class a method belongs to. */
  cls?: ClassDef;
  /** `@staticmethod` takes no receiver; `@classmethod` takes the class, not the instance. */
  binding?: 'static' | 'class';
}

export interface ClassDef {
  name: string;
  members: Map<string, Value>;
  /** Base classes dfmap could resolve (in this script or an imported module), in MRO order. */
  bases: ClassDef[];
  module: ModuleState;
  id: number;
}

/** Things with identity and state: connections, cursors, handles, parsers, clients, instances. */
export type PyObject =
  | { type: 'db'; role: 'connection' | 'cursor' | 'engine'; sql: SqlContext; sqliteFile?: string }
  | { type: 'file'; path: Value; mode: string }
  | { type: 'archive'; path: Value; mode: string }
  | { type: 'config'; sections: Map<string, Map<string, string>>; style: 'basic' | 'extended' | 'raw' }
  | { type: 'argparser'; defs: ArgDef[] }
  | { type: 's3'; role: 'client' | 'resource' | 'bucket' | 'object'; bucket?: Value; key?: Value }
  | { type: 'remote'; scheme: 'sftp' | 'ftp' | 'ssh'; host?: Value; cwd?: Value }
  /** google-cloud-storage: a client, a bucket or a blob (`gs://bucket/name`). */
  | { type: 'gcs'; role: 'client' | 'bucket' | 'blob'; bucket?: Value; name?: Value }
  | { type: 'http'; base?: Value; method?: string }
  /**
   * What an HTTP request returned: reading its body reads the endpoint. `sent`: the request was a
   * write (POST, PUT, ...), so only that read is news (a GET has read it already).
   */
  | { type: 'response'; url: Value; sent: boolean }
  | { type: 'smtp'; host?: Value }
  /** PySpark (lib/spark.ts): `X.read` or `X.write`, with their format and options. */
  | { type: 'spark'; role: 'reader' | 'writer' }
  /** pymongo (lib/mongo.ts): a client, a database or a collection of the server `ns`. */
  | { type: 'mongo'; role: 'client' | 'db' | 'coll'; ns: string; db?: Str; coll?: Str }
  | { type: 'webdav'; base?: Value }
  | { type: 'writer'; path: Value }
  /** A document a library holds in memory (openpyxl, python-docx, python-pptx, PIL): `.save(PATH)` writes it. */
  | { type: 'document' }
  | { type: 'instance'; cls: ClassDef; attrs: Map<string, Value> }
  | { type: 'bound'; fn: FunctionDef; self: Value }
  /** `super()` in a method: the instance, with lookups starting at the class's bases. */
  | { type: 'super'; cls: ClassDef; self: Value };

export interface ArgDef {
  names: string[];
  dest: string;
  positional: boolean;
  default: Value;
  flag?: 'true' | 'false' | 'count';
  many?: boolean;
  /** Declared with optparse's add_option (parse_args then returns (options, args)). */
  optparse?: boolean;
}

export type Value =
  | Str
  | { k: 'num'; n: number }
  | { k: 'bool'; b: boolean }
  | { k: 'none' }
  /** A list or tuple; `same`: every element is like items[0] (a glob's result). */
  | { k: 'list'; items: Value[]; same?: boolean }
  /** `foldKeys`: keys are matched lower-cased (a configparser section: optionxform). */
  | { k: 'dict'; entries: Map<string, Value>; foldKeys?: boolean }
  | { k: 'alts'; options: Value[] }
  /** A library module, class or function by its qualified name (`os.path.join`). */
  | { k: 'ref'; name: string }
  | { k: 'obj'; obj: PyObject }
  | { k: 'func'; fn: FunctionDef }
  | { k: 'module'; mod: ModuleState }
  | { k: 'class'; cls: ClassDef }
  | { k: 'unknown' };

export const UNKNOWN: Value = { k: 'unknown' };
export const NONE: Value = { k: 'none' };

export function str(s: string, via = false): Str {
  return { k: 'str', s, via };
}

export const hole = (): Str => str(HOLE, true);

export function alts(options: Value[]): Value {
  const flat: Value[] = [];
  for (const o of options) {
    if (o.k === 'alts') flat.push(...o.options);
    else flat.push(o);
  }
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const o of flat) {
    const key = o.k === 'str' ? `s:${o.s}` : undefined;
    if (key && seen.has(key)) continue;
    if (key) seen.add(key);
    out.push(o);
    if (out.length >= MAX_ALTS) break;
  }
  if (out.length === 0) return UNKNOWN;
  return out.length === 1 ? (out[0] as Value) : { k: 'alts', options: out };
}

/** The options of a value (itself when it is not a set of alternatives). */
export function options(v: Value): Value[] {
  return v.k === 'alts' ? v.options : [v];
}

/** Apply f to every alternative. */
export function mapAlts(v: Value, f: (x: Value) => Value): Value {
  return v.k === 'alts' ? alts(v.options.map(f)) : f(v);
}

/** Text of a value in a string context (`str(x)`, f-string, concatenation); unknown parts are HOLE. */
export function toStr(v: Value): Str {
  switch (v.k) {
    case 'str':
      return v.path ? { k: 'str', s: v.s, via: v.via } : v;
    case 'num':
      return str(String(v.n));
    case 'bool':
      return str(v.b ? 'True' : 'False');
    case 'none':
      return str('None');
    case 'alts': {
      const first = v.options.find((o) => o.k === 'str');
      return first ? toStr(first) : hole();
    }
    default:
      return hole();
  }
}

export function concatStr(parts: Str[]): Str {
  let s = '';
  let via = false;
  for (const p of parts) {
    s += p.s;
    via ||= p.via;
  }
  // generated code can double a string many times over: keep the head, the rest is unknown
  if (s.length > MAX_STR) s = s.slice(0, MAX_STR) + HOLE;
  return { k: 'str', s: s.replace(/\uE000{2,}/g, HOLE), via };
}

/** Concatenate with alternatives expanded (bounded by MAX_ALTS). */
export function concatValues(parts: Value[]): Value {
  let acc: Value[] = [str('')];
  for (const p of parts) {
    const opts = options(p);
    const next: Value[] = [];
    for (const a of acc) {
      for (const o of opts) {
        next.push(concatStr([toStr(a), toStr(o)]));
        if (next.length >= MAX_ALTS) break;
      }
      if (next.length >= MAX_ALTS) break;
    }
    acc = next;
  }
  return alts(acc);
}

/** Render for output: every unknown run becomes `*`. */
export function render(s: string): string {
  return s.replace(HOLES, '*');
}

export function hasHole(s: string): boolean {
  return s.includes(HOLE);
}

export function confidenceOfStr(v: Str, rendered: string): Confidence {
  if (rendered.includes('*')) return 'partial';
  return v.via ? 'resolved' : 'exact';
}

/** Mark a value as having come through a variable / argument / config. */
export function viaOf(v: Value): Value {
  if (v.k === 'str') return v.via ? v : { ...v, via: true };
  if (v.k === 'alts') return { k: 'alts', options: v.options.map(viaOf) };
  return v;
}

/** Truthiness when it is known. */
export function truthy(v: Value): boolean | undefined {
  switch (v.k) {
    case 'str':
      return hasHole(v.s) ? undefined : v.s.length > 0 || v.path === true;
    case 'num':
      return v.n !== 0;
    case 'bool':
      return v.b;
    case 'none':
      return false;
    case 'list':
      return v.same ? undefined : v.items.length > 0;
    case 'dict':
      return v.entries.size > 0;
    case 'func':
    case 'class':
    case 'module':
      return true;
    default:
      return undefined;
  }
}

/** `d[key]` on a dict value (a configparser section folds the key to lower case). */
export function dictGet(d: Extract<Value, { k: 'dict' }>, key: string): Value | undefined {
  return d.entries.get(key) ?? (d.foldKeys ? d.entries.get(key.toLowerCase()) : undefined);
}

/** A class member, its own or inherited (depth-first over the bases, as a simple MRO). */
export function memberOf(cls: ClassDef, name: string, depth = 0): Value | undefined {
  const own = cls.members.get(name);
  if (own !== undefined || depth > 8) return own;
  for (const b of cls.bases) {
    const m = memberOf(b, name, depth + 1);
    if (m !== undefined) return m;
  }
  return undefined;
}
