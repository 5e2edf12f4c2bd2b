/**
 * The only module that knows the stage order: discover jobs -> follow each job's command to the
 * scripts it runs -> extract every script (following invocations with their arguments bound) ->
 * build the graph once.
 */

import { availableParallelism } from 'node:os';
import { discoverJobs, type Job } from '../discover/index.js';
import { discoverMounts } from '../discover/mounts.js';
import { readAccounts } from '../discover/users.js';
import { extractInline, looksLikeScript } from '../extract/index.js';
import { createParsers } from '../extract/parse/tree-sitter.js';
import { extractShellCommand } from '../extract/shell/index.js';
import type { DataRef, Extraction, Invocation, ScriptContext } from '../extract/types.js';
import { buildGraph } from '../graph/build.js';
import type { MapSummary } from '../graph/summary.js';
import type { DataflowGraph, EdgeFact, ScanFacts } from '../graph/types.js';
import { type Diagnostic, warning } from '../model/diagnostic.js';
import { confidenceToNode } from '../model/kinds.js';
import type { NodeSpec } from '../model/node.js';
import type { MapText } from '../store/map-text.js';
import { normalizeServerPath } from '../util/paths.js';
import { type FsAccess, ServerFs } from '../util/server-fs.js';
import { walkServerDirectory } from '../util/server-walk.js';
import { extractorFailed, extractTask, prepareTask, scriptNode, type TaskResult } from './extract-task.js';
import { type CacheCounts, CacheSession, type ExtractionCache } from './extraction-cache.js';
import { discloseTo } from './least-disclosure.js';
import { ExtractPool } from './pool.js';
import { type FactSection, ScanFactsCollector } from './scan-facts.js';
import type { WorkerData } from './worker.js';
import { type Task, Worklist } from './worklist.js';

export interface ScanOptions {
  root: string;
  host?: string;
  /** Server directories whose scripts are scanned even if nothing schedules them. */
  include?: string[];
  maxFileBytes?: number;
  /** Per-file parse budget, milliseconds. */
  budgetMs?: number;
  onProgress?: (done: number, total: number, label: string) => void;
  toolVersion?: string;
  /** Worker threads for extraction; default: the machine's cores for larger scans, none for small ones. */
  workers?: number;
  /** Reuse extractions of unchanged scripts from earlier scans (extraction-cache.ts). */
  cache?: ExtractionCache | undefined;
  /**
   * List every filesystem access of the scan in `accesses` (scan-result-cache.ts keeps it). Only
   * with `cache`: what worker threads read comes back through it (CacheSession.remember).
   */
  record?: boolean;
}

export interface ScanResult {
  /** The map. A stored scan reused whole builds it only when it is first asked for (see `text`). */
  readonly graph: DataflowGraph;
  /**
   * The map as its file holds it, while no graph has been built: a stored scan reused whole is
   * written from it (store/map-text.ts). Its attributes may be changed; asking for `graph` ends it.
   */
  readonly text?: MapText;
  /** With `text`: the map's summary, stored with it. */
  readonly summary?: MapSummary;
  /** With `text`: a digest of its body (nodes and links): two scans with one digest found the same map. */
  readonly digest?: string;
  diagnostics: Diagnostic[];
  /** With a cache: how many scripts it answered. */
  cache?: CacheCounts;
  /** With `record`: what the scan read, and what each access showed. */
  accesses?: FsAccess[];
}

/** A script run with more distinct argument bindings than this is extracted with the first ones only. */
const MAX_BINDINGS_PER_SCRIPT = 16;
const MAX_TASKS = 200_000;
/** Files above this size are never extracted on the main thread (see runQueue). */
const INLINE_MAX_BYTES = 64 * 1024;

