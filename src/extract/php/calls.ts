/**
 * The PHP calls CLI batch scripts use for data (read from public cron scripts: exports, feeds,
 * imports): file functions, PDO/mysqli/pg_* with their SQL, curl and URL wrappers, exec and
 * friends, config parsers. Keyed by lower-case function name (PHP's are case-insensitive).
 */

import { copyCall, fileCall, openCall, type ScriptCall } from '../kit/calls.js';
import { readConfig } from '../kit/config.js';
import { dbFromOptions, sqliteDb } from '../kit/db.js';
import { parseOptions } from '../kit/options.js';
import type { Direction } from '../kit/sink.js';
import { asStr, concat, str, textOf, UNKNOWN, type V } from '../kit/value.js';
import type { ScriptRun } from '../kit/walk.js';
import { sprintf } from '../r/calls.js';

export type PhpCall = ScriptCall;

const file = (dir: Direction, index = 0): PhpCall => fileCall(dir, index, false);
/** fopen-like: the mode says read or write (`r` read; `w`, `a`, `x`, `c` write; `+` both). */
const open = openCall();

function command(run: ScriptRun, a: V[], line: number, name: string): V {
  if (a[0]) run.sink.command(a[0], line, name);
  return UNKNOWN;
}

const copy = copyCall(str('1'));

function config(run: ScriptRun, a: V[], line: number, name: string): V {
  return a[0] ? readConfig(run.sink, a[0], line, name) : UNKNOWN;
}

/** `mysqli_query($conn, $sql)`, `pg_query($conn, $sql)` or `pg_query($sql)`. */
function sqlFn(sqlIndex: number): PhpCall {
  return (run, a, line, name) => {
    const conn = a.length > sqlIndex ? a[0] : undefined;
    const sql = a.length > sqlIndex ? a[sqlIndex] : a[0];
    if (sql)
      run.sink.sql(
        sql,
        conn?.k === 'db' ? conn.sql : { dialect: name.startsWith('pg_') ? 'postgresql' : 'mysql' },
        line,
        name,
      );
    return UNKNOWN;
  };
}

