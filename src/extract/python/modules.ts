/**
 * Local modules: `import x` / `from x import Y` resolved to a .py file in the importing file's
 * directory or a directory added to sys.path (or PYTHONPATH). Found modules are parsed (never
 * run) so their constants and helpers can be followed. Directory listings and parsed modules are
 * cached per server (per ServerFs): on a real server many scripts import the same few libraries.
 */
import { dirname, joinServer } from '../../util/paths.js';
import type { FsAccess, ServerFs } from '../../util/server-fs.js';
import { parseWithBudget } from '../parse/tree-sitter.js';
import type { Interp, ModuleState } from './frame.js';
import type { PyNode } from './tree.js';

/** Parsed modules kept per server; the least recently used is dropped past this. */
const MAX_CACHED_MODULES = 64;

/**
 * A cached answer and what was read to make it: a scan that records what each extraction reads
 * (the scan cache) counts those reads again whenever the answer is reused.
 */
interface Kept<T> {
  value: T;
  accesses?: FsAccess[];
}

interface ServerCache {
  listings: Map<string, Kept<Set<string>>>;
  modules: Map<string, Kept<{ text: string; root: PyNode } | null>>;
}

/** The cached answer, or a new one when there is none (or it was made without recording). */
function kept<T>(fs: ServerFs, cache: Map<string, Kept<T>>, key: string, make: () => T): Kept<T> {
  const had = cache.get(key);
  if (had && (had.accesses || !fs.recording)) {
    if (had.accesses) fs.noteAccesses(had.accesses);
    return had;
  }
  const entry = fs.recording ? fs.recordAccesses(make) : { value: make() };
  cache.set(key, entry);
  return entry;
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
  return kept(fs, cacheOf(fs).listings, dir, () => new Set(fs.list(dir))).value;
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
    dirs = [from.dir, ...interp.sysPath, ...py, ...projectRoots(interp.ctx.fs, from.dir)];
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

/**
 * Project roots above `dir`, nearest first: a checkout installed with `pip install -e .` (a
 * setup.py, setup.cfg or pyproject.toml beside its package) is on sys.path, so
 * `from app.db import X` in app/job.py, run as `python app/job.py`, resolves there.
 */
function projectRoots(fs: ServerFs, dir: string): string[] {
  const out: string[] = [];
  let d = dir;
  for (let i = 0; i < MAX_PROJECT_DEPTH && d !== '/'; i++) {
    d = dirname(d);
    const names = listing(fs, d);
    if (names.has('setup.py') || names.has('setup.cfg') || names.has('pyproject.toml')) out.push(d);
  }
  return out;
}

const MAX_PROJECT_DEPTH = 6;

/** Parse a module file (or take it from the cache); null when it cannot be read or parsed in time. */
export function parseModule(interp: Interp, path: string): ModuleState | null {
  const cache = cacheOf(interp.ctx.fs).modules;
  const had = cache.get(path);
  const e = kept(interp.ctx.fs, cache, path, () => readAndParse(interp, path));
  const entry = e.value;
  if (had) {
    // most recently used goes last
    cache.delete(path);
    cache.set(path, e);
  } else evict(cache);
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
  if (!tree) {
    // out of time depends on the machine's load, not the file: never reused by the scan cache
    interp.ctx.fs.noteAccesses([{ op: 'read', path, seen: '!parse-timeout' }]);
    return null;
  }
  return { text: r.text, root: tree.rootNode };
}

function evict(cache: ServerCache['modules']): void {
  while (cache.size > MAX_CACHED_MODULES) {
    const oldest = cache.keys().next().value as string;
    cache.delete(oldest);
  }
}
