/**
 * The only module that knows the stage order: discover jobs -> follow each job's command to the
 * scripts it runs -> extract every script (following invocations with their arguments bound) ->
 * build the graph once.
 */
import { discoverJobs, type Job } from '../discover/index.js';
import { detectLanguage, extractorFor, looksLikeScript } from '../extract/index.js';
import { createParsers, type Parsers } from '../extract/parse/tree-sitter.js';
import { extractShellCommand } from '../extract/shell/index.js';
import type { DataRef, Extraction, Invocation, ScriptContext } from '../extract/types.js';
import { buildGraph } from '../graph/build.js';
import type { DataflowGraph, EdgeFact, ScanFacts } from '../graph/types.js';
import { type Diagnostic, warning } from '../model/diagnostic.js';
import { toScriptNode } from '../model/keys.js';
import type { NodeSpec } from '../model/node.js';
import { normalizeServerPath } from '../util/paths.js';
import { ServerFs } from '../util/server-fs.js';
import { sanitizeFacts } from './sanitize.js';

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
}

export interface ScanResult {
  graph: DataflowGraph;
  diagnostics: Diagnostic[];
}

/** One script to extract, in the context its caller gives it. */
interface Task {
  inv: Pick<Invocation, 'path' | 'args' | 'env' | 'cwd' | 'language' | 'sqlContext' | 'mode'>;
}

/** A script run with more distinct argument bindings than this is extracted with the first ones only. */
const MAX_BINDINGS_PER_SCRIPT = 16;
const MAX_TASKS = 200_000;

export async function scan(opts: ScanOptions): Promise<ScanResult> {
  const fs = new ServerFs(opts.root, opts.maxFileBytes ? { maxBytes: opts.maxFileBytes } : {});
  const host = opts.host ?? readHostname(fs) ?? 'localhost';
  const parsers = await createParsers();
  const facts: ScanFacts = {
    nodes: [],
    edges: [],
    diagnostics: [],
    meta: {
      tool: 'dfmap',
      ...(opts.toolVersion ? { toolVersion: opts.toolVersion } : {}),
      host,
      root: opts.root,
      scannedAt: new Date().toISOString(),
    },
  };
  const base = { host, fs, parsers, budgetMs: opts.budgetMs ?? 5000 };
  const queue: Task[] = [];
  const discovery = discoverJobs(fs);
  facts.diagnostics.push(...discovery.diagnostics);
  for (const job of discovery.jobs) addJob(job, base, facts, queue);
  for (const dir of opts.include ?? [])
    includeDirectory(fs, normalizeServerPath(dir), queue, facts.diagnostics);
  runQueue(queue, base, facts, opts.onProgress);
  const graph = buildGraph(sanitizeFacts(facts));
  return { graph, diagnostics: facts.diagnostics };
}

function readHostname(fs: ServerFs): string | undefined {
  const r = fs.readText('/etc/hostname');
  return r.ok ? r.text.trim().split(/\s+/)[0] || undefined : undefined;
}

type Base = Pick<ScriptContext, 'host' | 'fs' | 'parsers' | 'budgetMs'>;

function addJob(job: Job, base: Base, facts: ScanFacts, queue: Task[]): void {
  facts.nodes.push(job.node);
  const ctx: ScriptContext = {
    ...base,
    path: job.at.file,
    text: job.command,
    language: 'shell',
    args: [],
    env: job.env,
    cwd: job.cwd,
  };
  const where = job.node.attrs.scheduler === 'systemd' ? 'ExecStart' : 'cron line';
  const ex = safely(job.at.file, facts.diagnostics, () =>
    extractShellCommand(job.command, ctx, job.at, { markRedirects: true, where }),
  );
  if (!ex) return;
  facts.diagnostics.push(...ex.diagnostics);
  const scripts = ex.invokes.map((inv) => scriptNode(inv, base.fs));
  ex.invokes.forEach((inv, i) => {
    facts.edges.push(edge(job.node, scripts[i] as NodeSpec, 'invokes', inv));
    queue.push({ inv });
  });
  // Redirections on the line (and StandardOutput=append:) are the script's own writes.
  const owners = scripts.length > 0 ? scripts : [job.node];
  const ownReads = [...ex.reads.filter((r) => r.via === 'redirect'), ...job.reads];
  const ownWrites = [...ex.writes.filter((w) => w.via === 'redirect'), ...job.writes];
  for (const owner of owners) {
    for (const r of ownReads) facts.edges.push(edge(r.node, owner, 'reads', r));
    for (const w of ownWrites) facts.edges.push(edge(owner, w.node, 'writes', w));
  }
  for (const r of ex.reads.filter((x) => x.via !== 'redirect'))
    facts.edges.push(edge(r.node, job.node, 'reads', r));
  for (const w of ex.writes.filter((x) => x.via !== 'redirect'))
    facts.edges.push(edge(job.node, w.node, 'writes', w));
}

