/**
 * Read-only access to a server's filesystem mounted at ROOT. Symlinks are followed the way the
 * server would follow them: an absolute target means the server's `/`, i.e. ROOT, never the
 * machine dfmap runs on. Nothing here executes or evaluates what it reads.
 */
import buffer from 'node:buffer';
import { createHash, type Hash, hash as oneShotDigest } from 'node:crypto';
import fs from 'node:fs';
import { type Diagnostic, warning } from '../model/diagnostic.js';
import { joinServer, normalizeServerPath, toLocal } from './paths.js';

export const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;
const MAX_SYMLINK_HOPS = 40;

export type ReadResult =
  | { ok: true; text: string; bytes: number; diagnostics: Diagnostic[] }
  | { ok: false; diagnostic: Diagnostic };

export interface ServerFsOptions {
  maxBytes?: number;
  /** Time budget for reading one file, ms (default 5000). */
  budgetMs?: number;
  /**
   * The server does not change while this ServerFs is used (one scan): path lookups (each
   * component's lstat) are remembered. A scan resolves the same directories tens of thousands of times.
   */
  stable?: boolean;
}

/**
 * One thing read from the server and what it showed, as a short text (`seen`): a file's type,
 * size, mode and owner (`stat`), or its type alone (`kind`: exists, isFile, isDirectory), a digest
 * of a directory's names or of a file's bytes. The scan cache keeps the accesses of each
 * extraction and reuses it only while every one of them still shows the same.
 */
export interface FsAccess {
  op: 'stat' | 'kind' | 'dir' | 'read' | 'link';
  path: string;
  /** read: the byte limit, and whether only the head was read. */
  max?: number;
  head?: boolean;
  seen: string;
}

/** Every access of one path, in one record (how a stored scan's accesses are kept and checked). */
export interface PathAccesses {
  path: string;
  reads?: Array<{ max?: number; head?: boolean; seen: string }>;
  stat?: string;
  kind?: string;
  dir?: string;
  link?: string;
}

/** Accesses as one record per path, in the order each path was first accessed. */
export function groupByPath(accesses: readonly FsAccess[]): PathAccesses[] {
  const byPath = new Map<string, PathAccesses>();
  for (const { op, path, seen, max, head } of accesses) {
    let p = byPath.get(path);
    if (!p) {
      p = { path };
      byPath.set(path, p);
    }
    if (op !== 'read') p[op] = seen;
    else {
      p.reads ??= [];
      p.reads.push({ ...(max ? { max } : {}), ...(head ? { head } : {}), seen });
    }
  }
  return [...byPath.values()];
}

/** A server path with its symlinks resolved inside ROOT, or why it cannot be. */
export type Resolved = { path: string } | { error: 'loop' | 'missing' };

export class ServerFs {
  readonly root: string;
  readonly maxBytes: number;
  readonly budgetMs: number;
  /** Open recordings (recordAccesses), innermost last. */
  private recorders: Map<string, FsAccess>[] = [];
  /** With `stable`: each path component seen, as a symlink's target, '' (anything else) or null (missing). */
  private readonly links?: Map<string, string | null>;
  /**
   * With `stable`: the lstat of each component that is not a symlink. Once a path is resolved, it
   * is also the path's stat (nothing left to follow), so a file read after its path was resolved
   * costs no second look.
   */
  private readonly kinds?: Map<string, fs.Stats>;
  /** With `stable`: each path asked for, resolved (a scan asks for the same paths many times). */
  private readonly resolved?: Map<string, Resolved>;

  constructor(root: string, opts: ServerFsOptions = {}) {
    this.root = root;
    this.maxBytes = Math.min(opts.maxBytes ?? DEFAULT_MAX_BYTES, HARD_MAX_BYTES);
    this.budgetMs = opts.budgetMs ?? 5000;
    if (opts.stable) {
      this.links = new Map();
      this.kinds = new Map();
      this.resolved = new Map();
    }
  }

