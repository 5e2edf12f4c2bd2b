/**
 * Pure value functions of the standard library: os.path, pathlib, str(), environment, sys.path,
 * os.chdir, directory listings. They compute values; they record no edges (globs do: file-io.ts).
 */
import { dirname, joinServer, normalizeServerPath } from '../../../util/paths.js';
import { arg, argStr, type Call, type Handler } from '../call.js';
import { envValue } from '../names.js';
import { iterElement } from '../targets.js';
import {
  alts,
  concatValues,
  HOLE,
  mapAlts,
  options,
  type Str,
  str,
  toStr,
  UNKNOWN,
  type Value,
} from '../value.js';

const holeStr = (): Str => str(HOLE, true);

/** Apply f over the alternatives of several arguments at once (bounded). */
function combine(values: Value[], f: (parts: Str[]) => Value): Value {
  let acc: Str[][] = [[]];
  for (const v of values) {
    const next: Str[][] = [];
    for (const a of acc) for (const o of options(v)) if (next.length < 12) next.push([...a, toStr(o)]);
    acc = next;
  }
  return alts(acc.map(f));
}

export function joinParts(parts: Str[], path = false): Str {
  let s = '';
  let via = false;
  for (const p of parts) {
    via ||= p.via;
    if (p.s.startsWith('/')) s = p.s;
    else if (s === '' || s.endsWith('/')) s += p.s;
    else s += `/${p.s}`;
  }
  return path ? { k: 'str', s, via, path } : { k: 'str', s, via };
}

function strOp(f: (s: string) => string, path = false): Handler {
  return (c) =>
    mapAlts(arg(c, 0) ?? UNKNOWN, (v) => {
      const t = toStr(v);
      const out: Str = { k: 'str', s: f(t.s), via: t.via };
      return path ? { ...out, path } : out;
    });
}

function absolute(c: Call, s: string): string {
  return s.startsWith('/') || s.startsWith(HOLE) ? s : joinServer(c.interp.cwd, s);
}

const basenameOf = (s: string): string => {
  const t = s.length > 1 && s.endsWith('/') ? s.slice(0, -1) : s;
  return t.slice(t.lastIndexOf('/') + 1);
};
const dirnameOf = (s: string): string => (s.includes('/') ? dirname(s) : '');

function expandUser(c: Call, s: string): string {
  if (!s.startsWith('~')) return s;
  const home = c.interp.env.HOME;
  return s.replace(/^~[^/]*/, home ?? '/home/*');
}

function expandVars(c: Call, s: string): string {
  return s.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, name: string) => c.interp.env[name] ?? HOLE);
}

/** `Path(a, b)` / `PurePath(...)`. */
const makePath: Handler = (c) => {
  if (c.args.length === 0) return { k: 'str', s: '.', via: false, path: true };
  return combine(c.args, (parts) => joinParts(parts, true));
};

const listUnder = (c: Call): Value =>
  mapAlts(arg(c, 0, 'path') ?? str('.'), (d) => ({
    k: 'list',
    items: [{ ...joinParts([toStr(d), holeStr()]), s: HOLE }],
    same: true,
  }));

