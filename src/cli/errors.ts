import { DfmapError } from '../model/errors.js';
import { EXIT_FAILURE, type Io } from './io.js';

/** The only place errors become text: `dfmap: message` + `  hint: ...`; stacks only with --debug or for bugs. */
export function reportError(io: Io, err: unknown, debug: boolean): number {
  if (err instanceof DfmapError) {
    io.err(`dfmap: ${err.message}`);
    if (err.hint) io.err(`  hint: ${err.hint}`);
    if (debug && err.stack) io.err(err.stack);
    return EXIT_FAILURE;
  }
  const e = err as Error;
  io.err(`dfmap: internal error: ${e?.message ?? String(err)}`);
  io.err(e?.stack ?? '');
  io.err('  hint: this is a bug in dfmap; please report it with the command you ran');
  return EXIT_FAILURE;
}

/** `--json`: the error as one JSON object on stdout, so a caller parsing the output gets it too. */
export function reportErrorJson(io: Io, err: unknown): number {
  const e = err as Error & { hint?: string };
  const known = err instanceof DfmapError;
  const error: Record<string, string> = {
    type: known ? e.name : 'InternalError',
    message: known ? e.message : `internal error: ${e?.message ?? String(err)}`,
  };
  if (known && e.hint) error.hint = e.hint;
  if (!known) error.hint = 'this is a bug in dfmap; please report it with the command you ran';
  io.out(JSON.stringify({ error, exitCode: EXIT_FAILURE }, null, 2));
  return EXIT_FAILURE;
}

/** A usage error commander printed (captured under --json), as the same JSON shape. */
export function reportUsageJson(io: Io, text: string): number {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('(run with --help'));
  const message = (lines[0] ?? 'bad arguments').replace(/^error: /, '');
  io.out(JSON.stringify({ error: { type: 'UsageError', message }, exitCode: EXIT_FAILURE }, null, 2));
  return EXIT_FAILURE;
}
