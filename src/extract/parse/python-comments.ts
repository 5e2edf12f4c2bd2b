/**
 * Long runs of comment lines, folded before tree-sitter-python sees them. At every line end the
 * grammar's external scanner looks ahead over all the comment lines that follow (to find the next
 * line's indentation), so a run of k comment lines costs about k²/2 line reads: a script with a
 * 70-line comment block parsed four times slower than without it.
 *
 * Folding blanks the comment lines strictly inside a run (same indentation, at statement level,
 * outside strings and brackets), keeping the run's first and last lines. The scanner then makes the
 * same INDENT/DEDENT/NEWLINE decisions (they depend on the first comment's indentation and on the
 * next code line's, and both are kept), so the tree is the original one without the blanked
 * comment nodes. Positions do not move (a blanked line keeps its length). `foldedTreeIsSound`
 * checks the result and the caller parses the original text when it is not.
 */

/** Runs shorter than this are left alone: the quadratic cost only matters for long blocks. */
const MIN_RUN = 4;

export interface Folded {
  /** The text with the blanked lines' characters turned to spaces (made on first use). */
  readonly text: string;
  /** [start, end) of each blanked line. */
  readonly blanked: Array<[number, number]>;
}

/** A stretch of text to parse, as tree-sitter's `includedRanges` take it. */
export interface TextRange {
  startIndex: number;
  endIndex: number;
  startPosition: { row: number; column: number };
  endPosition: { row: number; column: number };
}

/** Quick test: are there MIN_RUN consecutive lines starting with `#` at all? */
const RUN_HINT = new RegExp(`(?:^[ \\t]*#[^\\n]*\\n){${MIN_RUN}}`, 'm');

/** The text with long comment runs blanked, or undefined when there is nothing worth folding. */
export function foldCommentRuns(text: string): Folded | undefined {
  if (!RUN_HINT.test(text)) return undefined;
  // \r and \f end a line for the scanner in its own way: leave such files as they are
  if (text.includes('\r') || text.includes('\f')) return undefined;
  const lines = statementLevelComments(text);
  const blanked: Array<[number, number]> = [];
  let run: Array<{ start: number; end: number; indent: string }> = [];
  const flush = () => {
    if (run.length >= MIN_RUN) for (const l of run.slice(1, -1)) blanked.push([l.start, l.end]);
    run = [];
  };
  for (const l of lines) {
    if (l.kind === 'blank') continue;
    if (l.kind === 'comment' && (run.length === 0 || run[0]?.indent === l.indent)) {
      run.push(l);
      continue;
    }
    flush();
    if (l.kind === 'comment') run.push(l);
  }
  flush();
  if (blanked.length === 0) return undefined;
  let folded: string | undefined;
  return {
    blanked,
    get text() {
      if (folded === undefined) {
        folded = '';
        let at = 0;
        for (const [s, e] of blanked) {
          folded += text.slice(at, s) + ' '.repeat(e - s);
          at = e;
        }
        folded += text.slice(at);
      }
      return folded;
    },
  };
}

/**
 * The text around the blanked lines, as ranges for tree-sitter to parse the original text with:
 * the scanner never sees the blanked characters (a blanked line reads as an empty one), and every
 * node keeps its place in the text. The same tree as parsing the folded text (where the scanner
 * still reads the blanked lines' spaces, a third of the parse in the bench's scripts).
 */
export function keptRanges(text: string, blanked: ReadonlyArray<[number, number]>): TextRange[] {
  const out: TextRange[] = [];
  let row = 0;
  let lineStart = 0;
  let scanned = 0;
  const point = (index: number) => {
    for (let i = text.indexOf('\n', scanned); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
      row++;
      lineStart = i + 1;
    }
    scanned = Math.max(scanned, index);
    return { row, column: index - lineStart };
  };
  let at = 0;
  for (const [s, e] of [...blanked, [text.length, text.length] as [number, number]]) {
    if (s > at) out.push({ startIndex: at, endIndex: s, startPosition: point(at), endPosition: point(s) });
    at = e;
  }
  return out;
}

interface Line {
  kind: 'comment' | 'blank' | 'code';
  start: number;
  /** Index of the line's `\n` (or the text's end). */
  end: number;
  indent: string;
}

/** What is open at a line's end: a string (its delimiter), brackets, a backslash continuation. */
interface LexState {
  quote: string;
  depth: number;
  continued: boolean;
}

/**
 * Every line, classified: a comment line is one whose first non-blank character is `#` while no
 * string, bracket or backslash continuation is open; anything inside those is `code`.
 */
function statementLevelComments(text: string): Line[] {
  const out: Line[] = [];
  const st: LexState = { quote: '', depth: 0, continued: false };
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    out.push(classify(text, start, end, st));
    advance(text, start, end, st);
    start = end + 1;
  }
  return out;
}

function classify(text: string, start: number, end: number, st: LexState): Line {
  const clean = st.quote === '' && st.depth === 0 && !st.continued;
  let j = start;
  while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
  const kind: Line['kind'] = !clean ? 'code' : j === end ? 'blank' : text[j] === '#' ? 'comment' : 'code';
  return { kind, start, end, indent: text.slice(start, j) };
}

/** Move the lexer state over one line's characters. */
function advance(text: string, start: number, end: number, st: LexState): void {
  st.continued = false;
  for (let k = start; k < end; k++) {
    const c = text[k] as string;
    if (st.quote !== '') {
      if (c === '\\') k++;
      else if (text.startsWith(st.quote, k)) {
        k += st.quote.length - 1;
        st.quote = '';
      }
      continue;
    }
    if (c === '#') break;
    if (c === '"' || c === "'") {
      st.quote = text.startsWith(c.repeat(3), k) ? c.repeat(3) : c;
      k += st.quote.length - 1;
    } else if ('([{'.includes(c)) st.depth++;
    else if (')]}'.includes(c)) st.depth = Math.max(0, st.depth - 1);
    else if (c === '\\' && k === end - 1) st.continued = true;
  }
  // a one-quote string cannot run past its line (only a backslash-newline continues it)
  if (st.quote.length === 1) {
    if (text[end - 1] === '\\') st.continued = true;
    else st.quote = '';
  }
}

interface Spanned {
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly hasError: boolean;
  readonly children: readonly Spanned[];
}

/**
 * The folded parse stands for the original only if it has no syntax error (error recovery may use
 * comment positions) and every blanked line sits directly in a `module` or `block`, between
 * statements, not inside any other node.
 */
export function foldedTreeIsSound(root: Spanned, blanked: ReadonlyArray<[number, number]>): boolean {
  if (root.hasError) return false;
  for (const [s, e] of blanked) {
    let node = root;
    for (;;) {
      const inner = node.children.find((c) => c.startIndex < e && c.endIndex > s);
      if (!inner) break;
      node = inner;
    }
    if (node.type !== 'module' && node.type !== 'block') return false;
  }
  return true;
}
