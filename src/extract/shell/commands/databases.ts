/**
 * Database clients: the SQL they run (`-c`/`-e`, here-documents, `< file`, `-f file.sql`) and the
 * server and default database it runs against, from options, URIs and PG* / MYSQL_* variables.
 * A .sql file run by a client is a script node of its own (shared fixtures convention 4).
 */
import { toDatabaseNode, toTableNode } from '../../../model/keys.js';
import { joinServer } from '../../../util/paths.js';
import { extractSqlText } from '../../sql/index.js';
import type { SqlContext } from '../../types.js';
import { flag, type ParsedOptions, parseOptions } from '../options.js';
import type { Value } from '../value.js';
import type { CommandCall, CommandResolver, Handler } from './types.js';

export function env(call: CommandCall, name: string): string | undefined {
  const v = call.inlineEnv.get(name) ?? call.run.lookup(name);
  return v && !v.text.includes('*') ? v.text : undefined;
}

export function known(v: Value | undefined): string | undefined {
  return v && !v.text.includes('*') ? v.text : undefined;
}

/**
 * A client's setting from the first of its sources that is set (an option, an option file, the
 * environment): `*` where that source is set but not known statically (`-h "$DB_HOST"`), never
 * the client's default in its place; undefined where none is set (the default applies).
 */
export function setting(...sources: Array<Value | string | undefined>): string | undefined {
  for (const s of sources) {
    if (s === undefined) continue;
    const text = typeof s === 'string' ? s : s.text;
    return text.includes('*') ? '*' : text;
  }
  return undefined;
}

/** An environment variable as the script sees it (unknown parts `*`), or undefined where unset. */
export function envSetting(call: CommandCall, name: string): Value | undefined {
  return call.inlineEnv.get(name) ?? call.run.lookup(name);
}

/** Host names of loopback servers keep one spelling so maps from different scripts agree. */
export function hostName(h: string | undefined): string {
  if (!h || h === '127.0.0.1' || h === '::1' || h.startsWith('/')) return 'localhost';
  return h.toLowerCase();
}

function fromUri(uri: string): { host?: string; port?: string; db?: string } {
  const m = /^[a-z+]+:\/\/(?:[^@/]*@)?([^/:?]*)(?::(\d+))?(?:\/([^?]*))?/i.exec(uri);
  if (!m) return {};
  return { host: m[1] || undefined, port: m[2], db: m[3] || undefined };
}

export function runSql(
  call: CommandCall,
  sql: string,
  line: number,
  ctx: SqlContext,
  construct: string,
): void {
  const run = call.run;
  const base = run.evidence(call.node, construct);
  const out = extractSqlText(sql, { file: base.file, line, ctx, construct });
  for (const r of out.reads)
    run.emitRef('read', {
      ...r,
      evidence: { ...r.evidence, file: base.file, snippet: r.evidence.snippet ?? base.snippet },
    });
  for (const w of out.writes)
    run.emitRef('write', {
      ...w,
      evidence: { ...w.evidence, file: base.file, snippet: w.evidence.snippet ?? base.snippet },
    });
  run.merge({ reads: [], writes: [], invokes: out.invokes, diagnostics: out.diagnostics });
}

/** A .sql file given to a client: an invocation of that file as an SQL script. */
export function runSqlFile(call: CommandCall, file: Value, ctx: SqlContext, construct: string): void {
  call.run.emitInvoke(
    { path: file.text, args: [], language: 'sql', sqlContext: ctx, interpreter: call.name },
    call.node,
    construct,
    file,
  );
}

/**
 * The PostgreSQL server and database a client talks to: a `postgres://` URI or a database name
 * (`-d`), `-h`/`-p`, then PGHOST, PGPORT, PGDATABASE (psql, pg_restore).
 */
export function postgresContext(call: CommandCall, p: ParsedOptions, dbArg: Value | undefined): SqlContext {
  const uri = dbArg && /^postgres(ql)?:\/\//.test(dbArg.text) ? fromUri(dbArg.text) : {};
  const host = hostName(setting(uri.host, flag(p, 'h', 'host'), envSetting(call, 'PGHOST')));
  const port = setting(uri.port, flag(p, 'p', 'port'), envSetting(call, 'PGPORT')) ?? '5432';
  const database = uri.db ?? (dbArg && !uri.host ? known(dbArg) : undefined) ?? env(call, 'PGDATABASE');
  return {
    dialect: 'postgresql',
    namespace: `postgres://${host}:${port}`,
    ...(database ? { database } : {}),
  };
}