export const coreCalls: Record<string, Handler> = {
  'os.path.join': (c) => combine(c.args, (parts) => joinParts(parts)),
  'os.path.dirname': strOp(dirnameOf),
  'os.path.basename': strOp(basenameOf),
  'os.path.abspath': (c) =>
    mapAlts(arg(c, 0) ?? UNKNOWN, (v) => ({ ...toStr(v), s: absolute(c, toStr(v).s) })),
  'os.path.realpath': (c) =>
    mapAlts(arg(c, 0) ?? UNKNOWN, (v) => ({ ...toStr(v), s: absolute(c, toStr(v).s) })),
  'os.path.normpath': strOp((s) => (s.includes(HOLE) ? s : normalizeServerPath(s))),
  'os.path.expanduser': (c) =>
    mapAlts(arg(c, 0) ?? UNKNOWN, (v) => ({ ...toStr(v), s: expandUser(c, toStr(v).s) })),
  'os.path.expandvars': (c) =>
    mapAlts(arg(c, 0) ?? UNKNOWN, (v) => ({ ...toStr(v), s: expandVars(c, toStr(v).s) })),
  'os.path.splitext': (c) => {
    const s = toStr(arg(c, 0) ?? UNKNOWN);
    const m = /^(.*?)(\.[^./]*)?$/.exec(s.s);
    return { k: 'list', items: [str(m?.[1] ?? s.s, s.via), str(m?.[2] ?? '', s.via)] };
  },
  'os.path.split': (c) => {
    const s = toStr(arg(c, 0) ?? UNKNOWN);
    return { k: 'list', items: [str(dirnameOf(s.s), s.via), str(basenameOf(s.s), s.via)] };
  },
  'os.fspath': (c) => mapAlts(arg(c, 0) ?? UNKNOWN, (v) => toStr(v)),
  'os.getcwd': (c) => str(c.interp.cwd, true),
  'os.getenv': (c) => envLookup(c),
  'os.environ.get': (c) => envLookup(c),
  'os.environ.setdefault': (c) => envLookup(c),
  'os.listdir': listUnder,
  'os.scandir': listUnder,
  'os.walk': (c) => {
    const top = arg(c, 0, 'top') ?? UNKNOWN;
    const files: Value = { k: 'list', items: [holeStr()], same: true };
    return { k: 'list', items: [{ k: 'list', items: [top, files, files] }], same: true };
  },
  'os.chdir': (c) => {
    const d = argStr(c, 0, 'path');
    if (d && !d.s.includes(HOLE)) c.interp.cwd = joinServer(c.interp.cwd, d.s);
    return UNKNOWN;
  },
  'sys.path.insert': (c) => addSysPath(c, arg(c, 1)),
  'sys.path.append': (c) => addSysPath(c, arg(c, 0)),
  'site.addsitedir': (c) => addSysPath(c, arg(c, 0)),
  str: (c) => (c.args[0] ? mapAlts(c.args[0], (v) => toStr(v)) : str('')),
  repr: () => holeStr(),
  sorted: (c) => c.args[0] ?? UNKNOWN,
  reversed: (c) => c.args[0] ?? UNKNOWN,
  list: (c) => (c.args[0] ? listOf(c.args[0]) : { k: 'list', items: [] }),
  tuple: (c) => (c.args[0] ? listOf(c.args[0]) : { k: 'list', items: [] }),
  set: (c) => (c.args[0] ? listOf(c.args[0]) : { k: 'list', items: [] }),
  frozenset: (c) => (c.args[0] ? listOf(c.args[0]) : { k: 'list', items: [] }),
  dict: (c) => {
    const base = c.args[0]?.k === 'dict' ? new Map(c.args[0].entries) : new Map<string, Value>();
    for (const [k, v] of c.kwargs) base.set(k, v);
    return { k: 'dict', entries: base };
  },
  enumerate: (c) => ({
    k: 'list',
    items: [{ k: 'list', items: [UNKNOWN, iterElement(c.args[0] ?? UNKNOWN)] }],
    same: true,
  }),
  zip: (c) => ({ k: 'list', items: [{ k: 'list', items: c.args.map((a) => iterElement(a)) }], same: true }),
  filter: (c) => c.args[1] ?? UNKNOWN,
  'urllib.parse.urljoin': (c) => urljoin(arg(c, 0, 'base'), arg(c, 1, 'url')),
  'urlparse.urljoin': (c) => urljoin(arg(c, 0, 'base'), arg(c, 1, 'url')),
  max: (c) => pickOne(c),
  min: (c) => pickOne(c),
  next: (c) => iterElement(c.args[0] ?? UNKNOWN),
  iter: (c) => c.args[0] ?? UNKNOWN,
  // progress bars yield what they wrap: `for f in tqdm(files)` walks `files`
  'tqdm.tqdm': (c) => arg(c, 0, 'iterable') ?? UNKNOWN,
  'tqdm.auto.tqdm': (c) => arg(c, 0, 'iterable') ?? UNKNOWN,
  'tqdm.std.tqdm': (c) => arg(c, 0, 'iterable') ?? UNKNOWN,
  'tqdm.notebook.tqdm': (c) => arg(c, 0, 'iterable') ?? UNKNOWN,
  'rich.progress.track': (c) => arg(c, 0, 'sequence') ?? UNKNOWN,
  'progressbar.progressbar': (c) => arg(c, 0, 'iterator') ?? UNKNOWN,
  len: (c) => {
    const v = c.args[0];
    if (v?.k === 'list' && !v.same) return { k: 'num', n: v.items.length };
    if (v?.k === 'str' && !v.s.includes(HOLE)) return { k: 'num', n: v.s.length };
    return UNKNOWN;
  },
  int: (c) => {
    const v = c.args[0];
    if (v?.k === 'num') return v;
    if (v?.k === 'str' && /^\s*-?\d+\s*$/.test(v.s)) return { k: 'num', n: Number(v.s) };
    return UNKNOWN;
  },
  'pathlib.Path': makePath,
  'pathlib.PurePath': makePath,
  'pathlib.PosixPath': makePath,
  'pathlib.PurePosixPath': makePath,
  'pathlib.Path.cwd': (c) => ({ k: 'str', s: c.interp.cwd, via: true, path: true }),
  'pathlib.Path.home': (c) => ({ k: 'str', s: c.interp.env.HOME ?? '/home/*', via: true, path: true }),
  'tempfile.gettempdir': () => str('/tmp', true),
  'shlex.quote': (c) => c.args[0] ?? UNKNOWN,
  'contextlib.closing': (c) => c.args[0] ?? UNKNOWN,
  'pipes.quote': (c) => c.args[0] ?? UNKNOWN,
};

