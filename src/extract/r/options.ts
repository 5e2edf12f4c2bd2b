/**
 * optparse, the option parser R batch scripts use: `make_option(c("-i", "--input"), default =
 * ...)` specs in an `OptionParser(option_list = list(...))` (or added with `add_option`), and
 * `parse_args(parser)` over the caller's arguments. The result is a list indexed by each option's
 * `dest` (the long flag with `-` as `_`), so `opt$input` is what the crontab line passed, or the
 * option's default when the caller did not pass it.
 */
import { asStr, str, type V } from '../kit/value.js';
import { type Args, arg, type ScriptRun } from '../kit/walk.js';

const SPEC = '\u0000optspec';
const PARSER = '\u0000optparser';

interface OptionSpec {
  flags: string[];
  dest: string;
  takesValue: boolean;
  flagValue?: string;
  fallback?: V;
}

function specOf(v: V | undefined): OptionSpec | undefined {
  if (v?.k !== 'obj' || !v.props.has(SPEC)) return undefined;
  const flags = v.props.get('flags');
  const items = flags?.k === 'list' ? flags.items.map((x) => asStr(x).s) : [];
  const action = asStr(v.props.get('action')).s;
  const dest = v.props.get('dest');
  const long = items.find((f) => f.startsWith('--'));
  const name = dest?.k === 'str' ? dest.s : (long ?? items[0] ?? '').replace(/^-+/, '').replace(/-/g, '_');
  const flagValue = action === 'store_true' ? 'TRUE' : action === 'store_false' ? 'FALSE' : undefined;
  const fallback = v.props.get('default');
  return {
    flags: items,
    dest: name,
    takesValue: flagValue === undefined,
    ...(flagValue ? { flagValue } : {}),
    ...(fallback ? { fallback } : {}),
  };
}

/** `make_option(c("-o", "--out-dir"), type = "character", default = "/srv/out", dest = ...)`. */
function makeOption(_run: ScriptRun, a: Args): V {
  const flags = a.pos[0] ?? a.named.get('opt_str');
  const props = new Map<string, V>([[SPEC, str('1')]]);
  props.set(
    'flags',
    flags?.k === 'list' ? flags : flags ? { k: 'list', items: [flags] } : { k: 'list', items: [] },
  );
  for (const k of ['action', 'dest', 'default']) {
    const v = a.named.get(k);
    if (v) props.set(k, v);
  }
  return { k: 'obj', props };
}

function parserWith(options: V[]): V {
  return { k: 'obj', props: new Map<string, V>([[PARSER, { k: 'list', items: options }]]) };
}

function optionsOf(parser: V | undefined): V[] {
  const list = parser?.k === 'obj' ? parser.props.get(PARSER) : undefined;
  return list?.k === 'list' ? list.items : [];
}

/** `OptionParser(option_list = list(...))`. */
function optionParser(_run: ScriptRun, a: Args): V {
  const list = a.named.get('option_list') ?? a.pos[1];
  return parserWith(list?.k === 'list' ? list.items : []);
}

/** `add_option(parser, c("-v", "--verbose"), action = "store_true")` (also through `%>%`). */
function addOption(run: ScriptRun, a: Args): V {
  const rest: Args = { pos: a.pos.slice(1), named: a.named };
  return parserWith([...optionsOf(a.pos[0]), makeOption(run, rest)]);
}

/** `parse_args(parser, args = ..., positional_arguments = TRUE)`. */
function parseArgs(run: ScriptRun, a: Args): V {
  const specs = optionsOf(arg(a, 0, 'object')).flatMap((o) => specOf(o) ?? []);
  const given = a.named.get('args');
  const words = given?.k === 'list' ? given.items.map((x) => asStr(x).s) : run.ctx.args;
  const props = new Map<string, V>();
  for (const s of specs) if (s.fallback) props.set(s.dest, s.fallback);
  const positional: V[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const eq = w.startsWith('--') ? w.indexOf('=') : -1;
    const flag = eq > 0 ? w.slice(0, eq) : w;
    const spec = specs.find((s) => s.flags.includes(flag));
    if (!spec) {
      positional.push(str(w, true));
      continue;
    }
    if (!spec.takesValue) props.set(spec.dest, str(spec.flagValue ?? 'TRUE'));
    else if (eq > 0) props.set(spec.dest, str(w.slice(eq + 1), true));
    else if (i + 1 < words.length) props.set(spec.dest, str(words[++i] as string, true));
  }
  const options: V = { k: 'obj', props };
  const withPositional = asStr(a.named.get('positional_arguments')).s;
  if (/^(TRUE|T|\d+)$/.test(withPositional))
    return {
      k: 'obj',
      props: new Map<string, V>([
        ['options', options],
        ['args', { k: 'list', items: positional }],
      ]),
    };
  return options;
}

export const OPTION_CALLS: ReadonlyArray<[string, (run: ScriptRun, a: Args) => V]> = [
  ['make_option', makeOption],
  ['OptionParser', optionParser],
  ['add_option', addOption],
  ['parse_args', parseArgs],
  [
    'parse_args2',
    (run, a) =>
      parseArgs(run, { pos: a.pos, named: new Map([...a.named, ['positional_arguments', str('TRUE')]]) }),
  ],
];
