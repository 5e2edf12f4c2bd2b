/**
 * Aligned text tables for the terminal. Widths ignore ANSI colour codes, so coloured cells line
 * up; the last column is never padded (no trailing spaces in pipes).
 */

export interface TableOptions {
  /** Column headings, printed first (dimmed by `paintHeader` when given). */
  header?: string[];
  /** Right-align these columns (numbers). */
  right?: number[];
  /** Spaces before every row. */
  indent?: number;
  paintHeader?: (s: string) => string;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the ANSI escape is the point
const ANSI = /\x1b\[[0-9;]*m/g;

export function visibleWidth(s: string): number {
  return s.replace(ANSI, '').length;
}

export function renderTable(rows: readonly string[][], opts: TableOptions = {}): string[] {
  const all = opts.header ? [opts.header, ...rows] : [...rows];
  // loops, not Math.max(...rows): a spread of 100k+ rows overflows the stack
  let cols = 0;
  for (const r of all) cols = Math.max(cols, r.length);
  const widths = new Array<number>(cols).fill(0);
  for (const r of all) {
    for (let c = 0; c < r.length; c++) widths[c] = Math.max(widths[c]!, visibleWidth(r[c]!));
  }
  const right = new Set(opts.right ?? []);
  const pad = ' '.repeat(opts.indent ?? 0);
  return all.map((row, r) => {
    const cells = row.map((cell, c) => {
      const fill = ' '.repeat(widths[c]! - visibleWidth(cell));
      if (right.has(c)) return fill + cell;
      return c === row.length - 1 ? cell : cell + fill;
    });
    const line = (pad + cells.join('  ')).trimEnd();
    return r === 0 && opts.header && opts.paintHeader ? opts.paintHeader(line) : line;
  });
}
