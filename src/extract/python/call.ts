/**
 * A call as library handlers see it: evaluated arguments, the receiver for methods, and where it
 * is (for evidence). Handlers return the value of the call (UNKNOWN when it does not matter) and
 * record edges through the interpreter's recorder.
 */
import type { Frame, Interp } from './frame.js';
import type { Direction } from './recorder.js';
import { strValue } from './recorder.js';
import type { PyNode } from './tree.js';
import { options, type PyObject, render, type Str, UNKNOWN, type Value } from './value.js';

export interface Call {
  interp: Interp;
  frame: Frame;
  node: PyNode;
  /** Qualified library name (`os.path.join`) or, for methods, the method name. */
  name: string;
  receiver?: Value;
  args: Value[];
  kwargs: Map<string, Value>;
}

export type Handler = (c: Call) => Value | undefined;
/** Methods of a PyObject type, by method name. */
export type MethodTable = Partial<Record<PyObject['type'], Record<string, Handler>>>;

/** Positional argument i, or keyword `kw`. */
export function arg(c: Call, i: number, ...kw: string[]): Value | undefined {
  for (const k of kw) {
    const v = c.kwargs.get(k);
    if (v !== undefined) return v;
  }
  return i >= 0 ? c.args[i] : undefined;
}

export function argStr(c: Call, i: number, ...kw: string[]): Str | undefined {
  const v = arg(c, i, ...kw);
  return v ? strValue(v) : undefined;
}

/** A literal-ish text argument (a mode, a method name), or undefined when unknown. */
export function argText(c: Call, i: number, ...kw: string[]): string | undefined {
  const s = argStr(c, i, ...kw);
  return s && !render(s.s).includes('*') ? s.s : undefined;
}

export function fileRef(c: Call, dir: Direction, v: Value | undefined, construct: string): void {
  if (v) c.interp.rec.file(c.frame, c.node, dir, v, construct, c.interp.cwd);
}

export function endpointRef(c: Call, dir: Direction, v: Value | undefined, construct: string): void {
  if (v) c.interp.rec.endpoint(c.frame, c.node, dir, v, construct);
}

/**
 * `v` used as data (`resp.read()`, `resp.json()`, `json.load(resp)`, `etree.parse(resp)`): each
 * HTTP response among its values reads its endpoint. A POST that sends a query and parses what
 * comes back reads the server's data; a webhook whose response is only checked does not.
 */
export function readResponse(c: Call, v: Value | undefined): boolean {
  let found = false;
  for (const o of options(v ?? UNKNOWN)) {
    if (o.k !== 'obj' || o.obj.type !== 'response') continue;
    // a GET's endpoint is read already, at the request
    if (o.obj.sent) endpointRef(c, 'reads', o.obj.url, construct(c, 'the response'));
    found = true;
  }
  return found;
}

/** Short construct label for evidence: the callee as written, e.g. `pd.read_csv()`. */
export function construct(c: Call, detail = ''): string {
  const fn = c.node.childForFieldName('function');
  const callee = fn ? fn.text.replace(/\s+/g, '') : c.name;
  const short = callee.length > 60 ? `${callee.slice(0, 57)}...` : callee;
  return detail ? `${short}(${detail})` : `${short}()`;
}
