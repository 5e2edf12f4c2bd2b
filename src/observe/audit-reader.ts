/**
 * Linux audit logs (/var/log/audit/audit.log*) -> SysEvents. Records of one event share the id in
 * `msg=audit(SECONDS.MILLIS:SERIAL)`; an event is SYSCALL + CWD + PATH items (+ EXECVE, SOCKADDR,
 * PROCTITLE) ended by EOE. Values with spaces, quotes or bytes outside ASCII are hex-encoded
 * (audit's `audit_log_n_untrustedstring`). Formats: linux-audit/audit-documentation, "Audit event
 * fields" and "Audit record types"; both RAW and ENRICHED (`\x1d` before the interpreted fields).
 */
import { type Diagnostic, warning } from '../model/diagnostic.js';
import { openModeOfNumber } from './strace-events.js';
import type { At, OpenMode, SocketAddress, SysEvent } from './types.js';

/** A record's fields, kept as the raw text: only the few fields used are ever looked up. */
type Fields = string;

interface Pending {
  serial: string;
  time: string;
  line: number;
  syscall?: Fields;
  cwd?: string;
  paths: Fields[];
  execve?: Fields;
  proctitle?: string;
  sockaddr?: string;
}

/** Record types that carry nothing about files or processes of jobs: read and ignored without a word. */
const QUIET_TYPES =
  /^(?:USER_\w+|CRED_\w+|LOGIN|ADD_\w+|DEL_\w+|SERVICE_\w+|DAEMON_\w+|CONFIG_CHANGE|BPF|NETFILTER_\w+|ANOM_\w+|AVC|USER_AVC|SELINUX_ERR|MAC_\w+|KERNEL|KERNEL_OTHER|INTEGRITY_\w+|TTY|SYSTEM_\w+|FANOTIFY|MMAP|FD_PAIR|OBJ_PID|SECCOMP|TIME_\w+|KERN_MODULE|CAPSET|BPRM_FCAPS|IPC|MQ_\w+|SOCKETCALL|NETFILTER_CFG|VIRT_\w+|RESP_\w+|CRYPTO_\w+|CHGRP_ID|CHUSER_ID|GRP_\w+|ROLE_\w+|LABEL_\w+|EXECVE_\w+|OPENAT2|URINGOP|DM_\w+)$/;

/** System call numbers by audit arch (x86_64: arch/x86/entry/syscalls/syscall_64.tbl; aarch64: asm-generic/unistd.h). */
const SYSCALLS: Record<string, Record<number, string>> = {
  c000003e: {
    2: 'open',
    257: 'openat',
    437: 'openat2',
    85: 'creat',
    76: 'truncate',
    59: 'execve',
    322: 'execveat',
    82: 'rename',
    264: 'renameat',
    316: 'renameat2',
    87: 'unlink',
    263: 'unlinkat',
    42: 'connect',
    80: 'chdir',
    161: 'chroot',
    56: 'clone',
    57: 'fork',
    58: 'vfork',
    435: 'clone3',
  },
  c00000b7: {
    56: 'openat',
    437: 'openat2',
    45: 'truncate',
    221: 'execve',
    281: 'execveat',
    38: 'renameat',
    276: 'renameat2',
    35: 'unlinkat',
    203: 'connect',
    49: 'chdir',
    51: 'chroot',
    220: 'clone',
    435: 'clone3',
  },
};

const ERRNO: Record<string, string> = {
  '-2': 'ENOENT',
  '-13': 'EACCES',
  '-111': 'ECONNREFUSED',
  '-115': 'EINPROGRESS',
  '-1': 'EPERM',
};

const HEADER = /^(?:node=\S+\s+)?type=(\S+)\s+msg=audit\((\d+)(?:\.(\d+))?:(\d+)\):\s?(.*)$/s;

