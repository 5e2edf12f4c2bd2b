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
