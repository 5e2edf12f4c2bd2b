/** Problems found in the scanned server are data, not exceptions (see docs/architecture.md). */

export interface Location {
  /** Server path (as on the server, without the ROOT prefix). */
  file: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  column?: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** Stable, kebab-case: `unreadable-file`, `script-missing`, `parse-error`, ... */
  code: string;
  message: string;
  location?: Location;
  hint?: string;
}

export function diagnostic(
  severity: Severity,
  code: string,
  message: string,
  location?: Location,
  hint?: string,
): Diagnostic {
  const d: Diagnostic = { severity, code, message };
  if (location) d.location = location;
  if (hint) d.hint = hint;
  return d;
}

export function warning(code: string, message: string, location?: Location, hint?: string): Diagnostic {
  return diagnostic('warning', code, message, location, hint);
}

export function formatLocation(loc: Location | undefined): string {
  if (!loc) return '';
  let s = loc.file;
  if (loc.line !== undefined) s += `:${loc.line}`;
  if (loc.column !== undefined) s += `:${loc.column}`;
  return s;
}