  /** One path component: a symlink's target, '' when it is not a symlink, null when missing. */
  private linkOf(candidate: string): string | null {
    const known = this.links?.get(candidate);
    if (known !== undefined) return known;
    let found: string | null;
    try {
      const st = fs.lstatSync(toLocal(this.root, candidate));
      found = st.isSymbolicLink() ? fs.readlinkSync(toLocal(this.root, candidate)) : '';
      if (found === '') this.kinds?.set(candidate, st);
    } catch {
      found = null;
    }
    this.links?.set(candidate, found);
    return found;
  }

  /** Resolve symlinks inside ROOT. Returns the final server path, or a diagnostic code on a loop. */
  realpath(serverPath: string): Resolved {
    const known = this.resolved?.get(serverPath);
    if (known) return known;
    const r = this.resolve(serverPath);
    this.resolved?.set(serverPath, r);
    return r;
  }

  private resolve(serverPath: string): Resolved {
    let pending = normalizeServerPath(serverPath).split('/').filter(Boolean);
    let resolved = '/';
    let hops = 0;
    while (pending.length > 0) {
      const part = pending.shift() as string;
      const candidate = joinServer(resolved, part);
      const target = this.linkOf(candidate);
      if (target === null) return { error: 'missing' };
      if (target !== '') {
        if (++hops > MAX_SYMLINK_HOPS) return { error: 'loop' };
        const base = target.startsWith('/') ? '/' : resolved;
        pending = [...joinServer(base, target).split('/').filter(Boolean), ...pending];
        resolved = '/';
        continue;
      }
      resolved = candidate;
    }
    return { path: resolved };
  }

  /**
   * Run `fn` and list what it read through this ServerFs: stat, readDir, readBytes and readlink
   * (every other read goes through them). Recordings nest: an inner one's reads count for the outer.
   */
  recordAccesses<T>(fn: () => T): { value: T; accesses: FsAccess[] } {
    const log = new Map<string, FsAccess>();
    this.recorders.push(log);
    try {
      return { value: fn(), accesses: [...log.values()] };
    } finally {
      this.recorders.splice(this.recorders.lastIndexOf(log), 1);
    }
  }

  /**
   * Start listing what is read through this ServerFs, across awaits, until `stop()`: the whole of
   * one scan (the scan cache keeps a finished scan with the list). Nests like recordAccesses.
   */
  openRecording(): { stop: () => FsAccess[] } {
    const log = new Map<string, FsAccess>();
    this.recorders.push(log);
    return {
      stop: () => {
        const i = this.recorders.lastIndexOf(log);
        if (i >= 0) this.recorders.splice(i, 1);
        return [...log.values()];
      },
    };
  }

  /** Count accesses made earlier for what is being recorded now (a cache above this ServerFs answered). */
  noteAccesses(accesses: readonly FsAccess[]): void {
    for (const r of this.recorders) for (const a of accesses) r.set(accessKey(a), a);
  }

  get recording(): boolean {
    return this.recorders.length > 0;
  }

  /** What the access shows now; equal to its `seen` when nothing it depends on has changed. */
  seenNow(a: Omit<FsAccess, 'seen'>): string {
    if (a.op === 'stat') return statSeen(this.statOf(a.path));
    if (a.op === 'kind') return kindSeen(this.statOf(a.path));
    if (a.op === 'dir') return dirSeen(this.readDirOf(a.path));
    if (a.op === 'link') return this.readlinkOf(a.path) ?? '-';
    return this.readSeen(a).seen;
  }

