/**
 * A tolerant Perl tokenizer, enough to find calls and their string arguments: strings in every
 * quoting form (`'...'`, `"..."`, `q{}`, `qq{}`, `qw()`, `qx{}`, backticks, here-docs), variables,
 * words, numbers and operators. POD, comments and regex literals are dropped; `__END__` and
 * `__DATA__` stop the file. Perl cannot be parsed without running it, so this is a careful
 * approximation (documented in docs/sql-perl.md); it never throws and makes one linear pass.
 */

export type PerlTokenKind = 'str' | 'var' | 'word' | 'num' | 'op';

export interface PerlToken {
  kind: PerlTokenKind;
  /** str: the body as written; var: `$name`/`@name`/`%name`; word/num/op: the text. */
  text: string;
  /** 1-based line. */
  line: number;
  /** str only: does the body interpolate (`"..."`, `qq`, backticks, `qx`, `<<"EOF"`)? */
  interpolate?: boolean;
  /** str only: `'`, `"`, `` ` ``, `q`, `qq`, `qw`, `qx`, `<<`. */
  quote?: string;
  /** A `s/PATTERN/REPLACEMENT/FLAGS` (op REGEX): its parts as written. */
  subst?: { pattern: string; replacement: string; flags: string };
  /** A match `/PATTERN/FLAGS` or `m{PATTERN}FLAGS` (op REGEX): its parts as written. */
  match?: { pattern: string; flags: string };
}

const PAIRS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };
const QUOTE_OPS = new Set(['q', 'qq', 'qw', 'qx', 'm', 'qr', 's', 'tr', 'y']);
/** After these a `/` starts a regex, not a division. */
const REGEX_AFTER_WORD = new Set([
  'split',
  'if',
  'unless',
  'and',
  'or',
  'not',
  'return',
  'grep',
  'map',
  'while',
  'until',
  'when',
]);

export function lexPerl(source: string): PerlToken[] {
  const lx = new PerlLexer(source);
  lx.run();
  return lx.tokens;
}

class PerlLexer {
  readonly tokens: PerlToken[] = [];
  private i = 0;
  private line = 1;
  private pendingHeredocs: Array<{ token: PerlToken; tag: string; indent: boolean }> = [];

  constructor(private readonly s: string) {}

  run(): void {
    while (this.i < this.s.length) {
      const c = this.s[this.i] as string;
      const atLineStart = this.i === 0 || this.s[this.i - 1] === '\n';
      if (atLineStart && /^__(END|DATA)__\b/.test(this.s.slice(this.i, this.i + 8))) return;
      if (c === '\n') this.newline();
      else if (c === ' ' || c === '\t' || c === '\r') this.i++;
      else if (atLineStart && c === '=' && /^=[a-zA-Z]/.test(this.s.slice(this.i, this.i + 2))) this.pod();
      else if (c === '#') this.skipLine();
      else this.token(c);
    }
  }

  private token(c: string): void {
    if (c === "'" || c === '"' || c === '`') this.delimited(c, c, c);
    else if (c === '$' || c === '@' || (c === '%' && this.expectsHash())) this.variable();
    else if (/[A-Za-z_]/.test(c)) this.word();
    else if (/[0-9]/.test(c)) this.number();
    else if (c === '<' && this.s[this.i + 1] === '<' && this.heredoc()) return;
    else if (c === '/' && this.expectsTerm()) this.regex('/');
    else this.op();
  }

  private push(
    kind: PerlTokenKind,
    text: string,
    line = this.line,
    extra: Partial<PerlToken> = {},
  ): PerlToken {
    const tok: PerlToken = { kind, text, line, ...extra };
    this.tokens.push(tok);
    return tok;
  }

  private newline(): void {
    this.i++;
    this.line++;
    // Here-document bodies start on the line after their `<<TAG`.
    const pending = this.pendingHeredocs;
    this.pendingHeredocs = [];
    for (const h of pending) this.heredocBody(h);
  }

  private skipLine(): void {
    const j = this.s.indexOf('\n', this.i);
    this.i = j < 0 ? this.s.length : j;
  }

  private pod(): void {
    // POD runs to a line starting with `=cut` (or the end of the file).
    const m = /^=cut\b.*$/m.exec(this.s.slice(this.i));
    const end = m ? this.i + m.index + m[0].length : this.s.length;
    for (let k = this.i; k < end; k++) if (this.s[k] === '\n') this.line++;
    this.i = end;
  }

