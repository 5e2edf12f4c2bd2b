/**
 * Assignments that give names to values: `my $x = ...`, `our`/`local`, `$x .= ...`, `||=`,
 * `my ($in, $out) = @ARGV`, arrays, hashes, `$h{k} = ...`, `use constant`, and Getopt::Long
 * options bound from the command line the script is run with.
 */
import type { PerlToken } from './lex.js';
import { matching, splitArgs } from './statements.js';
import { evaluate, hole, isKnown, type Scope, type Value } from './values.js';

const DECLARATORS = new Set(['my', 'our', 'local', 'state']);
const ASSIGN_OPS = new Set(['=', '.=', '||=', '//=']);
const LOW_PRECEDENCE = new Set(['or', 'and', 'unless', 'if', 'xor']);

/** Binds what the statement assigns. Returns the assigned scalar's name (for DBI handles). */
export function assign(tokens: PerlToken[], scope: Scope, inSub: boolean): string | undefined {
  if (tokens[0]?.kind === 'word' && tokens[0].text === 'use' && tokens[1]?.text === 'constant') {
    useConstant(tokens.slice(2), scope, inSub);
    return undefined;
  }
  let i = tokens[0]?.kind === 'word' && DECLARATORS.has(tokens[0].text) ? 1 : 0;
  const target = tokens[i];
  if (!target) return undefined;
  if (target.kind === 'op' && target.text === '(') {
    const close = matching(tokens, i);
    const names = splitArgs(tokens.slice(i + 1, close)).map((a) => a[0]?.text ?? '');
    if (tokens[close + 1]?.text !== '=') return undefined;
    listAssign(names, rhs(tokens, close + 2), scope, inSub);
    return undefined;
  }
  if (target.kind !== 'var') return undefined;
  i++;
  let key: PerlToken[] | undefined;
  if (tokens[i]?.text === '{' && target.text.startsWith('$')) {
    const close = matching(tokens, i);
    key = tokens.slice(i + 1, close);
    i = close + 1;
  }
  const op = tokens[i]?.text ?? '';
  if (!ASSIGN_OPS.has(op)) return undefined;
  const value = rhs(tokens, i + 1);
  if (key) {
    hashSet(target.text, key, value, scope, inSub);
    return undefined;
  }
  if (target.text.startsWith('@')) scope.arrays.set(target.text, listValues(value, scope, inSub));
  else if (target.text.startsWith('%')) scope.hashes.set(target.text, pairs(value, scope, inSub));
  else scalarAssign(target.text, op, value, scope, inSub);
  return target.text;
}

function rhs(tokens: PerlToken[], from: number): PerlToken[] {
  let end = from;
  while (
    end < tokens.length &&
    !(tokens[end]?.kind === 'word' && LOW_PRECEDENCE.has(tokens[end]?.text ?? ''))
  )
    end++;
  return tokens.slice(from, end);
}

function scalarAssign(name: string, op: string, value: PerlToken[], scope: Scope, inSub: boolean): void {
  const old = scope.scalars.get(name);
  if ((op === '||=' || op === '//=') && old && isKnown(old)) return;
  const v = evaluate(value, scope, inSub);
  if (scope.conditional && op === '=') {
    // a branch that may not run: an unknown value does not hide the known one (an option parsed
    // by hand that the caller does not pass keeps its default), nor a literal a value known only
    // at run time (`$server = hostname(); if ($server =~ /test/) { $server = 'TEST' }` is either:
    // unknown); and no block is decided on it
    if (old && isKnown(old) !== isKnown(v)) scope.scalars.set(name, { ...old, maybe: true });
    else scope.scalars.set(name, { ...v, maybe: true });
    return;
  }
  if (op === '.=') {
    const base = old ?? hole(v.line);
    scope.scalars.set(name, { text: base.text + v.text, viaVar: base.viaVar || v.viaVar, line: base.line });
  } else scope.scalars.set(name, v);
}

function listAssign(names: string[], value: PerlToken[], scope: Scope, inSub: boolean): void {
  const vals = listValues(value, scope, inSub);
  names.forEach((n, k) => {
    if (n.startsWith('$')) scope.scalars.set(n, vals[k] ?? hole(value[0]?.line ?? 0));
  });
}

