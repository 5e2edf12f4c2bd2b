/**
 * A tolerant SQL lexer shared by the statement splitter, the parser front-end and the fallback
 * scanner. It never throws and runs in one linear pass, so any text (a 1 MB dump, an unterminated
 * string) gets tokens. Comments vanish here, which is why commented-out SQL yields no edges.
 */
import type { SqlContext } from '../types.js';
import { isSqlPlusLine } from './sqlplus.js';

export type TokenKind = 'word' | 'qident' | 'string' | 'number' | 'punct' | 'param' | 'meta' | 'end';

export interface Token {
  kind: TokenKind;
  /** Source text (a word's holes kept as written). */
  text: string;
  /** word: text with holes as `*`; qident: unquoted name; string: content; param: its name; meta: the line. */
  value: string;
  /** 0-based line inside the lexed text. */
  line: number;
  /** Offsets of the token in the lexed text (end exclusive). */
  start: number;
  end: number;
  /** A word that contains a hole (`{x}`, `*`, `${VAR}`) from the caller's string building. */
  hole?: boolean;
}

type Dialect = SqlContext['dialect'];

/** After these keywords a bare `*` or `%s` stands for a table name the caller could not resolve. */
const TABLE_POSITION = new Set([
  'from',
  'join',
  'into',
  'update',
  'table',
  'using',
  'truncate',
  'copy',
  'only',
]);

const isWordStart = (c: string): boolean => /[A-Za-z_\u0080-\uffff]/.test(c);
const isWordChar = (c: string): boolean => /[\w$\u0080-\uffff]/.test(c);

export function lexSql(text: string, dialect: Dialect): Token[] {
  const lexer = new Lexer(text, dialect);
  lexer.run();
  return lexer.tokens;
}

class Lexer {
  readonly tokens: Token[] = [];
  private i = 0;
  private line = 0;
  private delimiter = ';';
  /** Only whitespace since the last newline (SQL*Plus commands start a line). */
  private atLineStart = true;

  constructor(
    private readonly s: string,
    private readonly dialect: Dialect,
  ) {}

  run(): void {
    while (this.i < this.s.length) {
      if (!this.trivia()) this.token();
    }
  }

