/**
 * The process tree of a trace or an audit log, and the attribution of every access to the script
 * whose process tree made it: an access belongs to the nearest process (itself first, then its
 * ancestors) whose image runs a script; with none, to the run's job. A run is one root process tree:
 * the traced command, or the child of cron/systemd in an audit log.
 */
import { joinServer, normalizeServerPath } from '../util/paths.js';
import { redactText } from '../util/redact.js';
import { Facts } from './facts.js';
import { commandLine, type Image, imageOf } from './image.js';
import { isNoiseSocket, noiseReason, sqliteSideFile } from './noise.js';
import type { At, ObservedRun, OpenMode, SysEvent } from './types.js';

interface Proc {
  pid: number;
  ppid?: number;
  parent?: Proc;
  image?: Image;
  cwd?: string;
  /** The host directory this process is chrooted into (strace sees host paths in fd decorations). */
  root?: string;
  run?: RunState;
  desc?: string;
  descImage?: Image;
  /** This process started its run (its later execs stay in the run). */
  isRoot?: boolean;
  /** Writes a job's shell opened for the program it is about to exec (`cmd >> log 2>&1`). */
  redirects?: Redirect[];
}

/** An output a job's shell opened; shared with the children that inherit the descriptor. */
interface Redirect {
  path: string;
  at: At;
  mode: OpenMode;
  done?: boolean;
}

interface RunState {
  command: string;
  runs: number;
  roots: WeakSet<Proc>;
  facts: Facts;
  scripts: Set<string>;
  created: Set<string>;
  firstSeen?: string;
  lastSeen?: string;
  sources: Set<string>;
}

export interface TrackerOptions {
  /** Only what runs inside a chroot counts (`dfmap trace --root`: the wrapper that sets it up is not the job). */
  onlyChrooted?: boolean;
  /** The first process's working directory, when the caller knows it. */
  cwd?: string;
  /** Audit logs: a process whose parent is unknown starts a run. */
  rootsFromUnknownParents?: boolean;
  maxProcesses?: number;
}

const ROOT_PARENTS = /^(?:cron|crond|CRON|anacron|atd|systemd|init|run-parts)$/;

export class Tracker {
  private procs = new Map<number, Proc>();
  private runs = new Map<string, RunState>();
  noise = 0;
  events = 0;

  constructor(private opts: TrackerOptions = {}) {}

  consume(e: SysEvent): void {
    this.events++;
    if (e.type === 'fork') {
      this.fork(e.pid, e.child);
      return;
    }
    if (e.type === 'exit') {
      const p = this.procs.get(e.pid);
      if (p?.redirects) this.flushRedirects(p);
      this.procs.delete(e.pid);
      return;
    }
    const p = this.proc(e.pid, e.at);
    if (e.type === 'exec') {
      this.exec(p, e);
      return;
    }
    if (e.type === 'chroot') {
      p.root = this.host(p, e.path);
      p.cwd = '/';
      // what runs inside a chroot is a job of its own (the launcher that set it up is not)
      if (p.run) {
        delete p.run;
        p.isRoot = false;
      }
      return;
    }
    const path = e.type === 'connect' ? undefined : e.type === 'rename' ? e.from : e.path;
    if (e.type === 'chdir') {
      const d = this.resolve(p, e.path, e.dir);
      if (d) p.cwd = d;
      return;
    }
    if (!p.run || (this.opts.onlyChrooted && !p.root)) return;
    if (e.type === 'connect') {
      this.connect(p, e);
      return;
    }
    const abs = path === undefined ? undefined : this.resolve(p, path, e.dir);
    if (abs === undefined) return;
    if (e.type === 'open') {
      this.open(p, abs, e.mode, e.at, e.error);
      return;
    }
    if (e.type === 'unlink') {
      this.unlink(p, abs, e.at);
      return;
    }
    const to = this.resolve(p, e.to, e.toDir ?? e.dir);
    if (to !== undefined) this.rename(p, abs, to, e.at);
  }

  private proc(pid: number, at: At): Proc {
    let p = this.procs.get(pid);
    if (p && at.ppid !== undefined && p.ppid !== undefined && p.ppid !== at.ppid) p = undefined; // pid reused
    if (!p) {
      const parent = at.ppid === undefined ? undefined : this.procs.get(at.ppid);
      p = { pid, ...(at.ppid === undefined ? {} : { ppid: at.ppid }) };
      if (parent) inherit(p, parent);
      else if (this.procs.size === 0 && this.opts.cwd) p.cwd = this.opts.cwd;
      if (at.cwd) p.cwd = at.cwd;
      this.remember(p);
    } else {
      if (at.cwd) p.cwd = at.cwd;
      // least recently seen first: an audit log has no exits, so the table is an LRU of live processes
      if (this.opts.rootsFromUnknownParents) {
        this.procs.delete(pid);
        this.procs.set(pid, p);
      }
    }
    return p;
  }

