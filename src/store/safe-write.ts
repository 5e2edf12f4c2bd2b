/**
 * Every file dfmap writes (maps, exports) is written here: to a temporary file created exclusively
 * (O_EXCL, a random name, in the target's own directory, so a planted name or symlink cannot be
 * used), synced, then renamed over the target, so a kill or a full disk never leaves half a file.
 * A symlink at the output path is not followed unless the user says --force; a new file is 0600
 * (maps hold the server's paths, hosts and commands), an existing one keeps its mode.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { UsageError } from '../model/errors.js';
import { localBasename, localDirname, localJoin, localResolve } from '../util/paths.js';

export const DEFAULT_FILE_MODE = 0o600;

export interface SafeWriteOptions {
  /** Write through a symlink at the output path (to the file it points at). */
  force?: boolean;
}

export interface OutputTarget {
  /** The path the rename goes to (a symlink's target with --force). */
  path: string;
  mode: number;
}

/**
 * Check where a file will be written, before any work: the directory exists and is writable, the
 * path is not a directory, and it is not a symlink (unless --force). Throws a UsageError saying what
 * to do.
 */
export function checkOutputPath(file: string, opts: SafeWriteOptions = {}): OutputTarget {
  let path = file;
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(file);
  } catch {
    st = undefined;
  }
  if (st?.isSymbolicLink()) {
    if (!opts.force)
      throw new UsageError(`--output '${file}' is a symbolic link; dfmap does not write through it.`, {
        hint: 'remove the link, pick another path, or pass --force to write to the file it points at',
      });
    try {
      path = fs.realpathSync(file);
      st = fs.statSync(path);
    } catch {
      // a dangling link: write the file it names
      path = localResolve(localDirname(file), fs.readlinkSync(file));
      st = undefined;
    }
  }
  if (st?.isDirectory())
    throw new UsageError(`--output '${file}' is a directory.`, { hint: 'pass a file path' });
  if (st && !st.isFile())
    throw new UsageError(`--output '${file}' is not a regular file.`, { hint: 'pass a file path' });
  const dir = localDirname(path);
  let dst: fs.Stats;
  try {
    dst = fs.statSync(dir);
  } catch {
    throw new UsageError(`--output '${file}': the directory '${dir}' does not exist.`, {
      hint: 'create it first, or pass another path',
    });
  }
  if (!dst.isDirectory()) throw new UsageError(`--output '${file}': '${dir}' is not a directory.`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new UsageError(`--output '${file}': the directory '${dir}' is not writable.`);
  }
  return { path, mode: st ? st.mode & 0o777 : DEFAULT_FILE_MODE };
}

/** Write `data` to `file` atomically and exclusively (see the module comment). */
export function writeFileSafely(
  file: string,
  data: string | Uint8Array | Iterable<string | Uint8Array>,
  opts: SafeWriteOptions = {},
): void {
  const target = checkOutputPath(file, opts);
  const dir = localDirname(target.path);
  const tmp = localJoin(dir, `.${localBasename(target.path)}.${randomBytes(8).toString('hex')}.tmp`);
  const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;
  const fd = fs.openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, target.mode);
  try {
    try {
      writeAll(fd, typeof data === 'string' || data instanceof Uint8Array ? [data] : data);
      fs.fchmodSync(fd, target.mode); // the umask may have changed what open gave
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target.path);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  syncDirectory(dir);
}

/** Text pieces are gathered to about this many characters before a write (one system call each). */
const GATHER = 1 << 18;

/** Write pieces in order: short texts gathered, so a file of many small pieces takes few writes. */
function writeAll(fd: number, pieces: Iterable<string | Uint8Array>): void {
  let text = '';
  const flush = () => {
    if (text) writeBytes(fd, Buffer.from(text));
    text = '';
  };
  for (const p of pieces) {
    if (typeof p === 'string') {
      text += p;
      if (text.length >= GATHER) flush();
    } else {
      flush();
      writeBytes(fd, p);
    }
  }
  flush();
}

function writeBytes(fd: number, buf: Uint8Array): void {
  let off = 0;
  while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
}

/** The rename is durable once the directory is synced (best effort: not every filesystem allows it). */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, fs.constants.O_RDONLY);
    fs.fsyncSync(fd);
  } catch {
    // ignored: the data itself is synced
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
