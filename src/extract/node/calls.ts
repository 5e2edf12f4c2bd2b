/**
 * The Node.js calls batch scripts use for data (read from public cron scripts and loaders): fs
 * (callback, Sync and promises forms alike), streams, xlsx, child_process, HTTP clients (fetch,
 * axios, http(s), request, got), database clients (pg, mysql/mysql2, sqlite3, better-sqlite3,
 * knex, mssql) with their SQL. Keyed by a canonical name: `fs.readFile` stands for
 * `fs.readFileSync`, `fs.promises.readFile` and `require('fs/promises').readFile`.
 */
import {
  basenameOf,
  copyCall,
  dirnameOf,
  fileCall as file,
  parsedDocument,
  type ScriptCall,
  tempDir,
  workingDir,
} from '../kit/calls.js';
import { dbFromOptions, dbFromUrl, sqliteDb } from '../kit/db.js';
import type { Direction } from '../kit/sink.js';
import { asStr, concat, joinPath, member, str, textOf, UNKNOWN, type V } from '../kit/value.js';
import type { ScriptRun } from '../kit/walk.js';
import { mongoClient } from './mongo.js';

export { LOOKS_LIKE_SQL } from '../kit/calls.js';

export type NodeCall = ScriptCall;

const copy = copyCall();

function http(dir: Direction | 'method'): NodeCall {
  return (run, a, line, name) => {
    const first = a[0];
    const opts = first?.k === 'obj' ? first : a[1];
    const url = first?.k === 'obj' ? urlOfOptions(first, name) : first;
    const method = textOf(member(opts, 'method'))?.toUpperCase();
    const d: Direction =
      dir === 'method' ? (method && /^(POST|PUT|PATCH|DELETE)$/.test(method) ? 'write' : 'read') : dir;
    if (url) run.sink.endpoint(d, url, line, name);
    return UNKNOWN;
  };
}

/**
 * The URL of an options object: `url`/`uri`, or node's `{ protocol, hostname | host, port, path }`
 * (`https.request({ hostname: 'api.x', path: '/v1/items', method: 'POST' })`); the scheme
 * defaults to the module's (`http.request` is http, others https).
 */
function urlOfOptions(opts: V, name: string): V | undefined {
  const direct = [member(opts, 'url'), member(opts, 'uri')].find((v) => v.k !== 'unknown');
  if (direct) return direct;
  const host = [member(opts, 'hostname'), member(opts, 'host')].find((v) => v.k === 'str');
  if (!host) return undefined;
  const protocol =
    textOf(member(opts, 'protocol'))?.replace(/:?$/, ':') ?? (name.startsWith('http.') ? 'http:' : 'https:');
  const port = member(opts, 'port');
  const path = member(opts, 'path');
  return concat([
    str(`${protocol}//`),
    host,
    ...(port.k === 'str' ? [str(':'), port] : []),
    path.k === 'str' ? path : str('/'),
  ]);
}

function fileUrlPath(v: V | undefined): V {
  if (v?.k !== 'str' || !v.s.startsWith('file://')) return UNKNOWN;
  return str(decodeURIComponent(v.s.slice('file://'.length)), v.via);
}

