/**
 * A complete strace call -> the SysEvent it stands for. Only the calls of
 * `-e trace=%file,%process,%network` that move data or processes matter; the rest (stat, access,
 * readlink, mkdir, socket, ...) give nothing.
 */
import { decoratedPath, parseString, parseStringArray, splitArgs, structField } from './strace-args.js';
import { errorOf, numberOf } from './strace-line.js';
import type { At, OpenMode, SocketAddress, SysEvent } from './types.js';

/** open(2) flags as strace prints them: `O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC`, or a number. */
export function openModeOf(flags: string): OpenMode {
  const n = /^(0x[0-9a-f]+|\d+)$/i.test(flags) ? Number(flags) : undefined;
  if (n !== undefined) return openModeOfNumber(n);
  const has = (f: string) => new RegExp(`\\b${f}\\b`).test(flags);
  const write = has('O_WRONLY') || has('O_RDWR');
  return {
    write,
    read: !has('O_WRONLY'),
    create: has('O_CREAT') || has('O_TMPFILE'),
    truncate: has('O_TRUNC'),
    append: has('O_APPEND'),
    directory: has('O_DIRECTORY'),
  };
}

/** Linux open flags (include/uapi/asm-generic/fcntl.h; x86_64 and aarch64 differ only in O_DIRECTORY). */
export function openModeOfNumber(n: number, arch: 'x86_64' | 'aarch64' = 'x86_64'): OpenMode {
  const acc = n & 3;
  return {
    write: acc === 1 || acc === 2,
    read: acc !== 1,
    create: (n & 0x40) !== 0,
    truncate: (n & 0x200) !== 0,
    append: (n & 0x400) !== 0,
    directory: (n & (arch === 'aarch64' ? 0x4000 : 0x10000)) !== 0,
  };
}

const str = (a: string | undefined): string | undefined =>
  a === undefined ? undefined : parseString(a)?.text;

/** The directory a dirfd names: `AT_FDCWD</cwd>` or `3</data/dir>` (-y); bare AT_FDCWD is the cwd. */
function dirOf(a: string | undefined): { dir?: string } | null {
  if (a === undefined) return {};
  const d = decoratedPath(a);
  if (d) return { dir: d };
  if (/^AT_FDCWD/.test(a.trim())) return {};
  return null; // a numeric fd without -y: unknown directory
}

type Maker = (pid: number, args: string[], ret: string, at: At) => SysEvent | undefined;

const openAt =
  (pathArg: number, flagsArg: number, dirArg?: number): Maker =>
  (pid, args, ret, at) => {
    const path = str(args[pathArg]);
    const dir = dirArg === undefined ? {} : dirOf(args[dirArg]);
    if (path === undefined || dir === null) return undefined;
    let flags = args[flagsArg] ?? 'O_RDONLY';
    if (at.syscall === 'openat2') flags = structField(flags, 'flags') ?? 'O_RDONLY';
    const error = errorOf(ret);
    return { type: 'open', pid, path, mode: openModeOf(flags), ...dir, ...(error ? { error } : {}), at };
  };

const CREAT: OpenMode = {
  write: true,
  read: false,
  create: true,
  truncate: true,
  append: false,
  directory: false,
};
const TRUNCATE: OpenMode = { ...CREAT, create: false };