function edge(
  from: NodeSpec,
  to: NodeSpec,
  kind: EdgeFact['kind'],
  ref: Pick<DataRef, 'evidence' | 'confidence'>,
): EdgeFact {
  return { from, to, kind, evidence: ref.evidence, confidence: ref.confidence };
}

function scriptNode(inv: Pick<Invocation, 'path'>, fs: ServerFs): NodeSpec {
  const path = normalizeServerPath(inv.path);
  const exists = !path.includes('*') && fs.isFile(path);
  return toScriptNode(path, { missing: !exists });
}

function includeDirectory(fs: ServerFs, dir: string, queue: Task[], diagnostics: Diagnostic[]): void {
  const stack = [dir];
  let seen = 0;
  while (stack.length > 0 && seen < 100_000) {
    const d = stack.pop() as string;
    if (!fs.isDirectory(d)) {
      diagnostics.push(warning('include-missing', `--include ${d}: not a directory under ROOT`, { file: d }));
      continue;
    }
    for (const name of fs.list(d)) {
      const p = `${d === '/' ? '' : d}/${name}`;
      seen++;
      if (fs.isDirectory(p)) {
        if (!name.startsWith('.')) stack.push(p);
      } else if (looksLikeScript(p, headOf(fs, p))) {
        queue.push({ inv: { path: p, args: [] } });
      }
    }
  }
}

function headOf(fs: ServerFs, p: string): string {
  const r = fs.readText(p);
  return r.ok ? r.text.slice(0, 64) : '';
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

function runQueue(queue: Task[], base: Base, facts: ScanFacts, onProgress: ScanOptions['onProgress']): void {
  const done = new Set<string>();
  const bindings = new Map<string, number>();
  const reported = new Set<string>();
  let processed = 0;
  while (queue.length > 0 && processed < MAX_TASKS) {
    const task = queue.shift() as Task;
    const path = normalizeServerPath(task.inv.path);
    const key = bindingKey(task);
    if (done.has(key)) continue;
    done.add(key);
    const n = (bindings.get(path) ?? 0) + 1;
    bindings.set(path, n);
    if (n > MAX_BINDINGS_PER_SCRIPT) continue;
    processed++;
    onProgress?.(processed, processed + queue.length, path);
    extractTask(task, path, base, facts, queue, reported);
  }
}

function extractTask(
  task: Task,
  path: string,
  base: Base,
  facts: ScanFacts,
  queue: Task[],
  reported: Set<string>,
): void {
  const node = scriptNode({ path }, base.fs);
  if (path.includes('*')) return;
  const read = base.fs.readText(path);
  if (!read.ok) {
    if (!reported.has(path)) {
      reported.add(path);
      const missing = read.diagnostic.code === 'file-missing';
      facts.diagnostics.push(
        missing
          ? warning(
              'script-missing',
              `${path}: run by a job or script but not found under ROOT`,
              { file: path },
              'a finding: the job fails, or the script lives elsewhere',
            )
          : read.diagnostic,
      );
      facts.nodes.push(node);
    }
    return;
  }
  if (!reported.has(path)) {
    reported.add(path);
    facts.diagnostics.push(...read.diagnostics);
  }
  const language = detectLanguage(path, read.text, task.inv.language);
  node.attrs.language = language;
  facts.nodes.push(node);
  const extractor = extractorFor(language);
  if (!extractor) return;
  const ctx: ScriptContext = {
    ...base,
    path,
    text: read.text,
    language,
    args: task.inv.args,
    env: task.inv.env ?? {},
    cwd: task.inv.cwd ?? path.slice(0, path.lastIndexOf('/')) ?? '/',
    ...(task.inv.sqlContext ? { sqlContext: task.inv.sqlContext } : {}),
  };
  const ex = safely(path, facts.diagnostics, () => extractor.extract(ctx));
  if (!ex) return;
  addExtraction(node, ex, facts, queue, base.fs);
}

function addExtraction(node: NodeSpec, ex: Extraction, facts: ScanFacts, queue: Task[], fs: ServerFs): void {
  facts.diagnostics.push(...ex.diagnostics);
  for (const r of ex.reads) facts.edges.push(edge(r.node, node, 'reads', r));
  for (const w of ex.writes) facts.edges.push(edge(node, w.node, 'writes', w));
  for (const inv of ex.invokes) {
    const callee = scriptNode(inv, fs);
    if (inv.mode === 'import' && callee.attrs.missing) continue; // an installed package, not a local module
    facts.edges.push(edge(node, callee, 'invokes', inv));
    queue.push({ inv });
  }
}

/** An extractor that throws is a bug in dfmap; the scan records it and goes on with the rest. */
function safely(file: string, diagnostics: Diagnostic[], fn: () => Extraction): Extraction | undefined {
  try {
    return fn();
  } catch (err) {
    diagnostics.push({
      severity: 'error',
      code: 'extractor-failed',
      message: `${file}: dfmap could not extract this file (${(err as Error).message}); the rest of the scan went on`,
      location: { file },
      hint: 'please report this with the file, it is a bug in dfmap',
    });
    return undefined;
  }
}

export type { Parsers };