  /** Whitespace, comments and statement ends; false when a token starts here. */
  private trivia(): boolean {
    const c = this.s[this.i] as string;
    const next = this.s[this.i + 1] ?? '';
    if (c === '\n') {
      this.line++;
      this.i++;
      this.atLineStart = true;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') this.i++;
    else if (c === '-' && next === '-') this.skipTo('\n');
    // T-SQL `#name`/`##name` is a temporary table, not a comment
    else if (c === '#' && this.dialect === 'mssql' && /[#A-Za-z_]/.test(next)) return false;
    else if (c === '#' && this.dialect !== 'postgresql') this.skipTo('\n');
    else if (c === '/' && next === '*') this.blockComment();
    else if (this.delimiter !== ';' && this.s.startsWith(this.delimiter, this.i)) this.end(this.delimiter);
    else if (c === ';' && this.delimiter === ';') this.end(';');
    else if (c === '\\') this.meta();
    else if (c === '.' && this.dialect === 'sqlite' && /[a-z]/i.test(next)) return this.sqliteDotLine();
    else if (this.dialect === 'oracle') return this.sqlPlusLine();
    else if ((c === 'g' || c === 'G') && this.dialect === 'mssql') return this.goLine();
    else return (c === 'D' || c === 'd') && this.delimiterCommand();
    return true;
  }

  /** T-SQL's batch separator (sqlcmd, Sybase isql): `go` alone on its line, maybe with a count. */
  private goLine(): boolean {
    const m = /^go(?:[ \t]+\d+)?[ \t]*(?=\r?\n|$)/i.exec(this.s.slice(this.i, this.i + 24));
    if (!m) return false;
    for (let k = this.i - 1; k >= 0 && this.s[k] !== '\n'; k--)
      if (!/[ \t\r]/.test(this.s[k] as string)) return false;
    const start = this.i;
    this.i += m[0].length;
    this.push('end', start, m[0]);
    return true;
  }

  /**
   * SQL*Plus (Oracle's client) runs line commands between statements: `SPOOL f`, `@f.sql`,
   * `SET PAGESIZE 0`. A whole line, at the start of a statement; a lone `/` runs the buffer.
   */
  private sqlPlusLine(): boolean {
    // checked at every token start: only a line's first one looks further (a long line stays linear)
    if (!this.atLineStart) return false;
    this.atLineStart = false;
    const lineEnd = this.s.indexOf('\n', this.i);
    const end = lineEnd < 0 ? this.s.length : lineEnd;
    const text = this.s.slice(this.i, end).trim();
    // a lone `/` ends the statement being typed; other commands only come between statements
    const last = this.tokens[this.tokens.length - 1];
    const between = !last || last.kind === 'end' || last.kind === 'meta';
    if (text !== '/' && !(between && isSqlPlusLine(text))) return false;
    const start = this.i;
    this.i = end;
    this.push(text === '/' ? 'end' : 'meta', start, text);
    return true;
  }

  /** sqlite3's dot-commands (`.mode csv`, `.output f.csv`): a whole line, between statements. */
  private sqliteDotLine(): boolean {
    const last = this.tokens[this.tokens.length - 1];
    const between = !last || last.kind === 'end' || last.kind === 'meta';
    if (!this.atLineStart || !between) return false;
    this.atLineStart = false;
    const lineEnd = this.s.indexOf('\n', this.i);
    const start = this.i;
    this.i = lineEnd < 0 ? this.s.length : lineEnd;
    this.push('meta', start, this.s.slice(start, this.i).trim());
    return true;
  }

  private token(): void {
    this.atLineStart = false;
    const c = this.s[this.i] as string;
    const next = this.s[this.i + 1] ?? '';
    const mysql = this.dialect === 'mysql';
    if (c === "'") this.quoted("'", 'string', mysql);
    else if (c === '"') this.quoted('"', mysql ? 'string' : 'qident', mysql);
    else if (c === '`') this.quoted('`', 'qident', false);
    else if (c === '[' && this.bracketIdent()) this.quoted(']', 'qident', false, '[');
    else if (c === '$' && this.dollar()) return;
    else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(next))) this.number();
    else if (this.param()) return;
    else if (c === '#' && this.dialect === 'mssql') this.tempName();
    else if (isWordStart(c) || c === '{' || (c === '*' && this.inTablePosition())) this.word();
    else this.punct();
  }

  /**
   * T-SQL `[dbo].[Employee]`: a bracketed identifier. Certain under mssql; with the dialect
   * unknown (a `.sql` file read by a script), only when the brackets hold a plain name.
   */
  private bracketIdent(): boolean {
    if (this.dialect === 'mssql') return true;
    return (
      this.dialect === 'unknown' &&
      /^\[[A-Za-z_#@][\w $#@-]{0,127}\]/.test(this.s.slice(this.i, this.i + 130))
    );
  }

  private push(kind: TokenKind, start: number, value: string, line = this.line, hole = false): void {
    const tok: Token = { kind, text: this.s.slice(start, this.i), value, line, start, end: this.i };
    if (hole) tok.hole = true;
    this.tokens.push(tok);
  }

  private skipTo(stop: string): void {
    const j = this.s.indexOf(stop, this.i);
    this.i = j < 0 ? this.s.length : j;
  }

  private blockComment(): void {
    // PostgreSQL nests block comments; MySQL does not. Unterminated: to the end of the text.
    let depth = 0;
    while (this.i < this.s.length) {
      if (this.s.startsWith('/*', this.i)) {
        depth = this.dialect === 'postgresql' || depth === 0 ? depth + 1 : depth;
        this.i += 2;
      } else if (this.s.startsWith('*/', this.i)) {
        this.i += 2;
        if (--depth <= 0) return;
      } else {
        if (this.s[this.i] === '\n') this.line++;
        this.i++;
      }
    }
  }

  /** mysql client `DELIMITER //` (before stored routines) changes what ends a statement. */
  private delimiterCommand(): boolean {
    const last = this.tokens[this.tokens.length - 1];
    if (this.dialect === 'postgresql' || (last && last.kind !== 'end' && last.kind !== 'meta')) return false;
    const m = /^delimiter[ \t]+(\S+)[^\n]*/i.exec(this.s.slice(this.i, this.i + 80));
    if (!m?.[1]) return false;
    const start = this.i;
    this.i += m[0].length;
    this.delimiter = m[1];
    this.push('end', start, m[1]);
    return true;
  }

  private end(delim: string): void {
    const start = this.i;
    this.i += delim.length;
    const fromStdin = this.copyFromStdin();
    this.push('end', start, delim);
    if (fromStdin) this.skipCopyData();
  }

  /** Did the statement just ended read `COPY ... FROM STDIN`? (pg_dump puts the rows inline.) */
  private copyFromStdin(): boolean {
    let k = this.tokens.length - 1;
    while (k >= 0 && this.tokens[k]?.kind !== 'end' && this.tokens[k]?.kind !== 'meta') k--;
    const first = this.tokens[k + 1];
    if (first?.kind !== 'word' || first.value.toLowerCase() !== 'copy') return false;
    for (let j = k + 2; j + 1 < this.tokens.length; j++) {
      const a = this.tokens[j] as Token;
      const b = this.tokens[j + 1] as Token;
      if (
        a.kind === 'word' &&
        a.value.toLowerCase() === 'from' &&
        b.kind === 'word' &&
        b.value.toLowerCase() === 'stdin'
      )
        return true;
    }
    return false;
  }

  /** The inline rows of `COPY ... FROM stdin;` run to a line `\.`: data, not SQL. */
  private skipCopyData(): void {
    const m = /\n\\\.[ \t]*(\r?\n|$)/.exec(this.s.slice(this.i));
    if (!m) return; // no inline data (`psql -c "COPY t FROM STDIN" < file`)
    const end = this.i + m.index + m[0].length;
    for (let k = this.i; k < end; k++) if (this.s[k] === '\n') this.line++;
    this.i = end;
  }

  /** psql / mysql client commands: a backslash command runs to the end of its line. */
  private meta(): void {
    const start = this.i;
    const name = /^\\([A-Za-z?!.]*)/.exec(this.s.slice(this.i, this.i + 40))?.[1] ?? '';
    this.skipTo('\n');
    const lineText = this.s.slice(start, this.i).trim();
    // \g, \G, \gexec, \gset send the query buffer, like `;`.
    if (/^g/i.test(name)) this.push('end', start, lineText);
    else this.push('meta', start, lineText);
  }

  private quoted(close: string, kind: TokenKind, backslash: boolean, open = close): void {
    const start = this.i;
    const line = this.line;
    this.i += open.length;
    let value = '';
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i] as string;
      if (backslash && c === '\\' && this.i + 1 < s.length) {
        value += s[this.i + 1];
        this.i += 2;
        continue;
      }
      if (c === close) {
        if (s[this.i + 1] === close && close !== ']') {
          value += c;
          this.i += 2;
          continue;
        }
        this.i++;
        break;
      }
      if (c === '\n') this.line++;
      value += c;
      this.i++;
    }
    this.push(kind, start, value, line);
  }

  /** `$1` parameters, `$tag$ ... $tag$` bodies (PostgreSQL), `${VAR}`/`$VAR` holes from a shell. */
  private dollar(): boolean {
    const rest = this.s.slice(this.i, this.i + 64);
    const start = this.i;
    const num = /^\$\d+/.exec(rest);
    if (num) {
      this.i += num[0].length;
      this.push('param', start, num[0]);
      return true;
    }
    const tag = /^\$([A-Za-z_]\w*)?\$/.exec(rest);
    if (tag && this.dialect !== 'mysql') {
      const line = this.line;
      const bodyStart = this.i + tag[0].length;
      const j = this.s.indexOf(tag[0], bodyStart);
      const stop = j < 0 ? this.s.length : j;
      const body = this.s.slice(bodyStart, stop);
      for (const ch of body) if (ch === '\n') this.line++;
      this.i = j < 0 ? this.s.length : j + tag[0].length;
      this.push('string', start, body, line);
      return true;
    }
    if (/^\$(\{|[A-Za-z_])/.test(rest)) {
      this.word();
      return true;
    }
    return false;
  }

  private number(): void {
    const m = /^(0x[0-9a-f]+|\d*\.?\d+(e[+-]?\d+)?)/i.exec(this.s.slice(this.i, this.i + 400));
    const start = this.i;
    this.i += m ? m[0].length : 1;
    this.push('number', start, this.s.slice(start, this.i));
  }

  /** Driver placeholders: `?`, `%s`, `%(name)s`, `:name`, `:'name'` (psql variables). */
  private param(): boolean {
    const c = this.s[this.i];
    if (c !== '?' && c !== '%' && c !== ':') return false;
    const rest = this.s.slice(this.i, this.i + 80);
    const m =
      c === '?'
        ? /^\?(?![|&-])/.exec(rest)
        : c === '%'
          ? /^%(\(([A-Za-z_]\w*)\))?[sdfbr]/.exec(rest)
          : /^:(?:'([A-Za-z_]\w*)'|"([A-Za-z_]\w*)"|([A-Za-z_]\w*))/.exec(rest);
    if (!m) return false;
    if (c === ':' && (this.s[this.i - 1] === ':' || isWordChar(this.s[this.i - 1] ?? ''))) return false;
    const start = this.i;
    this.i += m[0].length;
    const name = c === ':' ? (m[1] ?? m[2] ?? m[3] ?? '') : (m[2] ?? '');
    const style = c === ':' ? (m[1] ? "'" : m[2] ? '"' : '') : '';
    this.push('param', start, `${style}${name}`);
    return true;
  }

  private inTablePosition(): boolean {
    const prev = this.tokens[this.tokens.length - 1];
    if (!prev) return false;
    if (prev.kind === 'word') return TABLE_POSITION.has(prev.value.toLowerCase());
    // `db.*`: a schema written, the table unknown
    const before = this.tokens[this.tokens.length - 2];
    return (
      prev.text === '.' && before?.kind === 'word' && this.s[this.i - 1] === '.' && this.tablePositionAt(-3)
    );
  }

  private tablePositionAt(offset: number): boolean {
    const t = this.tokens[this.tokens.length + offset];
    return t?.kind === 'word' && TABLE_POSITION.has(t.value.toLowerCase());
  }

  /** An identifier, possibly built by the caller from holes: `sales_{year}`, `log_*`, `${DB}`. */
  private word(): void {
    const start = this.i;
    const s = this.s;
    const tablePos = this.inTablePosition();
    let value = '';
    let hole = false;
    while (this.i < s.length) {
      const c = s[this.i] as string;
      const hm =
        c === '{' || c === '$'
          ? /^(\$?\{[^{}\n]{0,200}\}|\$[A-Za-z_]\w*)/.exec(s.slice(this.i, this.i + 210))
          : null;
      if (hm) {
        this.i += hm[0].length;
        value += '*';
        hole = true;
      } else if (c === '*' && (tablePos || value === '')) {
        this.i++;
        value += '*';
        hole = true;
      } else if (c === '%' && tablePos && /^%(\(\w+\))?s/.test(s.slice(this.i, this.i + 40))) {
        this.i += /^%(\(\w+\))?s/.exec(s.slice(this.i, this.i + 40))?.[0].length ?? 2;
        value += '*';
        hole = true;
      } else if (isWordChar(c)) {
        value += c;
        this.i++;
      } else break;
    }
    if (this.i === start) {
      this.punct();
      return;
    }
    // E'...', N'...', B'...', X'...': a string with a prefix
    if (/^[ENBX]$/i.test(value) && s[this.i] === "'") {
      this.quoted("'", 'string', /^e$/i.test(value));
      const tok = this.tokens[this.tokens.length - 1] as Token;
      tok.text = value + tok.text;
      tok.start = start;
      return;
    }
    this.push('word', start, value.replace(/\*+/g, '*'), this.line, hole);
  }

  /** T-SQL's `#t` (a session's temporary table) or `##t` (a global one): one word, `#` kept. */
  private tempName(): void {
    const start = this.i;
    while (this.s[this.i] === '#') this.i++;
    while (this.i < this.s.length && isWordChar(this.s[this.i] as string)) this.i++;
    this.push('word', start, this.s.slice(start, this.i));
  }

  private punct(): void {
    const start = this.i;
    const two = this.s.slice(this.i, this.i + 2);
    this.i += ['::', ':=', '<=', '>=', '<>', '!=', '||', '->', '=>'].includes(two) ? 2 : 1;
    this.push('punct', start, this.s.slice(start, this.i));
  }
}