export async function scan(opts: ScanOptions): Promise<ScanResult> {
  // a scan reads one state of the server: path lookups are remembered (stable)
  const fs = new ServerFs(opts.root, {
    stable: true,
    ...(opts.maxFileBytes ? { maxBytes: opts.maxFileBytes } : {}),
  });
  const recording = opts.record ? fs.openRecording() : undefined;
  // the server's own name as a script's `hostname` prints it: unknown (''), not the map's stand-in
  // 'localhost', when ROOT has no /etc/hostname and --host does not say
  const hostname = opts.host ?? readHostname(fs) ?? '';
  const host = hostname || 'localhost';
  const meta: ScanFacts['meta'] = {
    tool: 'dfmap',
    ...(opts.toolVersion ? { toolVersion: opts.toolVersion } : {}),
    host,
    root: opts.root,
    scannedAt: new Date().toISOString(),
  };
  const facts = new ScanFactsCollector();
  const budgetMs = opts.budgetMs ?? 5000;
  // the grammars compile off this thread (WebAssembly) while it discovers the jobs
  const parsers = createParsers();
  const discovery = discoverJobs(fs);
  // Worker threads load their modules and parsers (about half a second of CPU each) while this
  // thread starts on the job lines. Not with a scan cache, which may answer every script.
  const pool = opts.cache ? undefined : startPool(opts, discovery.jobs.length, hostname, budgetMs, fs);
  try {
    const base = { host: hostname, fs, parsers: await parsers, budgetMs };
    const cache = opts.cache
      ? new CacheSession(opts.cache, fs, { host: hostname, budgetMs, maxBytes: fs.maxBytes })
      : undefined;
    facts.discovery.diagnostics.push(...discovery.diagnostics);
    const errors = facts.discovery.diagnostics;
    const jobs = discovery.jobs;
    const commands = cache
      ? await cache.commands(
          jobs,
          (job) => cache.commandKeyOf(commandBinding(job)),
          (job) => extractJobCommand(job, base, errors, true),
        )
      : undefined;
    let read = 0;
    const queue = new Worklist(
      (into) => {
        if (read > jobs.length) return false;
        if (read === jobs.length) {
          read++;
          // shared file systems: how the catalog joins this host's files with other hosts' (catalog/fleet-key)
          const mounts = discoverMounts(fs);
          if (mounts.mounts.length > 0) meta.mounts = mounts.mounts;
          facts.jobs.diagnostics.push(...mounts.diagnostics);
          for (const dir of opts.include ?? [])
            includeDirectory(fs, normalizeServerPath(dir), into, facts.jobs.diagnostics);
          return true;
        }
        for (const end = Math.min(read + JOBS_AT_A_TIME, jobs.length); read < end; read++) {
          const job = jobs[read] as Job;
          const ex = commands ? commands[read] : extractJobCommand(job, base, errors).extraction;
          addJob(job, ex, base, facts.jobs, into);
        }
        return true;
      },
      () => Math.max(0, jobs.length - read),
    );
    await runQueue(queue, base, facts.scripts, opts, cache, pool);
    // the workers' threads wind down while this one builds the graph
    void pool?.close();
    queue.fill(); // the jobs' facts, had the scan stopped at MAX_TASKS before reading every line
    if (cache) {
      await cache.flush();
      facts.scripts.diagnostics.push(...cache.diagnostics);
    }
    const graph = buildGraph(facts.finish(meta));
    const accesses = recording?.stop();
    return {
      graph,
      diagnostics: facts.diagnostics,
      ...(cache ? { cache: cache.counts } : {}),
      ...(accesses ? { accesses } : {}),
    };
  } finally {
    await pool?.close();
  }
}

/** Job lines read at a time (about a millisecond). */
const JOBS_AT_A_TIME = 8;

/** Settings every worker gets. */
function workerData(opts: ScanOptions, host: string, budgetMs: number): WorkerData {
  return { root: opts.root, host, budgetMs, ...(opts.maxFileBytes ? { maxBytes: opts.maxFileBytes } : {}) };
}

/**
 * The extraction pool, started before the scan knows its tasks: sized by the jobs (a job usually
 * runs one script), or none.
 */
function startPool(
  opts: ScanOptions,
  jobs: number,
  host: string,
  budgetMs: number,
  fs: ServerFs,
): ExtractPool | undefined {
  const size = poolSize(opts, jobs);
  return size === 0 ? undefined : new ExtractPool(size, workerData(opts, host, budgetMs), fs, budgetMs * 4);
}

function readHostname(fs: ServerFs): string | undefined {
  const r = fs.readText('/etc/hostname');
  return r.ok ? r.text.trim().split(/\s+/)[0] || undefined : undefined;
}

