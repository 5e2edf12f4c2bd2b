/**
 * The command line through argparse/optparse: declared arguments with their defaults, bound to
 * the arguments the caller passed (cron line, wrapper script). Values from here are `resolved`.
 */
import { arg, argText, type Call, type Handler } from '../call.js';
import { argvList } from '../names.js';
import { type ArgDef, NONE, type PyObject, type Str, toStr, UNKNOWN, type Value, viaOf } from '../value.js';

type Parser = Extract<PyObject, { type: 'argparser' }>;

const parserOf = (c: Call): Parser | undefined =>
  c.receiver?.k === 'obj' && c.receiver.obj.type === 'argparser' ? c.receiver.obj : undefined;

const newParser: Handler = () => ({ k: 'obj', obj: { type: 'argparser', defs: [] } });

export const argparseCalls: Record<string, Handler> = {
  'argparse.ArgumentParser': newParser,
  'optparse.OptionParser': newParser,
};

const addArgument: Handler = (c) => {
  const p = parserOf(c);
  if (!p) return UNKNOWN;
  const names = c.args.flatMap((a) => (a.k === 'str' ? [a.s] : []));
  if (names.length === 0) return UNKNOWN;
  const long = names.find((n) => n.startsWith('--')) ?? names[0] ?? '';
  const def: ArgDef = {
    names,
    dest: argText(c, -1, 'dest') ?? long.replace(/^-+/, '').replace(/-/g, '_'),
    positional: !names[0]?.startsWith('-'),
    default: c.kwargs.get('default') ?? NONE,
  };
  const action = argText(c, -1, 'action') ?? '';
  if (action === 'store_true') def.flag = 'true';
  else if (action === 'store_false') def.flag = 'false';
  else if (action === 'count') def.flag = 'count';
  const nargs = c.kwargs.get('nargs');
  if (nargs?.k === 'str' && (nargs.s === '+' || nargs.s === '*')) def.many = true;
  if (def.default.k === 'none' && (def.flag === 'true' || def.flag === 'false')) {
    def.default = { k: 'bool', b: def.flag === 'false' };
  }
  p.defs.push(def);
  return UNKNOWN;
};

const isOption = (s: string): boolean => s.startsWith('-') && s.length > 1 && !/^-\d/.test(s);

/** `--out=x` / `--out x` / `-ox` / `-o x`: the option's name and, when attached, its value. */
function splitOption(a: Str): { name: string; attached?: Str } {
  if (a.s.startsWith('--')) {
    const eq = a.s.indexOf('=');
    return eq > 0 ? { name: a.s.slice(0, eq), attached: { ...a, s: a.s.slice(eq + 1) } } : { name: a.s };
  }
  return a.s.length > 2 ? { name: a.s.slice(0, 2), attached: { ...a, s: a.s.slice(2) } } : { name: a.s };
}

function findOption(optionals: ArgDef[], name: string): ArgDef | undefined {
  const exact = optionals.find((d) => d.names.includes(name));
  // argparse accepts unambiguous prefixes of long options (--out for --output)
  return (
    exact ??
    (name.startsWith('--') ? optionals.find((d) => d.names.some((n) => n.startsWith(name))) : undefined)
  );
}

/** Bind argv to the declared arguments the way argparse would (the common cases). */
export function bindArgv(defs: ArgDef[], argv: Str[]): Map<string, Value> {
  const values = new Map<string, Value>();
  for (const d of defs) values.set(d.dest, viaOf(d.default));
  const positionals = defs.filter((d) => d.positional);
  const optionals = defs.filter((d) => !d.positional);
  let pi = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as Str;
    if (isOption(a.s)) {
      const { name, attached } = splitOption(a);
      const def = findOption(optionals, name);
      if (def?.flag) values.set(def.dest, { k: 'bool', b: def.flag !== 'false' });
      else if (def) {
        const value = attached ?? argv[++i];
        if (value) values.set(def.dest, { ...value, via: true });
      }
      continue;
    }
    const def = positionals[pi++];
    if (!def) continue;
    if (!def.many) {
      values.set(def.dest, { ...a, via: true });
      continue;
    }
    const items: Value[] = [];
    for (; i < argv.length && !isOption((argv[i] as Str).s); i++)
      items.push({ ...(argv[i] as Str), via: true });
    i--;
    values.set(def.dest, { k: 'list', items });
  }
  return values;
}

function parseArgs(c: Call, withRest: boolean): Value {
  const p = parserOf(c);
  if (!p) return UNKNOWN;
  const given = arg(c, 0, 'args');
  const all =
    given?.k === 'list' && !given.same
      ? given.items
      : (argvList(c.interp) as { items: Value[] }).items.slice(1);
  const ns: Value = {
    k: 'dict',
    entries: bindArgv(
      p.defs,
      all.map((v) => toStr(v)),
    ),
  };
  return withRest ? { k: 'list', items: [ns, { k: 'list', items: [UNKNOWN], same: true }] } : ns;
}

/** optparse's parse_args() returns (options, args); argparse's returns the namespace. */
const isOptparse = (c: Call): boolean => parserOf(c)?.defs.some((d) => d.optparse === true) ?? false;

export const argparserMethods: Record<string, Handler> = {
  add_argument: addArgument,
  add_option: (c) => {
    addArgument(c);
    const last = parserOf(c)?.defs.at(-1);
    if (last) last.optparse = true;
    return UNKNOWN;
  },
  add_argument_group: (c) => c.receiver ?? UNKNOWN,
  add_mutually_exclusive_group: (c) => c.receiver ?? UNKNOWN,
  parse_args: (c) => parseArgs(c, isOptparse(c)),
  parse_known_args: (c) => parseArgs(c, true),
  parse_intermixed_args: (c) => parseArgs(c, false),
  set_defaults: (c) => {
    for (const [k, v] of c.kwargs) for (const d of parserOf(c)?.defs ?? []) if (d.dest === k) d.default = v;
    return UNKNOWN;
  },
};