const MAKERS: Record<string, Maker> = {
  open: openAt(0, 1),
  openat: openAt(1, 2, 0),
  openat2: openAt(1, 2, 0),
  creat: (pid, args, ret, at) => {
    const path = str(args[0]);
    const error = errorOf(ret);
    return path === undefined
      ? undefined
      : { type: 'open', pid, path, mode: CREAT, ...(error ? { error } : {}), at };
  },
  truncate: (pid, args, ret, at) => {
    const path = str(args[0]);
    return path === undefined || errorOf(ret) ? undefined : { type: 'open', pid, path, mode: TRUNCATE, at };
  },
  execve: (pid, args, ret, at) => exec(pid, args[0], args[1], undefined, ret, at),
  execveat: (pid, args, ret, at) => exec(pid, args[1], args[2], args[0], ret, at),
  chdir: (pid, args, ret, at) => {
    const path = str(args[0]);
    return path === undefined || errorOf(ret) ? undefined : { type: 'chdir', pid, path, at };
  },
  fchdir: (pid, args, ret, at) => {
    const path = args[0] === undefined ? undefined : decoratedPath(args[0]);
    return path === undefined || errorOf(ret) ? undefined : { type: 'chdir', pid, path: '.', dir: path, at };
  },
  chroot: (pid, args, ret, at) => {
    const path = str(args[0]);
    return path === undefined || errorOf(ret) ? undefined : { type: 'chroot', pid, path, at };
  },
  rename: (pid, args, ret, at) => rename(pid, args[0], args[1], undefined, undefined, ret, at),
  renameat: (pid, args, ret, at) => rename(pid, args[1], args[3], args[0], args[2], ret, at),
  renameat2: (pid, args, ret, at) => rename(pid, args[1], args[3], args[0], args[2], ret, at),
  unlink: (pid, args, ret, at) => {
    const path = str(args[0]);
    return path === undefined || errorOf(ret) ? undefined : { type: 'unlink', pid, path, at };
  },
  unlinkat: (pid, args, ret, at) => {
    const path = str(args[1]);
    const dir = dirOf(args[0]);
    if (path === undefined || dir === null || errorOf(ret) || /AT_REMOVEDIR/.test(args[2] ?? ''))
      return undefined;
    return { type: 'unlink', pid, path, ...dir, at };
  },
  connect: (pid, args, ret, at) => {
    const address = socketAddress(args[1] ?? '');
    const error = errorOf(ret);
    // EINPROGRESS: a non-blocking connect that goes on; it still names the peer
    const failed = error !== undefined && error !== 'EINPROGRESS';
    return address ? { type: 'connect', pid, address, ...(failed ? { error } : {}), at } : undefined;
  },
};

function fork(pid: number, ret: string, at: At): SysEvent | undefined {
  const child = numberOf(ret);
  return child !== undefined && child > 0 ? { type: 'fork', pid, child, at } : undefined;
}
for (const name of ['clone', 'clone3', 'fork', 'vfork'])
  MAKERS[name] = (pid, _a, ret, at) => fork(pid, ret, at);

function exec(
  pid: number,
  pathArg: string | undefined,
  argvArg: string | undefined,
  dirArg: string | undefined,
  ret: string,
  at: At,
): SysEvent | undefined {
  if (errorOf(ret)) return undefined;
  const path = str(pathArg);
  const argv = argvArg === undefined ? undefined : parseStringArray(argvArg);
  const dir = dirOf(dirArg);
  if (path === undefined || dir === null) return undefined;
  return {
    type: 'exec',
    pid,
    path,
    argv: argv?.items ?? [path],
    ...(argv?.truncated ? { argvTruncated: true } : {}),
    ...dir,
    at,
  };
}

function rename(
  pid: number,
  fromArg: string | undefined,
  toArg: string | undefined,
  fromDirArg: string | undefined,
  toDirArg: string | undefined,
  ret: string,
  at: At,
): SysEvent | undefined {
  const from = str(fromArg);
  const to = str(toArg);
  const dir = dirOf(fromDirArg);
  const toDir = dirOf(toDirArg);
  if (from === undefined || to === undefined || dir === null || toDir === null || errorOf(ret))
    return undefined;
  return {
    type: 'rename',
    pid,
    from,
    to,
    ...dir,
    ...(toDir.dir ? { toDir: toDir.dir } : {}),
    at,
  };
}

/** `{sa_family=AF_INET, sin_port=htons(8000), sin_addr=inet_addr("127.0.0.1")}` and the AF_INET6/AF_UNIX forms. */
export function socketAddress(arg: string): SocketAddress | undefined {
  const family = structField(arg, 'sa_family');
  if (family === 'AF_UNIX') {
    const p = str(structField(arg, 'sun_path'));
    return p ? { family: 'unix', path: p.replace(/^@/, '') } : undefined;
  }
  if (family !== 'AF_INET' && family !== 'AF_INET6') return undefined;
  const port = /sin6?_port=htons\((\d+)\)/.exec(arg)?.[1];
  const host =
    /inet_addr\("([^"]+)"\)/.exec(arg)?.[1] ?? /inet_pton\(AF_INET6,\s*"([^"]+)"/.exec(arg)?.[1] ?? undefined;
  if (port === undefined || host === undefined) return undefined;
  return { family: 'inet', host: host.replace(/^::ffff:/, ''), port: Number(port) };
}

export function straceEvent(
  pid: number,
  name: string,
  args: string,
  ret: string,
  at: At,
): SysEvent | undefined {
  const make = MAKERS[name];
  return make ? make(pid, splitArgs(args), ret, at) : undefined;
}