type Base = Pick<ScriptContext, 'host' | 'fs' | 'parsers' | 'budgetMs'>;

/** What the extraction of a job's command line depends on besides the files it reads. */
function commandBinding(job: Job): unknown[] {
  return [job.command, job.env, job.cwd, job.at, job.node.attrs.scheduler ?? ''];
}

/** The command line of a job as the shell runs it (`record`: with what it read, for the scan cache). */
function extractJobCommand(
  job: Job,
  base: Base,
  diagnostics: Diagnostic[],
  record = false,
): { extraction?: Extraction; accesses?: FsAccess[] } {
  const ctx: ScriptContext = {
    ...base,
    path: job.at.file,
    text: job.command,
    language: 'shell',
    args: [],
    env: job.env,
    cwd: job.cwd,
    inline: extractInline,
  };
  const where = job.node.attrs.scheduler === 'systemd' ? 'ExecStart' : 'cron line';
  const run = () =>
    safely(job.at.file, diagnostics, () =>
      extractShellCommand(job.command, ctx, job.at, { markRedirects: true, where }),
    );
  if (!record) return { extraction: run() };
  const r = base.fs.recordAccesses(run);
  return r.value ? { extraction: r.value, accesses: r.accesses } : {};
}

function addJob(job: Job, ex: Extraction | undefined, base: Base, facts: FactSection, queue: Task[]): void {
  facts.node(job.node);
  if (!ex) return;
  facts.diagnostics.push(...ex.diagnostics);
  const scripts = ex.invokes.map((inv) => scriptNode(inv.path, base.fs));
  ex.invokes.forEach((inv, i) => {
    const callee = scripts[i] as NodeSpec;
    facts.edge(edge(job.node, callee, 'invokes', inv));
    for (const r of inv.redirects?.reads ?? []) facts.edge(edge(r.node, callee, 'reads', r));
    for (const w of inv.redirects?.writes ?? []) facts.edge(edge(callee, w.node, 'writes', w));
    if (!followedInCaller(inv)) queue.push(job.user ? { inv, user: job.user } : { inv });
  });
  // Redirections on the line (and StandardOutput=append:) are the script's own writes.
  const owners = scripts.length > 0 ? scripts : [job.node];
  const ownReads = [...ex.reads.filter((r) => r.via === 'redirect'), ...job.reads];
  const ownWrites = [...ex.writes.filter((w) => w.via === 'redirect'), ...job.writes];
  for (const owner of owners) {
    for (const r of ownReads) facts.edge(edge(r.node, owner, 'reads', r));
    for (const w of ownWrites) facts.edge(edge(owner, w.node, 'writes', w));
  }
  for (const r of ex.reads.filter((x) => x.via !== 'redirect'))
    facts.edge(edge(r.node, job.node, 'reads', r));
  for (const w of ex.writes.filter((x) => x.via !== 'redirect'))
    facts.edge(edge(job.node, w.node, 'writes', w));
}

function edge(
  from: NodeSpec,
  to: NodeSpec,
  kind: EdgeFact['kind'],
  ref: Pick<DataRef, 'evidence' | 'confidence'>,
): EdgeFact {
  // every language's edges (Perl, SQL scripts, awk too): a `*` in either end is partial at most
  const confidence = confidenceToNode(to.key, confidenceToNode(from.key, ref.confidence));
  return { from, to, kind, evidence: ref.evidence, confidence };
}

function includeDirectory(fs: ServerFs, dir: string, queue: Task[], diagnostics: Diagnostic[]): void {
  if (!fs.isDirectory(dir)) {
    diagnostics.push(
      warning('include-missing', `--include ${dir}: not a directory under ROOT`, { file: dir }),
    );
    return;
  }
  const walk = walkServerDirectory(fs, dir, { skipDir: (name) => name.startsWith('.') });
  diagnostics.push(...walk.diagnostics);
  for (const p of walk.files) {
    if (looksLikeScript(p, '') || looksLikeScript(p, fs.readHead(p)))
      queue.push({ inv: { path: p, args: [] } });
  }
}

