import type { Method } from './kinds.js';

/** Where an edge was found: every edge carries at least one. */
export interface Evidence {
  /** Server path of the file the construct is in (a script, a crontab, a unit file). */
  file: string;
  /** 1-based line. */
  line: number;
  /** What was recognised, e.g. `open(..., 'w')`, `cron redirection >>`, `psql -f`. */
  construct: string;
  method: Method;
  /** The source line, trimmed and redacted, for people reading the map. */
  snippet?: string;
}

export function evidenceKey(e: Evidence): string {
  return `${e.file}:${e.line}:${e.construct}`;
}