  /** `%name` is a hash after a word (`my %h`, `keys %h`) or an operator; after a value it is modulo. */
  private expectsHash(): boolean {
    const prev = this.tokens[this.tokens.length - 1];
    return !prev || prev.kind === 'word' || (prev.kind === 'op' && !/^[)\]}]$/.test(prev.text));
  }

  /** Does the grammar expect a term here (so `/` starts a regex)? */
  private expectsTerm(): boolean {
    const prev = this.tokens[this.tokens.length - 1];
    if (!prev) return true;
    if (prev.kind === 'op') return !/^[)\]}]$/.test(prev.text);
    if (prev.kind === 'word') return REGEX_AFTER_WORD.has(prev.text);
    return false;
  }

  /** Reads from the opening delimiter at this.i to its close; nested brackets count. Returns the body. */
  private readDelimited(open: string, close: string): string {
    const start = ++this.i;
    let depth = 1;
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i] as string;
      if (c === '\\') this.i += 2;
      else {
        if (c === '\n') this.line++;
        if (c === close && open !== close) depth--;
        else if (c === open && open !== close) depth++;
        else if (c === close) depth = 0;
        this.i++;
        if (depth === 0) return s.slice(start, this.i - 1);
      }
    }
    return s.slice(start);
  }

  private delimited(open: string, close: string, quote: string): void {
    const line = this.line;
    const body = this.readDelimited(open, close);
    const interpolate = quote === '"' || quote === '`' || quote === 'qq' || quote === 'qx';
    this.push('str', body, line, { interpolate, quote });
  }

  private variable(): void {
    const start = this.i;
    const m = /^[$@%](?:#?\{\s*\^?\w+\s*\}|#?\$*(?:::)?\w+(?:::\w+)*|[^\s\w{])/.exec(
      this.s.slice(this.i, this.i + 200),
    );
    this.i += m ? m[0].length : 1;
    this.push(m ? 'var' : 'op', this.s.slice(start, this.i).replace(/[{}\s]/g, ''));
  }

  private word(): void {
    const m = /^[A-Za-z_]\w*(?:::\w+)*(?:::)?/.exec(this.s.slice(this.i, this.i + 200));
    const w = m ? m[0] : (this.s[this.i] as string);
    const after = this.s.slice(this.i + w.length, this.i + w.length + 3);
    // `q{...}`, `qq(...)`, `s/a/b/`, but not a hash key `q => 1` or `{s}`.
    if (QUOTE_OPS.has(w) && !/^\s*(=>|,|;|\)|\})/.test(after)) {
      const rest = this.s.slice(this.i + w.length);
      const d = /^\s*([^\w\s#])|^(#)/.exec(rest);
      const delim = d?.[1] ?? d?.[2];
      if (d && delim && !(delim === '=' && w !== 's' && w !== 'm')) {
        this.i += w.length + (d[0].length - 1);
        this.quoteLike(w, delim);
        return;
      }
    }
    this.i += w.length;
    this.push('word', w);
  }

  private quoteLike(op: string, open: string): void {
    const close = PAIRS[open] ?? open;
    const line = this.line;
    const body = this.readDelimited(open, close);
    let replacement = '';
    if (op === 's' || op === 'tr' || op === 'y') {
      // the replacement part: `s{a}{b}` has a second bracketed part, `s/a/b/` reuses the delimiter
      if (close !== open) {
        while (/\s/.test(this.s[this.i] ?? '')) this.i++;
        const open2 = this.s[this.i] ?? '';
        replacement = this.readDelimited(open2, PAIRS[open2] ?? open2);
      } else {
        this.i--;
        replacement = this.readDelimited(open, close);
      }
    }
    const flagsAt = this.i;
    while (/[a-z]/.test(this.s[this.i] ?? '')) this.i++;
    if (op === 'q' || op === 'qq' || op === 'qw' || op === 'qx') {
      this.push('str', body, line, { interpolate: op === 'qq' || op === 'qx', quote: op });
    } else if (op === 's') {
      const flags = this.s.slice(flagsAt, this.i);
      this.push('op', 'REGEX', line, { subst: { pattern: body, replacement, flags } });
    } else if (op === 'm') {
      this.push('op', 'REGEX', line, { match: { pattern: body, flags: this.s.slice(flagsAt, this.i) } });
    } else this.push('op', 'REGEX', line);
  }

  private regex(open: string): void {
    const pattern = this.readDelimited(open, open);
    const flagsAt = this.i;
    while (/[a-z]/.test(this.s[this.i] ?? '')) this.i++;
    this.push('op', 'REGEX', this.line, { match: { pattern, flags: this.s.slice(flagsAt, this.i) } });
  }

  private number(): void {
    const m = /^(0x[0-9a-f_]+|[0-9][0-9_]*(\.[0-9_]+)?(e[+-]?\d+)?)/i.exec(
      this.s.slice(this.i, this.i + 100),
    );
    const n = m ? m[0] : (this.s[this.i] as string);
    this.i += n.length;
    this.push('num', n);
  }

  /** `<<"EOF"`, `<<'EOF'`, `<<EOF`, `<<~EOF`: the body is read when this line ends. */
  private heredoc(): boolean {
    const m = /^<<(~?)(?:"(\w+)"|'(\w+)'|([A-Za-z_]\w*))/.exec(this.s.slice(this.i, this.i + 100));
    if (!m) return false;
    this.i += m[0].length;
    const tag = (m[2] ?? m[3] ?? m[4]) as string;
    const token = this.push('str', '', this.line + 1, { interpolate: m[3] === undefined, quote: '<<' });
    this.pendingHeredocs.push({ token, tag, indent: m[1] === '~' });
    return true;
  }

  private heredocBody(h: { token: PerlToken; tag: string; indent: boolean }): void {
    const lines: string[] = [];
    h.token.line = this.line;
    while (this.i < this.s.length) {
      const j = this.s.indexOf('\n', this.i);
      const lineText = this.s.slice(this.i, j < 0 ? this.s.length : j);
      this.i = j < 0 ? this.s.length : j + 1;
      this.line++;
      if ((h.indent ? lineText.trim() : lineText.replace(/\r$/, '')) === h.tag) break;
      lines.push(lineText);
    }
    h.token.text = lines.join('\n');
  }

  private op(): void {
    const three = this.s.slice(this.i, this.i + 3);
    const two = this.s.slice(this.i, this.i + 2);
    const op = ['<=>', '**=', '||=', '//=', '...'].includes(three)
      ? three
      : [
            '=>',
            '->',
            '.=',
            '==',
            '!=',
            '=~',
            '!~',
            '||',
            '&&',
            '//',
            '::',
            '<=',
            '>=',
            '++',
            '--',
            '+=',
            '-=',
            '..',
          ].includes(two)
        ? two
        : (this.s[this.i] as string);
    this.i += op.length;
    this.push('op', op);
  }
}
