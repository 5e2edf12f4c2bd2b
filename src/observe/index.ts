/**
 * observe/: traces and audit logs -> observed runs (facts in extract/'s vocabulary). Reads lines the
 * caller streams in (cli/ opens the files), so a 1 GB log never sits in memory: what grows is one
 * fact per distinct edge and one entry per live process.
 */
import { type Diagnostic, warning } from '../model/diagnostic.js';
import { AuditReader } from './audit-reader.js';
import { StraceReader } from './strace-reader.js';
import { Tracker, type TrackerOptions } from './tracker.js';
import type { ObservedBatch, ObservedFact, ObservedRun } from './types.js';

export type { ObservedBatch, ObservedRun } from './types.js';

export type TraceFormat = 'strace' | 'audit';

/** Which reader a file needs, from its first non-blank line. */
export function detectFormat(firstLine: string): TraceFormat | undefined {
  if (/^(?:node=\S+\s+)?type=\S+\s+msg=audit\(/.test(firstLine)) return 'audit';
  if (
    /^(?:\[pid\s+\d+\]\s+|\d+\s+)?(?:[\d:.]+\s+)?(?:[a-z_][a-z0-9_]*\(|<\.\.\. |\+\+\+ |--- )/.test(firstLine)
  )
    return 'strace';
  return undefined;
}

export interface ObserveInput {
  /** The name evidence cites (the file as the user gave it). */
  file: string;
  lines: AsyncIterable<string>;
  format?: TraceFormat;
  /** YYYY-MM-DD for -tt traces (time of day only). */
  date?: string;
}

export interface ObserveOptions extends Pick<TrackerOptions, 'onlyChrooted' | 'cwd'> {
  /** The map job every run belongs to (`dfmap trace --job`). */
  job?: string;
}

/** Read every input, each with its own process table, and merge runs of the same command. */
export async function observeInputs(
  inputs: ObserveInput[],
  opts: ObserveOptions = {},
): Promise<ObservedBatch> {
  const diagnostics: Diagnostic[] = [];
  const runs: ObservedRun[] = [];
  const stats = { lines: 0, events: 0, noise: 0 };
  for (const input of inputs) {
    const r = await observeOne(input, opts);
    diagnostics.push(...r.diagnostics);
    runs.push(...r.runs);
    stats.lines += r.stats.lines;
    stats.events += r.stats.events;
    stats.noise += r.stats.noise;
  }
  return { runs: mergeRuns(runs), diagnostics, stats };
}

async function observeOne(input: ObserveInput, opts: ObserveOptions): Promise<ObservedBatch> {
  let reader: StraceReader | AuditReader | undefined;
  let tracker: Tracker | undefined;
  const diagnostics: Diagnostic[] = [];
  // the format is decided by the first line that is one; lines before it are read as that format too
  const head: string[] = [];
  for await (const line of input.lines) {
    if (reader) {
      reader.line(line);
      continue;
    }
    head.push(line);
    const format = line.trim() === '' ? undefined : (input.format ?? detectFormat(line));
    if (!format) {
      if (head.length < 50) continue;
      break;
    }
    tracker = new Tracker(format === 'audit' ? { rootsFromUnknownParents: true } : { ...opts });
    const t = tracker;
    const emit = (e: Parameters<Tracker['consume']>[0]) => t.consume(e);
    reader =
      format === 'audit'
        ? new AuditReader(input.file, emit)
        : new StraceReader({ file: input.file, ...(input.date ? { date: input.date } : {}) }, emit);
    for (const h of head) reader.line(h);
  }
  if (!reader && head.some((l) => l.trim() !== '')) {
    diagnostics.push(
      warning(
        'observe-unknown-format',
        'neither strace output nor an audit log: skipped',
        { file: input.file, line: 1 },
        'record with `strace -f -ttt -e trace=%file,%process,%network -o FILE CMD`, or pass /var/log/audit/audit.log',
      ),
    );
  }
  if (!reader || !tracker) return { runs: [], diagnostics, stats: { lines: 0, events: 0, noise: 0 } };
  reader.end();
  diagnostics.push(...reader.diagnostics);
  return {
    runs: tracker.finish(opts.job),
    diagnostics,
    stats: { lines: reader.lines, events: tracker.events, noise: tracker.noise },
  };
}

/** Runs of the same command (and job) from several inputs become one, their facts summed. */
export function mergeRuns(runs: ObservedRun[]): ObservedRun[] {
  const byKey = new Map<string, ObservedRun>();
  for (const r of runs) {
    const key = `${r.job ?? ''}\u0000${r.command}`;
    const cur = byKey.get(key);
    if (!cur) {
      byKey.set(key, {
        ...r,
        facts: r.facts.map((f) => ({ ...f })),
        scripts: [...r.scripts],
        sources: [...r.sources],
      });
      continue;
    }
    cur.runs += r.runs;
    cur.scripts = [...new Set([...cur.scripts, ...r.scripts])].sort();
    cur.sources = [...new Set([...cur.sources, ...r.sources])].sort();
    if (r.firstSeen && (!cur.firstSeen || r.firstSeen < cur.firstSeen)) cur.firstSeen = r.firstSeen;
    if (r.lastSeen && (!cur.lastSeen || r.lastSeen > cur.lastSeen)) cur.lastSeen = r.lastSeen;
    const facts = new Map(cur.facts.map((f) => [factKey(f), f]));
    for (const f of r.facts) {
      const have = facts.get(factKey(f));
      if (!have) facts.set(factKey(f), { ...f });
      else {
        have.count += f.count;
        if (f.lastSeen && (!have.lastSeen || f.lastSeen > have.lastSeen)) have.lastSeen = f.lastSeen;
        if (f.firstSeen && (!have.firstSeen || f.firstSeen < have.firstSeen)) have.firstSeen = f.firstSeen;
      }
    }
    cur.facts = [...facts.values()];
  }
  return [...byKey.values()];
}

const factKey = (f: ObservedFact): string =>
  `${f.from.key}\u0000${f.to.key}\u0000${f.kind}\u0000${f.missing ? 1 : 0}`;