function psql(call: CommandCall): void {
  const p = parseOptions(call.argv.slice(1), {
    short: 'cdfhpUvFoPRTL',
    long: [
      'command',
      'dbname',
      'file',
      'host',
      'port',
      'username',
      'set',
      'variable',
      'field-separator',
      'output',
      'pset',
      'record-separator',
      'log-file',
    ],
  });
  const ctx = postgresContext(call, p, flag(p, 'd', 'dbname') ?? p.operands[0]);
  const line = call.run.line(call.node);
  for (const c of [...(p.flags.get('c') ?? []), ...(p.flags.get('command') ?? [])])
    runSql(call, c.text, line, ctx, 'psql -c');
  for (const f of [...(p.flags.get('f') ?? []), ...(p.flags.get('file') ?? [])])
    runSqlFile(call, f, ctx, 'psql -f');
  stdinSql(call, ctx, 'psql');
  const out = flag(p, 'o', 'output');
  if (out) call.run.emitWrite(out, call.node, 'psql -o');
}

/** mysql's `-pSECRET` takes its value glued on (or none): never a flag cluster, never a value to keep. */
export function withoutPassword(args: Value[]): Value[] {
  return args.filter((a) => !/^-p/.test(a.text) && !/^--password(=|$)/.test(a.text));
}

/** Options every MySQL client program takes with a value (mysql, mysqlimport, mysqldump). */
export const MYSQL_CONNECTION_OPTIONS = [
  'host',
  'port',
  'user',
  'socket',
  'defaults-extra-file',
  'defaults-file',
  'login-path',
  'default-character-set',
];

interface MysqlOptions {
  host?: string;
  port?: string;
  database?: string;
}

/**
 * What MySQL option files named by `--defaults-file`/`--defaults-extra-file` give a client: host,
 * port and database from the `[client]` group and the program's own (`[mysql]`, `[mysqldump]`),
 * later lines winning, as the client reads them. Files are read under ROOT and never run; a file
 * that is not there gives nothing (the client's defaults then stand, as they would).
 */
function mysqlOptionFiles(call: CommandCall, p: ParsedOptions, program: string): MysqlOptions {
  const out: MysqlOptions = {};
  const files = [...(p.flags.get('defaults-file') ?? []), ...(p.flags.get('defaults-extra-file') ?? [])];
  for (const f of files) {
    if (f.text.includes('*')) continue;
    const res = call.run.ctx.fs.readText(f.text.startsWith('/') ? f.text : `${call.run.cwd}/${f.text}`);
    if (!res.ok) continue;
    const values = optionGroups(res.text, new Set(['client', program]));
    out.host = values.get('host') ?? out.host;
    out.port = values.get('port') ?? out.port;
    out.database = values.get('database') ?? out.database;
  }
  return out;
}

/** `key = value` lines of an INI-style option file inside the named groups (keys with `-` for `_`). */
function optionGroups(text: string, groups: Set<string>): Map<string, string> {
  const values = new Map<string, string>();
  let inGroup = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const group = /^\[([^\]]+)\]/.exec(line);
    if (group) inGroup = groups.has((group[1] ?? '').trim().toLowerCase());
    const kv = !group && inGroup ? /^([A-Za-z_-]+)\s*=\s*("[^"]*"|'[^']*'|[^#;\s]*)/.exec(line) : null;
    const value = kv?.[2]?.replace(/^["']|["']$/g, '');
    if (kv?.[1] && value) values.set(kv[1].toLowerCase().replaceAll('_', '-'), value);
  }
  return values;
}

function mysql(call: CommandCall): void {
  const p = parseOptions(withoutPassword(call.argv.slice(1)), {
    short: 'eDhPuS',
    long: ['execute', 'database', ...MYSQL_CONNECTION_OPTIONS],
  });
  for (const f of [...(p.flags.get('defaults-extra-file') ?? []), ...(p.flags.get('defaults-file') ?? [])]) {
    call.run.emitRead(f, call.node, 'mysql --defaults-extra-file', 'heuristic');
  }
  // the command line wins over option files, option files over the environment
  const file = mysqlOptionFiles(call, p, 'mysql');
  const host = hostName(setting(flag(p, 'h', 'host'), file.host, envSetting(call, 'MYSQL_HOST')));
  const port = setting(flag(p, 'P', 'port'), file.port, envSetting(call, 'MYSQL_TCP_PORT')) ?? '3306';
  // `-pSECRET` clusters parse as flags; positional database is the first operand
  const database = known(flag(p, 'D', 'database')) ?? known(p.operands[0]) ?? file.database;
  const ctx: SqlContext = {
    dialect: 'mysql',
    namespace: `mysql://${host}:${port}`,
    ...(database ? { database } : {}),
  };
  const line = call.run.line(call.node);
  for (const c of [...(p.flags.get('e') ?? []), ...(p.flags.get('execute') ?? [])])
    runSql(call, c.text, line, ctx, 'mysql -e');
  stdinSql(call, ctx, 'mysql');
}

