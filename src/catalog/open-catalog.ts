/**
 * `--catalog WHERE`: a PostgreSQL URL (`postgres://host:5432/dfmap`, for a team) or a file (the
 * embedded SQLite catalog, the default). The address is printed only with credentials removed.
 */
import { openSqliteCatalog } from './sqlite-store.js';
import type { CatalogStore } from './types.js';

export interface OpenOptions {
  /** Only read: never create or migrate (queries). */
  readonly?: boolean;
}

export function isPostgresUrl(where: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(where);
}

export async function openCatalog(where: string, opts: OpenOptions = {}): Promise<CatalogStore> {
  if (isPostgresUrl(where)) {
    const { openPostgresCatalog } = await import('./postgres-store.js');
    return openPostgresCatalog(where, opts);
  }
  return openSqliteCatalog(where.replace(/^sqlite:/, ''), opts);
}