  /**
   * Whether every access of one path still shows what it showed. A file is hashed as it is read
   * (no copy is kept), and a path that is both read and stat'ed is opened once: the open file's own
   * status answers the stat (the same file, reached the same way).
   */
  pathStillShows(p: PathAccesses): boolean {
    let st: fs.Stats | undefined;
    let statted = false;
    // the scan saw a regular file here: opened without an lstat first (see openDirect)
    const direct = p.kind === 'file' || (p.stat?.startsWith('file ') ?? false);
    for (const r of p.reads ?? []) {
      const now = this.readSeen({ op: 'read', path: p.path, ...r }, direct);
      if (now.seen !== r.seen) return false;
      if (!statted && now.stats) {
        st = now.stats;
        statted = true;
      }
    }
    if ((p.stat !== undefined || p.kind !== undefined) && !statted) st = this.statOf(p.path);
    if (p.stat !== undefined && statSeen(st) !== p.stat) return false;
    if (p.kind !== undefined && kindSeen(st) !== p.kind) return false;
    if (p.dir !== undefined && dirSeen(this.readDirOf(p.path)) !== p.dir) return false;
    return p.link === undefined || (this.readlinkOf(p.path) ?? '-') === p.link;
  }

  /** What a read shows now (a digest of the bytes) and, when the file was opened, its status. */
  private readSeen(a: Omit<FsAccess, 'seen'>, direct = false): { seen: string; stats?: fs.Stats } {
    const probe: Probe = { direct };
    const r = this.readBytesOf(
      a.path,
      { ...(a.max ? { maxBytes: a.max } : {}), head: a.head ?? false },
      probe,
    );
    const seen = r.ok ? probeSeen(probe) : `!${r.diagnostic.code}`;
    return probe.stats ? { seen, stats: probe.stats } : { seen };
  }

  private note(a: Omit<FsAccess, 'seen'>, seen: () => string): void {
    if (this.recorders.length === 0) return;
    this.noteAccesses([{ ...a, seen: seen() }]);
  }

  stat(serverPath: string): fs.Stats | undefined {
    const st = this.statOf(serverPath);
    this.note({ op: 'stat', path: serverPath }, () => statSeen(st));
    return st;
  }

  private statOf(serverPath: string): fs.Stats | undefined {
    const real = this.realpath(serverPath);
    if (!('path' in real)) return undefined;
    const known = this.kinds?.get(real.path);
    if (known) return known;
    try {
      return fs.statSync(toLocal(this.root, real.path));
    } catch {
      return undefined;
    }
  }

  /** The status of a path for callers that want only its type (recorded as such: a growing file stays the same). */
  private kindOf(serverPath: string): fs.Stats | undefined {
    const st = this.statOf(serverPath);
    this.note({ op: 'kind', path: serverPath }, () => kindSeen(st));
    return st;
  }

  exists(serverPath: string): boolean {
    return this.kindOf(serverPath) !== undefined;
  }

  isFile(serverPath: string): boolean {
    return this.kindOf(serverPath)?.isFile() ?? false;
  }

  isDirectory(serverPath: string): boolean {
    return this.kindOf(serverPath)?.isDirectory() ?? false;
  }

  /** Entry names of a directory, sorted; empty when it is missing or unreadable. */
  list(serverPath: string): string[] {
    const r = this.readDir(serverPath);
    return 'names' in r ? r.names : [];
  }

  /** Entry names of a directory, sorted, or why they cannot be listed (`ENOENT`, `EACCES`, `ELOOP`). */
  readDir(serverPath: string): { names: string[] } | { error: string } {
    const r = this.readDirOf(serverPath);
    this.note({ op: 'dir', path: serverPath }, () => dirSeen(r));
    return r;
  }

  private readDirOf(serverPath: string): { names: string[] } | { error: string } {
    const real = this.realpath(serverPath);
    if (!('path' in real)) return { error: real.error === 'loop' ? 'ELOOP' : 'ENOENT' };
    try {
      return { names: fs.readdirSync(toLocal(this.root, real.path)).sort() };
    } catch (err) {
      return { error: (err as NodeJS.ErrnoException).code ?? 'EIO' };
    }
  }

  /** The first bytes of a regular file as Latin-1 text ('' when unreadable): enough to see a shebang. */
  readHead(serverPath: string, bytes = 128): string {
    const r = this.readBytes(serverPath, { maxBytes: bytes, head: true });
    return r.ok ? r.bytes.toString('latin1') : '';
  }