  private remember(p: Proc): void {
    this.procs.set(p.pid, p);
    const max = this.opts.maxProcesses ?? 20_000;
    if (this.procs.size > max) {
      const oldest = this.procs.keys().next().value;
      if (oldest !== undefined) this.procs.delete(oldest);
    }
  }

  private fork(pid: number, child: number): void {
    const parent = this.procs.get(pid) ?? this.proc(pid, { file: '', line: 0, syscall: 'clone' });
    const p: Proc = { pid: child, ppid: pid };
    inherit(p, parent);
    this.remember(p);
  }

  private exec(p: Proc, e: Extract<SysEvent, { type: 'exec' }>): void {
    const exe = this.resolve(p, e.path, e.dir) ?? e.path;
    const img = imageOf(exe, e.argv, p.cwd);
    const callerOwner = p.run ? this.owner(p) : undefined;
    const callerProc = p;
    if (this.opts.onlyChrooted && !p.root) return;
    if (!p.run || (this.opts.rootsFromUnknownParents && !p.isRoot && this.startsRun(p, e.at)))
      this.startRun(p, img, e.at);
    const run = p.run as RunState;
    p.image = img;
    touch(run, e.at);
    if (img.script) {
      run.scripts.add(img.script);
      const fromKey = callerOwner ?? 'job';
      if (fromKey !== img.script)
        run.facts.invoke(fromKey === 'job' ? undefined : fromKey, img, e.at, this.describe(callerProc));
    }
    // the program this image runs writes to the outputs its shell opened for it
    if (p.redirects && img.script) this.flushRedirects(p);
  }

  /** Audit: cron's and systemd's children start runs; so does a process whose parent was never seen. */
  private startsRun(p: Proc, at: At): boolean {
    if (at.ppid === 1) return true;
    if (!p.parent) return true;
    const pc = p.parent.image ? p.parent.image.exe.split('/').pop() : undefined;
    return pc !== undefined && ROOT_PARENTS.test(pc);
  }

  private startRun(p: Proc, img: Image, at: At): void {
    const command = redactText(commandLine(img)).slice(0, 2000);
    let run = this.runs.get(command);
    if (!run) {
      run = {
        command,
        runs: 0,
        roots: new WeakSet(),
        facts: new Facts(),
        scripts: new Set(),
        created: new Set(),
        sources: new Set(),
      };
      this.runs.set(command, run);
    }
    if (!run.roots.has(p)) {
      run.roots.add(p);
      run.runs++;
    }
    if (at.file) run.sources.add(at.file);
    p.run = run;
    p.isRoot = true;
  }

  /** The script that owns what this process does, or undefined for the job itself. */
  private owner(p: Proc): string | undefined {
    for (let q: Proc | undefined = p; q; q = q.parent) if (q.image?.script) return q.image.script;
    return undefined;
  }

  /** `pid N COMMAND` (redacted), computed once per image: redaction is the costly part of a busy log. */
  private describe(p: Proc): string {
    if (p.desc === undefined || p.descImage !== p.image) {
      p.desc = redactText(`pid ${p.pid} ${p.image ? commandLine(p.image) : '?'}`).slice(0, 240);
      p.descImage = p.image;
    }
    return p.desc;
  }

  private open(p: Proc, path: string, mode: OpenMode, at: At, error?: string): void {
    const run = p.run as RunState;
    touch(run, at);
    const write = mode.write && (!mode.read || mode.truncate || mode.append);
    const side = sqliteSideFile(path);
    if (side !== undefined) {
      // SQLite writes a journal (or WAL) beside the database only for a write transaction
      if (!error && mode.write && !path.endsWith('-shm'))
        run.facts.access(this.owner(p), side, 'writes', at, 'sqlite journal', this.describe(p));
      return;
    }
    const reason = noiseReason(path, { write, directory: mode.directory });
    if (reason || this.isOwnCode(p, path)) {
      this.noise++;
      return;
    }
    if (error) {
      if (error === 'ENOENT' && !write)
        run.facts.access(this.owner(p), path, 'reads', at, 'ENOENT', this.describe(p), true);
      return;
    }
    if (write && p.image?.shell && p.image.script === undefined && !this.owner(p)) {
      // a job's inline shell opening an output: a redirection for the program it runs next
      p.redirects = [...(p.redirects ?? []), { path, at, mode }].slice(-16);
      if (mode.create && mode.truncate) run.created.add(path);
      return;
    }
    if (this.isImport(p, path)) {
      run.facts.importModule(this.owner(p), path, at, this.describe(p));
      return;
    }
    if (write) {
      if (mode.create && mode.truncate) run.created.add(path);
      run.facts.access(this.owner(p), path, 'writes', at, flagsOf(mode), this.describe(p));
    }
    if (mode.read && !mode.truncate)
      run.facts.access(this.owner(p), path, 'reads', at, flagsOf(mode), this.describe(p));
  }