export const NODE_CALLS = new Map<string, NodeCall>([
  ['fs.readFile', file('read')],
  ['fs.createReadStream', file('read')],
  ['fs.writeFile', file('write')],
  ['fs.appendFile', file('write')],
  ['fs.createWriteStream', file('write')],
  ['fs.copyFile', copy],
  ['fs.rename', copy],
  ['fs.cp', copy],
  ['fs.move', copy],
  ['fs.copy', copy],
  ['fs.outputFile', file('write')],
  ['fs.readJson', file('read')],
  ['fs.writeJson', file('write')],
  ['fs.outputJson', file('write')],
  ['xlsx.readFile', file('read')],
  ['xlsx.writeFile', file('write', 1)],
  ['JSON.parse', parsedDocument],
  ['path.join', (_run, a) => joinPath(a)],
  ['path.resolve', (run, a) => resolvePath(run, a)],
  ['path.dirname', (_run, a) => dirnameOf(a[0])],
  // `fileURLToPath(import.meta.url)`: the module's own path (ES modules' `__filename`)
  ['url.fileURLToPath', (_run, a) => fileUrlPath(a[0])],
  ['url.pathToFileURL', (_run, a) => (a[0]?.k === 'str' ? str(`file://${a[0].s}`, a[0].via) : UNKNOWN)],
  ['path.basename', (_run, a) => basenameOf(a[0])],
  ['path.normalize', (_run, a) => a[0] ?? UNKNOWN],
  // `parseInt(process.env.DB_PORT, 10)`, `Number(x)`, `String(x)`: a known number stays known
  ['parseInt', (_run, a) => numberText(a[0])],
  ['Number', (_run, a) => numberText(a[0])],
  ['String', (_run, a) => a[0] ?? UNKNOWN],
  ['os.tmpdir', tempDir],
  ['process.cwd', workingDir],
  ['fetch', http('method')],
  ['axios', http('method')],
  ['axios.request', http('method')],
  ['axios.get', http('read')],
  ['axios.head', http('read')],
  ['axios.post', http('write')],
  ['axios.put', http('write')],
  ['axios.patch', http('write')],
  ['axios.delete', http('write')],
  ['https.get', http('read')],
  ['http.get', http('read')],
  ['https.request', http('method')],
  ['http.request', http('method')],
  ['request', http('method')],
  ['request.get', http('read')],
  ['request.post', http('write')],
  ['got', http('method')],
  ['got.get', http('read')],
  ['got.post', http('write')],
  ['needle.get', http('read')],
  ['needle.post', http('write')],
  ['superagent.get', http('read')],
  ['superagent.post', http('write')],
  ['child_process.exec', (run, a, line, name) => command(run, a[0], line, name)],
  ['child_process.execSync', (run, a, line, name) => command(run, a[0], line, name)],
  ['child_process.spawn', argvCall],
  ['child_process.spawnSync', argvCall],
  ['child_process.execFile', argvCall],
  ['child_process.execFileSync', argvCall],
  ['child_process.fork', (run, a, line) => fork(run, a, line)],
  ['execa', argvCall],
  ['execa.command', (run, a, line, name) => command(run, a[0], line, name)],
  // database clients: the value is the connection later `.query(sql)` calls run on
  ['pg.Pool', (run, a) => dbFromOptions('postgresql', withPgEnv(run, a[0]))],
  ['pg.Client', (run, a) => dbFromOptions('postgresql', withPgEnv(run, a[0]))],
  ['postgres', (_run, a) => dbFromUrl(a[0]) ?? dbFromOptions('postgresql', a[0] ?? a[1])],
  ['pg-promise', () => ({ k: 'db', sql: { dialect: 'postgresql' } })],
  ['mysql.createConnection', (_run, a) => dbFromUrl(a[0]) ?? dbFromOptions('mysql', a[0])],
  ['mysql.createPool', (_run, a) => dbFromUrl(a[0]) ?? dbFromOptions('mysql', a[0])],
  ['mysql2.createConnection', (_run, a) => dbFromUrl(a[0]) ?? dbFromOptions('mysql', a[0])],
  ['mysql2.createPool', (_run, a) => dbFromUrl(a[0]) ?? dbFromOptions('mysql', a[0])],
  ['mssql.connect', (_run, a) => dbFromUrl(a[0]) ?? dbFromOptions('mssql', a[0])],
  ['sqlite3.Database', (_run, a) => sqliteDb(asStr(a[0]).s)],
  ['better-sqlite3', (_run, a) => sqliteDb(asStr(a[0]).s)],
  ['knex', (_run, a) => knex(a[0])],
  // MongoDB: the client `.db(name).collection(name)` calls read and write through (mongo.ts)
  ['mongodb.MongoClient', (_run, a) => mongoClient(a[0])],
  ['mongodb.MongoClient.connect', (_run, a) => mongoClient(a[0])],
]);

