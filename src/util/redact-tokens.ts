/**
 * Shell-like words of a line for redaction, in one linear pass: runs of non-blanks, where a quote
 * with a closing partner on the same line joins what it encloses (`-H 'Authorization: x y'`).
 * `core` is the word without the punctuation of a list around it (`["sshpass", "-p", "X"]`).
 */

/** The next index of a character at or after `from`, remembered so repeated misses cost nothing. */
export class NextIndex {
  private readonly memo = new Map<string, { from: number; at: number }>();
  constructor(private readonly text: string) {}
  of(ch: string, from: number): number {
    const m = this.memo.get(ch);
    if (m && m.from <= from && (m.at === -1 || m.at >= from)) return m.at;
    const at = this.text.indexOf(ch, from);
    this.memo.set(ch, { from, at });
    return at;
  }
}

export interface Token {
  start: number;
  end: number;
  coreStart: number;
  coreEnd: number;
  core: string;
  /** The first word of its line. */
  first: boolean;
}

const LEAD = new Set(['[', '(', '{', '"', "'", '`']);
const TRAIL = new Set([',', ')', ']', '}', ';', '"', "'", '`']);

export function tokenize(text: string, next: NextIndex): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let lineStart = true;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\n') lineStart = true;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    while (i < n) {
      const d = text[i];
      if (d === ' ' || d === '\t' || d === '\n' || d === '\r') break;
      if (d === '"' || d === "'" || d === '`') {
        const close = next.of(d, i + 1);
        const nl = next.of('\n', i + 1);
        if (close !== -1 && (nl === -1 || close < nl)) {
          i = close + 1;
          continue;
        }
      }
      i++;
    }
    let cs = start;
    let ce = i;
    while (cs < ce && LEAD.has(text[cs] as string)) cs++;
    while (ce > cs && TRAIL.has(text[ce - 1] as string)) ce--;
    tokens.push({ start, end: i, coreStart: cs, coreEnd: ce, core: text.slice(cs, ce), first: lineStart });
    lineStart = false;
  }
  return tokens;
}
