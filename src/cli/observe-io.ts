/**
 * The file side of observed evidence: find trace files and audit logs (a file, or a directory
 * walked for them), stream their lines into observe/, and merge the result into a map. The trace
 * itself is never copied into the map: only facts with file:line evidence are.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { createGraph } from '../graph/build.js';
import { type MergeObservedSummary, mergeObserved } from '../graph/merge-observed.js';
import type { DataflowGraph } from '../graph/types.js';
import { UsageError } from '../model/errors.js';
import {
  type ObservedBatch,
  type ObserveInput,
  type ObserveOptions,
  observeInputs,
} from '../observe/index.js';
import { readMap } from '../store/map-file.js';
import { localJoin } from '../util/paths.js';
import type { Io } from './io.js';

/** Files under a directory that may be traces or audit logs (format is decided by content). */
function filesUnder(dir: string, out: string[], depth = 0): void {
  if (depth > 8) return;
  for (const ent of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = localJoin(dir, ent.name);
    if (ent.isDirectory()) filesUnder(p, out, depth + 1);
    else if (ent.isFile() && !/\.(?:json|md|txt\.map)$/.test(ent.name)) out.push(p);
  }
}

export function expandObservedPaths(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (!fs.existsSync(p))
      throw new UsageError(`cannot read '${p}': no such file or directory.`, {
        hint: 'pass strace output files, audit logs, or a directory of them',
      });
    if (fs.statSync(p).isDirectory()) filesUnder(p, out);
    else out.push(p);
  }
  return out;
}

/**
 * Lines of a file, opened only when read (a stream opened early would flow before its turn). Each
 * line is decoded from the bytes on its own: a line sliced out of a decoded 64 KB chunk (what
 * readline gives) keeps the whole chunk alive for as long as any piece of it is kept, and a process
 * table of a big audit log keeps many pieces.
 */
export async function* linesOf(file: string): AsyncIterable<string> {
  const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const input: AsyncIterable<Buffer> = file.endsWith('.gz') ? raw.pipe(zlib.createGunzip()) : raw;
  let rest: Buffer | undefined;
  for await (const chunk of input) {
    const buf = rest ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
      const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
      yield buf.toString('utf8', start, end);
      start = nl + 1;
    }
    rest = start < buf.length ? Buffer.from(buf.subarray(start)) : undefined;
  }
  if (rest && rest.length > 0) yield rest.toString('utf8');
}

/** A -tt trace prints times of day only: the file's date stands for the day it was recorded. */
function dateOf(file: string): string {
  return fs.statSync(file).mtime.toISOString().slice(0, 10);
}

export async function readObserved(
  paths: string[],
  opts: ObserveOptions = {},
  label?: string,
): Promise<ObservedBatch> {
  const inputs: ObserveInput[] = expandObservedPaths(paths).map((file) => ({
    file: label ?? file,
    lines: linesOf(file),
    date: dateOf(file),
  }));
  return observeInputs(inputs, opts);
}

/** The map to merge into: the file if it exists, else a new, empty map. */
export function loadOrCreateMap(file: string): DataflowGraph {
  if (fs.existsSync(file)) return readMap(file);
  return createGraph({ tool: 'dfmap', scannedAt: new Date().toISOString(), warnings: [] });
}

export function mergeBatch(g: DataflowGraph, batch: ObservedBatch): MergeObservedSummary {
  const summary = mergeObserved(g, batch.runs);
  const warnings = g.getAttribute('warnings') ?? [];
  g.setAttribute('warnings', [...warnings, ...batch.diagnostics]);
  return summary;
}

export function printMergeSummary(
  io: Io,
  batch: ObservedBatch,
  s: MergeObservedSummary,
  print: (t: string) => void = io.err,
): void {
  print(
    `observed: ${s.runs} runs of ${batch.runs.length} commands (${batch.stats.lines} lines, ${batch.stats.events} events, ${batch.stats.noise} machinery accesses ignored); ${s.confirmed} facts confirmed static edges, ${s.added} new edges (observed only), ${s.missing} missing inputs`,
  );
  if (s.unmatchedCommands.length > 0)
    print(
      `  ${s.unmatchedCommands.length} commands match no job of the map (kept as observed jobs): ${s.unmatchedCommands
        .slice(0, 3)
        .map((c) => JSON.stringify(c.slice(0, 60)))
        .join(', ')}`,
    );
  for (const d of batch.diagnostics.slice(0, 10))
    print(
      `  ${d.severity} ${d.location ? `${d.location.file}${d.location.line ? `:${d.location.line}` : ''}: ` : ''}${d.message}`,
    );
}
