/**
 * Extract one script in the context its caller gives it. A pure function of (task, ServerFs,
 * parsers), so it runs the same inline and in a worker thread.
 */
import { detectLanguage, extractInline, extractorFor } from '../extract/index.js';
import type { Parsers } from '../extract/parse/tree-sitter.js';
import type { Extraction, Extractor, Invocation, ScriptContext } from '../extract/types.js';
import { type Diagnostic, warning } from '../model/diagnostic.js';
import { toScriptNode } from '../model/keys.js';
import type { NodeSpec } from '../model/node.js';
import { normalizeServerPath } from '../util/paths.js';
import type { FsAccess, ServerFs } from '../util/server-fs.js';

export type TaskInput = Pick<
  Invocation,
  'path' | 'args' | 'env' | 'cwd' | 'language' | 'sqlContext' | 'mode'
>;

export interface TaskResult {
  node: NodeSpec;
  /** Diagnostics about reading the file (reported once per file by the caller). */
  fileDiagnostics: Diagnostic[];
  extraction?: Extraction;
  /** What the extraction read through ServerFs (when asked to record): the scan cache checks it. */
  accesses?: FsAccess[];
}

export interface TaskEnv {
  host: string;
  fs: ServerFs;
  parsers: Parsers;
  budgetMs: number;
}

export function scriptNode(path: string, fs: ServerFs): NodeSpec {
  const p = normalizeServerPath(path);
  const exists = !p.includes('*') && fs.isFile(p);
  return toScriptNode(p, { missing: !exists });
}

/** A task read and ready to extract, or its result already (nothing to extract). */
export type PreparedTask =
  | { done: TaskResult }
  | {
      done?: undefined;
      node: NodeSpec;
      fileDiagnostics: Diagnostic[];
      ctx: ScriptContext;
      extractor: Extractor;
    };

/** Read the script and pick its extractor: everything but the extraction itself. */
export function prepareTask(task: TaskInput, env: TaskEnv): PreparedTask {
  const path = normalizeServerPath(task.path);
  const node = scriptNode(path, env.fs);
  if (path.includes('*')) return { done: { node, fileDiagnostics: [] } };
  const read = env.fs.readText(path);
  if (!read.ok) {
    const missing = read.diagnostic.code === 'file-missing';
    const d = missing
      ? warning(
          'script-missing',
          `${path}: run by a job or script but not found under ROOT`,
          { file: path },
          'a finding: the job fails, or the script lives elsewhere',
        )
      : read.diagnostic;
    return { done: { node, fileDiagnostics: [d] } };
  }
  const language = detectLanguage(path, read.text, task.language);
  node.attrs.language = language;
  const extractor = extractorFor(language);
  if (!extractor) return { done: { node, fileDiagnostics: read.diagnostics } };
  const ctx: ScriptContext = {
    host: env.host,
    fs: env.fs,
    parsers: env.parsers,
    budgetMs: env.budgetMs,
    path,
    text: read.text,
    language,
    args: task.args,
    env: task.env ?? {},
    cwd: task.cwd ?? path.slice(0, path.lastIndexOf('/')) ?? '/',
    ...(task.sqlContext ? { sqlContext: task.sqlContext } : {}),
    inline: extractInline,
  };
  return { node, fileDiagnostics: read.diagnostics, ctx, extractor };
}

/** Extract one script; with `record`, also list what the extractor read besides the script. */
export function extractTask(task: TaskInput, env: TaskEnv, record = false): TaskResult {
  const p = prepareTask(task, env);
  if (p.done) return p.done;
  const { node, fileDiagnostics, ctx, extractor } = p;
  try {
    if (!record) return { node, fileDiagnostics, extraction: extractor.extract(ctx) };
    const r = env.fs.recordAccesses(() => extractor.extract(ctx));
    return { node, fileDiagnostics, extraction: r.value, accesses: r.accesses };
  } catch (err) {
    return { node, fileDiagnostics: [...fileDiagnostics, extractorFailed(ctx.path, err)] };
  }
}

/** An extractor that throws is a bug in dfmap; the scan records it and goes on with the rest. */
export function extractorFailed(file: string, err: unknown): Diagnostic {
  return {
    severity: 'error',
    code: 'extractor-failed',
    message: `${file}: dfmap could not extract this file (${(err as Error)?.message ?? String(err)}); the rest of the scan went on`,
    location: { file },
    hint: 'please report this with the file: it is a bug in dfmap',
  };
}
