/**
 * A script's own log (the file it, or its job's `>> x.log 2>&1`, writes): the lines of each scheduled
 * run, newest first, and whether they carry an error signature. Lines are grouped by the schedule:
 * everything written between one scheduled run and the next is that run's. A log without any
 * timestamps is judged by its mtime and its last lines.
 */

import type { Diagnostic } from '../../model/diagnostic.js';
import { ServerFs } from '../../util/server-fs.js';
import { statNode } from '../glob.js';
import { type LogFile, listLogSet } from '../logs/log-set.js';
import { readLogWindow, type TimedLine, type WindowResult } from '../logs/read-window.js';
import { type ErrorSignature, explainFailure } from '../logs/signatures.js';
import type { HealthEvidence } from '../types.js';
import { START_SLACK } from './judge-job.js';

export interface OwnLogRun {
  file: string;
  state: 'ran' | 'no-trace' | 'unknown';
  /** First line of the run due (ms); undefined for logs without timestamps. */
  started?: number;
  failure?: HealthEvidence;
  signature?: ErrorSignature;
  /** The last line of the run, as evidence that it ran (and how it ended). */
  last?: HealthEvidence;
  /** Start of the first run in the current streak of failed runs. */
  since?: number;
  /** Every run read failed: reading further back could move `since`. */
  streakOpen?: boolean;
  reason?: string;
  diagnostics: Diagnostic[];
}

const UNTIMED_TAIL = 30;

/** Evidence for a log line; a line read backwards has an offset, numbered later in one pass (evidence-lines.ts). */
function evidenceOf(l: TimedLine, _files: LogFile[], text = l.text.trim()): HealthEvidence {
  const ev: HealthEvidence = { source: 'log', file: l.file, text: text.slice(0, 300) };
  if (l.time !== undefined) ev.time = new Date(l.time).toISOString();
  if (l.line !== undefined) ev.line = l.line;
  else if (l.offset !== undefined) ev.offset = l.offset;
  return ev;
}

export interface OwnLogQuery {
  /** The log as the map names it (may hold `*`). */
  path: string;
  /** Scheduled runs, newest first: runs[0] is the run due. */
  runs: number[];
  now: number;
  /**
   * For a log several scripts write (a shared `>> cron.log`): is a line written at `t` this script's?
   * True when its scheduled run is the latest of all the writers' before `t`.
   */
  owns?: Ownership;
  /** The script's own path: in a shared log without times, a traceback naming it is its own. */
  scriptPath?: string;
}

/** For a log several scripts write: which of its lines are this script's, decided once per log. */
export interface Ownership {
  /** The window's lines that are this script's. */
  lines: TimedLine[];
  /** Was the log's last write (its mtime) this script's? (for logs without times) */
  lastWrite: boolean;
  /** Is the newest line before the window this script's? */
  boundary: boolean;
}

/** A log read once, back to the earliest run any of its writers needs. */
export interface ReadLog {
  /** Server path of the newest file (a pattern resolved). */
  path?: string;
  files: LogFile[];
  window?: WindowResult;
}

/** Find and read a log (and its rotations) back to `cutoff`. */
export async function readOwnLog(
  dirs: Map<string, string[]>,
  root: string,
  logPath: string,
  cutoff: number,
  now: number,
  tz: string,
  maxBytes: number,
): Promise<ReadLog> {
  const path = logPath.includes('*') ? statNode(new ServerFs(root), logPath)?.path : logPath;
  const files = path ? listLogSet(root, path, dirs) : [];
  if (files.length === 0) return { files };
  const window = await readLogWindow(files, { cutoff, now, tz, maxBytes, maxUntimed: 2000 });
  return { path, files, window };
}

export function judgeOwnLog(q: OwnLogQuery, log: ReadLog): OwnLogRun {
  const out: OwnLogRun = { file: log.path ?? q.path, state: 'unknown', diagnostics: [] };
  const due = q.runs[0];
  const w = log.window;
  if (!w || due === undefined) return { ...out, reason: `${q.path}: no such log under ROOT` };
  if (w.lines.length > 0 && w.lines.every((l) => l.time === undefined))
    return judgeUntimed(q, out, log.files, w, due);
  return judgeTimed(q, out, log.files, w);
}

/**
 * Lines grouped by scheduled run, newest run first: a line belongs to the last run that started (a
 * minute of slack) at or before it. One pass over the lines, a binary search each.
 */
function byRun(lines: TimedLine[], runs: number[], now: number): TimedLine[][] {
  const windows: TimedLine[][] = runs.map(() => []);
  for (const l of lines) {
    if (l.time === undefined || l.time > now) continue;
    // runs are newest first: find the first run with start - slack <= time
    let lo = 0;
    let hi = runs.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (runs[mid]! - START_SLACK <= l.time) {
        found = mid;
        hi = mid - 1;
      } else lo = mid + 1;
    }
    if (found >= 0) windows[found]!.push(l);
  }
  return windows;
}

