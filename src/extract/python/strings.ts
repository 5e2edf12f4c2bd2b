/**
 * Python string literals and formatting: escape decoding, f-string parts, `%` and `.format()`.
 * Whatever is not known becomes HOLE (see value.ts).
 */
import { HOLE, type Str, str, toStr, type Value } from './value.js';

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
  '\n': '',
};

/** Decode backslash escapes of a non-raw literal. */
export function decodeEscapes(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]*\}|[\s\S])/g,
    (m, e: string) => {
      const c = e[0] as string;
      if (c === 'x' || c === 'u' || c === 'U') {
        const cp = Number.parseInt(e.slice(1), 16);
        return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
      }
      if (/[0-7]/.test(c) && e.length > 0) return String.fromCharCode(Number.parseInt(e, 8));
      if (c === 'N') return '?';
      return SIMPLE_ESCAPES[c] ?? m;
    },
  );
}

/** Prefix letters of a literal (`rb`, `f`, `u`), lower-cased. */
export function literalPrefix(startToken: string): string {
  return (/^[a-zA-Z]*/.exec(startToken)?.[0] ?? '').toLowerCase();
}

/** `"%s/%(name)s" % args` with what is known of args. */
export function percentFormat(fmt: Str, arg: Value): Str {
  const positional = arg.k === 'list' ? arg.items : [arg];
  const named = arg.k === 'dict' ? arg.entries : undefined;
  let i = 0;
  let via = fmt.via || arg.k !== 'str' || arg.via;
  const s = fmt.s.replace(
    /%(\([^)]*\))?[-+ #0]*(\*|\d+)?(\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g,
    (...m) => {
      const key = m[1] as string | undefined;
      const conv = m[5] as string;
      if (conv === '%') return '%';
      let v: Value | undefined;
      if (key !== undefined) v = named?.get(key.slice(1, -1));
      else v = positional[i++];
      if (!v) return HOLE;
      const t = toStr(v);
      via ||= t.via;
      if (/[diouxXeEfFgG]/.test(conv) && v.k !== 'num') return HOLE;
      return t.s;
    },
  );
  return str(s, via);
}

/** `"{}/{name}".format(*args, **kwargs)`. */
export function braceFormat(fmt: Str, args: Value[], kwargs: Map<string, Value>): Str {
  let auto = 0;
  let via = fmt.via;
  const s = fmt.s.replace(/\{\{|\}\}|\{([^{}!:]*)(![rsa])?(:[^{}]*)?\}/g, (m, field: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const name = field ?? '';
    const head = /^[^.[]*/.exec(name)?.[0] ?? '';
    let v: Value | undefined;
    if (head === '') v = args[auto++];
    else if (/^\d+$/.test(head)) v = args[Number(head)];
    else v = kwargs.get(head);
    if (!v || head.length < name.length) return HOLE;
    const t = toStr(v);
    via ||= t.via;
    return t.s;
  });
  return str(s, via);
}

/** str.strip/lstrip/rstrip with a set of characters. */
function stripChars(text: string, method: string, chars: string): string {
  let s = text;
  if (method !== 'rstrip') while (s.length > 0 && chars.includes(s[0] as string)) s = s.slice(1);
  if (method !== 'lstrip')
    while (s.length > 0 && chars.includes(s[s.length - 1] as string)) s = s.slice(0, -1);
  return s;
}

/**
 * `s.split(sep[, maxsplit])` / `rsplit` of a fully known string by a known separator
 * (`url.split('/')[-1]`); with an unknown part the pieces' positions are unknown.
 */
function splitKnown(v: Str, method: string, args: Value[]): Value | undefined {
  const sep = args[0];
  const max = args[1];
  if (v.s.includes(HOLE) || sep?.k !== 'str' || sep.s === '') return undefined;
  if (max !== undefined && max.k !== 'num') return undefined;
  const n = max?.k === 'num' && max.n >= 0 ? max.n : Number.POSITIVE_INFINITY;
  let parts = v.s.split(sep.s);
  if (parts.length - 1 > n) {
    parts =
      method === 'split'
        ? [...parts.slice(0, n), parts.slice(n).join(sep.s)]
        : [parts.slice(0, parts.length - n).join(sep.s), ...parts.slice(parts.length - n)];
  }
  return { k: 'list', items: parts.map((s) => ({ k: 'str', s, via: v.via })) };
}

/** Simple str methods applied to a known string; undefined when the method is not modelled. */
export function strMethod(v: Str, method: string, args: Value[]): Value | undefined {
  const a0 = args[0]?.k === 'str' ? args[0].s : undefined;
  const a1 = args[1]?.k === 'str' ? args[1].s : undefined;
  const same = (s: string): Str => ({ k: 'str', s, via: v.via });
  switch (method) {
    case 'strip':
    case 'lstrip':
    case 'rstrip':
      return args.length > 0 && a0 === undefined ? same(v.s) : same(stripChars(v.s, method, a0 ?? ' \t\r\n'));
    case 'lower':
      return same(v.s.toLowerCase());
    case 'upper':
      return same(v.s.toUpperCase());
    case 'replace':
      return a0 !== undefined && a1 !== undefined ? same(v.s.split(a0).join(a1)) : same(HOLE);
    case 'removeprefix':
      return a0 !== undefined && v.s.startsWith(a0) ? same(v.s.slice(a0.length)) : same(v.s);
    case 'removesuffix':
      return a0 !== undefined && a0 !== '' && v.s.endsWith(a0) ? same(v.s.slice(0, -a0.length)) : same(v.s);
    case 'encode':
    case 'decode':
    case 'expandtabs':
      return same(v.s);
    case 'startswith':
      return a0 !== undefined && !v.s.includes(HOLE) ? { k: 'bool', b: v.s.startsWith(a0) } : undefined;
    case 'endswith':
      return a0 !== undefined && !v.s.includes(HOLE) ? { k: 'bool', b: v.s.endsWith(a0) } : undefined;
    case 'split':
    case 'rsplit':
      return splitKnown(v, method, args) ?? { k: 'list', items: [same(HOLE)], same: true };
    case 'splitlines':
      return { k: 'list', items: [same(HOLE)], same: true };
    default:
      return undefined;
  }
}
