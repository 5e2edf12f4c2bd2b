/**
 * Where a script's SQL runs, from what it passes to a client: a URL (`postgres://h/db`), a driver
 * name and host/dbname options, or an SQLite file. User names and passwords are never kept.
 */

import { normalizeServerPath } from '../../util/paths.js';
import { dialectOf, parseDbUrl, sqlContext } from '../python/lib/dsn.js';
import type { SqlContext } from '../types.js';
import { member, textOf, type V } from './value.js';

/** A connection from a URL string, if it is one. */
export function dbFromUrl(url: V | undefined): (V & { k: 'db' }) | undefined {
  const text = textOf(url);
  if (!text) return undefined;
  const parsed = parseDbUrl(text.replace(/^jdbc:/, ''));
  if (!parsed) return undefined;
  if (parsed.sqliteFile !== undefined) return sqliteDb(parsed.sqliteFile);
  return { k: 'db', sql: sqlContext(parsed.dialect, parsed.parts) };
}

/** A connection from options (`{host, port, database|dbname|db|name}`) and a driver name. */
export function dbFromOptions(driver: string, opts: V | undefined): V & { k: 'db' } {
  const pick = (...names: string[]): string | undefined => {
    for (const n of names) {
      const t = textOf(member(opts, n));
      if (t !== undefined) return t;
    }
    return undefined;
  };
  const url = pick('connectionString', 'url', 'uri', 'dsn');
  const fromUrl = url ? dbFromUrl({ k: 'str', s: url, via: true }) : undefined;
  if (fromUrl) return fromUrl;
  const dialect = dialectOf(driver);
  if (dialect === 'sqlite') return sqliteDb(pick('filename', 'dbname', 'database', 'path') ?? '*');
  const parts: { host?: string; port?: string; database?: string; schema?: string } = {};
  // a server named but not known statically (options the walk cannot read, or a value from a
  // call it does not follow) is `*`, never the driver's default
  const given = (...names: string[]) =>
    opts !== undefined && (opts.k !== 'obj' || names.some((n) => opts.props.has(n)));
  const host = pick('host', 'hostname', 'server') ?? (given('host', 'hostname', 'server') ? '*' : undefined);
  const port = pick('port') ?? (given('port') ? '*' : undefined);
  const database = pick('database', 'dbname', 'db', 'name', 'initialCatalog');
  const schema = pick('schema', 'search_path');
  if (host) parts.host = host;
  if (port) parts.port = port;
  if (database) parts.database = database;
  if (schema) parts.schema = schema;
  return { k: 'db', sql: sqlContext(dialect, parts) };
}

export function sqliteDb(file: string): V & { k: 'db' } {
  const sql: SqlContext = { dialect: 'sqlite' };
  if (file && file !== ':memory:')
    sql.namespace = `sqlite://${file.startsWith('/') ? normalizeServerPath(file) : file}`;
  return { k: 'db', sql, file };
}

/** The connection a value stands for, or an unknown one (the SQL's tables are still named). */
export function dbOf(v: V | undefined): SqlContext {
  if (v?.k === 'db') return v.sql;
  return { dialect: 'unknown' };
}
