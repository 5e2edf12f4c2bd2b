/**
 * aws.s3: `put_object(file, object, bucket)` writes `s3://bucket/object` (and reads the local
 * file), `get_object(object, bucket)` reads it, `save_object(object, bucket, file)` reads it and
 * writes the local file, `s3write_using(x, FUN, object =, bucket =)` and
 * `s3read_using(FUN, object =, bucket =)`. Arguments are matched as R does: named first, then
 * the remaining formals in order by position (none after `...`).
 */
import type { Direction } from '../kit/sink.js';
import { asStr, concat, str, type V } from '../kit/value.js';
import type { Args, ScriptRun } from '../kit/walk.js';

/** R's argument matching for the formals before `...` (later formals only by name). */
export function matchFormals(a: Args, formals: string[], named: string[] = []): Map<string, V> {
  const out = new Map<string, V>();
  for (const f of [...formals, ...named]) {
    const v = a.named.get(f);
    if (v) out.set(f, v);
  }
  let i = 0;
  for (const f of formals) {
    if (out.has(f)) continue;
    const v = a.pos[i++];
    if (v) out.set(f, v);
  }
  return out;
}

/** `s3://bucket/key` from an object (which may itself be an `s3://` URL) and a bucket. */
export function s3Url(object: V | undefined, bucket: V | undefined): V | undefined {
  const o = asStr(object);
  if (/^s3:\/\//i.test(o.s)) return o;
  if (!bucket) return undefined;
  const b = asStr(bucket);
  return concat([str('s3://'), b, str('/'), str(o.s.replace(/^\/+/, ''), o.via)]);
}

function basename(v: V | undefined): V | undefined {
  if (v?.k !== 'str') return undefined;
  return str(v.s.slice(v.s.lastIndexOf('/') + 1), v.via);
}

export type S3Call = (run: ScriptRun, a: Args, line: number, name: string) => void;

function endpoint(run: ScriptRun, dir: Direction, url: V | undefined, line: number, name: string): void {
  if (url) run.sink.endpoint(dir, url, line, `aws.s3 ${name}`);
}

export const S3_CALLS = new Map<string, S3Call>([
  [
    'put_object',
    (run, a, line, name) => {
      const m = matchFormals(a, ['file', 'object', 'bucket']);
      const file = m.get('file');
      // `object` defaults to the file's base name
      endpoint(run, 'write', s3Url(m.get('object') ?? basename(file), m.get('bucket')), line, name);
      if (file?.k === 'str') run.sink.file('read', file, line, `aws.s3 ${name}`);
    },
  ],
  [
    'get_object',
    (run, a, line, name) => {
      const m = matchFormals(a, ['object', 'bucket']);
      endpoint(run, 'read', s3Url(m.get('object'), m.get('bucket')), line, name);
    },
  ],
  [
    'save_object',
    (run, a, line, name) => {
      const m = matchFormals(a, ['object', 'bucket', 'file']);
      const object = m.get('object');
      endpoint(run, 'read', s3Url(object, m.get('bucket')), line, name);
      // `file` defaults to the object's base name, in the working directory
      const file = m.get('file') ?? basename(object);
      if (file) run.sink.file('write', file, line, `aws.s3 ${name}`);
    },
  ],
  [
    'delete_object',
    (run, a, line, name) => {
      const m = matchFormals(a, ['object', 'bucket']);
      endpoint(run, 'write', s3Url(m.get('object'), m.get('bucket')), line, name);
    },
  ],
  [
    's3write_using',
    (run, a, line, name) => {
      const m = matchFormals(a, ['x', 'FUN'], ['object', 'bucket']);
      endpoint(run, 'write', s3Url(m.get('object'), m.get('bucket')), line, name);
    },
  ],
  [
    's3read_using',
    (run, a, line, name) => {
      const m = matchFormals(a, ['FUN'], ['object', 'bucket']);
      endpoint(run, 'read', s3Url(m.get('object'), m.get('bucket')), line, name);
    },
  ],
]);
