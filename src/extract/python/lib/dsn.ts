/**
 * Where SQL runs, from what a script passes to a driver: keyword arguments, SQLAlchemy URLs,
 * libpq and ODBC connection strings, Oracle descriptors. User names and passwords are never kept.
 */
import type { SqlContext } from '../../types.js';
import { HOLE, render } from '../value.js';

type Dialect = SqlContext['dialect'];

const DEFAULT_PORT: Partial<Record<Dialect, number>> = {
  mysql: 3306,
  postgresql: 5432,
  mssql: 1433,
  oracle: 1521,
};
/** OpenLineage namespace schemes. */
const SCHEME: Partial<Record<Dialect, string>> = {
  mysql: 'mysql',
  postgresql: 'postgres',
  mssql: 'sqlserver',
  oracle: 'oracle',
};

export interface ConnParts {
  host?: string;
  port?: string | number;
  database?: string;
  schema?: string;
}

const known = (s: string | undefined): string | undefined =>
  s === undefined || s === '' ? undefined : render(s.replace(/\uE000+/g, HOLE));

export function sqlContext(dialect: Dialect, parts: ConnParts): SqlContext {
  const ctx: SqlContext = { dialect };
  const scheme = SCHEME[dialect];
  if (scheme) {
    const host = known(parts.host) ?? 'localhost';
    const port =
      known(parts.port === undefined ? undefined : String(parts.port)) ?? String(DEFAULT_PORT[dialect] ?? '');
    ctx.namespace = `${scheme}://${host}${port ? `:${port}` : ''}`;
  }
  const db = known(parts.database);
  if (db) ctx.database = db;
  const schema = known(parts.schema);
  if (schema) ctx.schema = schema;
  return ctx;
}

export function dialectOf(name: string): Dialect {
  const n = name.toLowerCase();
  if (/^(mysql|mariadb)/.test(n)) return 'mysql';
  if (/^(postgres|postgresql|psycopg|pgsql|redshift)/.test(n)) return 'postgresql';
  if (/^(mssql|sqlserver|sql server|pymssql)/.test(n)) return 'mssql';
  if (/^oracle/.test(n)) return 'oracle';
  if (/^sqlite/.test(n)) return 'sqlite';
  return 'unknown';
}

/** `dialect+driver://user:pass@host:port/db?options` (SQLAlchemy, libpq URIs). */
export function parseDbUrl(
  url: string,
): { dialect: Dialect; parts: ConnParts; sqliteFile?: string } | undefined {
  const m = /^([a-zA-Z][\w+.-]*):\/\/(.*)$/s.exec(url.trim());
  if (!m) return undefined;
  const dialect = dialectOf((m[1] as string).split('+')[0] as string);
  let rest = m[2] as string;
  if (dialect === 'sqlite') {
    const path = rest.startsWith('/') ? rest : rest;
    return { dialect, parts: {}, sqliteFile: path.replace(/\?.*$/, '') };
  }
  const query = rest.includes('?') ? rest.slice(rest.indexOf('?') + 1) : '';
  rest = rest.replace(/\?.*$/, '');
  const at = rest.lastIndexOf('@');
  if (at >= 0) rest = rest.slice(at + 1);
  const slash = rest.indexOf('/');
  const hostPort = slash >= 0 ? rest.slice(0, slash) : rest;
  const database = slash >= 0 ? rest.slice(slash + 1) : undefined;
  const hp = /^(\[[^\]]+\]|[^:]*)(?::(\w+))?$/.exec(hostPort);
  const parts: ConnParts = {};
  if (hp?.[1]) parts.host = hp[1];
  if (hp?.[2]) parts.port = hp[2];
  if (database) parts.database = safeDecode(database.split('/')[0] as string);
  const params = new Map(query.split('&').map((kv) => kv.split('=') as [string, string]));
  parts.host ??= params.get('host');
  if (!parts.database) parts.database = params.get('dbname') ?? params.get('database');
  return { dialect, parts };
}

/** URL-decoding that keeps malformed escapes as written instead of throwing. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** libpq `host=x port=5432 dbname=y`. */
export function parseKeywordDsn(dsn: string): ConnParts {
  const parts: ConnParts = {};
  for (const m of dsn.matchAll(/(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/g)) {
    const key = (m[1] as string).toLowerCase();
    const value = (m[2] as string).replace(/^'(.*)'$/, '$1');
    if (key === 'host' || key === 'hostaddr') parts.host = value;
    else if (key === 'port') parts.port = value;
    else if (key === 'dbname') parts.database = value;
    else if (key === 'options') {
      const sp = /search_path\s*=\s*([\w$]+)/.exec(value);
      if (sp) parts.schema = sp[1];
    }
  }
  return parts;
}

/** ODBC `DRIVER={...};SERVER=host,port;DATABASE=db;...`. */
export function parseOdbc(conn: string): { dialect: Dialect; parts: ConnParts } {
  const kv = new Map<string, string>();
  for (const seg of conn.split(';')) {
    const i = seg.indexOf('=');
    if (i > 0)
      kv.set(
        seg.slice(0, i).trim().toLowerCase(),
        seg
          .slice(i + 1)
          .trim()
          .replace(/^\{(.*)\}$/, '$1'),
      );
  }
  const driver = (kv.get('driver') ?? '').toLowerCase();
  const dialect: Dialect = driver.includes('sql server')
    ? 'mssql'
    : driver.includes('mysql') || driver.includes('maria')
      ? 'mysql'
      : driver.includes('postgres')
        ? 'postgresql'
        : driver.includes('oracle')
          ? 'oracle'
          : driver.includes('sqlite')
            ? 'sqlite'
            : 'unknown';
  const server = kv.get('server') ?? kv.get('host') ?? kv.get('servername') ?? '';
  const [host, port] = server.replace(/^tcp:/i, '').split(/[,:]/);
  const parts: ConnParts = {};
  if (host) parts.host = host;
  if (port ?? kv.get('port')) parts.port = port ?? kv.get('port');
  const db = kv.get('database') ?? kv.get('initial catalog') ?? kv.get('dbname');
  if (db) parts.database = db;
  return { dialect, parts };
}

export { parseOracleDsn } from '../../sql/oracle-dsn.js';