/**
 * node-postgres fills what its options leave out from libpq's variables (`new Pool()` with
 * `PGHOST=db1 PGDATABASE=web` on the cron line connects to db1/web, not localhost).
 */
function withPgEnv(run: ScriptRun, opts: V | undefined): V | undefined {
  if (opts && opts.k !== 'obj') return opts;
  if (opts && member(opts, 'connectionString').k !== 'unknown') return opts;
  const props = new Map(opts?.props ?? []);
  const env = run.sink.env;
  for (const [key, name] of [
    ['host', 'PGHOST'],
    ['port', 'PGPORT'],
    ['database', 'PGDATABASE'],
  ] as const) {
    const v = env[name];
    if (member(opts, key).k === 'unknown' && v !== undefined && v !== '') props.set(key, str(v, true));
  }
  return { k: 'obj', props };
}

/** A value that is a whole number in decimal, as its text; anything else is unknown. */
function numberText(v: V | undefined): V {
  const t = v?.k === 'str' ? v.s.trim() : undefined;
  return t !== undefined && /^-?\d+$/.test(t)
    ? { k: 'str', s: String(Number(t)), via: true, num: true }
    : UNKNOWN;
}

/** `knex({ client: 'pg', connection: {...} | 'postgres://...' })`. */
function knex(opts: V | undefined): V {
  const client = textOf(member(opts, 'client')) ?? 'unknown';
  const conn = member(opts, 'connection');
  if (/sqlite/.test(client)) return sqliteDb(asStr(member(conn, 'filename')).s);
  return dbFromUrl(conn) ?? dbFromOptions(client.replace(/^pg$/, 'postgresql'), conn);
}

function command(run: ScriptRun, cmd: V | undefined, line: number, name: string): V {
  if (cmd) run.sink.command(cmd, line, name);
  return UNKNOWN;
}

/** `spawn('python3', ['x.py', a])`, `execFile('/opt/x.sh', [a])`: argv without a shell. */
function argvCall(run: ScriptRun, a: V[], line: number, name: string): V {
  const prog = a[0];
  if (!prog) return UNKNOWN;
  const rest = a[1]?.k === 'list' ? a[1].items : [];
  const opts = a[1]?.k === 'obj' ? a[1] : a[2];
  if (textOf(member(opts, 'shell')) === 'true') return command(run, prog, line, name);
  run.sink.argv([prog, ...rest], line, name);
  return UNKNOWN;
}

/** `fork('./worker.js', [args])`: another Node.js script. */
function fork(run: ScriptRun, a: V[], line: number): V {
  const mod = a[0];
  const rest = a[1]?.k === 'list' ? a[1].items.map((x) => asStr(x).s) : [];
  if (mod) run.sink.invoke(mod, rest, 'node', line, 'child_process.fork');
  return UNKNOWN;
}

function resolvePath(run: ScriptRun, a: V[]): V {
  let start = 0;
  a.forEach((p, i) => {
    if (asStr(p).s.startsWith('/')) start = i;
  });
  const parts = a.slice(start);
  if (!asStr(parts[0]).s.startsWith('/')) parts.unshift(str(run.ctx.cwd, true));
  return joinPath(parts);
}

/** Methods that run SQL on a connection (pg, mysql, sqlite3, better-sqlite3, knex.raw, mssql). */
export const SQL_METHODS = new Set([
  'query',
  'execute',
  'raw',
  'exec',
  'run',
  'all',
  'get',
  'prepare',
  'each',
  'none',
  'one',
  'many',
  'any',
  'oneOrNone',
  'manyOrNone',
  'result',
]);
