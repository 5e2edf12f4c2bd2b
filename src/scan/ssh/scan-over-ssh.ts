/**
 * An agentless scan: copy what the scan needs from the server over SFTP into a private directory,
 * scan that, and repeat for the scripts the scan found missing (the scripts jobs run, the scripts
 * those call) until nothing new is needed. Only schedulers' files, mount tables and the scripts
 * they lead to are read; a cap on bytes per host stops a runaway copy with a warning.
 */
import fs from 'node:fs';
import os from 'node:os';
import { type Diagnostic, warning } from '../../model/diagnostic.js';
import { localJoin } from '../../util/paths.js';
import { type ScanOptions, type ScanResult, scan } from '../scan.js';
import { openSftp, type SftpSession, type SshAuth } from './sftp-session.js';
import { describeTarget, type SshTarget } from './ssh-target.js';

/** What every scan reads first: schedulers, host name, users, mount tables (discover/). */
const FIRST_FILES = [
  '/etc/hostname',
  '/etc/crontab',
  '/etc/anacrontab',
  '/etc/passwd',
  '/etc/fstab',
  '/etc/mtab',
  '/etc/auto.master',
];
const FIRST_DIRS = [
  '/etc/cron.d',
  '/etc/cron.hourly',
  '/etc/cron.daily',
  '/etc/cron.weekly',
  '/etc/cron.monthly',
  '/var/spool/cron',
  '/etc/systemd/system',
  '/etc/default',
];
const MAX_ROUNDS = 6;
const MAX_DIR_DEPTH = 6;

export interface SshScanOptions extends Omit<ScanOptions, 'root'> {
  auth: SshAuth;
  /** Stop copying after this many bytes from one host (default 256 MiB). */
  maxBytes?: number;
}

export interface SshScanResult extends ScanResult {
  files: number;
  bytes: number;
}

export async function scanOverSsh(target: SshTarget, opts: SshScanOptions): Promise<SshScanResult> {
  const session = await openSftp(target, opts.auth);
  const mirror = fs.mkdtempSync(localJoin(os.tmpdir(), 'dfmap-ssh-'));
  try {
    const copy = new Copier(
      session,
      target,
      mirror,
      opts.maxBytes ?? 256 * 1024 * 1024,
      opts.maxFileBytes ?? 8 * 1024 * 1024,
    );
    for (const f of FIRST_FILES) await copy.file(f);
    for (const d of FIRST_DIRS) await copy.tree(d, MAX_DIR_DEPTH);
    for (const d of opts.include ?? []) await copy.tree(d, MAX_DIR_DEPTH);
    for (const f of await copy.autofsMaps()) await copy.file(f);
    let result = await scan({ ...opts, root: mirror });
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const wanted = neededPaths(result).filter((p) => !copy.tried.has(p));
      if (wanted.length === 0 || copy.full) break;
      for (const p of wanted) await copy.file(p);
      result = await scan({ ...opts, root: mirror });
    }
    const where = describeTarget(target);
    result.graph.setAttribute('root', where);
    result.diagnostics.push(...copy.diagnostics);
    result.graph.setAttribute('warnings', [
      ...(result.graph.getAttribute('warnings') ?? []),
      ...copy.diagnostics,
    ]);
    // named, not spread: a stored scan's graph is a getter (scan-result-cache.ts)
    const { graph, diagnostics, cache } = result;
    return { graph, diagnostics, ...(cache ? { cache } : {}), files: copy.files, bytes: copy.bytes };
  } finally {
    session.close();
    fs.rmSync(mirror, { recursive: true, force: true });
  }
}