export function stdinSql(call: CommandCall, ctx: SqlContext, client: string): void {
  const s = call.stdin;
  if (!s) return;
  if (s.text !== undefined)
    runSql(call, s.text, s.line ?? call.run.line(call.node), ctx, `${client} here-document`);
  else if (s.file) runSqlFile(call, s.file, ctx, `${client} < file`);
}

/** sqlite3(1): options are written with one dash or two (`-separator ' '` = `--separator ' '`). */
const SQLITE3_VALUED = [
  'cmd',
  'init',
  'separator',
  'newline',
  'nullvalue',
  'vfs',
  'mmap',
  'maxsize',
  'heap',
  'lookaside',
  'pagecache',
];

function sqlite3(call: CommandCall): void {
  const args = call.argv
    .slice(1)
    .map((a) => (/^-[a-z]{2,}$/.test(a.text) ? { ...a, text: `-${a.text}` } : a));
  const p = parseOptions(args, { short: '', long: SQLITE3_VALUED });
  const [dbFile, sql] = p.operands;
  if (!dbFile) return;
  // one database file is one node however its path is written (`dir/../db/x.sqlite3`)
  const ns = `sqlite://${joinServer(call.run.cwd, dbFile.text)}`;
  const ctx: SqlContext = { dialect: 'sqlite', namespace: ns };
  if (sql) runSql(call, sql.text, call.run.line(call.node), ctx, 'sqlite3');
  stdinSql(call, ctx, 'sqlite3');
}

/** pg_dump/mysqldump: read the named tables (or the whole database), write the dump. */
function dumper(dialect: 'postgresql' | 'mysql'): Handler {
  return (call) => {
    const pg = dialect === 'postgresql';
    const p = parseOptions(pg ? call.argv.slice(1) : withoutPassword(call.argv.slice(1)), {
      short: pg ? 'dfhpUtTnNFZjE' : 'hPurSB',
      long: pg
        ? [
            'dbname',
            'file',
            'host',
            'port',
            'username',
            'table',
            'exclude-table',
            'schema',
            'format',
            'compress',
            'jobs',
          ]
        : [
            'host',
            'port',
            'user',
            'result-file',
            'socket',
            'where',
            'defaults-extra-file',
            'defaults-file',
            'login-path',
            'ignore-table',
            'tables',
          ],
    });
    const file = pg ? {} : mysqlOptionFiles(call, p, 'mysqldump');
    const host = hostName(
      setting(flag(p, 'h', 'host'), file.host, envSetting(call, pg ? 'PGHOST' : 'MYSQL_HOST')),
    );
    const port =
      setting(flag(p, 'p', 'P', 'port'), file.port, pg ? envSetting(call, 'PGPORT') : undefined) ??
      (pg ? '5432' : '3306');
    const ns = `${pg ? 'postgres' : 'mysql'}://${host}:${port}`;
    const dbArg = pg ? (flag(p, 'd', 'dbname') ?? p.operands[0]) : p.operands[0];
    const db = known(dbArg) ?? (pg ? env(call, 'PGDATABASE') : undefined);
    const tables = pg ? [...(p.flags.get('t') ?? []), ...(p.flags.get('table') ?? [])] : p.operands.slice(1);
    const run = call.run;
    const ev = run.evidence(call.node, call.name);
    if (tables.length === 0) {
      run.emitRef('read', { node: toDatabaseNode(ns), evidence: ev, confidence: 'exact' });
    }
    for (const t of tables) {
      const name = t.text.toLowerCase();
      const qualified = !pg && db && !name.includes('.') ? `${db}.${name}` : name;
      run.emitRef('read', {
        node: toTableNode(qualified, ns),
        evidence: ev,
        confidence: t.text.includes('*') ? 'partial' : 'exact',
      });
    }
    const out = flag(p, 'f', 'file', 'r', 'result-file');
    if (out) run.emitWrite(out, call.node, `${call.name} -f`);
  };
}

function mssqlNamespace(server: string | undefined): string {
  const raw = (server ?? 'localhost').replace(/^tcp:/i, '');
  const [host, port] = raw.split(/[,:]/);
  return `sqlserver://${hostName(host)}:${port ?? '1433'}`;
}

