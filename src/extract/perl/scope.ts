/**
 * What the Perl extractor knows while it walks a script: values (strings with `*` holes),
 * scalars, arrays, hashes and constants bound so far, the environment and the arguments.
 */
import { dirname } from '../../util/paths.js';

export interface Value {
  /** The string, with unknown parts as `*`. */
  text: string;
  /** Came (partly) through a variable, a constant, the environment or the arguments. */
  viaVar: boolean;
  /** 1-based line of the literal it starts with. */
  line: number;
  /** Known to be a bare file name (no directory part), e.g. after the directory was stripped. */
  bare?: boolean;
  /** A Config::IniFiles object: its sections (names as written) and their keys (lower case). */
  ini?: Map<string, Map<string, string>>;
  /** Assigned in a branch whose condition is not known: a block decided on it would be a guess. */
  maybe?: boolean;
}

export class Scope {
  readonly scalars = new Map<string, Value>();
  readonly arrays = new Map<string, Value[]>();
  readonly hashes = new Map<string, Map<string, Value>>();
  readonly constants = new Map<string, Value>();
  argvIndex = 0;
  /** `@_` of the sub call being followed (undefined: a sub walked without a call, `@_` unknown). */
  subArgs: Value[] | undefined;
  subArgIndex = 0;
  /** Inside a block whose `if`/`unless` condition is not known: the branch may not run. */
  conditional = false;
  /**
   * What a call evaluated to, by the token that starts it: a followed sub's `return` value, a
   * `Config::IniFiles->new` object. The walk records it before the statement's assignment reads it.
   */
  readonly results = new Map<object, Value>();

  constructor(
    readonly scriptPath: string,
    readonly env: Record<string, string>,
    readonly args: string[],
  ) {}

  /** `shift` in a followed sub takes the next of its arguments. */
  shiftSubArg(line: number): Value {
    const a = this.subArgs?.[this.subArgIndex++];
    return a ? { ...a, viaVar: true } : hole(line);
  }

  /** `shift` at file level takes the next command-line argument. */
  shiftArg(line: number): Value {
    const a = this.args[this.argvIndex++];
    return a === undefined ? hole(line) : { text: a, viaVar: true, line };
  }
}

/** An unknown part inside Value.text: `*` in a path, `{}` in SQL (so a literal `SELECT *` stays itself). */
export const HOLE = '\uE000';
export const hole = (line: number): Value => ({ text: HOLE, viaVar: true, line });
export const isKnown = (v: Value): boolean => !v.text.includes(HOLE);
/** The value as a path: holes become `*`. */
export const asPath = (v: Value): string => v.text.replace(/\uE000/g, '*');
/** The value as SQL: holes become `{}`, which the SQL lexer reads as an unknown name or value. */
export const asSql = (v: Value): string => v.text.replace(/\uE000/g, '{}');
export const lit = (text: string, line: number): Value => ({ text, viaVar: false, line });

/** A value built from parts is a bare name when it starts with one and holds no `/`. */
export function bareJoin(first: Value | undefined, text: string): boolean {
  return first?.bare === true && !text.includes('/');
}

/** Concatenate, collapsing runs of holes into one `*`. */
export function joinHoles(xs: string[]): string {
  return xs.join('').replace(/\uE000+/g, HOLE);
}

export function lookupScalar(name: string, scope: Scope, line: number): Value {
  if (name === '$0') return { text: scope.scriptPath, viaVar: true, line };
  if (/^\$(FindBin::)?(Real)?Bin$/.test(name)) return { text: dirname(scope.scriptPath), viaVar: true, line };
  const v = scope.scalars.get(name) ?? scope.constants.get(name.slice(1));
  // keep the literal's own line: SQL held in a variable is reported where its text is
  return v ? { ...v, viaVar: true } : hole(line);
}

/** `$h{k}`, `$ENV{K}`, `$a[i]`, `$ARGV[i]` with the key already evaluated. */
export function lookupElement(
  name: string,
  open: string,
  k: string,
  scope: Scope,
  inSub: boolean,
  line: number,
): Value {
  if (open === '{') {
    if (name === '$ENV') {
      const e = scope.env[k];
      return e === undefined ? hole(line) : { text: e, viaVar: true, line };
    }
    const v = scope.hashes.get(`%${name.slice(1)}`)?.get(k);
    return v ? { ...v, viaVar: true, line } : hole(line);
  }
  const idx = Number(k);
  if (!Number.isInteger(idx)) return hole(line);
  if (name === '$ARGV' && !inSub) {
    const a = scope.args[idx];
    return a === undefined ? hole(line) : { text: a, viaVar: true, line };
  }
  const v = scope.arrays.get(`@${name.slice(1)}`)?.[idx];
  return v ? { ...v, viaVar: true, line } : hole(line);
}
