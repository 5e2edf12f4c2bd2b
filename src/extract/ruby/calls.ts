/**
 * The Ruby calls batch scripts use for data (read from public cron/rake scripts): File, IO, CSV,
 * FileUtils, YAML/JSON config, Logger files, PG/Mysql2/SQLite3/Sequel with their SQL, Net::HTTP,
 * open-uri, HTTParty/RestClient/Faraday, system/exec/spawn/Open3. Keyed by `Receiver.method`.
 */
import {
  basenameOf,
  copyCall,
  dirnameOf,
  fileCall as file,
  openCall,
  parsedDocument,
  type ScriptCall,
  tempDir,
  workingDir,
} from '../kit/calls.js';
import { readConfig } from '../kit/config.js';
import { dbFromOptions, dbFromUrl, sqliteDb } from '../kit/db.js';
import { expandGlob } from '../kit/glob.js';
import type { Direction } from '../kit/sink.js';
import { asStr, joinPath, member, str, textOf, UNKNOWN, type V } from '../kit/value.js';
import type { ScriptRun } from '../kit/walk.js';

export { LOOKS_LIKE_SQL } from '../kit/calls.js';

export type RubyCall = ScriptCall;

/** `File.open(p, 'w')`, `CSV.open(p, 'a')`, `File.open(p, mode: 'w')`: the mode says read or write. */
const open = openCall((a) => textOf(a[1]) ?? textOf(member(a.at(-1), 'mode')));
const copy = copyCall();

/** `system("cmd")` is a shell line; `system("prog", "a", "b")` an argv without a shell. */
function command(run: ScriptRun, a: V[], line: number, name: string): V {
  const words = a.filter((x) => x.k !== 'obj');
  if (words.length === 1 && words[0]) run.sink.command(words[0], line, name);
  else if (words.length > 1) run.sink.argv(words, line, name);
  return UNKNOWN;
}

