/**
 * What a Perl expression evaluates to, as far as the source tells: string literals, interpolation
 * of known scalars, `.` concatenation, `use constant`, `$ENV{X}`, `@ARGV`/`shift`, `||`/`//`
 * defaults, sprintf/join/catfile, FindBin. Anything else is a `*` hole. Nothing is executed.
 */
import { basename, dirname, normalizeServerPath } from '../../util/paths.js';
import { iniVal } from './inifiles.js';
import { stringValue } from './interpolate.js';
import type { PerlToken } from './lex.js';
import {
  bareJoin,
  HOLE,
  hole,
  isKnown,
  joinHoles,
  lit,
  lookupElement,
  lookupScalar,
  type Scope,
  type Value,
} from './scope.js';
import { callArgs, matching } from './statements.js';

export { stringValue } from './interpolate.js';
export * from './scope.js';

const UNKNOWN_CALLS = new Set([
  'strftime',
  'POSIX::strftime',
  'localtime',
  'gmtime',
  'time',
  'rand',
  'int',
  'sprintf',
]);
const JOINERS = new Set(['catfile', 'catdir', 'File::Spec::catfile', 'File::Spec::catdir']);

export function evaluate(tokens: PerlToken[], scope: Scope, inSub: boolean): Value {
  const line = tokens[0]?.line ?? 0;
  if (tokens.length === 0) return hole(line);
  // `a || b`, `a // b`, `a or b`: the first when it is known, else the default
  for (const sep of ['||', '//']) {
    const at = topLevelIndex(tokens, (t) => t.kind === 'op' && t.text === sep);
    if (at > 0) {
      const left = evaluate(tokens.slice(0, at), scope, inSub);
      return !isKnown(left) ? { ...evaluate(tokens.slice(at + 1), scope, inSub), viaVar: true } : left;
    }
  }
  if (topLevelIndex(tokens, (t) => t.kind === 'op' && t.text === '?') >= 0) return hole(line);
  const parts = splitTopLevel(tokens, '.');
  if (parts.length > 1) {
    const vals = parts.map((p) => evaluate(p, scope, inSub));
    const text = joinHoles(vals.map((v) => v.text));
    return {
      text,
      viaVar: vals.some((v) => v.viaVar),
      line: vals[0]?.line ?? line,
      ...(bareJoin(vals[0], text) ? { bare: true } : {}),
    };
  }
  return term(tokens, scope, inSub);
}

function term(tokens: PerlToken[], scope: Scope, inSub: boolean): Value {
  const t = tokens[0] as PerlToken;
  if (t.kind === 'op' && t.text === '(' && matching(tokens, 0) === tokens.length - 1) {
    return evaluate(tokens.slice(1, -1), scope, inSub);
  }
  if (tokens.length === 1 && t.kind === 'str') return stringValue(t, scope, inSub);
  if (tokens.length === 1 && t.kind === 'num') return lit(t.text, t.line);
  if (t.kind === 'var') return variable(tokens, scope, inSub);
  if (t.kind === 'word') return wordTerm(tokens, scope, inSub);
  return hole(t.line);
}

function variable(tokens: PerlToken[], scope: Scope, inSub: boolean): Value {
  const t = tokens[0] as PerlToken;
  const sub = tokens[1]?.kind === 'op' ? tokens[1].text : '';
  // `$ini->val(SECTION, KEY)` on a Config::IniFiles object
  if (sub === '->' && tokens[2]?.text === 'val' && tokens[3]?.text === '(') {
    const { args, end } = callArgs(tokens, 2);
    if (end !== tokens.length - 1) return hole(t.line);
    const [section, key] = args.map((a) => evaluate(a, scope, inSub));
    return iniVal(lookupScalar(t.text, scope, t.line), section, key, t.line);
  }
  if (sub === '{' || sub === '[') {
    const close = matching(tokens, 1);
    if (close !== tokens.length - 1) return hole(t.line);
    const key = tokens.slice(2, close);
    const k = key.length === 1 && key[0]?.kind === 'word' ? key[0].text : evaluate(key, scope, inSub).text;
    return lookupElement(t.text, sub, k, scope, inSub, t.line);
  }
  if (tokens.length !== 1) return hole(t.line);
  return lookupScalar(t.text, scope, t.line);
}

