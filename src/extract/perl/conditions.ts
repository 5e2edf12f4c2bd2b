/**
 * Block headers whose condition the extractor can decide from the values it holds:
 * `if ($v =~ /PATTERN/)`, `unless ($v !~ m{...}i)`, `if ($v eq 'x')`, `elsif`, `else`. A decided
 * condition says whether the block runs; anything else runs (the walk stays linear). Patterns
 * are tried only when they are plain (no interpolated variable, no code); nothing is executed.
 */
import type { PerlToken } from './lex.js';
import { isKnown, type Scope } from './scope.js';
import type { Statement } from './statements.js';
import { matching } from './statements.js';
import { evaluate } from './values.js';

/** Whether a block header's block runs: true/false when decided, undefined when not known. */
export type Decision = boolean | undefined;

/**
 * Decide an `if`/`unless`/`elsif`/`else` header. `previous` is what the chain's earlier headers
 * decided at the same depth (an `else` after a branch known to run does not run).
 */
export function decideHeader(stmt: Statement, scope: Scope, previous: Decision[] | undefined): Decision {
  const t = stmt.tokens;
  const head = t[0]?.kind === 'word' ? t[0].text : '';
  if (head === 'else' && t.length === 1) {
    if (!previous || previous.length === 0) return undefined;
    if (previous.some((d) => d === true)) return false;
    return previous.every((d) => d === false) ? true : undefined;
  }
  if (head !== 'if' && head !== 'unless' && head !== 'elsif') return undefined;
  if (head === 'elsif' && previous?.some((d) => d === true)) return false;
  if (t[1]?.text !== '(' || matching(t, 1) !== t.length - 1) return undefined;
  const d = condition(t.slice(2, -1), scope, stmt.inSub);
  if (d === undefined) return undefined;
  return head === 'unless' ? !d : d;
}

function condition(c: PerlToken[], scope: Scope, inSub: boolean): Decision {
  if (c.some((x) => x.kind === 'var' && scope.scalars.get(x.text)?.maybe)) return undefined;
  if (c[0]?.text === '!' && c.length > 1) {
    const d = condition(c.slice(1), scope, inSub);
    return d === undefined ? undefined : !d;
  }
  if (c[0]?.text === '(' && matching(c, 0) === c.length - 1) return condition(c.slice(1, -1), scope, inSub);
  const at = c.findIndex((x) => x.kind === 'op' && /^(=~|!~)$/.test(x.text));
  if (at > 0 && at === c.length - 2) {
    const re = c[at + 1]?.match;
    if (!re) return undefined;
    const v = evaluate(c.slice(0, at), scope, inSub);
    const m = plainMatch(re.pattern, re.flags, v.text, isKnown(v));
    if (m === undefined) return undefined;
    return c[at]?.text === '=~' ? m : !m;
  }
  const cmp = c.findIndex((x) => x.kind === 'word' && (x.text === 'eq' || x.text === 'ne'));
  if (cmp > 0) {
    const a = evaluate(c.slice(0, cmp), scope, inSub);
    const b = evaluate(c.slice(cmp + 1), scope, inSub);
    if (!isKnown(a) || !isKnown(b)) return undefined;
    return (a.text === b.text) === (c[cmp]?.text === 'eq');
  }
  return undefined;
}

/** A plain Perl pattern tried on a known string; undefined when the pattern or the string is not plain. */
function plainMatch(pattern: string, flags: string, text: string, known: boolean): Decision {
  if (!known || /\$[\w{]|@\w|\(\?[{?#<]|\\[GQEAzZ]/.test(pattern) || /[^imsxg]/.test(flags)) return undefined;
  let source = pattern;
  if (flags.includes('x'))
    source = source
      .replace(/\\#/g, '\uE002')
      .replace(/#.*$/gm, '')
      .replace(/\s+/g, '')
      .replace(/\uE002/g, '\\#');
  try {
    return new RegExp(source, flags.replace(/[gx]/g, '')).test(text);
  } catch {
    return undefined;
  }
}
