/**
 * `$x =~ s/PATTERN/REPLACEMENT/FLAGS` and `(my $x = EXPR) =~ s///`: the substitution applied to
 * the value the extractor holds (a substitution that strips the directory keeps the base name). Unknown parts stay
 * holes; a substitution that cannot be reproduced (`/e`, a pattern built from variables) makes
 * the whole value unknown rather than leave a wrong one.
 */
import { interpolate } from './interpolate.js';
import type { PerlToken } from './lex.js';
import { HOLE, hole, joinHoles, type Scope, type Value } from './scope.js';
import { matching } from './statements.js';
import { evaluate } from './values.js';

type Subst = NonNullable<PerlToken['subst']>;
const GROUP = '\uE001';

/** True when the statement was a substitution (its target is rebound). */
export function substituteStatement(tokens: PerlToken[], scope: Scope, inSub: boolean): boolean {
  let k = 0;
  let name: string | undefined;
  if (tokens[0]?.kind === 'var' && tokens[0].text.startsWith('$')) {
    name = tokens[0].text;
    k = 1;
  } else if (tokens[0]?.text === '(') {
    const close = matching(tokens, 0);
    const inner = tokens.slice(1, close);
    const d = inner[0]?.kind === 'word' && /^(my|our|local)$/.test(inner[0].text) ? 1 : 0;
    if (inner[d]?.kind !== 'var' || inner[d + 1]?.text !== '=') return false;
    name = inner[d]?.text as string;
    scope.scalars.set(name, evaluate(inner.slice(d + 2), scope, inSub));
    k = close + 1;
  }
  const op = tokens[k];
  const re = tokens[k + 1];
  if (!name || op?.text !== '=~' || !re?.subst) return false;
  const old = scope.scalars.get(name);
  if (!old) return true;
  scope.scalars.set(name, applySubst(old, re.subst, scope, inSub) ?? hole(old.line));
  return true;
}

export function applySubst(v: Value, s: Subst, scope: Scope, inSub: boolean): Value | undefined {
  if (/[er]/.test(s.flags)) return undefined;
  const source = patternVariables(s.pattern, scope);
  const pattern = source === undefined ? undefined : jsPattern(source, s.flags.includes('x'));
  if (pattern === undefined) return undefined;
  let re: RegExp;
  try {
    re = new RegExp(
      pattern,
      `${s.flags.includes('g') ? 'g' : ''}${s.flags.includes('i') ? 'i' : ''}${s.flags.includes('s') ? 's' : ''}${s.flags.includes('m') ? 'm' : ''}u`,
    );
  } catch {
    return undefined;
  }
  const protectedRepl = s.replacement
    .replace(/\$\{(\d)\}|\$(\d)|\\(\d)/g, (_m, a, b, c) => `${GROUP}${a ?? b ?? c}`)
    .replace(/\$&/g, `${GROUP}&`);
  const replText = interpolate(protectedRepl, v.line, scope, inSub).text;
  const repl = replText
    .replace(/\$/g, '$$$$')
    .replace(new RegExp(`${GROUP}(\\d|&)`, 'g'), (_m, g) => `$${g}`);
  const text = joinHoles([v.text.replace(re, repl)]);
  // a directory part taken off (`s{.*/}{}`): what is left is a name in the working directory
  const stripsDirs = /^\^?\.[*+]\\?\/$/.test(pattern);
  const bare = v.bare === true || stripsDirs || (v.text.includes('/') && !text.includes('/'));
  return { text, viaVar: v.viaVar, line: v.line, ...(bare && !text.includes('/') ? { bare: true } : {}) };
}

/**
 * Scalars a pattern interpolates (`s/$placeholder/$value/`), replaced by the text they hold, as
 * Perl does before compiling it; undefined when one of them is not known.
 */
function patternVariables(p: string, scope: Scope): string | undefined {
  let unknown = false;
  const out = p.replace(/(?<!\\)\$(?:\{(\w+)\}|(\w+))(?![[{\w])/g, (m, braced, plain) => {
    const v = scope.scalars.get(`$${braced ?? plain}`);
    if (!v || v.text.includes(HOLE)) unknown = true;
    return v?.text ?? m;
  });
  return unknown ? undefined : out;
}

/** The pattern as a JS regex source, or undefined when it interpolates a variable. */
function jsPattern(p: string, extended: boolean): string | undefined {
  let src = p;
  if (extended)
    src = src
      .replace(/\\#/g, '\uE002')
      .replace(/#.*$/gm, '')
      .replace(/(?<!\\)\s+/g, '');
  src = src.replace(/\uE002/g, '\\#');
  // `$` is an anchor at the end or before `)` / `|`; anywhere else it names a variable
  if (/[$@](?![)|]|$)/.test(src.replace(/\\[$@]/g, ''))) return undefined;
  return src
    .replace(/\\(.)/gsu, (m, c: string) => (/[\w^$\\.*+?()[\]{}|/-]/u.test(c) ? m : c))
    .replace(/\\A/g, '^')
    .replace(/\\[zZ]/g, '$')
    .replace(new RegExp(HOLE, 'g'), '');
}