function wordTerm(tokens: PerlToken[], scope: Scope, inSub: boolean): Value {
  const t = tokens[0] as PerlToken;
  let name = t.text;
  let at = 0;
  // `File::Spec->catfile(...)`: the method name is what matters
  if (tokens[1]?.text === '->' && tokens[2]?.kind === 'word') {
    name = `${t.text}::${tokens[2].text}`;
    at = 2;
  }
  if (name === 'shift' || name === 'pop') {
    const rest = tokens
      .slice(1)
      .map((x) => x.text)
      .join('');
    if (name !== 'shift') return hole(t.line);
    if (inSub) return rest === '' || /^\(?@_\)?$/.test(rest) ? scope.shiftSubArg(t.line) : hole(t.line);
    return rest === '' || /^\(?@ARGV\)?$/.test(rest) ? scope.shiftArg(t.line) : hole(t.line);
  }
  if (name === '__FILE__') return { text: scope.scriptPath, viaVar: true, line: t.line };
  // a followed sub's return value, a constructor's object: recorded by the walk for this call
  const result = scope.results.get(t);
  if (result) return { ...result, viaVar: true };
  const { args } = callArgs(tokens, at);
  const known = builtin(
    name,
    args.map((a) => () => evaluate(a, scope, inSub)),
    t.line,
  );
  if (known) return known;
  if (UNKNOWN_CALLS.has(name)) return hole(t.line);
  const c = scope.constants.get(name);
  if (
    c &&
    (tokens.length === 1 || (tokens.length === 3 && tokens[1]?.text === '(' && tokens[2]?.text === ')'))
  ) {
    return { ...c, viaVar: true, line: t.line };
  }
  return hole(t.line);
}

/** Functions whose result follows from their arguments: catfile, join, sprintf, basename, dirname, lc, uc. */
function builtin(name: string, lazyArgs: Array<() => Value>, line: number): Value | undefined {
  const vals = (): Value[] => lazyArgs.map((f) => f());
  const leaf = name.replace(/^.*::/, '');
  if (JOINERS.has(name) || JOINERS.has(`File::Spec::${leaf}`))
    return combine(vals(), (xs) => xs.join('/'), line);
  if (lazyArgs.length === 0) return undefined;
  switch (leaf === 'abs_path' || leaf === 'realpath' || leaf === 'rel2abs' ? leaf : name) {
    case 'join': {
      const [sep, ...rest] = vals();
      return combine(rest, (xs) => xs.join(sep?.text ?? HOLE), line);
    }
    case 'sprintf':
      return sprintf(vals(), line);
    case 'abs_path':
    case 'realpath':
    case 'rel2abs': {
      // the absolute form of a known absolute path is itself, normalised (`dirname(abs_path($0))`)
      const [v] = vals();
      if (!v || !isKnown(v) || !v.text.startsWith('/')) return hole(line);
      return { ...v, text: normalizeServerPath(v.text) };
    }
    case 'basename':
    case 'dirname': {
      const [v] = vals();
      if (!v || !isKnown(v)) return hole(line);
      return { ...v, text: name === 'basename' ? basename(v.text) : dirname(v.text) };
    }
    case 'lc':
    case 'uc': {
      const [v] = vals();
      return v ? { ...v, text: name === 'lc' ? v.text.toLowerCase() : v.text.toUpperCase() } : hole(line);
    }
    default:
      return undefined;
  }
}

function sprintf(vals: Value[], line: number): Value {
  const [fmt, ...rest] = vals;
  if (!fmt) return hole(line);
  let i = 0;
  const text = fmt.text.replace(/%%|%[-+ 0#]*\d*(?:\.\d+)?[sdifxXoeEgGu]/g, (m) => {
    if (m === '%%') return '%';
    const v = rest[i++];
    return m.endsWith('s') && v ? v.text : v && /^-?\d+$/.test(v.text) ? v.text : HOLE;
  });
  return { text: joinHoles([text]), viaVar: true, line: fmt.line };
}

function combine(vals: Value[], f: (xs: string[]) => string, line: number): Value {
  return { text: joinHoles([f(vals.map((v) => v.text))]), viaVar: true, line: vals[0]?.line ?? line };
}

function topLevelIndex(tokens: PerlToken[], pred: (t: PerlToken) => boolean): number {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as PerlToken;
    if (t.kind === 'op' && /^[([{]$/.test(t.text)) depth++;
    else if (t.kind === 'op' && /^[)\]}]$/.test(t.text)) depth--;
    else if (depth === 0 && pred(t)) return i;
  }
  return -1;
}

function splitTopLevel(tokens: PerlToken[], op: string): PerlToken[][] {
  const out: PerlToken[][] = [];
  let rest = tokens;
  for (;;) {
    const at = topLevelIndex(rest, (t) => t.kind === 'op' && t.text === op);
    if (at < 0) break;
    out.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  out.push(rest);
  return out;
}