export const PHP_CALLS = new Map<string, PhpCall>([
  [
    'file_get_contents',
    (run, a, line, name) => {
      const p = a[0];
      if (!p) return UNKNOWN;
      if (/\.(json|ya?ml|ini|env)$/i.test(asStr(p).s)) return readConfig(run.sink, p, line, name);
      run.sink.file('read', p, line, name);
      return UNKNOWN;
    },
  ],
  ['file', file('read')],
  ['readfile', file('read')],
  ['fopen', open],
  ['gzopen', open],
  ['splfileobject', open],
  ['simplexml_load_file', file('read')],
  ['file_put_contents', file('write')],
  ['copy', copy],
  ['rename', copy],
  ['parse_ini_file', config],
  ['yaml_parse_file', config],
  ['json_decode', (_run, a) => (a[0]?.k === 'obj' || a[0]?.k === 'list' ? a[0] : UNKNOWN)],
  ['exec', command],
  ['shell_exec', command],
  ['system', command],
  ['passthru', command],
  ['popen', command],
  [
    'proc_open',
    (run, a, line, name) => {
      if (a[0]?.k !== 'list') return command(run, a, line, name);
      run.sink.argv(a[0].items, line, name);
      return UNKNOWN;
    },
  ],
  [
    'curl_init',
    (run, a, line) => {
      if (a[0]) run.sink.endpoint('read', a[0], line, 'curl_init');
      return UNKNOWN;
    },
  ],
  [
    'curl_setopt',
    (run, a, line) => {
      if (textOf(a[1]) === 'CURLOPT_URL' && a[2])
        run.sink.endpoint('read', a[2], line, 'curl_setopt CURLOPT_URL');
      return UNKNOWN;
    },
  ],
  ['mysqli_connect', (_run, a) => dbFromOptions('mysql', obj({ host: a[0], database: a[3], port: a[4] }))],
  ['mysqli', (_run, a) => dbFromOptions('mysql', obj({ host: a[0], database: a[3], port: a[4] }))],
  ['pg_connect', (_run, a) => keywordDb(a[0])],
  ['pg_pconnect', (_run, a) => keywordDb(a[0])],
  ['pdo', (_run, a) => pdoDsn(a[0])],
  ['sqlite3', (_run, a) => sqliteDb(asStr(a[0]).s)],
  ['mysqli_query', sqlFn(1)],
  ['mysqli_multi_query', sqlFn(1)],
  ['mysqli_prepare', sqlFn(1)],
  ['mysql_query', (run, a, line, name) => sqlFn(0)(run, [a[0] ?? UNKNOWN], line, name)],
  ['pg_query', sqlFn(1)],
  ['pg_query_params', sqlFn(1)],
  ['pg_prepare', sqlFn(2)],
  ['pg_send_query', sqlFn(1)],
  [
    'getenv',
    (run, a) => {
      const v = run.sink.env[asStr(a[0]).s];
      return v !== undefined ? str(v, true) : UNKNOWN;
    },
  ],
  ['getopt', (run) => parseOptions(run.ctx.args)],
  ['sys_get_temp_dir', () => str('/tmp')],
  [
    'dirname',
    (_run, a) => {
      const s = asStr(a[0]);
      const i = s.s.lastIndexOf('/');
      return i > 0 ? str(s.s.slice(0, i), s.via) : str('.', s.via);
    },
  ],
  [
    'basename',
    (_run, a) => {
      const s = asStr(a[0]);
      return str(s.s.slice(s.s.lastIndexOf('/') + 1), s.via);
    },
  ],
  ['realpath', (_run, a) => a[0] ?? UNKNOWN],
  ['trim', (_run, a) => a[0] ?? UNKNOWN],
  ['strtolower', (_run, a) => a[0] ?? UNKNOWN],
  ['sprintf', (_run, a) => sprintf(a)],
  [
    'implode',
    (_run, a) => {
      const [sep, list] = a[1]?.k === 'list' ? [a[0], a[1]] : [a[1], a[0]];
      if (list?.k !== 'list') return UNKNOWN;
      return concat(list.items.flatMap((x, i) => (i > 0 ? [sep ?? str(''), x] : [x])));
    },
  ],
]);

function obj(fields: Record<string, V | undefined>): V {
  const props = new Map<string, V>();
  for (const [k, v] of Object.entries(fields)) if (v?.k === 'str') props.set(k, v);
  return { k: 'obj', props };
}

/** `pgsql:host=h;port=5432;dbname=d`, `mysql:host=h;dbname=d`, `sqlite:/path/x.db`. */
function pdoDsn(dsn: V | undefined): V {
  const s = asStr(dsn).s;
  const m = /^(\w+):(.*)$/s.exec(s);
  if (!m) return { k: 'db', sql: { dialect: 'unknown' } };
  const driver = (m[1] as string).toLowerCase();
  if (driver === 'sqlite') return sqliteDb(m[2] as string);
  const fields: Record<string, V | undefined> = {};
  for (const part of (m[2] as string).split(';')) {
    const [k, ...v] = part.split('=');
    if (k) fields[k.trim().toLowerCase()] = str(v.join('=').trim(), true);
  }
  const dialect =
    driver === 'pgsql' ? 'postgresql' : driver === 'sqlsrv' || driver === 'dblib' ? 'mssql' : driver;
  return dbFromOptions(
    dialect,
    obj({
      host: fields.host ?? fields.server,
      port: fields.port,
      database: fields.dbname ?? fields.database,
    }),
  );
}

/** libpq `host=h port=5432 dbname=d user=u`. */
function keywordDb(conn: V | undefined): V {
  const fields: Record<string, V | undefined> = {};
  for (const m of asStr(conn).s.matchAll(/(\w+)\s*=\s*('[^']*'|\S+)/g)) {
    fields[(m[1] as string).toLowerCase()] = str((m[2] as string).replace(/^'|'$/g, ''), true);
  }
  return dbFromOptions('postgresql', obj({ host: fields.host, port: fields.port, database: fields.dbname }));
}
