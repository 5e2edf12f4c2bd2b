/**
 * What a run touches that is not dataflow: the machinery of running a program. Rules are by
 * construct (what a loader, an interpreter or libc opens), never by a server's names.
 */

/** Kernel and device interfaces, the dynamic loader's cache, runtime sockets. */
const SYSTEM_PREFIXES = ['/proc/', '/sys/', '/dev/', '/run/', '/var/run/', '/etc/ld.so.'];
const SYSTEM_EXACT = new Set(['/proc', '/sys', '/dev', '/dev/null', '/dev/zero', '/etc/ld.so.cache']);

/** libc's configuration read by every program that resolves a name or a user (nss, resolver, time zone, locale). */
const LIBC_CONFIG = new Set([
  '/etc/nsswitch.conf',
  '/etc/passwd',
  '/etc/group',
  '/etc/shadow',
  '/etc/hosts',
  '/etc/host.conf',
  '/etc/resolv.conf',
  '/etc/gai.conf',
  '/etc/localtime',
  '/etc/timezone',
  '/etc/mime.types',
  '/etc/inputrc',
  '/etc/bash.bashrc',
  '/etc/profile',
  '/etc/environment',
  '/etc/login.defs',
  '/etc/services',
  '/etc/protocols',
]);

/** Directory parts that hold code or data of a language runtime, not of the job. */
const RUNTIME_PARTS =
  /\/(?:site-packages|dist-packages|__pycache__|node_modules|perl5?|vendor_perl|site_perl|gems|locale|zoneinfo|gconv|terminfo|ssl|certs|ca-certificates|i18n|pkgconfig|lib-dynload|encodings)(?:\/|$)/;

/** Shared objects (`libc.so.6`, `_ssl.cpython-311-x86_64-linux-gnu.so`), byte code, Perl's compiled modules. */
const RUNTIME_FILES = /\.(?:so(?:\.\d+)*|pyc|pyo|pth|mo|bundle|dylib)$|\/pyvenv\.cfg$|\.pm$|\.pl\.bak$/;

/** Interpreter standard libraries: /usr/lib/python3.11, /usr/share/perl/5.36, /usr/lib/ruby/3.1, ... */
const STDLIB =
  /^\/(?:usr\/(?:local\/)?)?(?:lib|lib64|share)\/(?:python\d[\d.]*|perl5?|ruby|node|php\d*|R|tcltk|tcl[\d.]*|x86_64-linux-gnu|aarch64-linux-gnu|jvm)(?:\/|$)/;

/** Programs and libraries installed by the system: reading them is loading them. */
const SYSTEM_CODE = /^\/(?:usr\/)?(?:s?bin|lib|lib64|libexec)\//;

/** A program's per-user configuration: `~/.sqliterc`, `~/.psqlrc`, `~/.config/...`, `~/.cache/...`. */
const DOTFILES = /^\/(?:root|home\/[^/]+)\/\.[^/]+(?:\/|$)/;

export type NoiseReason =
  | 'dotfile'
  | 'system'
  | 'libc-config'
  | 'runtime'
  | 'stdlib'
  | 'system-code'
  | 'own-image'
  | 'directory';

/** Why a path opened for reading is machinery, or undefined when it may be data. */
export function noiseReason(
  path: string,
  opts: { write: boolean; directory: boolean },
): NoiseReason | undefined {
  if (SYSTEM_EXACT.has(path) || SYSTEM_PREFIXES.some((p) => path.startsWith(p))) return 'system';
  // writes under these are still noise only for kernel/device paths; a job writing into /usr/lib is data
  if (opts.write) return undefined;
  if (opts.directory) return 'directory';
  if (LIBC_CONFIG.has(path)) return 'libc-config';
  if (DOTFILES.test(path)) return 'dotfile';
  if (STDLIB.test(path)) return 'stdlib';
  if (RUNTIME_PARTS.test(path) || RUNTIME_FILES.test(path)) return 'runtime';
  if (SYSTEM_CODE.test(path)) return 'system-code';
  return undefined;
}

/** SQLite's side files fold into their database: `x.db-journal`, `x.db-wal`, `x.db-shm`. */
export function sqliteSideFile(path: string): string | undefined {
  const m = /^(.*)-(?:journal|wal|shm)$/.exec(path);
  return m?.[1];
}

/** Peers that are the resolver or a local daemon of the system, not the job's data. */
export function isNoiseSocket(
  address: { family: 'inet'; host: string; port: number } | { family: 'unix'; path: string },
): boolean {
  if (address.family === 'unix')
    return /\/(?:nscd|systemd|dbus|journal|syslog|log)(?:\/|$)|^\/dev\/log$|\/nscd\/socket$/.test(
      address.path,
    );
  return address.port === 53 || address.port === 0;
}