/** `(a, b)`, `qw(a b)`, `@ARGV`, `@other`: the list's values. */
function listValues(value: PerlToken[], scope: Scope, inSub: boolean): Value[] {
  const line = value[0]?.line ?? 0;
  const only = value.length === 1 ? value[0] : undefined;
  if (only?.kind === 'var' && only.text === '@ARGV' && !inSub) {
    const vals = scope.args.slice(scope.argvIndex).map((a) => ({ text: a, viaVar: true, line }));
    return vals;
  }
  if (only?.kind === 'var' && only.text.startsWith('@')) return scope.arrays.get(only.text) ?? [];
  if (only?.kind === 'str' && only.quote === 'qw')
    return only.text
      .trim()
      .split(/\s+/)
      .map((w) => ({ text: w, viaVar: false, line }));
  const inner =
    value[0]?.text === '(' && matching(value, 0) === value.length - 1 ? value.slice(1, -1) : value;
  return splitArgs(inner).map((a) => evaluate(a, scope, inSub));
}

function pairs(value: PerlToken[], scope: Scope, inSub: boolean): Map<string, Value> {
  const inner = value[0]?.text === '(' ? value.slice(1, matching(value, 0)) : value;
  const args = splitArgs(inner);
  const map = new Map<string, Value>();
  for (let k = 0; k + 1 < args.length; k += 2) {
    const keyTok = args[k] as PerlToken[];
    const key =
      keyTok.length === 1 && keyTok[0]?.kind === 'word'
        ? keyTok[0].text
        : evaluate(keyTok, scope, inSub).text;
    map.set(key, evaluate(args[k + 1] as PerlToken[], scope, inSub));
  }
  return map;
}

function hashSet(name: string, key: PerlToken[], value: PerlToken[], scope: Scope, inSub: boolean): void {
  const k = key.length === 1 && key[0]?.kind === 'word' ? key[0].text : evaluate(key, scope, inSub).text;
  const v = evaluate(value, scope, inSub);
  if (name === '$ENV') {
    if (isKnown(v)) scope.env[k] = v.text;
    return;
  }
  const hashName = `%${name.slice(1)}`;
  const h = scope.hashes.get(hashName) ?? new Map<string, Value>();
  h.set(k, v);
  scope.hashes.set(hashName, h);
}

/** `use constant NAME => EXPR` and `use constant { A => ..., B => ... }`. */
function useConstant(tokens: PerlToken[], scope: Scope, inSub: boolean): void {
  const body = tokens[0]?.text === '{' ? tokens.slice(1, matching(tokens, 0)) : tokens;
  const args = splitArgs(body);
  const list = tokens[0]?.text === '{' ? args : args.slice(0, 2);
  for (let k = 0; k + 1 < list.length; k += 2) {
    const nameTok = (list[k] as PerlToken[])[0];
    if (!nameTok) continue;
    const name = nameTok.kind === 'str' ? nameTok.text : nameTok.text;
    scope.constants.set(name, evaluate(list[k + 1] as PerlToken[], scope, inSub));
  }
}

/**
 * Getopt::Long: `GetOptions('input|i=s' => \$input, ...)` or `GetOptions(\%opt, 'input|i=s', ...)`
 * takes `--input VALUE`, `--input=VALUE` or `-i VALUE` from the arguments the caller passes;
 * unmatched options keep their defaults. Like Getopt::Long, the options are then removed from
 * @ARGV, so a later `shift` or `@ARGV` sees only the plain arguments.
 */