function http(dir: Direction | 'verb'): RubyCall {
  return (run, a, line, name) => {
    const verb = name.slice(name.lastIndexOf('.') + 1);
    const d: Direction = dir === 'verb' ? (/^(post|put|patch|delete)/.test(verb) ? 'write' : 'read') : dir;
    const url = a.find((x) => x.k === 'str' && /^[a-z]+:\/\//i.test(x.s)) ?? a[0];
    if (url) run.sink.endpoint(d, url, line, name);
    return UNKNOWN;
  };
}

/**
 * `Dir.glob(pattern)`: a literal pattern (the caller passes its text, `**` intact) is expanded
 * against the server's files when a few match; one built from variables is not (its `*` may be an
 * unknown part, not a wildcard), nor one that matches nothing yet (the script may create the
 * files first): the pattern stays, as the one element of the list.
 */
export function dirGlob(run: ScriptRun, pattern: V, literal?: string): V {
  if (pattern.k !== 'str') return UNKNOWN;
  const found = literal !== undefined ? expandGlob(run.ctx.fs, literal) : undefined;
  return { k: 'list', items: found ? found.map((p) => str(p, true)) : [pattern] };
}

export const RUBY_CALLS = new Map<string, RubyCall>([
  ['File.read', file('read')],
  ['File.binread', file('read')],
  ['File.readlines', file('read')],
  ['File.foreach', file('read')],
  ['File.new', open],
  ['File.open', open],
  ['File.write', file('write')],
  ['File.binwrite', file('write')],
  ['File.rename', copy],
  ['IO.read', file('read')],
  ['IO.readlines', file('read')],
  ['IO.foreach', file('read')],
  ['IO.write', file('write')],
  ['CSV.read', file('read')],
  ['CSV.foreach', file('read')],
  ['CSV.table', file('read')],
  ['CSV.open', open],
  ['Zlib::GzipReader.open', file('read')],
  ['Zlib::GzipWriter.open', file('write')],
  ['Roo::Spreadsheet.open', file('read')],
  [
    'Logger.new',
    (run, a, line, name) => {
      const p = a[0];
      if (p?.k === 'str' && !/^(STDOUT|STDERR|\$stdout|\$stderr)$/.test(p.s))
        run.sink.file('write', p, line, name);
      return UNKNOWN;
    },
  ],
  ['FileUtils.cp', copy],
  ['FileUtils.copy', copy],
  ['FileUtils.cp_r', copy],
  ['FileUtils.mv', copy],
  ['FileUtils.move', copy],
  ['FileUtils.copy_file', copy],
  ['YAML.load_file', file('read')],
  ['YAML.safe_load_file', file('read')],
  ['Psych.load_file', file('read')],
  ['JSON.load_file', file('read')],
  ['JSON.parse', parsedDocument],
  ['YAML.load', yamlDocument],
  ['YAML.safe_load', yamlDocument],
  ['Psych.load', yamlDocument],
  ['Psych.safe_load', yamlDocument],
  ['File.absolute_path', (run, a) => expandPath(run, a)],
  ['File.realpath', (run, a) => expandPath(run, a)],
  ['File.join', (_run, a) => joinPath(a)],
  ['File.expand_path', (run, a) => expandPath(run, a)],
  ['File.dirname', (_run, a) => dirnameOf(a[0])],
  ['File.basename', (_run, a) => basenameOf(a[0])],
  ['Dir.pwd', workingDir],
  ['Dir.tmpdir', tempDir],
  ['URI', (_run, a) => a[0] ?? UNKNOWN],
  ['URI.parse', (_run, a) => a[0] ?? UNKNOWN],
  ['Pathname.new', (_run, a) => a[0] ?? UNKNOWN],
  ['system', command],
  ['exec', command],
  ['spawn', command],
  ['Process.spawn', command],
  ['Kernel.system', command],
  ['IO.popen', command],
  ['Open3.capture2', command],
  ['Open3.capture2e', command],
  ['Open3.capture3', command],
  ['Open3.popen3', command],
  ['Net::HTTP.get', http('read')],
  ['Net::HTTP.get_response', http('read')],
  ['Net::HTTP.post', http('write')],
  ['Net::HTTP.post_form', http('write')],
  ['Net::HTTP.new', httpSession],
  ['Net::HTTP.start', httpSession],
  ['Net::HTTP::Get.new', httpRequest('read')],
  ['Net::HTTP::Head.new', httpRequest('read')],
  ['Net::HTTP::Post.new', httpRequest('write')],
  ['Net::HTTP::Put.new', httpRequest('write')],
  ['Net::HTTP::Patch.new', httpRequest('write')],
  ['Net::HTTP::Delete.new', httpRequest('write')],
  ['URI.open', http('read')],
  [
    'open',
    (run, a, line, name) =>
      /^[a-z]+:\/\//i.test(asStr(a[0]).s) ? http('read')(run, a, line, name) : open(run, a, line, name),
  ],
  ['PG.connect', (_run, a) => dbFromUrl(a[0]) ?? dbFromOptions('postgresql', a.at(-1))],
  ['PG::Connection.new', (_run, a) => dbFromUrl(a[0]) ?? dbFromOptions('postgresql', a.at(-1))],
  ['PG::Connection.open', (_run, a) => dbFromUrl(a[0]) ?? dbFromOptions('postgresql', a.at(-1))],
  ['Mysql2::Client.new', (_run, a) => dbFromOptions('mysql', a[0])],
  ['SQLite3::Database.new', (_run, a) => sqliteDb(asStr(a[0]).s)],
  ['SQLite3::Database.open', (_run, a) => sqliteDb(asStr(a[0]).s)],
  [
    'Sequel.connect',
    (_run, a) => dbFromUrl(a[0]) ?? dbFromOptions(textOf(member(a[0], 'adapter')) ?? 'unknown', a[0]),
  ],
  ['Sequel.postgres', (_run, a) => dbFromOptions('postgresql', a.at(-1))],
  ['Sequel.mysql2', (_run, a) => dbFromOptions('mysql', a.at(-1))],
  ['Sequel.sqlite', (_run, a) => sqliteDb(asStr(a[0]).s)],
]);
for (const lib of ['HTTParty', 'RestClient', 'Faraday', 'HTTP', 'Excon', 'Typhoeus'])
  for (const verb of ['get', 'post', 'put', 'patch', 'delete', 'head'])
    RUBY_CALLS.set(`${lib}.${verb}`, http('verb'));

/** Keys under which a value stands for a Net::HTTP session (its server) or request (verb, target). */
export const HTTP_SERVER = '\0http_server';
export const HTTP_REQUEST = '\0http_request';
export const HTTP_DIRECTION = '\0http_direction';

/**
 * `Net::HTTP.new(host, port)` / `Net::HTTP.start(host, port, use_ssl: true)`: a session on a
 * server; port 443 (or `use_ssl: true`) is https. `http.request(req)` later names the endpoint.
 */
function httpSession(_run: ScriptRun, a: V[]): V {
  const host = asStr(a[0]);
  if (a[0]?.k !== 'str' || host.s === '*' || host.s.includes('/')) return UNKNOWN;
  const port = textOf(a[1]);
  const ssl = textOf(member(a.at(-1), 'use_ssl')) === 'true' || port === '443';
  const origin = `${ssl ? 'https' : 'http'}://${host.s}${port && port !== '80' && port !== '443' ? `:${port}` : ''}`;
  return { k: 'obj', props: new Map([[HTTP_SERVER, str(origin, host.via)]]) };
}

/** `Net::HTTP::Get.new(uri or path)`: a request, sent by `http.request(req)`. */
function httpRequest(dir: Direction): RubyCall {
  return (_run, a) =>
    a[0]?.k === 'str'
      ? {
          k: 'obj',
          props: new Map<string, V>([
            [HTTP_REQUEST, a[0]],
            [HTTP_DIRECTION, str(dir)],
          ]),
        }
      : UNKNOWN;
}

/** `http.request(req)` on a session: the request's URL, or its path on the session's server. */
export function sendRequest(run: ScriptRun, session: V, req: V | undefined, line: number): void {
  const target = member(req, HTTP_REQUEST);
  if (target.k !== 'str') return;
  const dir = textOf(member(req, HTTP_DIRECTION)) === 'write' ? 'write' : 'read';
  const server = member(session, HTTP_SERVER);
  const url = /^[a-z]+:\/\//i.test(target.s)
    ? target
    : server.k === 'str'
      ? { k: 'str' as const, s: `${server.s}${target.s.startsWith('/') ? '' : '/'}${target.s}`, via: true }
      : undefined;
  if (url) run.sink.endpoint(dir, url, line, 'Net::HTTP#request');
}

/** `uri.host`, `uri.port`, `uri.request_uri` of a known URL (the string a `URI(...)` stands for). */
export function uriPart(recv: V, method: string): V | undefined {
  if (recv.k !== 'str' || !/^(host|hostname|port|scheme|path|request_uri|query)$/.test(method))
    return undefined;
  const m = /^([a-z][\w+.-]*):\/\/([^/:?#]+)(?::(\d+))?([^?#]*)(\?[^#]*)?/i.exec(recv.s);
  if (!m || (m[2] as string).includes('*')) return undefined;
  const [, scheme, host, port, path, query] = m as unknown as string[];
  const defaultPort = scheme === 'https' ? '443' : scheme === 'http' ? '80' : undefined;
  const parts: Record<string, string | undefined> = {
    host,
    hostname: host,
    scheme,
    port: port ?? defaultPort,
    path: path || '/',
    request_uri: `${path || '/'}${query ?? ''}`,
    query: query?.slice(1),
  };
  const v = parts[method];
  return v === undefined ? undefined : str(v, recv.via);
}

/** `YAML.load(File.read(p))` passes the document read on; `YAML.load(File.open(p))` reads it here. */
function yamlDocument(run: ScriptRun, a: V[], line: number, name: string): V {
  const src = a[0];
  if (src?.k === 'handle') return readConfig(run.sink, src.path, line, name);
  return parsedDocument(run, a, line, name) ?? UNKNOWN;
}

/** `File.expand_path('../data/x.csv', __dir__)`: relative to the second argument (or cwd). */
function expandPath(run: ScriptRun, a: V[]): V {
  const rel = asStr(a[0]);
  if (rel.s.startsWith('/')) return rel;
  const base = asStr(a[1] ?? str(run.ctx.cwd, true));
  const parts = `${base.s}/${rel.s}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return str(`/${out.join('/')}`, rel.via || base.via);
}

/** Methods that run SQL on a connection (pg, mysql2, sqlite3, Sequel, ActiveRecord). */
export const SQL_METHODS = new Set([
  'exec',
  'exec_params',
  'async_exec',
  'query',
  'execute',
  'run',
  'fetch',
  'prepare',
  'copy_data',
  'execute_batch',
]);
