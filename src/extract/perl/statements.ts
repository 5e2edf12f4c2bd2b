/**
 * Perl tokens grouped into statements (split at `;` and at block braces), and helpers to read a
 * call's arguments with or without parentheses: `open(FH, '<', $f)`, `open FH, "<$f" or die`.
 */
import type { PerlToken } from './lex.js';

export interface Statement {
  tokens: PerlToken[];
  /** Inside a `sub NAME { ... }` body: `shift` and `$_[0]` are the sub's arguments, not @ARGV. */
  inSub: boolean;
  /** The named sub whose body holds the statement (the outermost one), if any. */
  sub?: string;
  /** How many blocks enclose the statement (a block's header sits at the depth outside it). */
  depth: number;
  /** The statement is a block's header: `if (COND)`, `foreach my $x (...)`, `else`. */
  opens?: boolean;
  /** The file the statement is in, when not the script (a local module it loads). */
  file?: string;
}

/** Words after which `{` opens a block rather than a hash. */
const BLOCK_WORDS = new Set([
  'sub',
  'else',
  'do',
  'eval',
  'BEGIN',
  'END',
  'INIT',
  'unless',
  'if',
  'while',
  'for',
  'foreach',
  'until',
]);

export function splitStatements(tokens: PerlToken[]): Statement[] {
  const splitter = new Splitter();
  for (const t of tokens) splitter.push(t);
  splitter.flush();
  return splitter.out;
}

/** Statements split at `;` and block braces; hash braces stay inside their statement. */
class Splitter {
  readonly out: Statement[] = [];
  private readonly stack: Array<'block' | 'sub' | 'hash'> = [];
  private current: PerlToken[] = [];
  private subDepth = 0;
  private subName: string | undefined;

  push(t: PerlToken): void {
    const op = t.kind === 'op' ? t.text : '';
    if (op === ';' && this.stack[this.stack.length - 1] !== 'hash') this.flush();
    else if (op === '{') this.open(t);
    else if (op === '}') this.close(t);
    else this.current.push(t);
  }

  flush(opens = false): void {
    if (this.current.length > 0) {
      const sub = this.subName;
      this.out.push({
        tokens: this.current,
        inSub: this.subDepth > 0,
        ...(sub ? { sub } : {}),
        depth: this.stack.filter((k) => k !== 'hash').length,
        ...(opens ? { opens } : {}),
      });
    }
    this.current = [];
  }

  private open(t: PerlToken): void {
    const kind = braceKind(this.current);
    if (kind === 'hash') {
      this.stack.push(kind);
      this.current.push(t);
      return;
    }
    // `sub NAME {` names the body; an anonymous `sub {` inside it keeps the outer name
    const named = kind === 'sub' && this.subDepth === 0 ? subNameOf(this.current) : undefined;
    this.flush(true);
    this.stack.push(kind);
    if (kind === 'sub') this.subDepth++;
    if (named) this.subName = named;
  }

  private close(t: PerlToken): void {
    const kind = this.stack.pop();
    if (kind === 'hash') {
      this.current.push(t);
      return;
    }
    this.flush();
    if (kind === 'sub') this.subDepth--;
    if (this.subDepth === 0) this.subName = undefined;
  }
}

/** `sub NAME` (also `sub NAME($$)`) at the end of the tokens before a block: NAME. */
function subNameOf(before: PerlToken[]): string | undefined {
  const i = before.findIndex((t) => t.kind === 'word' && t.text === 'sub');
  const name = before[i + 1];
  return i >= 0 && name?.kind === 'word' ? name.text.replace(/^.*::/, '') : undefined;
}

function braceKind(before: PerlToken[]): 'block' | 'sub' | 'hash' {
  const prev = before[before.length - 1];
  if (!prev) return 'block';
  const first = before[0];
  if (first?.kind === 'word' && first.text === 'sub') return 'sub';
  if (prev.kind === 'op' && prev.text === ')') {
    // `if (...) {`, `foreach my $x (...) {`; but `$h->(...){` is rare enough to ignore
    return 'block';
  }
  if (prev.kind === 'word' && prev.text === 'sub') return 'sub';
  if (prev.kind === 'word' && BLOCK_WORDS.has(prev.text)) return 'block';
  // `sub name {`, `package X {`
  const before2 = before[before.length - 2];
  if (
    prev.kind === 'word' &&
    before2?.kind === 'word' &&
    (before2.text === 'sub' || before2.text === 'package')
  ) {
    return before2.text === 'sub' ? 'sub' : 'block';
  }
  return 'hash';
}

/** Index of the `)`/`]`/`}` matching the opener at i (or tokens.length). */
export function matching(tokens: PerlToken[], i: number): number {
  let depth = 0;
  for (let j = i; j < tokens.length; j++) {
    const t = tokens[j] as PerlToken;
    if (t.kind !== 'op') continue;
    if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
    else if (t.text === ')' || t.text === ']' || t.text === '}') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return tokens.length;
}

/** Low-precedence words that end an unparenthesised argument list: `open F, $f or die`. */
const LIST_END = new Set(['or', 'and', 'if', 'unless', 'xor', 'foreach', 'for', 'while', 'until']);

/**
 * The argument list of a call whose name is at i: `(a, b)` or `a, b` up to a low-precedence
 * operator. Each argument is a token slice; `=>` separates like `,`.
 */
export function callArgs(tokens: PerlToken[], i: number): { args: PerlToken[][]; end: number } {
  let j = i + 1;
  let end: number;
  if (tokens[j]?.kind === 'op' && tokens[j]?.text === '(') {
    end = matching(tokens, j);
    j++;
  } else {
    end = j;
    let depth = 0;
    while (end < tokens.length) {
      const t = tokens[end] as PerlToken;
      if (t.kind === 'op' && /^[([{]$/.test(t.text)) depth++;
      else if (t.kind === 'op' && /^[)\]}]$/.test(t.text)) {
        if (depth === 0) break;
        depth--;
      } else if (
        depth === 0 &&
        ((t.kind === 'word' && LIST_END.has(t.text)) || (t.kind === 'op' && t.text === '||'))
      )
        break;
      end++;
    }
  }
  return { args: splitArgs(tokens.slice(j, end)), end };
}

export function splitArgs(tokens: PerlToken[]): PerlToken[][] {
  const args: PerlToken[][] = [];
  let cur: PerlToken[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'op' && /^[([{]$/.test(t.text)) depth++;
    else if (t.kind === 'op' && /^[)\]}]$/.test(t.text)) depth--;
    if (depth === 0 && t.kind === 'op' && (t.text === ',' || t.text === '=>')) {
      args.push(cur);
      cur = [];
      continue;
    }
    cur.push(t);
  }
  if (cur.length > 0) args.push(cur);
  return args;
}
