/**
 * DBI: `DBI->connect("dbi:mysql:database=x;host=h", ...)` gives the connection's SqlContext
 * (namespace `mysql://h:3306`, database x); `$dbh->do/prepare/select*(SQL)` hands the SQL to the
 * SQL extractor with that context. User names and passwords are never read.
 */
import { extractSqlText } from '../sql/index.js';
import type { SqlContext } from '../types.js';
import type { PerlSink } from './sink.js';
import { asSql, isKnown, type Value } from './values.js';

export const SQL_METHODS = new Set([
  'do',
  'prepare',
  'prepare_cached',
  'selectall_arrayref',
  'selectall_hashref',
  'selectall_array',
  'selectrow_array',
  'selectrow_arrayref',
  'selectrow_hashref',
  'selectcol_arrayref',
  'query',
]);

const DRIVERS: Record<string, { dialect: SqlContext['dialect']; scheme: string; port?: number }> = {
  mysql: { dialect: 'mysql', scheme: 'mysql', port: 3306 },
  mariadb: { dialect: 'mysql', scheme: 'mysql', port: 3306 },
  pg: { dialect: 'postgresql', scheme: 'postgres', port: 5432 },
  pgpp: { dialect: 'postgresql', scheme: 'postgres', port: 5432 },
  sqlite: { dialect: 'sqlite', scheme: 'sqlite' },
  oracle: { dialect: 'oracle', scheme: 'oracle', port: 1521 },
  sybase: { dialect: 'mssql', scheme: 'sqlserver', port: 1433 },
  odbc: { dialect: 'unknown', scheme: 'odbc' },
};

/** `dbi:DRIVER:ATTRS` -> SqlContext. ATTRS: `database=x;host=h;port=p`, `x`, `x:host`, `x@host:port`. */
export function parseDsn(dsn: Value): SqlContext | undefined {
  const m = /^dbi:(\w+):(.*)$/is.exec(dsn.text.trim());
  if (!m) return undefined;
  const driver = DRIVERS[(m[1] as string).toLowerCase()] ?? {
    dialect: 'unknown' as const,
    scheme: (m[1] as string).toLowerCase(),
  };
  const attrs = (m[2] as string).replace(/\uE000/g, '*');
  const kv: Record<string, string> = {};
  if (attrs.includes('=')) {
    for (const part of attrs.split(/[;,]/)) {
      const [k, ...v] = part.split('=');
      if (k) kv[k.trim().toLowerCase()] = v.join('=').trim();
    }
  } else {
    const [db, host, port] = attrs.split(/[:@]/);
    if (db) kv.database = db;
    if (host) kv.host = host;
    if (port) kv.port = port;
  }
  const database = kv.database ?? kv.dbname ?? kv.db;
  const ctx: SqlContext = { dialect: driver.dialect };
  if (driver.dialect === 'sqlite') {
    if (database) ctx.namespace = `sqlite://${database}`;
    return ctx;
  }
  const host = (kv.host ?? kv.hostname ?? kv.server ?? 'localhost').toLowerCase();
  const port = kv.port ?? (driver.port ? String(driver.port) : undefined);
  ctx.namespace = `${driver.scheme}://${host}${port ? `:${port}` : ''}`;
  if (database) ctx.database = database;
  return ctx;
}

/** The SQL argument of a DBI method, through the SQL extractor. */
export function dbiSql(
  method: string,
  sql: Value,
  line: number,
  db: SqlContext | undefined,
  sink: PerlSink,
): void {
  const text = asSql(sql);
  if (!isKnown(sql) && text.replace(/\{\}/g, '').trim() === '') {
    sink.note('perl-unresolved-sql', `->${method}: the SQL is not known statically`, line);
    return;
  }
  const x = extractSqlText(text, {
    file: sink.ctx.path,
    line: sql.line || line,
    ctx: db ?? { dialect: 'unknown' },
    construct: `DBI ${method}`,
    snippetLines: sink.sourceLines(),
  });
  for (const r of [...x.reads, ...x.writes]) {
    if (sql.viaVar && r.confidence === 'exact') r.confidence = 'resolved';
  }
  sink.out.reads.push(...x.reads);
  sink.out.writes.push(...x.writes);
  sink.out.invokes.push(...x.invokes);
  sink.out.diagnostics.push(...x.diagnostics);
}