  /**
   * Where a regular file under ROOT really is, for readers that stream it themselves (logs, mail):
   * symlinks resolved inside ROOT, and anything but a regular file refused with a diagnostic. Open
   * the local path with `OPEN_READ_FLAGS`, so a component swapped for a symlink or a FIFO since
   * this check neither leads outside nor hangs.
   */
  resolveFile(
    serverPath: string,
  ): { ok: true; local: string; path: string; stats: fs.Stats } | { ok: false; diagnostic: Diagnostic } {
    const loc = { file: serverPath };
    const real = this.realpath(serverPath);
    if ('error' in real) {
      return real.error === 'loop'
        ? {
            ok: false,
            diagnostic: warning('symlink-loop', `${serverPath}: too many levels of symbolic links`, loc),
          }
        : { ok: false, diagnostic: warning('file-missing', `${serverPath}: no such file under ROOT`, loc) };
    }
    const local = toLocal(this.root, real.path);
    let st: fs.Stats;
    try {
      st = this.kinds?.get(real.path) ?? fs.lstatSync(local);
    } catch (err) {
      return { ok: false, diagnostic: unreadable(serverPath, err) };
    }
    if (!st.isFile()) return { ok: false, diagnostic: notRegular(serverPath, st) };
    return { ok: true, local, path: real.path, stats: st };
  }

  /**
   * The bytes of a regular file, bounded by bytes read and by time, never by what `stat` says: a
   * `/proc` file reports size 0 and a FIFO has none. Over the budget is a diagnostic (or, with
   * `head`, just the first `maxBytes`).
   */
  readBytes(serverPath: string, opts: { maxBytes?: number; head?: boolean } = {}): BytesResult {
    const r = this.readBytesOf(serverPath, opts);
    const a = {
      op: 'read' as const,
      path: serverPath,
      ...(opts.maxBytes ? { max: opts.maxBytes } : {}),
      ...(opts.head ? { head: true } : {}),
    };
    this.note(a, () => bytesSeen(r));
    return r;
  }

