/**
 * Everything the CLI prints goes through here: colour only on a terminal and never with NO_COLOR,
 * JSON on stdout, messages and progress on stderr.
 */
import pc from 'picocolors';

export const EXIT_OK = 0;
/** Findings (lint hazards at or above --fail-on, errors with --strict, unhealthy nodes). */
export const EXIT_FINDINGS = 1;
/** dfmap failed: bad arguments, unreadable input, a bug. */
export const EXIT_FAILURE = 2;

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Is stdout a colour terminal? */
  color: boolean;
  /** Is stderr a terminal (for progress bars)? */
  interactive: boolean;
}

function wantColor(stream: NodeJS.WriteStream): boolean {
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && process.env.TERM !== 'dumb';
}

let quietOnClosedPipe = false;

export function processIo(): Io {
  // `dfmap upstream X | head`: the reader went away; stop quietly instead of an EPIPE stack
  if (!quietOnClosedPipe) {
    quietOnClosedPipe = true;
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
  return {
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    color: wantColor(process.stdout),
    interactive: Boolean(process.stderr.isTTY) && !process.env.CI,
  };
}

export type Colors = ReturnType<typeof pc.createColors>;

export function colors(io: Io): Colors {
  return pc.createColors(io.color);
}

export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}
