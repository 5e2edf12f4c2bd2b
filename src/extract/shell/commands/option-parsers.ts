/**
 * Option parsers a script runs on its own arguments: zsh's `zparseopts` builtin. The options the
 * caller passed (a crontab line, a unit's ExecStart=, a wrapper script) land in the arrays the
 * specs name, so `${target_dir[-1]}` is the caller's value. `getopts` loops are walked by the
 * interpreter (they need the loop body); see interpreter.ts.
 */
import type { Value } from '../value.js';
import type { CommandCall, CommandResolver } from './types.js';

interface ZSpec {
  /** The option as written by a caller: `-s`, `--source`. */
  option: string;
  /** `:` mandatory, `::`/`:-` optional (same word only), none. */
  arg: 'none' | 'mandatory' | 'optional';
  /** `+`: repeated options accumulate instead of the last one winning. */
  append: boolean;
  /** The array the option lands in (`=array`), else the default one (`-a array`). */
  array?: string;
}

/** `{s,-source}:=src`: zsh brace expansion of a spec word, one spec per alternative. */
export function braceAlternatives(word: string): string[] {
  const m = /^(.*?)\{([^{}]*,[^{}]*)\}(.*)$/.exec(word);
  if (!m) return [word];
  const [, pre, alts, post] = m as unknown as [string, string, string, string];
  return alts.split(',').flatMap((a) => braceAlternatives(`${pre}${a}${post}`));
}

function parseSpec(word: string): ZSpec | undefined {
  // name (may start with `-` for a long option), then `+`, `:`/`::`/`:-`, `=array`
  const m = /^((?:\\.|[^:+=\\])+)(\+)?(::|:-|:)?(?:=([A-Za-z_]\w*))?$/.exec(word);
  if (!m) return undefined;
  const name = (m[1] as string).replace(/\\(.)/g, '$1');
  const arg = m[3] === ':' ? 'mandatory' : m[3] ? 'optional' : 'none';
  return { option: `-${name}`, arg, append: m[2] === '+', ...(m[4] ? { array: m[4] } : {}) };
}

interface ZFlags {
  /** `-D`: what was parsed is removed from `$@`. */
  remove: boolean;
  /** `-E`: words that are not options are skipped, not the end. */
  extract: boolean;
  /** `-K`: arrays of options not given keep their values. */
  keep: boolean;
  defaultArray?: string;
  assoc?: string;
}

/** zparseopts' own options, up to `--` or the first spec; gives them and where the specs start. */
function header(words: Value[]): { flags: ZFlags; at: number } {
  const flags: ZFlags = { remove: false, extract: false, keep: false };
  let i = 0;
  for (; i < words.length; i++) {
    const t = (words[i] as Value).text;
    if (t === '--' || t === '-') return { flags, at: i + 1 };
    if (t === '-a' || t === '-A' || t === '-v') {
      const target = words[++i]?.text;
      if (t === '-a') flags.defaultArray = target;
      if (t === '-A') flags.assoc = target;
      continue;
    }
    if (!/^-[DEFKMG]+$/.test(t)) break;
    flags.remove ||= t.includes('D');
    flags.extract ||= t.includes('E');
    flags.keep ||= t.includes('K');
  }
  return { flags, at: i };
}

interface ZResult {
  arrays: Map<string, Value[]>;
  pairs: Array<[string, Value]>;
  rest: Value[];
}

/** Walk the positional parameters with the specs, as zparseopts does. */
function parseArgs(specs: ZSpec[], flags: ZFlags, args: readonly Value[]): ZResult {
  const r: ZResult = { arrays: new Map(), pairs: [], rest: [] };
  const store = (spec: ZSpec, value?: Value) => {
    const opt: Value = { text: spec.option, resolved: true };
    const target = spec.array ?? flags.defaultArray;
    if (target) {
      const prev = r.arrays.get(target) ?? [];
      r.arrays.set(target, [
        ...(spec.append ? prev : dropOption(prev, spec)),
        ...(value ? [opt, value] : [opt]),
      ]);
    }
    if (flags.assoc) r.pairs.push([spec.option, value ?? { text: '', resolved: true }]);
  };
  let j = 0;
  for (; j < args.length; j++) {
    const a = args[j] as Value;
    if (a.text === '--' || a.text === '-') {
      if (!flags.remove) r.rest.push(a);
      j++;
      break;
    }
    const spec = a.text.startsWith('-') ? matchSpec(specs, a.text) : undefined;
    if (!spec) {
      if (!flags.extract) break;
      r.rest.push(a);
      continue;
    }
    const attached = a.text.slice(spec.option.length).replace(/^=/, '');
    if (spec.arg === 'none') store(spec);
    else if (attached !== '') store(spec, { text: attached, resolved: a.resolved });
    else if (spec.arg === 'mandatory' && j + 1 < args.length) store(spec, args[++j] as Value);
    else store(spec);
  }
  r.rest.push(...args.slice(j));
  return r;
}

/**
 * `zparseopts [-D -E -F -K -M] [-a array] [-A assoc] [--] spec...`: parses the positional
 * parameters. Each option found (and its argument, as a separate element) is stored in the
 * spec's array; `-D` removes what was parsed from `$@`; `-E` skips words that are not options.
 */
function zparseopts(call: CommandCall): void {
  const words = call.argv.slice(1);
  const { flags, at } = header(words);
  const specs = words
    .slice(at)
    .flatMap((w) => braceAlternatives(w.text))
    .map(parseSpec)
    .filter((s): s is ZSpec => s !== undefined);
  if (specs.length === 0) return;
  const r = parseArgs(specs, flags, call.run.args);
  for (const [name, items] of r.arrays) call.run.setArray(name, items);
  if (!flags.keep)
    for (const s of specs) {
      const target = s.array ?? flags.defaultArray;
      if (target && !r.arrays.has(target)) call.run.setArray(target, []);
    }
  if (flags.assoc && r.pairs.length) call.run.setAssoc(flags.assoc, new Map(r.pairs));
  if (flags.remove) call.run.setArgs(r.rest);
}

/** Without `+`, a repeated option replaces its earlier occurrence in the array. */
function dropOption(items: Value[], spec: ZSpec): Value[] {
  const i = items.findIndex((v) => v.text === spec.option);
  if (i < 0) return items;
  return [...items.slice(0, i), ...items.slice(i + (spec.arg === 'none' ? 1 : 2))];
}

/** The longest spec whose option the word starts with (`-sdir` is `-s dir` when `s:` is a spec). */
function matchSpec(specs: ZSpec[], word: string): ZSpec | undefined {
  let best: ZSpec | undefined;
  for (const s of specs) {
    const exact = word === s.option;
    const prefix = s.arg !== 'none' && word.startsWith(s.option) && word.length > s.option.length;
    if ((exact || prefix) && (!best || s.option.length > best.option.length)) best = s;
  }
  return best;
}

export const optionParserCommands: CommandResolver = {
  id: 'option-parsers',
  title: "Option parsers over the script's own arguments: zsh zparseopts",
  emits: ['shell state'],
  commands: { zparseopts },
};