function bindingKey(t: Task): string {
  return JSON.stringify([
    t.inv.path,
    t.inv.args,
    t.inv.cwd ?? '',
    t.inv.language ?? '',
    t.inv.sqlContext ?? null,
    t.inv.env ?? {},
  ]);
}

/**
 * Drain the worklist: each task is extracted (inline or in a worker), and the invocations it finds
 * go back on the list. A script is extracted once per distinct binding of its arguments. With a
 * scan cache, tasks are looked up a batch at a time and only the misses are extracted.
 */
async function runQueue(
  queue: Worklist,
  base: Base,
  facts: FactSection,
  opts: ScanOptions,
  cache: CacheSession | undefined,
  started: ExtractPool | undefined,
): Promise<void> {
  const done = new Set<string>();
  const bindings = new Map<string, number>();
  const reported = new Set<string>();
  let processed = 0;
  const next = (): Task | undefined => {
    while (processed < MAX_TASKS) {
      const task = queue.shift();
      if (!task) return undefined;
      const path = normalizeServerPath(task.inv.path);
      const key = bindingKey(task);
      if (done.has(key)) continue;
      done.add(key);
      const n = (bindings.get(path) ?? 0) + 1;
      bindings.set(path, n);
      if (n > MAX_BINDINGS_PER_SCRIPT) continue;
      processed++;
      opts.onProgress?.(processed, processed + queue.length, path);
      return task;
    }
    return undefined;
  };
  const accounts = readAccounts(base.fs);
  const accept = (r: TaskResult, t: Task) =>
    addResult(discloseTo(r, t.user, accounts, base.fs), t.user, facts, queue, base.fs, reported);
  const keys = new Map<Task, string>();
  const finish = async (r: TaskResult, t: Task) => {
    accept(r, t);
    const key = keys.get(t);
    if (cache && key !== undefined) {
      keys.delete(t);
      await cache.remember(key, r);
    }
  };
  const misses: Task[] = [];
  let pending: Task | undefined;
  /** The next task to extract; cache hits (and scripts with nothing to extract) are answered on the way. */
  const take = async (): Promise<Task | undefined> => {
    if (pending) {
      const t = pending;
      pending = undefined;
      return t;
    }
    if (!cache) return next();
    while (misses.length === 0) {
      const batch: Task[] = [];
      for (let t = next(); t; t = batch.length < LOOKUP_BATCH ? next() : undefined) batch.push(t);
      if (batch.length === 0) return undefined;
      await lookUp(batch, base, cache, keys, misses, accept);
    }
    return misses.shift();
  };
  let size = started?.size ?? 0;
  if (!started) {
    queue.fill();
    size = poolSize(opts, queue.length);
  }
  if (size === 0) {
    // The main thread cannot stop an extraction that runs long, so it takes small files only; the
    // first big one moves the rest of the scan to a worker, where the per-file budget applies.
    for (let t = await take(); t; t = await take()) {
      if (opts.workers === undefined && (base.fs.stat(t.inv.path)?.size ?? 0) > INLINE_MAX_BYTES) {
        pending = t;
        break;
      }
      await finish(extractTask(t.inv, base, cache !== undefined), t);
    }
    if (!pending) return;
    size = 1;
  }
  // no threads for a scan the cache answers whole
  pending ??= await take();
  if (!pending) return;
  const pool =
    started ?? new ExtractPool(size, workerData(opts, base.host, base.budgetMs), base.fs, base.budgetMs * 4);
  try {
    const inFlight = new Set<Promise<void>>();
    for (;;) {
      for (
        let t = inFlight.size < pool.capacity ? await take() : undefined;
        t;
        t = inFlight.size < pool.capacity ? await take() : undefined
      ) {
        const task = t;
        const p: Promise<void> = pool.run(t.inv, cache !== undefined).then(async (r) => {
          await finish(r, task);
          inFlight.delete(p);
        });
        inFlight.add(p);
      }
      if (inFlight.size === 0) break;
      // read more job lines while the workers work, a few at a time so that their answers wait little
      if (queue.readAhead()) await new Promise<void>((resolve) => setImmediate(resolve));
      else await Promise.race(inFlight);
    }
  } finally {
    if (pool !== started) await pool.close();
  }
}

/** Scripts looked up in the scan cache at a time. */
const LOOKUP_BATCH = 256;

