/**
 * Read-only access to a server's filesystem mounted at ROOT. Symlinks are followed the way the
 * server would follow them: an absolute target means the server's `/`, i.e. ROOT, never the
 * machine dfmap runs on. Nothing here executes or evaluates what it reads.
 */
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
}

export class ServerFs {
  readonly root: string;
  readonly maxBytes: number;

  constructor(root: string, opts: ServerFsOptions = {}) {
    this.root = root;
    this.maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  /** Resolve symlinks inside ROOT. Returns the final server path, or a diagnostic code on a loop. */
  realpath(serverPath: string): { path: string } | { error: 'loop' | 'missing' } {
    let pending = normalizeServerPath(serverPath).split('/').filter(Boolean);
    let resolved = '/';
    let hops = 0;
    while (pending.length > 0) {
      const part = pending.shift() as string;
      const candidate = joinServer(resolved, part);
      let st: fs.Stats;
      try {
        st = fs.lstatSync(toLocal(this.root, candidate));
      } catch {
        return { error: 'missing' };
      }
      if (st.isSymbolicLink()) {
        if (++hops > MAX_SYMLINK_HOPS) return { error: 'loop' };
        let target: string;
        try {
          target = fs.readlinkSync(toLocal(this.root, candidate));
        } catch {
          return { error: 'missing' };
        }
        const base = target.startsWith('/') ? '/' : resolved;
        pending = [...joinServer(base, target).split('/').filter(Boolean), ...pending];
        resolved = '/';
        continue;
      }
      resolved = candidate;
    }
    return { path: resolved };
  }

  stat(serverPath: string): fs.Stats | undefined {
    const real = this.realpath(serverPath);
    if (!('path' in real)) return undefined;
    try {
      return fs.statSync(toLocal(this.root, real.path));
    } catch {
      return undefined;
    }
  }

  exists(serverPath: string): boolean {
    return this.stat(serverPath) !== undefined;
  }

  isFile(serverPath: string): boolean {
    return this.stat(serverPath)?.isFile() ?? false;
  }

  isDirectory(serverPath: string): boolean {
    return this.stat(serverPath)?.isDirectory() ?? false;
  }

  /** Entry names of a directory, sorted; empty when it is missing or unreadable. */
  list(serverPath: string): string[] {
    const real = this.realpath(serverPath);
    if (!('path' in real)) return [];
    try {
      return fs.readdirSync(toLocal(this.root, real.path)).sort();
    } catch {
      return [];
    }
  }

  /** The first bytes of a regular file as Latin-1 text ('' when unreadable): enough to see a shebang. */
  readHead(serverPath: string, bytes = 128): string {
    const real = this.realpath(serverPath);
    if (!('path' in real)) return '';
    let fd: number | undefined;
    try {
      const local = toLocal(this.root, real.path);
      if (!fs.statSync(local).isFile()) return '';
      fd = fs.openSync(local, 'r');
      const buf = Buffer.alloc(bytes);
      return buf.subarray(0, fs.readSync(fd, buf, 0, bytes, 0)).toString('latin1');
    } catch {
      return '';
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  /** Read a text file. Binary, oversized, unreadable and looping files become diagnostics. */
  readText(serverPath: string): ReadResult {
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
    let buf: Buffer;
    try {
      const st = fs.statSync(local);
      if (!st.isFile())
        return { ok: false, diagnostic: warning('not-a-file', `${serverPath}: not a regular file`, loc) };
      if (st.size > this.maxBytes) {
        return {
          ok: false,
          diagnostic: warning(
            'file-too-large',
            `${serverPath}: ${st.size} bytes is over the ${this.maxBytes}-byte limit; skipped`,
            loc,
            'raise the limit with --max-file-size if this file matters',
          ),
        };
      }
      buf = fs.readFileSync(local);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
      return {
        ok: false,
        diagnostic: warning('unreadable-file', `${serverPath}: cannot read (${code})`, loc),
      };
    }
    return decodeText(serverPath, buf);
  }
}

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
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
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
