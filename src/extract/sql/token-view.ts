/**
 * Navigation over one statement's tokens for the fallback scanner: keyword tests, matching
 * parentheses, and whether a token sits inside an expression such as `EXTRACT(YEAR FROM d)`
 * (where FROM names no table) or inside a query such as `IN (SELECT ... FROM t)` (where it does).
 */
import type { Token } from './lex.js';

/** Words that end a table reference or cannot be a table name. */
const NOT_A_NAME = new Set([
  'select',
  'with',
  'values',
  'set',
  'where',
  'on',
  'using',
  'join',
  'inner',
  'left',
  'right',
  'full',
  'outer',
  'cross',
  'natural',
  'straight_join',
  'group',
  'order',
  'having',
  'limit',
  'offset',
  'union',
  'except',
  'intersect',
  'window',
  'returning',
  'when',
  'then',
  'into',
  'from',
  'as',
  'lateral',
  'for',
  'fetch',
  'tablesample',
  'partition',
  'default',
  'force',
  'ignore',
  'use',
  'do',
  'to',
  'csv',
  'with',
  'format',
  'fields',
  'lines',
  'matched',
  'not',
  'and',
  'or',
  'stdin',
  'stdout',
  'program',
  'outfile',
  'dumpfile',
  'infile',
  'local',
  'lock',
  'nowait',
  'skip',
  'procedure',
  'qualify',
  'connect',
  'start',
  'pivot',
  'unpivot',
  'exists',
]);

export class TokenView {
  /** For each `(` its `)`, and the reverse (missing partner: -1). */
  readonly partner: number[];
  /** Inside an expression's parentheses (a function call, a column list), not a query. */
  readonly inExpr: boolean[];

  constructor(readonly tokens: Token[]) {
    this.partner = new Array<number>(tokens.length).fill(-1);
    this.inExpr = new Array<boolean>(tokens.length).fill(false);
    const stack: Array<{ at: number; expr: boolean }> = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as Token;
      this.inExpr[i] = stack.length > 0 && (stack[stack.length - 1] as { expr: boolean }).expr;
      if (t.text === '(') {
        const nextWord = this.lower(i + 1);
        const query = ['select', 'with', 'values', 'table', 'insert', 'update', 'delete', '('].includes(
          nextWord,
        );
        stack.push({ at: i, expr: !query });
      } else if (t.text === ')') {
        const open = stack.pop();
        if (open) {
          this.partner[open.at] = i;
          this.partner[i] = open.at;
        }
      }
    }
  }

  get length(): number {
    return this.tokens.length;
  }

  /** Lowercased value of a word token, else its text (`(`, `,`), else '' past the end. */
  lower(i: number): string {
    const t = this.tokens[i];
    if (!t) return '';
    return t.kind === 'word' ? t.value.toLowerCase() : t.kind === 'punct' ? t.text : `\u0000${t.kind}`;
  }

  is(i: number, ...words: string[]): boolean {
    return words.includes(this.lower(i));
  }

  /** Skip any of `words` starting at i; returns the first index that is none of them. */
  skip(i: number, ...words: string[]): number {
    let j = i;
    while (j < this.tokens.length && words.includes(this.lower(j))) j++;
    return j;
  }

  /** After a `(` at i: the index past its `)` (or the end). */
  skipGroup(i: number): number {
    const p = this.partner[i] ?? -1;
    return p < 0 ? this.tokens.length : p + 1;
  }

  /** A token that can start a name: a quoted identifier or a word that is not a keyword. */
  isName(i: number): boolean {
    const t = this.tokens[i];
    if (!t) return false;
    if (t.kind === 'qident') return true;
    return t.kind === 'word' && (t.hole === true || !NOT_A_NAME.has(t.value.toLowerCase()));
  }

  /** A dotted name at i (`db.schema.t`, `"S"."T"`, `` `db`.`t` ``): parts lowercased and unquoted. */
  readName(i: number): { parts: string[]; line: number; end: number } | undefined {
    if (!this.isName(i)) return undefined;
    const parts: string[] = [];
    let j = i;
    for (;;) {
      const t = this.tokens[j];
      if (!t || (t.kind !== 'word' && t.kind !== 'qident')) break;
      // a psql variable substituted into one word may carry a whole dotted name; T-SQL's
      // `db..table` leaves the owner out (an empty part, not a name)
      parts.push(
        ...(t.kind === 'word' ? t.value.toLowerCase().split('.').filter(Boolean) : [t.value.toLowerCase()]),
      );
      j++;
      if (this.tokens[j]?.text !== '.') break;
      j++;
      if (this.tokens[j]?.text === '.') j++;
    }
    const first = this.tokens[i] as Token;
    return parts.length > 0 ? { parts, line: first.line, end: j } : undefined;
  }

  /** An optional alias after a table reference: `AS x`, `x`, `AS x(a, b)`. Returns the index after it. */
  skipAlias(i: number): { end: number; alias?: string } {
    let j = i;
    const hasAs = this.is(j, 'as');
    if (hasAs) j++;
    const t = this.tokens[j];
    if (
      t &&
      (t.kind === 'qident' || (t.kind === 'word' && !NOT_A_NAME.has(t.value.toLowerCase()) && !t.hole))
    ) {
      const alias = t.value.toLowerCase();
      j++;
      if (this.tokens[j]?.text === '(') j = this.skipGroup(j);
      return { end: j, alias };
    }
    return { end: hasAs ? i : j };
  }
}