export function getOptions(args: PerlToken[][], scope: Scope): void {
  const specs: Array<{ names: string[]; takesValue: boolean }> = [];
  const hashRef =
    args[0]?.[0]?.text === '\\' && args[0][1]?.text.startsWith('%') ? args[0][1].text : undefined;
  const bind = (spec: PerlToken, target: (v: Value) => void): void => {
    const names = spec.text.replace(/[=:!+].*$/, '').split('|');
    specs.push({ names, takesValue: /[=:]/.test(spec.text) });
    const value = optionValue(names, scope.args);
    if (value !== undefined) target({ text: value, viaVar: true, line: spec.line });
  };
  if (hashRef) {
    const h = scope.hashes.get(hashRef) ?? new Map<string, Value>();
    scope.hashes.set(hashRef, h);
    for (const a of args.slice(1)) {
      const spec = a[0];
      if (spec?.kind !== 'str' || a.length !== 1) continue;
      bind(spec, (v) => h.set(spec.text.replace(/[=:!+|].*$/, ''), v));
    }
  } else {
    for (let k = 0; k + 1 < args.length; k += 2) {
      const spec = args[k]?.[0];
      const ref = args[k + 1];
      const varTok = ref?.[0]?.text === '\\' ? ref[1] : undefined;
      if (spec?.kind !== 'str' || varTok?.kind !== 'var' || !varTok.text.startsWith('$')) continue;
      bind(spec, (v) => scope.scalars.set(varTok.text, v));
    }
  }
  removeOptions(scope, specs);
}

/**
 * Getopt::Std: `getopts('i:o:v', \\%opts)` takes `-i VALUE` (or `-iVALUE`) for each letter
 * followed by `:`, and sets flags for the others; `getopt('io')` gives every letter a value.
 * Without a hash the values go to `$opt_i`. The options are removed from @ARGV, as the module does.
 */
export function getOptsStd(name: string, args: PerlToken[][], scope: Scope): void {
  const spec = args[0]?.[0];
  if (spec?.kind !== 'str' || args[0]?.length !== 1) return;
  const hashRef =
    args[1]?.[0]?.text === '\\' && args[1][1]?.text.startsWith('%') ? args[1][1].text : undefined;
  const takes = new Set<string>();
  const letters = new Set<string>();
  for (let i = 0; i < spec.text.length; i++) {
    const c = spec.text[i] as string;
    if (c === ':') continue;
    letters.add(c);
    if (name.endsWith('getopt') || spec.text[i + 1] === ':') takes.add(c);
  }
  const rest = scope.args.slice(scope.argvIndex);
  const kept: string[] = [];
  const set = (letter: string, value: string): void => {
    const v: Value = { text: value, viaVar: true, line: spec.line };
    if (hashRef) {
      const h = scope.hashes.get(hashRef) ?? new Map<string, Value>();
      h.set(letter, v);
      scope.hashes.set(hashRef, h);
    } else scope.scalars.set(`$opt_${letter}`, v);
  };
  let i = 0;
  for (; i < rest.length; i++) {
    const a = rest[i] as string;
    if (a === '--') {
      i++;
      break;
    }
    if (!/^-[^-]/.test(a)) break; // options end at the first plain argument
    for (let j = 1; j < a.length; j++) {
      const c = a[j] as string;
      if (!letters.has(c)) continue;
      if (!takes.has(c)) {
        set(c, '1');
        continue;
      }
      const glued = a.slice(j + 1);
      set(c, glued !== '' ? glued : (rest[++i] ?? ''));
      break;
    }
  }
  kept.push(...rest.slice(i));
  scope.args.splice(scope.argvIndex, rest.length, ...kept);
}

function optionValue(names: string[], argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') return undefined;
    for (const n of names) {
      const flag = n.length === 1 ? `-${n}` : `--${n}`;
      if (a === flag || a === `-${n}`) return argv[i + 1];
      if (a.startsWith(`${flag}=`) || a.startsWith(`-${n}=`)) return a.slice(a.indexOf('=') + 1);
    }
  }
  return undefined;
}

/** Drop options (and the values they take) from the unread part of @ARGV. */
function removeOptions(scope: Scope, specs: Array<{ names: string[]; takesValue: boolean }>): void {
  const rest = scope.args.slice(scope.argvIndex);
  const kept: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] as string;
    if (a === '--') {
      kept.push(...rest.slice(i + 1));
      break;
    }
    if (!/^--?[A-Za-z]/.test(a)) {
      kept.push(a);
      continue;
    }
    const name = a.replace(/^--?/, '').replace(/=.*$/, '');
    const spec = specs.find((s) => s.names.includes(name));
    if (spec?.takesValue && !a.includes('=')) i++;
  }
  scope.args.splice(scope.argvIndex, rest.length, ...kept);
}
