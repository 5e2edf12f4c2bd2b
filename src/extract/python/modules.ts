/**
 * Local modules: `import x` / `from x import Y` resolved to a .py file in the importing file's
 * directory or a directory added to sys.path (or PYTHONPATH). Found modules are parsed (never
 * run) so their constants and helpers can be followed. Directory listings and parsed modules are
 * cached per server (per ServerFs): on a real server many scripts import the same few libraries.
 */
import { dirname, joinServer } from '../../util/paths.js';
import type { ServerFs } from '../../util/server-fs.js';
import { parseWithBudget } from '../parse/tree-sitter.js';
import type { Interp, ModuleState } from './frame.js';
import type { PyNode } from './tree.js';

/** Parsed modules kept per server; the least recently used is dropped past this. */
const MAX_CACHED_MODULES = 64;

interface ServerCache {
  listings: Map<string, Set<string>>;
  modules: Map<string, { text: string; root: PyNode } | null>;
}

const caches = new WeakMap<ServerFs, ServerCache>();

function cacheOf(fs: ServerFs): ServerCache {
  let c = caches.get(fs);
  if (!c) {
    c = { listings: new Map(), modules: new Map() };
    caches.set(fs, c);
  }
  return c;
}

function listing(fs: ServerFs, dir: string): Set<string> {
  const cache = cacheOf(fs).listings;
  let names = cache.get(dir);
  if (!names) {
    names = new Set(fs.list(dir));
    cache.set(dir, names);
  }
  return names;
}

/** Server path of a local module, or undefined when it is not on the server's search path. */
export function findModule(interp: Interp, from: ModuleState, dotted: string, level = 0): string | undefined {
  const parts = dotted.split('.').filter(Boolean);
  let dirs: string[];
  if (level > 0) {
    let d = from.dir;
    for (let i = 1; i < level; i++) d = dirname(d);
    dirs = [d];
  } else {
    const py = (interp.env.PYTHONPATH ?? '').split(':').filter((p) => p.startsWith('/'));
    dirs = [from.dir, ...interp.sysPath, ...py];
  }
  const fs = interp.ctx.fs;
  for (const d of dirs) {
    if (parts.length === 0) {
      if (listing(fs, d).has('__init__.py')) return joinServer(d, '__init__.py');
      continue;
    }
    const parent = joinServer(d, parts.slice(0, -1).join('/') || '.');
    const last = parts[parts.length - 1] as string;
    const names = listing(fs, parent);
    if (names.has(`${last}.py`) && fs.isFile(joinServer(parent, `${last}.py`)))
      return joinServer(parent, `${last}.py`);
    if (names.has(last) && listing(fs, joinServer(parent, last)).has('__init__.py')) {
      return joinServer(parent, `${last}/__init__.py`);
    }
  }
  return undefined;
}

/** Parse a module file (or take it from the cache); null when it cannot be read or parsed in time. */
export function parseModule(interp: Interp, path: string): ModuleState | null {
  const cache = cacheOf(interp.ctx.fs).modules;
  let entry = cache.get(path);
  if (entry === undefined) {
    entry = readAndParse(interp, path);
    cache.set(path, entry);
    evict(cache);
  } else {
    // most recently used goes last
    cache.delete(path);
    cache.set(path, entry);
  }
  if (!entry) return null;
  return {
    path,
    dir: dirname(path),
    lines: entry.text.split('\n'),
    globals: new Map(),
    root: entry.root,
    imported: true,
  };
}

function readAndParse(interp: Interp, path: string): { text: string; root: PyNode } | null {
  const r = interp.ctx.fs.readText(path);
  if (!r.ok) {
    interp.rec.diagnostics(r.diagnostic);
    return null;
  }
  const tree = parseWithBudget(interp.ctx.parsers.python, r.text, interp.ctx.budgetMs);
  if (!tree) return null;
  return { text: r.text, root: tree.rootNode };
}

function evict(cache: ServerCache['modules']): void {
  while (cache.size > MAX_CACHED_MODULES) {
    const oldest = cache.keys().next().value as string;
    cache.delete(oldest);
  }
}
