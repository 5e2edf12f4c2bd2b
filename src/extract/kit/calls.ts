/**
 * Library calls the tree-sitter script languages share in shape (Node.js, Ruby, PHP, R): a reader
 * or writer whose path is one argument, a copy or move, an `fopen`-style open whose mode says the
 * direction, a parsed config document passed on, path pieces. Each language keys these by its own
 * names in its calls table; what differs between languages stays in that table.
 */
import { readConfig } from './config.js';
import type { Direction } from './sink.js';
import { asStr, str, textOf, UNKNOWN, type V } from './value.js';
import type { ScriptRun } from './walk.js';

/** A call with positional argument values (Node.js, Ruby, PHP): what it finds, and its value. */
export type ScriptCall = (run: ScriptRun, a: V[], line: number, name: string) => V | undefined;

/** Files whose reading gives a config document (its values resolve later paths). */
export const CONFIG_FILE = /\.(json|ya?ml|ini|env|conf|cfg)$/i;

/** SQL text, by its first word, for a `.query(...)` on a receiver the walk could not follow. */
export const LOOKS_LIKE_SQL =
  /^\s*(select|insert|update|delete|merge|with|create|drop|truncate|copy|replace|call|alter)\b/i;

const SQL_NAME = String.raw`[\w.\`"[\]]+`;
const SQL_ITEM = String.raw`(\*|[\w.\`"*()]+(\s+as\s+\w+)?)`;

/**
 * A whole SQL statement: a verb and the clause that names its table (`SELECT ... FROM t`,
 * `INSERT INTO t`, `UPDATE t SET`, `DELETE FROM t`). Strict enough to take the literal argument
 * of any method on an object the walk could not follow (a project's own database wrapper class,
 * `$db->getAllValues("SELECT id FROM feeds")`) for SQL it runs.
 */
export const SQL_STATEMENT = new RegExp(
  [
    String.raw`^\s*select\s+(distinct\s+)?${SQL_ITEM}(\s*,\s*${SQL_ITEM})*\s+from\s+${SQL_NAME}`,
    String.raw`^\s*insert\s+(ignore\s+)?into\s+${SQL_NAME}(\s*\(|\s+(values|select|set)\b)`,
    String.raw`^\s*replace\s+into\s+${SQL_NAME}(\s*\(|\s+(values|select|set)\b)`,
    String.raw`^\s*update\s+${SQL_NAME}\s+set\s+${SQL_NAME}\s*=`,
    String.raw`^\s*delete\s+from\s+${SQL_NAME}(\s+(where|using)\b|\s*;?\s*$)`,
  ].join('|'),
  'i',
);

/**
 * A reader or writer of the path in argument `index`. With `config`, reading a config document
 * gives its values (`JSON.parse(fs.readFileSync('cfg.json'))` passes them on).
 */
export function fileCall(dir: Direction, index = 0, config = true): ScriptCall {
  return (run, a, line, name) => {
    const p = a[index];
    if (!p) return UNKNOWN;
    if (config && dir === 'read' && CONFIG_FILE.test(asStr(p).s)) return readConfig(run.sink, p, line, name);
    run.sink.file(dir, p, line, name);
    return UNKNOWN;
  };
}

/** copy, rename, move: reads the first argument, writes the second; the call's value is `result`. */
export function copyCall(result: V = UNKNOWN): ScriptCall {
  return (run, a, line, name) => {
    if (a[0]) run.sink.file('read', a[0], line, name);
    if (a[1]) run.sink.file('write', a[1], line, name);
    return result;
  };
}

/**
 * `fopen(p, mode)`, `File.open(p, 'w')`: `r` reads; `w`, `a`, `x`, `c` write; `+` both, but
 * `w+` and `x+` truncate or create the file, so they read nothing that was in it. The
 * part after a `:` is an encoding (`'r:utf-8'`), not a mode. The value is a handle later writes
 * and reads go through.
 */
export function openCall(modeOf: (a: V[]) => string | undefined = (a) => textOf(a[1])): ScriptCall {
  return (run, a, line, name) => {
    const p = a[0];
    if (!p) return UNKNOWN;
    const mode = (modeOf(a) ?? 'r').split(':')[0] as string;
    if (/^r/.test(mode) || (mode.includes('+') && !/[wx]/.test(mode))) run.sink.file('read', p, line, name);
    if (/[waxc+]/.test(mode) && mode !== 'r') run.sink.file('write', p, line, name);
    return { k: 'handle', path: p, mode: /[waxc]/.test(mode) ? 'write' : 'read' };
  };
}

/** `JSON.parse(text)` of a config document already read: its values pass on. */
export const parsedDocument: ScriptCall = (_run, a) =>
  a[0]?.k === 'obj' || a[0]?.k === 'list' ? a[0] : UNKNOWN;

/** The system's temporary directory (`os.tmpdir()`, `Dir.tmpdir`, `sys_get_temp_dir()`). */
export const tempDir: ScriptCall = () => str('/tmp');

/** The working directory (`process.cwd()`, `Dir.pwd`, `getcwd()`). */
export const workingDir: ScriptCall = (run) => str(run.ctx.cwd, true);

/** `dirname`: `/a/b` -> `/a`, `/a` -> `/`, `b` -> `.`. */
export function dirnameOf(v: V | undefined): V {
  const s = asStr(v);
  const i = s.s.lastIndexOf('/');
  // an unknown name may hold directories of its own: its directory is not known
  if (i < 0 && s.s.includes('*')) return str('*', true);
  return i > 0 ? str(s.s.slice(0, i), s.via) : str(i === 0 ? '/' : '.', s.via);
}

/** `basename`: what follows the last `/`. */
export function basenameOf(v: V | undefined): V {
  const s = asStr(v);
  return str(s.s.slice(s.s.lastIndexOf('/') + 1), s.via);
}
