/**
 * Table names as the map stores them: lowercased, unquoted, qualified with the connection's
 * default database (MySQL `db.table`) or schema (PostgreSQL `schema.table`) when the SQL leaves
 * them unqualified. System catalogs are not data.
 */
import type { SqlContext } from '../types.js';

const SYSTEM_SCHEMAS = new Set(['information_schema', 'pg_catalog', 'pg_toast', 'performance_schema']);
/** MySQL's own databases: `mysql.user`, `sys.processlist`. */
const MYSQL_SYSTEM = new Set(['mysql', 'sys']);
const SYSTEM_TABLES = new Set(['dual', 'sqlite_master', 'sqlite_sequence', 'sqlite_schema', 'sysdummy1']);

export function isSystemTable(parts: string[], dialect: SqlContext['dialect']): boolean {
  const table = parts[parts.length - 1] ?? '';
  if (parts.some((p) => SYSTEM_SCHEMAS.has(p))) return true;
  if (parts.length > 1 && dialect === 'mysql' && MYSQL_SYSTEM.has(parts[0] as string)) return true;
  if (parts.length === 1 && SYSTEM_TABLES.has(table)) return true;
  // PostgreSQL resolves unqualified pg_* names (pg_stat_activity, pg_tables) in pg_catalog first.
  return parts.length === 1 && dialect !== 'mysql' && table.startsWith('pg_');
}

/** The stored name of a table, or undefined for a system table or an empty name. */
export function qualifyTable(parts: string[], ctx: SqlContext): string | undefined {
  const clean = parts.map((p) => p.trim().toLowerCase()).filter((p) => p !== '');
  if (clean.length === 0 || isSystemTable(clean, ctx.dialect)) return undefined;
  if (clean.length > 1) return clean.join('.');
  const prefix = defaultQualifier(ctx);
  return prefix ? `${prefix}.${clean[0]}` : clean[0];
}

function defaultQualifier(ctx: SqlContext): string | undefined {
  switch (ctx.dialect) {
    case 'mysql':
      return ctx.database?.toLowerCase();
    case 'postgresql':
      return ctx.schema?.toLowerCase();
    case 'sqlite':
      // a SQLite database is one file: the namespace says which, names stay bare
      return undefined;
    default:
      return (ctx.schema ?? ctx.database)?.toLowerCase();
  }
}