  private flushRedirects(p: Proc): void {
    const run = p.run;
    for (const r of p.redirects ?? []) {
      if (r.done) continue;
      r.done = true;
      run?.facts.access(
        this.owner(p),
        r.path,
        'writes',
        r.at,
        `redirection ${flagsOf(r.mode)}`,
        this.describe(p),
      );
    }
    // the shell that opened them holds the same list: once all are handed over, neither needs it
    const list = p.redirects;
    for (let q: Proc | undefined = p; q; q = q.parent) if (q.redirects === list) delete q.redirects;
  }

  /** The interpreter reading the script it runs, or one its ancestors run. */
  private isOwnCode(p: Proc, path: string): boolean {
    for (let q: Proc | undefined = p; q; q = q.parent)
      if (q.image?.script === path || q.image?.exe === path) return true;
    return false;
  }

  /** A Python image opening a .py file outside the standard library: an import of the server's own module. */
  private isImport(p: Proc, path: string): boolean {
    return p.image?.language === 'python' && path.endsWith('.py');
  }

  private unlink(p: Proc, path: string, at: At): void {
    const run = p.run as RunState;
    if (sqliteSideFile(path) !== undefined || noiseReason(path, { write: true, directory: false })) return;
    // a file the run created and removed again was temporary
    if (run.created.has(path)) {
      run.facts.forget(path);
      return;
    }
    run.facts.access(this.owner(p), path, 'writes', at, 'unlink', this.describe(p));
  }

  private rename(p: Proc, from: string, to: string, at: At): void {
    const run = p.run as RunState;
    if (run.created.has(from)) run.facts.forget(from);
    else if (!noiseReason(from, { write: false, directory: false }))
      run.facts.access(this.owner(p), from, 'reads', at, 'rename (from)', this.describe(p));
    run.created.add(to);
    if (!noiseReason(to, { write: true, directory: false }))
      run.facts.access(this.owner(p), to, 'writes', at, 'rename (to)', this.describe(p));
  }

  private connect(p: Proc, e: Extract<SysEvent, { type: 'connect' }>): void {
    if (isNoiseSocket(e.address)) return;
    const run = p.run as RunState;
    touch(run, e.at);
    run.facts.connect(this.owner(p), e.address, e.at, this.describe(p), e.error);
  }

  /** A path as the process named it -> a server path (relative to its cwd; fd decorations are host paths). */
  private resolve(p: Proc, path: string, hostDir?: string): string | undefined {
    if (path.startsWith('/')) return normalizeServerPath(path);
    const dir = hostDir !== undefined ? this.host(p, hostDir) : p.cwd;
    return dir === undefined ? undefined : joinServer(dir, path);
  }

  /** A host path (strace runs outside the chroot) -> the path inside the process's root. */
  private host(p: Proc, path: string): string {
    if (!p.root || p.root === '/') return normalizeServerPath(path);
    if (path === p.root) return '/';
    return path.startsWith(`${p.root}/`) ? path.slice(p.root.length) : path;
  }

  /** Every run so far, with its facts; flushes what is still pending. */
  finish(job?: string): ObservedRun[] {
    for (const p of this.procs.values()) if (p.redirects) this.flushRedirects(p);
    return [...this.runs.values()]
      .filter((r) => r.runs > 0 && (r.scripts.size > 0 || r.facts.size > 0))
      .map((r) => ({
        command: r.command,
        ...(job ? { job } : {}),
        runs: r.runs,
        ...(r.firstSeen ? { firstSeen: r.firstSeen } : {}),
        ...(r.lastSeen ? { lastSeen: r.lastSeen } : {}),
        scripts: [...r.scripts].sort(),
        facts: r.facts.list(),
        sources: [...r.sources].sort(),
      }));
  }
}

function inherit(p: Proc, parent: Proc): void {
  p.parent = parent;
  if (parent.image) p.image = parent.image;
  if (parent.cwd) p.cwd = parent.cwd;
  if (parent.root) p.root = parent.root;
  if (parent.run) p.run = parent.run;
  // a forked child inherits the shell's open descriptors: `cmd >> log` may be run by the child
  if (parent.redirects) p.redirects = parent.redirects;
}

function touch(run: RunState, at: At): void {
  if (!at.time) return;
  if (!run.firstSeen || at.time < run.firstSeen) run.firstSeen = at.time;
  if (!run.lastSeen || at.time > run.lastSeen) run.lastSeen = at.time;
}

function flagsOf(m: OpenMode): string {
  const f: string[] = [m.write ? (m.read ? 'O_RDWR' : 'O_WRONLY') : 'O_RDONLY'];
  if (m.create) f.push('O_CREAT');
  if (m.truncate) f.push('O_TRUNC');
  if (m.append) f.push('O_APPEND');
  return f.join('|');
}