export class AuditReader {
  private open = new Map<string, Pending>();
  private lineNo = 0;
  private warnedTypes = new Set<string>();
  private warned = 0;
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private file: string,
    private emit: (e: SysEvent) => void,
  ) {}

  get lines(): number {
    return this.lineNo;
  }

  line(raw: string): void {
    this.lineNo++;
    if (raw.trim() === '') return;
    const m = HEADER.exec(raw);
    if (!m) {
      this.warn('not an audit record (no type=... msg=audit(...))', raw);
      return;
    }
    const [, type, sec, ms, serial, body] = m as unknown as [
      string,
      string,
      string,
      string | undefined,
      string,
      string,
    ];
    const key = `${sec}:${serial}`;
    if (type === 'EOE') {
      this.flush(key);
      return;
    }
    const known = ['SYSCALL', 'CWD', 'PATH', 'EXECVE', 'PROCTITLE', 'SOCKADDR'].includes(type);
    if (!known) {
      if (!QUIET_TYPES.test(type) && !this.warnedTypes.has(type)) {
        this.warnedTypes.add(type);
        this.warn(`unknown audit record type ${type}: its records are skipped`, undefined);
      }
      return;
    }
    let ev = this.open.get(key);
    if (!ev) {
      ev = {
        serial,
        time: new Date(Number(sec) * 1000 + Number((ms ?? '0').padEnd(3, '0').slice(0, 3))).toISOString(),
        line: this.lineNo,
        paths: [],
      };
      this.open.set(key, ev);
      // records of one event are written together; a few stay open only when EOE is missing
      if (this.open.size > 64) this.flush(this.open.keys().next().value as string);
    }
    // ENRICHED logs append the interpreted fields after a \x1d
    const gs = body.indexOf('\x1d');
    const f = gs < 0 ? body : body.slice(0, gs);
    if (type === 'SYSCALL') ev.syscall = f;
    else if (type === 'CWD') ev.cwd = decodeValue(field(f, 'cwd'));
    else if (type === 'PATH') ev.paths.push(f);
    else if (type === 'EXECVE') ev.execve = f;
    else if (type === 'PROCTITLE') ev.proctitle = decodeValue(field(f, 'proctitle'));
    else if (type === 'SOCKADDR') ev.sockaddr = field(f, 'saddr');
  }

  end(): void {
    for (const k of [...this.open.keys()]) this.flush(k);
    const extra = this.warned - 20;
    if (extra > 0)
      this.diagnostics.push(
        warning('audit-bad-line', `${extra} more unreadable lines in this log`, { file: this.file }),
      );
  }

  private flush(key: string): void {
    const ev = this.open.get(key);
    this.open.delete(key);
    if (!ev?.syscall) return;
    const e = toEvent(ev, this.file);
    if (e) this.emit(e);
  }

  private warn(message: string, raw: string | undefined): void {
    this.warned++;
    if (this.warned > 20) return;
    const text = raw === undefined ? message : `${message}: ${raw.slice(0, 60)}`;
    this.diagnostics.push(
      warning(
        'audit-bad-line',
        text,
        { file: this.file, line: this.lineNo },
        'the rest of the log is still read',
      ),
    );
  }
}

/** One field of `a=1 b="x y" c=(null)`: quoted values keep their quotes, bare ones stay as written. */
export function field(body: string, key: string): string | undefined {
  const pat = `${key}=`;
  let at: number;
  if (body.startsWith(pat)) at = 0;
  else {
    const i = body.indexOf(` ${pat}`);
    if (i < 0) return undefined;
    at = i + 1;
  }
  at += pat.length;
  const q = body[at];
  if (q === '"' || q === "'") {
    const end = body.indexOf(q, at + 1);
    return body.slice(at, end < 0 ? body.length : end + 1);
  }
  const end = body.indexOf(' ', at);
  return body.slice(at, end < 0 ? body.length : end);
}