/** Scripts the map names that were not there: jobs' scripts, called scripts, sourced files. */
function neededPaths(r: ScanResult): string[] {
  const out = new Set<string>();
  r.graph.forEachNode((_k, a) => {
    if (a.kind === 'script' && a.missing === true && typeof a.path === 'string' && !a.path.includes('*'))
      out.add(a.path);
  });
  for (const d of r.diagnostics) {
    if (!d.code.includes('missing')) continue;
    // the missing path is named in the message (the location is the script that wanted it)
    for (const m of d.message.matchAll(/(?:^|[\s'"`(])(\/[\w./+@-]+)/g))
      if (!m[1]!.includes('*')) out.add(m[1]!);
  }
  return [...out].sort();
}

class Copier {
  readonly tried = new Set<string>();
  readonly diagnostics: Diagnostic[] = [];
  files = 0;
  bytes = 0;
  full = false;

  constructor(
    private readonly s: SftpSession,
    private readonly target: SshTarget,
    private readonly mirror: string,
    private readonly maxBytes: number,
    private readonly maxFileBytes: number,
  ) {}

  private remote(p: string): string {
    return this.target.root === '/' ? p : `${this.target.root}${p}`;
  }

  private local(p: string): string {
    return localJoin(this.mirror, p);
  }

  /** One server path: a file, a symlink (recreated, its target copied), or a directory (made). */
  async file(p: string, depth = 0): Promise<void> {
    if (this.tried.has(p) || this.full) return;
    this.tried.add(p);
    const st = await this.s.lstat(this.remote(p));
    if (!st) return;
    fs.mkdirSync(this.local(p.slice(0, p.lastIndexOf('/')) || '/'), { recursive: true });
    if (st.isSymbolicLink()) {
      const to = await this.s.readlink(this.remote(p));
      fs.symlinkSync(to, this.local(p));
      const abs = to.startsWith('/') ? to : `${p.slice(0, p.lastIndexOf('/'))}/${to}`;
      if (depth < 8) await this.file(normalize(abs), depth + 1);
      return;
    }
    if (st.isDirectory()) {
      fs.mkdirSync(this.local(p), { recursive: true });
      return;
    }
    if (!st.isFile()) return;
    if (this.bytes + st.size > this.maxBytes) {
      this.full = true;
      this.diagnostics.push(
        warning(
          'ssh-byte-cap',
          `${describeTarget(this.target)}: stopped copying at ${this.bytes} bytes (the cap per host); the map is partial`,
          {
            file: p,
          },
        ),
      );
      return;
    }
    const data = await this.s.read(this.remote(p), this.maxFileBytes);
    if (!data) {
      // larger than the scan reads anyway: an empty stand-in keeps the name, the scan warns of the size
      this.diagnostics.push(
        warning('file-too-large', `${p}: larger than ${this.maxFileBytes} bytes; not copied`, { file: p }),
      );
      return;
    }
    fs.writeFileSync(this.local(p), data);
    fs.utimesSync(this.local(p), st.atime, st.mtime);
    this.files++;
    this.bytes += data.length;
  }

  async tree(dir: string, depth: number): Promise<void> {
    if (this.full) return;
    const st = await this.s.lstat(this.remote(dir));
    if (!st) return;
    if (!st.isDirectory()) return this.file(dir);
    this.tried.add(dir);
    fs.mkdirSync(this.local(dir), { recursive: true });
    const entries = await this.s.readdir(this.remote(dir)).catch(() => []);
    for (const e of entries) {
      const p = `${dir}/${e.name}`;
      if (e.stats.isDirectory()) {
        if (depth > 0) await this.tree(p, depth - 1);
      } else await this.file(p);
    }
  }

  /** The autofs maps auto.master names (`/mnt/auto /etc/auto.data`). */
  async autofsMaps(): Promise<string[]> {
    const master = this.local('/etc/auto.master');
    if (!fs.existsSync(master)) return [];
    return fs
      .readFileSync(master, 'utf8')
      .split('\n')
      .map((l) =>
        l
          .trim()
          .split(/\s+/)[1]
          ?.replace(/^file:/, ''),
      )
      .filter((m): m is string => typeof m === 'string' && m.startsWith('/'));
  }
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}