/**
 * Read each script of a batch, look the batch up, and answer what needs no extraction: hits, and
 * scripts that are missing or have no extractor. The rest go on `misses`, their keys in `keys`.
 */
async function lookUp(
  batch: Task[],
  base: Base,
  cache: CacheSession,
  keys: Map<Task, string>,
  misses: Task[],
  accept: (r: TaskResult, t: Task) => void,
): Promise<void> {
  const ready: Array<{
    task: Task;
    key: string;
    node: TaskResult['node'];
    fileDiagnostics: TaskResult['fileDiagnostics'];
  }> = [];
  for (const task of batch) {
    const p = prepareTask(task.inv, base);
    if (p.done) accept(p.done, task);
    else
      ready.push({
        task,
        key: cache.keyOf(task.inv, p.ctx.text, p.ctx.language),
        node: p.node,
        fileDiagnostics: p.fileDiagnostics,
      });
  }
  const found = await cache.lookup(ready.map((r) => r.key));
  for (const r of ready) {
    const extraction = found.get(r.key);
    if (extraction) accept({ node: r.node, fileDiagnostics: r.fileDiagnostics, extraction }, r.task);
    else {
      keys.set(r.task, r.key);
      misses.push(r.task);
    }
  }
}

/** Workers pay off from a few dozen scripts; below that, start-up costs more than it saves. */
function poolSize(opts: ScanOptions, initialTasks: number): number {
  if (opts.workers !== undefined) return Math.max(0, opts.workers);
  if (initialTasks < 24) return 0;
  return Math.max(1, Math.min(availableParallelism(), 4));
}

function addResult(
  r: TaskResult,
  user: string | undefined,
  facts: FactSection,
  queue: Worklist,
  fs: ServerFs,
  reported: Set<string>,
): void {
  const path = r.node.attrs.path as string;
  if (!reported.has(path)) {
    reported.add(path);
    facts.diagnostics.push(...r.fileDiagnostics);
  }
  facts.node(r.node);
  if (r.extraction) addExtraction(r.node, r.extraction, user, facts, queue, fs);
}

function addExtraction(
  node: NodeSpec,
  ex: Extraction,
  user: string | undefined,
  facts: FactSection,
  queue: Worklist,
  fs: ServerFs,
): void {
  facts.diagnostics.push(...ex.diagnostics);
  // a script reading its own text (`awk ... "$0"` for its usage, `open(__file__)`) is not dataflow
  const own = node.attrs.path;
  for (const r of ex.reads) if (r.node.attrs.path !== own) facts.edge(edge(r.node, node, 'reads', r));
  for (const w of ex.writes) facts.edge(edge(node, w.node, 'writes', w));
  for (const inv of ex.invokes) {
    const callee = scriptNode(inv.path, fs);
    if (inv.mode === 'import' && callee.attrs.missing) continue; // an installed package, not a local module
    facts.edge(edge(node, callee, 'invokes', inv));
    for (const r of inv.redirects?.reads ?? []) facts.edge(edge(r.node, callee, 'reads', r));
    for (const w of inv.redirects?.writes ?? []) facts.edge(edge(callee, w.node, 'writes', w));
    if (followedInCaller(inv)) continue;
    queue.push(user === undefined ? { inv } : { inv, user });
  }
}

/**
 * A Python module's I/O was followed inside the importer, in its context, and so was a Perl
 * module's (`use X`: its subs run where the script calls them); an inlined file's text was walked
 * in its caller. Scanned on its own, from its own directory with no arguments, it would invent
 * edges nobody runs. A `require`d .pl file runs its top level and is still scanned.
 */
function followedInCaller(inv: Invocation): boolean {
  if (inv.inlined === true) return true;
  if (inv.mode !== 'import') return false;
  return inv.language === 'python' || (inv.language === 'perl' && inv.path.endsWith('.pm'));
}

/** An extractor that throws is a bug in dfmap; the scan records it and goes on with the rest. */
function safely(file: string, diagnostics: Diagnostic[], fn: () => Extraction): Extraction | undefined {
  try {
    return fn();
  } catch (err) {
    diagnostics.push(extractorFailed(file, err));
    return undefined;
  }
}