/** A quoted value is text; a bare even-length hex value is hex-encoded bytes; `(null)` is nothing. */
export function decodeValue(v: string | undefined): string | undefined {
  if (v === undefined || v === '(null)' || v === '(none)') return undefined;
  if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) return v.slice(1, -1);
  if (/^(?:[0-9A-F]{2})+$/.test(v)) return Buffer.from(v, 'hex').toString('utf8');
  return v;
}

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: one case per system call, each a few lines
function toEvent(ev: Pending, file: string): SysEvent | undefined {
  const s = ev.syscall as Fields;
  const arch = field(s, 'arch') ?? 'c000003e';
  const raw = field(s, 'syscall') ?? '';
  const name = /^\d+$/.test(raw) ? SYSCALLS[arch]?.[Number(raw)] : raw;
  if (!name) return undefined;
  const pid = Number(field(s, 'pid'));
  const exit = field(s, 'exit') ?? '0';
  const failed = field(s, 'success') === 'no';
  const error = failed ? (ERRNO[exit] ?? `E${exit}`) : undefined;
  const at: At = { file, line: ev.line, syscall: name, time: ev.time, ppid: Number(field(s, 'ppid')) };
  const comm = decodeValue(field(s, 'comm'));
  const exe = decodeValue(field(s, 'exe'));
  if (comm) at.comm = comm;
  if (exe) at.exe = exe;
  if (ev.cwd) at.cwd = ev.cwd;
  const named = (types: string[]) =>
    ev.paths
      .filter((p) => types.includes(field(p, 'nametype') ?? 'NORMAL'))
      .map((p) => decodeValue(field(p, 'name')))
      .filter((x): x is string => !!x);
  const hex = (k: string) => Number.parseInt(field(s, k) ?? '0', 16);
  switch (name) {
    case 'execve':
    case 'execveat': {
      if (failed) return undefined;
      const path = named(['NORMAL', 'UNKNOWN'])[0] ?? exe;
      if (!path) return undefined;
      const argv = argvOf(ev) ?? [path];
      return { type: 'exec', pid, path, argv, at };
    }
    case 'open':
    case 'openat':
    case 'openat2':
    case 'creat':
    case 'truncate': {
      const path = named(['NORMAL', 'CREATE', 'UNKNOWN'])[0];
      if (!path) return undefined;
      let mode: OpenMode;
      if (name === 'creat' || name === 'truncate')
        mode = {
          write: true,
          read: false,
          create: name === 'creat',
          truncate: true,
          append: false,
          directory: false,
        };
      else if (name === 'openat2')
        mode = openModeOfNumber(ev.paths.some((p) => field(p, 'nametype') === 'CREATE') ? 0x41 : 0);
      else
        mode = openModeOfNumber(
          hex(name === 'open' ? 'a1' : 'a2'),
          arch === 'c00000b7' ? 'aarch64' : 'x86_64',
        );
      return { type: 'open', pid, path, mode, ...(error ? { error } : {}), at };
    }
    case 'rename':
    case 'renameat':
    case 'renameat2': {
      const from = named(['DELETE'])[0];
      const to = named(['CREATE'])[0];
      return from && to && !failed ? { type: 'rename', pid, from, to, at } : undefined;
    }
    case 'unlink':
    case 'unlinkat': {
      const path = named(['DELETE'])[0];
      return path && !failed ? { type: 'unlink', pid, path, at } : undefined;
    }
    case 'connect': {
      const address = ev.sockaddr ? sockaddrOf(ev.sockaddr) : undefined;
      if (!address || (failed && error === 'EINPROGRESS'))
        return address ? { type: 'connect', pid, address, at } : undefined;
      return { type: 'connect', pid, address, ...(error ? { error } : {}), at };
    }
    case 'chdir': {
      const path = named(['NORMAL'])[0];
      return path && !failed ? { type: 'chdir', pid, path, at } : undefined;
    }
    case 'clone':
    case 'clone3':
    case 'fork':
    case 'vfork': {
      const child = Number(exit);
      return child > 0 ? { type: 'fork', pid, child, at } : undefined;
    }
    default:
      return undefined;
  }
}

/** EXECVE's `argc=3 a0="x" a1=2F6F7074` (long arguments as `a1_len=N a1[0]=... a1[1]=...`), else PROCTITLE. */
function argvOf(ev: Pending): string[] | undefined {
  const x = ev.execve;
  if (x) {
    const argc = Number(field(x, 'argc') ?? 0);
    const argv: string[] = [];
    for (let i = 0; i < argc; i++) {
      let v = decodeValue(field(x, `a${i}`));
      if (v === undefined && field(x, `a${i}_len`) !== undefined) {
        const parts: string[] = [];
        for (let j = 0; field(x, `a${i}[${j}]`) !== undefined; j++)
          parts.push(field(x, `a${i}[${j}]`) as string);
        v = decodeValue(
          parts.every((p) => /^[0-9A-F]*$/.test(p))
            ? parts.join('')
            : parts.map((p) => p.replace(/^"|"$/g, '')).join(''),
        );
      }
      argv.push(v ?? '');
    }
    if (argv.length > 0) return argv;
  }
  return ev.proctitle?.split('\0').filter((a) => a !== '');
}

/** SOCKADDR `saddr`: sa_family (little-endian u16), then AF_INET port (big-endian) and address; AF_UNIX path. */
export function sockaddrOf(hex: string): SocketAddress | undefined {
  const b = Buffer.from(hex, 'hex');
  if (b.length < 2) return undefined;
  const family = b.readUInt16LE(0);
  if (family === 1) {
    const end = b.indexOf(0, 2);
    const path = b.subarray(b[2] === 0 ? 3 : 2, end > 2 ? end : b.length).toString('utf8');
    return path ? { family: 'unix', path } : undefined;
  }
  if (family === 2 && b.length >= 8)
    return { family: 'inet', host: [...b.subarray(4, 8)].join('.'), port: b.readUInt16BE(2) };
  if (family === 10 && b.length >= 24) {
    const groups: number[] = [];
    for (let i = 8; i < 24; i += 2) groups.push(b.readUInt16BE(i));
    return { family: 'inet', host: ipv6Text(groups), port: b.readUInt16BE(2) };
  }
  return undefined;
}

/** RFC 5952 text: the longest run of zero groups as `::`; a v4-mapped address as dotted quad. */
function ipv6Text(g: number[]): string {
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff)
    return [
      (g[6] as number) >> 8,
      (g[6] as number) & 255,
      (g[7] as number) >> 8,
      (g[7] as number) & 255,
    ].join('.');
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}