  /** With a `probe`, the bytes are hashed into it instead of kept, and the open file's status noted. */
  private readBytesOf(
    serverPath: string,
    opts: { maxBytes?: number; head?: boolean },
    probe?: Probe,
  ): BytesResult {
    const max = Math.min(opts.maxBytes ?? this.maxBytes, HARD_MAX_BYTES);
    let fd = probe?.direct ? this.openDirect(serverPath) : undefined;
    let local: string | undefined;
    if (fd === undefined) {
      const where = this.resolveFile(serverPath);
      if (!where.ok) return where;
      local = where.local;
    }
    try {
      fd ??= fs.openSync(local as string, OPEN_READ_FLAGS);
      const st = fs.fstatSync(fd);
      if (probe) probe.stats = st;
      if (!st.isFile()) return { ok: false, diagnostic: notRegular(serverPath, st) };
      // st_size is a lower bound only (a /proc file says 0): over the limit already, skip the read
      if (st.size > max && !opts.head) return { ok: false, diagnostic: tooLarge(serverPath, max) };
      return readBounded(serverPath, fd, { max, size: st.size }, this.budgetMs, opts.head ?? false, probe);
    } catch (err) {
      return { ok: false, diagnostic: unreadable(serverPath, err) };
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  /**
   * A check's read of what the scan saw as a regular file, without an lstat per file: the file's
   * directory resolved (remembered with `stable`), the file itself opened without following a
   * symlink. Undefined when that does not open it (a symlink, a missing file, no permission, a path
   * already resolved, no `stable`): the full resolution then decides, with its diagnostics. The
   * descriptor is the same file the full resolution would open: the directory is the same, and the
   * last component is no symlink. Only for paths the scan saw as regular files: a scan itself
   * looks at a path's type before opening it, so a device node is never opened.
   */
  private openDirect(serverPath: string): number | undefined {
    if (!this.resolved || this.resolved.has(serverPath)) return undefined;
    const p = normalizeServerPath(serverPath);
    const cut = p.lastIndexOf('/');
    const name = p.slice(cut + 1);
    if (cut < 0 || name === '' || name === '..' || name === '.') return undefined;
    const dir = this.realpath(p.slice(0, cut) || '/');
    if (!('path' in dir)) return undefined;
    try {
      return fs.openSync(toLocal(this.root, joinServer(dir.path, name)), OPEN_READ_FLAGS);
    } catch {
      return undefined;
    }
  }

  /** Read a text file. Binary, oversized, unreadable, looping and special files become diagnostics. */
  readText(serverPath: string): ReadResult {
    const r = this.readBytes(serverPath);
    if (!r.ok) return r;
    return decodeText(serverPath, r.bytes);
  }

  /** The target of a symlink under ROOT as written (`../usr/share/zoneinfo/UTC`), its directory resolved inside ROOT. */
  readlink(serverPath: string): string | undefined {
    const target = this.readlinkOf(serverPath);
    this.note({ op: 'link', path: serverPath }, () => target ?? '-');
    return target;
  }

  private readlinkOf(serverPath: string): string | undefined {
    const p = normalizeServerPath(serverPath);
    const dir = this.realpath(p.slice(0, p.lastIndexOf('/')) || '/');
    if (!('path' in dir)) return undefined;
    try {
      return fs.readlinkSync(toLocal(this.root, joinServer(dir.path, p.slice(p.lastIndexOf('/') + 1))));
    } catch {
      return undefined;
    }
  }
}

function accessKey(a: FsAccess): string {
  return `${a.op}\u0000${a.path}\u0000${a.max ?? ''}\u0000${a.head ? 1 : 0}`;
}

/** Type only: what exists, isFile and isDirectory tell. */
function kindSeen(st: fs.Stats | undefined): string {
  if (!st) return '-';
  return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
}

/** Type, size, and who may read it (least-disclosure.ts decides by mode and owner). */
function statSeen(st: fs.Stats | undefined): string {
  if (!st) return '-';
  const who = `${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}`;
  return st.isFile() ? `file ${st.size} ${who}` : `${kindSeen(st)} ${who}`;
}

const digest = (data: string | Buffer) => oneShotDigest('sha256', data, 'base64url');

function dirSeen(r: { names: string[] } | { error: string }): string {
  return 'names' in r ? digest(r.names.join('\u0000')) : `!${r.error}`;
}

function bytesSeen(r: BytesResult): string {
  return r.ok ? digest(r.bytes) : `!${r.diagnostic.code}`;
}

export type BytesResult = { ok: true; bytes: Buffer } | { ok: false; diagnostic: Diagnostic };

/** Flags for opening a file under ROOT: no blocking on a FIFO or tty, no following a last-moment symlink. */
export const OPEN_READ_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW;

/** Node cannot hold a longer string (buffer.constants.MAX_STRING_LENGTH is about 512 MiB). */
export const HARD_MAX_BYTES = Math.min(buffer.constants.MAX_STRING_LENGTH, 512 * 1024 * 1024) - 1;

const CHUNK = 1 << 20;
/** One read buffer per thread, reused: a fresh 1 MiB buffer per file read was most of a scan's garbage. */
let scratch: Buffer | undefined;

/**
 * What checking a read needs: the digest of the bytes, and the open file's status. A file read in
 * one go (nearly every script) is hashed in one call, with no Hash object to make and collect.
 */
interface Probe {
  /** The scan saw a regular file at this path: open it directly (openDirect). */
  direct?: boolean;
  hash?: Hash;
  seen?: string;
  stats?: fs.Stats;
}

function probeSeen(p: Probe): string {
  return p.seen ?? (p.hash ?? createHash('sha256')).digest('base64url');
}

const NO_BYTES = Buffer.alloc(0);

/** Read at most `max` bytes (and one more, to tell an oversized file); with `hash`, hash them instead of keeping them. */
function readBounded(
  serverPath: string,
  fd: number,
  { max, size }: { max: number; size: number },
  budgetMs: number,
  head: boolean,
  probe?: Probe,
): BytesResult {
  const loc = { file: serverPath };
  const started = performance.now();
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const want = Math.min(CHUNK, max + 1 - total);
    if (want <= 0) break;
    scratch ??= Buffer.allocUnsafe(CHUNK);
    let n: number;
    try {
      n = fs.readSync(fd, scratch, 0, want, null);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN')
        return {
          ok: false,
          diagnostic: warning(
            'read-would-block',
            `${serverPath}: reading would wait for a writer (a /proc or device-like file); skipped`,
            loc,
          ),
        };
      throw err;
    }
    if (n === 0) break;
    const got = scratch.subarray(0, Math.min(n, max - total));
    total += n;
    // a short read at the size fstat gave is the end of a regular file: no read to learn it again
    // (a /proc file says size 0 and reads a page at a time, so it reads on)
    const end = n < want && size > 0 && total >= size;
    if (probe) {
      if (end && !probe.hash) probe.seen = oneShotDigest('sha256', got, 'base64url');
      else {
        probe.hash ??= createHash('sha256');
        probe.hash.update(got);
      }
    } else chunks.push(Buffer.from(scratch.subarray(0, n)));
    if (end) break;
    if (performance.now() - started > budgetMs)
      return {
        ok: false,
        diagnostic: warning(
          'read-timeout',
          `${serverPath}: reading ran over the ${budgetMs} ms per-file budget after ${total} bytes; skipped`,
          loc,
        ),
      };
  }
  if (probe)
    return total <= max || head
      ? { ok: true, bytes: NO_BYTES }
      : { ok: false, diagnostic: tooLarge(serverPath, max) };
  const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
  if (total <= max) return { ok: true, bytes };
  if (head) return { ok: true, bytes: bytes.subarray(0, max) };
  return { ok: false, diagnostic: tooLarge(serverPath, max) };
}

function tooLarge(serverPath: string, max: number): Diagnostic {
  return warning(
    'file-too-large',
    `${serverPath}: over the ${max}-byte limit; skipped`,
    { file: serverPath },
    max < HARD_MAX_BYTES
      ? 'raise the limit with --max-file-size if this file matters'
      : `dfmap reads at most ${HARD_MAX_BYTES} bytes of one file`,
  );
}

function notRegular(serverPath: string, st: fs.Stats): Diagnostic {
  const what = st.isFIFO()
    ? 'a FIFO (named pipe)'
    : st.isCharacterDevice()
      ? 'a character device'
      : st.isBlockDevice()
        ? 'a block device'
        : st.isSocket()
          ? 'a socket'
          : st.isDirectory()
            ? 'a directory'
            : 'not a regular file';
  return warning(
    'not-a-file',
    `${serverPath}: ${what}, not a regular file; not read`,
    { file: serverPath },
    'dfmap reads only regular files under ROOT',
  );
}

function unreadable(serverPath: string, err: unknown): Diagnostic {
  const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
  const what = code === 'ELOOP' ? 'a symlink appeared while reading' : `cannot read (${code})`;
  return warning('unreadable-file', `${serverPath}: ${what}`, { file: serverPath });
}

/** Stateless between calls without `stream`, so one serves every file. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decode bytes as UTF-8; NUL bytes mean binary; invalid UTF-8 is read as Latin-1 with a warning. */
export function decodeText(serverPath: string, buf: Buffer): ReadResult {
  const loc = { file: serverPath };
  const head = buf.subarray(0, 8192);
  if (head.includes(0)) {
    return { ok: false, diagnostic: warning('binary-file', `${serverPath}: binary file, not scanned`, loc) };
  }
  const diagnostics: Diagnostic[] = [];
  let text: string;
  try {
    text = UTF8.decode(buf);
  } catch {
    text = buf.toString('latin1');
    diagnostics.push(
      warning(
        'not-utf8',
        `${serverPath}: not valid UTF-8; read as Latin-1`,
        loc,
        'names with accents may be off',
      ),
    );
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text, bytes: buf.length, diagnostics };
}