function judgeUntimed(
  q: OwnLogQuery,
  out: OwnLogRun,
  files: LogFile[],
  w: WindowResult,
  due: number,
): OwnLogRun {
  if (q.owns) {
    // A shared log without times: a traceback naming this script is its own; otherwise the tail
    // belongs to whoever ran last before the log was written.
    const named = q.scriptPath ? namedFailure(out, files, w.lines, due, q.scriptPath) : undefined;
    if (named) return named;
    if (!q.owns.lastWrite) return { ...out, reason: `${files[0]!.path}: last written by another script` };
  }
  return untimed(out, files, w.lines, due);
}

/** Lines grouped by scheduled run (newest first); the run due is the first group. */
function judgeTimed(q: OwnLogQuery, out: OwnLogRun, files: LogFile[], w: WindowResult): OwnLogRun {
  const mine = q.owns ? q.owns.lines : w.lines;
  const windows = byRun(mine, q.runs, q.now);
  const run = windows[0]!;
  if (run.length === 0) {
    const b = w.boundary;
    const bMine = b && (!q.owns || q.owns.boundary);
    const lastLine = mine[mine.length - 1] ?? (bMine ? b : undefined);
    return { ...out, state: 'no-trace', ...(lastLine ? { last: evidenceOf(lastLine, files) } : {}) };
  }
  const ran: OwnLogRun = {
    ...out,
    state: 'ran',
    started: run[0]!.time,
    last: evidenceOf(run[run.length - 1]!, files),
  };
  const sig = explainFailure(run.map((l) => l.text));
  if (!sig) return ran;
  const at = run.find((l) => l.text.trim() === sig.text) ?? run[run.length - 1]!;
  let since = ran.started;
  let streakOpen = true;
  for (const win of windows.slice(1)) {
    if (win.length === 0 || !explainFailure(win.map((l) => l.text))) {
      streakOpen = false;
      break;
    }
    since = win[0]!.time;
  }
  return { ...ran, signature: sig, failure: evidenceOf(at, files, sig.text), since, streakOpen };
}

function untimed(out: OwnLogRun, files: LogFile[], lines: TimedLine[], due: number): OwnLogRun {
  const newest = files[0]!;
  if (newest.mtimeMs < due - START_SLACK) {
    out.state = 'no-trace';
    out.reason = `${newest.path}: last written ${new Date(newest.mtimeMs).toISOString()}, before the run due`;
    return out;
  }
  const tail = lines.filter((l) => l.file === newest.path).slice(-UNTIMED_TAIL);
  out.state = 'ran';
  out.reason = 'the log has no timestamps: judged by its mtime and its last lines';
  const last = tail[tail.length - 1];
  if (last) out.last = evidenceOf(last, files);
  const sig = explainFailure(tail.map((l) => l.text));
  if (sig) {
    out.signature = sig;
    out.failure = evidenceOf(tail.find((l) => l.text.trim() === sig.text) ?? last!, files, sig.text);
  }
  return out;
}

/** How far back in a shared untimed log a traceback naming the script is looked for. */
const NAMED_TAIL = 300;

/**
 * In a shared log without times, the newest error block that names the script: a Python traceback with
 * a `File "/opt/x/3.py"` frame, or a shell error `/opt/x/run.sh: line 12: ...`. Only when the log was
 * written since the run due.
 */
function namedFailure(
  out: OwnLogRun,
  files: LogFile[],
  lines: TimedLine[],
  due: number,
  script: string,
): OwnLogRun | undefined {
  const newest = files[0]!;
  if (newest.mtimeMs < due - START_SLACK) return undefined;
  const tail = lines.filter((l) => l.file === newest.path).slice(-NAMED_TAIL);
  const frame = `File "${script}"`;
  for (let i = tail.length - 1; i >= 0; i--) {
    const text = tail[i]!.text;
    if (!text.includes(frame) && !text.startsWith(`${script}:`)) continue;
    let start = i;
    while (start > 0 && !/^Traceback \(most recent call last\):/.test(tail[start]!.text) && i - start < 50)
      start--;
    let end = i;
    while (end + 1 < tail.length && /^\s/.test(tail[end + 1]!.text)) end++;
    if (end + 1 < tail.length && end + 1 - i < 50) end++;
    const block = tail.slice(start, end + 1);
    const sig = explainFailure(block.map((l) => l.text));
    if (!sig) return undefined;
    const at = block.find((l) => l.text.trim() === sig.text) ?? block[block.length - 1]!;
    return {
      ...out,
      state: 'ran',
      signature: sig,
      failure: evidenceOf(at, files, sig.text),
      last: evidenceOf(at, files),
      reason: `${newest.path} has no timestamps: the newest error naming ${script}, written since the run due`,
    };
  }
  return undefined;
}
