/**
 * Printing many lines: one write per line is slow on large outputs, one write of everything
 * holds the whole text in memory (hundreds of MB for a lint of a 1M-edge map). This buffers
 * about a megabyte, then writes.
 */
import type { Io } from '../io.js';

export interface LineWriter {
  line(text: string): void;
  flush(): void;
}

export function createLineWriter(io: Io, chunkChars = 1 << 20): LineWriter {
  let lines: string[] = [];
  let size = 0;
  const flush = () => {
    if (lines.length === 0) return;
    io.out(lines.join('\n'));
    lines = [];
    size = 0;
  };
  return {
    line(text) {
      lines.push(text);
      size += text.length + 1;
      if (size >= chunkChars) flush();
    },
    flush,
  };
}
