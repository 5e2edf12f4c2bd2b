/** Perl strings: single-quoted bodies as written, double-quoted ones with escapes and variables substituted. */
import type { PerlToken } from './lex.js';
import {
  bareJoin,
  HOLE,
  joinHoles,
  lit,
  lookupElement,
  lookupScalar,
  type Scope,
  type Value,
} from './scope.js';

export function stringValue(t: PerlToken, scope: Scope, inSub: boolean): Value {
  if (t.quote === 'qw') return lit(t.text.trim().split(/\s+/).join(' '), t.line);
  if (!t.interpolate) return lit(t.text.replace(/\\([\\'])/g, '$1'), t.line);
  return interpolate(t.text, t.line, scope, inSub);
}

/** `$$` (the process id) and `$1`.. (match groups) are not known statically; `$0` is the script. */
function specialVar(at: string, scope: Scope): { text: string; length: number } | undefined {
  const m = /^\$(\$|\d+)/.exec(at);
  if (!m) return undefined;
  return { text: m[1] === '0' ? scope.scriptPath : HOLE, length: m[0].length };
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', e: '\x1b', a: '\x07' };

/** A double-quoted body: escapes decoded, `$x`, `${x}`, `$h{k}`, `$a[0]`, `@a`, `@{[ ... ]}` substituted. */
export function interpolate(body: string, line: number, scope: Scope, inSub: boolean): Value {
  let out = '';
  let viaVar = false;
  let first: Value | undefined;
  let i = 0;
  while (i < body.length) {
    const c = body[i] as string;
    if (c === '\\' && i + 1 < body.length) {
      const e = body[i + 1] as string;
      out += ESCAPES[e] ?? e;
      i += 2;
      continue;
    }
    const sub = c === '$' || c === '@' ? substitution(body, i, { scope, inSub, line }) : undefined;
    if (sub) {
      viaVar = true;
      // (a leading open mode, `">$name"`, is not part of the path)
      if (sub.scalar && /^[+<>|\s]*$/.test(out)) first = sub.scalar;
      out += sub.text;
      i += sub.length;
      continue;
    }
    out += c;
    i++;
  }
  const text = joinHoles([out]);
  return { text, viaVar, line, ...(bareJoin(first, text) ? { bare: true } : {}) };
}

interface Where {
  scope: Scope;
  inSub: boolean;
  line: number;
}

/** The variable (or `@{[ ... ]}`) at body[i]: its text, length, and the plain scalar's value. */
function substitution(
  body: string,
  i: number,
  w: Where,
): { text: string; length: number; scalar?: Value } | undefined {
  const c = body[i] as string;
  const special = c === '$' ? specialVar(body.slice(i, i + 12), w.scope) : undefined;
  if (special) return special;
  const m = /^[$@](?:\{(\w+(?:::\w+)*)\}|(\w+(?:::\w+)*))((?:->)?(?:\{[^}]*\}|\[[^\]]*\]))?/.exec(
    body.slice(i, i + 200),
  );
  if (m && !/^\d/.test(m[1] ?? m[2] ?? '')) {
    const name = (m[1] ?? m[2]) as string;
    const text = interpolatedVar(c, name, m[3], w.scope, w.inSub, w.line);
    const scalar = c === '$' && !m[3] ? lookupScalar(`$${name}`, w.scope, w.line) : undefined;
    return { text, length: m[0].length, ...(scalar ? { scalar } : {}) };
  }
  if (body.startsWith('@{[', i)) {
    const end = body.indexOf(']}', i);
    return { text: HOLE, length: end < 0 ? body.length - i : end + 2 - i };
  }
  return undefined;
}

function interpolatedVar(
  sigil: string,
  name: string,
  sub: string | undefined,
  scope: Scope,
  inSub: boolean,
  line: number,
): string {
  if (sigil === '@') {
    if (sub) return HOLE;
    const arr =
      name === 'ARGV' && !inSub ? scope.args.map((a) => lit(a, line)) : scope.arrays.get(`@${name}`);
    return arr ? arr.map((v) => v.text).join(' ') : HOLE;
  }
  if (!sub) return lookupScalar(`$${name}`, scope, line).text;
  if (sub.startsWith('->')) return HOLE;
  const open = sub[0] as string;
  const inner = sub.slice(1, -1).replace(/^['"]|['"]$/g, '');
  return lookupElement(`$${name}`, open, inner, scope, inSub, line).text;
}