/** urljoin for the common cases: an absolute URL wins, `/x` replaces the path, `x` appends. */
function urljoin(base: Value | undefined, url: Value | undefined): Value {
  if (!base || !url) return UNKNOWN;
  return combine([base, url], ([b, u]) => {
    const bs = b as Str;
    const us = u as Str;
    if (/^[a-z][\w+.-]*:\/\//i.test(us.s)) return us;
    const origin = /^[a-z][\w+.-]*:\/\/[^/]*/i.exec(bs.s)?.[0] ?? '';
    if (us.s.startsWith('/')) return str(origin + us.s, bs.via || us.via);
    return str(bs.s.replace(/[^/]*$/, '') + us.s, bs.via || us.via);
  });
}

function envLookup(c: Call): Value {
  const name = argStr(c, 0, 'key');
  if (!name || name.s.includes(HOLE)) return holeStr();
  return envValue(c.interp, name.s, arg(c, 1, 'default'));
}

function addSysPath(c: Call, v: Value | undefined): Value {
  for (const o of options(v ?? UNKNOWN)) {
    if (o.k !== 'str' || o.s.includes(HOLE)) continue;
    const dir = joinServer(c.frame.module.dir, o.s);
    if (!c.interp.sysPath.includes(dir)) c.interp.sysPath.unshift(dir);
  }
  return UNKNOWN;
}

function listOf(v: Value): Value {
  if (v.k === 'list') return v;
  if (v.k === 'dict') return { k: 'list', items: [...v.entries.keys()].map((k) => str(k, true)) };
  return { k: 'list', items: [iterElement(v)], same: true };
}

function pickOne(c: Call): Value {
  if (c.args.length === 1) return iterElement(c.args[0] as Value);
  return alts(c.args);
}

/** Methods of pathlib paths that compute other paths. */
export const pathValueMethods: Record<string, Handler> = {
  with_suffix: (c) => pathEdit(c, (s, x) => s.replace(/(\.[^./]*)?$/, x)),
  with_name: (c) => pathEdit(c, (s, x) => (s.includes('/') ? `${dirname(s)}/${x}` : x)),
  with_stem: (c) => pathEdit(c, (s, x) => s.replace(/[^/]*?(\.[^./]*)?$/, `${x}$1`)),
  joinpath: (c) => combine([c.receiver ?? UNKNOWN, ...c.args], (parts) => joinParts(parts, true)),
  resolve: (c) =>
    mapAlts(c.receiver ?? UNKNOWN, (v) => ({ ...toStr(v), s: absolute(c, toStr(v).s), path: true })),
  absolute: (c) =>
    mapAlts(c.receiver ?? UNKNOWN, (v) => ({ ...toStr(v), s: absolute(c, toStr(v).s), path: true })),
  expanduser: (c) =>
    mapAlts(c.receiver ?? UNKNOWN, (v) => ({ ...toStr(v), s: expandUser(c, toStr(v).s), path: true })),
  as_posix: (c) => mapAlts(c.receiver ?? UNKNOWN, (v) => toStr(v)),
  iterdir: (c) => ({
    k: 'list',
    items: [joinParts([toStr(c.receiver ?? UNKNOWN), holeStr()], true)],
    same: true,
  }),
};

function pathEdit(c: Call, f: (s: string, x: string) => string): Value {
  const x = argStr(c, 0);
  return mapAlts(c.receiver ?? UNKNOWN, (v) => {
    const t = toStr(v);
    return { k: 'str', s: f(t.s, x?.s ?? HOLE), via: t.via || (x?.via ?? true), path: true };
  });
}

/** `sep.join(items)`. */
export function strJoin(sep: Str, items: Value): Value {
  if (items.k !== 'list' || items.same) return str(HOLE, true);
  const parts: Value[] = [];
  items.items.forEach((it, i) => {
    if (i > 0) parts.push(sep);
    parts.push(it);
  });
  return concatValues(parts);
}
