/** A one-line progress bar on stderr, only when stderr is a terminal; silent when piped or in CI. */
import { type Io, terminalText } from './io.js';

export interface Progress {
  update(done: number, total: number, label?: string): void;
  done(): void;
}

export function createProgress(io: Io, title: string): Progress {
  if (!io.interactive) return { update() {}, done() {} };
  let last = 0;
  let shown = false;
  return {
    update(done, total, label = '') {
      const now = Date.now();
      if (now - last < 80 && done < total) return;
      last = now;
      shown = true;
      const width = 24;
      const frac = total > 0 ? Math.min(1, done / total) : 0;
      const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '-');
      const text = `${title} [${bar}] ${done}/${total} ${label}`.slice(
        0,
        (process.stderr.columns || 100) - 1,
      );
      process.stderr.write(`\r\x1b[2K${terminalText(text)}`);
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[2K');
    },
  };
}