/** `sqlcmd -S server -d db -Q|-q "SQL"`, `-i file.sql` (a script of its own), `-o out`. */
function sqlcmd(call: CommandCall): void {
  const p = parseOptions(call.argv.slice(1), { short: 'SdQqiUPosthHWlw', long: [] });
  const database = known(flag(p, 'd'));
  const ctx: SqlContext = {
    dialect: 'mssql',
    namespace: mssqlNamespace(setting(flag(p, 'S'))),
    ...(database ? { database } : {}),
  };
  const line = call.run.line(call.node);
  for (const q of [...(p.flags.get('Q') ?? []), ...(p.flags.get('q') ?? [])])
    runSql(call, q.text, line, ctx, 'sqlcmd -Q');
  for (const f of p.flags.get('i') ?? []) runSqlFile(call, f, ctx, 'sqlcmd -i');
  const out = flag(p, 'o');
  if (out) call.run.emitWrite(out, call.node, 'sqlcmd -o');
}

/** `bcp TABLE in|out FILE`, `bcp "QUERY" queryout FILE`, with `-S server -d db`. */
function bcp(call: CommandCall): void {
  const [what, direction, file, ...rest] = call.argv.slice(1);
  if (!what || !direction || !file) return;
  const p = parseOptions(rest, { short: 'SdUPtrFLefhab', long: [] });
  const database = known(flag(p, 'd'));
  const ns = mssqlNamespace(setting(flag(p, 'S')));
  const run = call.run;
  const ev = run.evidence(call.node, `bcp ${direction.text}`);
  const table = () => {
    const name = what.text.toLowerCase();
    const qualified = database && name.split('.').length < 3 ? `${database}.${name}` : name;
    return {
      node: toTableNode(qualified, ns),
      evidence: ev,
      confidence: what.text.includes('*') ? ('partial' as const) : ('exact' as const),
    };
  };
  if (direction.text === 'in') {
    run.emitRead(file, call.node, 'bcp in');
    run.emitRef('write', table());
  } else if (direction.text === 'out') {
    run.emitRef('read', table());
    run.emitWrite(file, call.node, 'bcp out');
  } else if (direction.text === 'queryout') {
    runSql(
      call,
      what.text,
      run.line(call.node),
      { dialect: 'mssql', namespace: ns, ...(database ? { database } : {}) },
      'bcp queryout',
    );
    run.emitWrite(file, call.node, 'bcp queryout');
  }
}

/**
 * Sybase ASE's `isql -S SERVER [-D db] [-i file.sql] [-o out]`, SQL in a here-document most often
 * (T-SQL batches ended by `go`, `use DB`, `db..table`). The server is a name from the interfaces
 * file, so the namespace is `sybase://SERVER`. DBAs wrap it to fetch the password (`isql_r`,
 * `isql-prod`): a name made of `isql`, `_` or `-` and a word is taken for the client.
 */
function isql(call: CommandCall): void {
  // every option but the flags -b -e -F -n -p -v -W -X -Y -Q -x takes a value (-V's is optional)
  const p = parseOptions(call.argv.slice(1), { short: 'SUPDIiosHJzcthwlmAaEKRZ', long: [] });
  const database = known(flag(p, 'D'));
  const server = known(flag(p, 'S'));
  const ctx: SqlContext = {
    dialect: 'mssql',
    namespace: `sybase://${server ? hostName(server) : '*'}`,
    ...(database ? { database } : {}),
  };
  for (const f of p.flags.get('i') ?? []) runSqlFile(call, f, ctx, 'isql -i');
  stdinSql(call, ctx, 'isql');
  const out = flag(p, 'o');
  if (out) call.run.emitWrite(out, call.node, 'isql -o');
}

const ISQL_WRAPPER = /^isql(?:64)?(?:[_-][a-z0-9]+)?$/i;

const commands: Record<string, Handler> = {
  isql,
  sqlcmd,
  bcp,
  psql,
  mysql,
  mariadb: mysql,
  sqlite3,
  pg_dump: dumper('postgresql'),
  // every database of the server (`-f FILE`, else standard output)
  pg_dumpall: dumper('postgresql'),
  mysqldump: dumper('mysql'),
  'mariadb-dump': dumper('mysql'),
};

export const databaseCommands: CommandResolver = {
  id: 'databases',
  title: 'Database clients: psql, mysql, sqlite3, sqlcmd, isql, bcp, pg_dump, pg_dumpall, mysqldump',
  emits: ['reads', 'writes', 'invokes'],
  commands,
  matches: (base) => ISQL_WRAPPER.test(base),
  resolve: isql,
};
