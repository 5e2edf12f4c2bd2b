/**
 * Perl tokens grouped into statements (split at `;` and at block braces), and helpers to read a
 * call's arguments with or without parentheses: `open(FH, '<', $f)`, `open FH, "<$f" or die`.
 */
import type { PerlToken } from './lex.js';

export interface Statement {
  tokens: PerlToken[];
  /** Inside a `sub NAME { ... }` body: `shift` and `$_[0]` are the sub's arguments, not @ARGV. */
  inSub: boolean;
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
  const out: Statement[] = [];
  const stack: Array<'block' | 'sub' | 'hash'> = [];
  let current: PerlToken[] = [];
  let subDepth = 0;
  const flush = (): void => {
    if (current.length > 0) out.push({ tokens: current, inSub: subDepth > 0 });
    current = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as PerlToken;
    if (t.kind === 'op' && t.text === ';' && stack[stack.length - 1] !== 'hash') {
      flush();
      continue;
    }
    if (t.kind === 'op' && t.text === '{') {
      const kind = braceKind(current);
      if (kind === 'hash') {
        stack.push('hash');
        current.push(t);
        continue;
      }
      flush();
      if (kind === 'sub') subDepth++;
      stack.push(kind);
      continue;
    }
    if (t.kind === 'op' && t.text === '}') {
      const kind = stack.pop();
      if (kind === 'hash') {
        current.push(t);
        continue;
      }
      flush();
      if (kind === 'sub') subDepth--;
      continue;
    }
    current.push(t);
  }
  flush();
  return out;
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
