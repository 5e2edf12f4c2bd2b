/**
 * The lines of a rotated log set written between `cutoff` and `now`, read newest first and only as far
 * back as needed: plain files backwards from their end, `.gz` rotations streamed, older files only when
 * the newer ones do not reach back to `cutoff`. Lines without a time of their own (a traceback under a
 * timestamped line) belong to the timed line above them.
 */
import { type Diagnostic, warning } from '../../model/diagnostic.js';
import { type LineClock, parseLogTime } from '../time/log-time.js';
import type { LogFile } from './log-set.js';
import { readLinesBackward } from './read-backward.js';
import { readGzipLines } from './read-gzip.js';

export interface TimedLine {
  /** ms since epoch; undefined only for a log with no recognisable time in its window. */
  time: number | undefined;
  text: string;
  file: string;
  line?: number;
  offset?: number;
}

export interface WindowOptions {
  cutoff: number;
  now: number;
  tz: string;
  needles?: string[];
  /** Per file, bytes read backwards at most. */
  maxBytes: number;
  /** Stop after this many lines without any time (a log that never writes one). */
  maxUntimed?: number;
}

export interface WindowResult {
  /** Oldest first. */
  lines: TimedLine[];
  /** Earliest time seen in any line read (for "do the logs reach back to the scheduled run?"). */
  oldestSeen?: number;
  /** A line older than `cutoff` was reached: the window is complete. */
  complete: boolean;
  /** That line: the newest one before the window (evidence that the log was alive before). */
  boundary?: TimedLine;
  /** The files looked at, newest first. */
  read: string[];
  diagnostics: Diagnostic[];
}

const FUTURE_SLACK = 5 * 60_000;
const QUARTER = 15 * 60_000;

/**
 * A log whose newest line is later than the file's own mtime was written in another zone than assumed
 * (a script logging UTC on a server in Europe/Berlin): shift its times by the difference.
 */
function zoneShift(newest: number, mtimeMs: number): number {
  if (newest <= mtimeMs + FUTURE_SLACK) return 0;
  return Math.round((mtimeMs - newest) / QUARTER) * QUARTER;
}

export async function readLogWindow(files: LogFile[], opts: WindowOptions): Promise<WindowResult> {
  const out: TimedLine[][] = [];
  const res: WindowResult = { lines: [], complete: false, read: [], diagnostics: [] };
  for (const f of files) {
    res.read.push(f.path);
    const clock: LineClock = { tz: opts.tz, refMs: f.mtimeMs };
    const got = f.gz ? await gzipWindow(f, clock, opts, res) : backwardWindow(f, clock, opts, res);
    out.push(got.lines);
    if (got.reachedCutoff) {
      res.complete = true;
      break;
    }
    if (!got.readAll) break;
  }
  res.lines = out.reverse().flat();
  return res;
}

interface FileWindow {
  lines: TimedLine[];
  reachedCutoff: boolean;
  readAll: boolean;
}

function noteOldest(res: WindowResult, t: number): void {
  if (res.oldestSeen === undefined || t < res.oldestSeen) res.oldestSeen = t;
}

function hasNeedle(text: string, needles: string[]): boolean {
  for (const n of needles) if (text.includes(n)) return true;
  return false;
}

/**
 * The lines of one plain file, newest first, as they are read backwards: untimed lines wait in `pending`
 * until the timed line above them says when they were written.
 */
class BackwardCollector {
  readonly kept: TimedLine[] = [];
  private pending: TimedLine[] = [];
  private shift: number | undefined;
  private untimed = 0;

  constructor(
    private readonly f: LogFile,
    private readonly clock: LineClock,
    private readonly opts: WindowOptions,
    private readonly res: WindowResult,
  ) {}

  /** Take one line; `cutoff` or `untimed` when reading should stop. */
  take(text: string, offset: number, marker: boolean): 'more' | 'cutoff' | 'untimed' {
    const { opts, f } = this;
    const wanted = !opts.needles || hasNeedle(text, opts.needles);
    const parsed = parseLogTime(text, this.clock);
    if (parsed === undefined) {
      if (!wanted || (marker && opts.needles)) return 'more';
      this.pending.push({ time: undefined, text, file: f.path, offset });
      return ++this.untimed > (opts.maxUntimed ?? 5000) ? 'untimed' : 'more';
    }
    const t = parsed + this.zoneShift(parsed);
    noteOldest(this.res, t);
    if (t < opts.cutoff) {
      this.res.boundary ??= { time: t, text, file: f.path, offset };
      return 'cutoff';
    }
    if (t <= opts.now) {
      for (const p of this.pending) this.kept.push({ ...p, time: t });
      if (wanted) this.kept.push({ time: t, text, file: f.path, offset });
    }
    this.pending = [];
    this.untimed = 0;
    return 'more';
  }

  /**
   * Lines oldest first. Untimed lines still pending sit at the top of what was read: kept, unless the
   * line above them was older than the cutoff (then they belong to that older run).
   */
  lines(atCutoff = false): TimedLine[] {
    return (atCutoff ? [...this.kept] : [...this.kept, ...this.pending]).reverse();
  }

  private zoneShift(first: number): number {
    if (this.shift === undefined) {
      this.shift = zoneShift(first, this.f.mtimeMs);
      if (this.shift !== 0) this.res.diagnostics.push(zoneWarning(this.f, this.shift));
    }
    return this.shift;
  }
}

function backwardWindow(f: LogFile, clock: LineClock, opts: WindowOptions, res: WindowResult): FileWindow {
  let it: ReturnType<typeof readLinesBackward>;
  try {
    it = readLinesBackward(f.local, { needles: opts.needles, maxBytes: opts.maxBytes });
  } catch (err) {
    res.diagnostics.push(unreadable(f, err));
    return { lines: [], reachedCutoff: false, readAll: false };
  }
  const c = new BackwardCollector(f, clock, opts, res);
  let step = it.next();
  while (!step.done) {
    const verdict = c.take(step.value.text, step.value.offset, step.value.marker);
    if (verdict !== 'more') {
      it.return(undefined as never);
      return { lines: c.lines(verdict === 'cutoff'), reachedCutoff: verdict === 'cutoff', readAll: false };
    }
    step = it.next();
  }
  const end = step.value;
  if (end.truncated) {
    res.diagnostics.push(
      warning(
        'log-read-limit',
        `${f.path}: read only the last ${Math.round(end.bytesRead / 1048576)} MiB without reaching the time needed.`,
        { file: f.path },
        'older runs in this log were not checked',
      ),
    );
  }
  return { lines: c.lines(), reachedCutoff: false, readAll: end.reachedStart };
}

async function gzipWindow(
  f: LogFile,
  clock: LineClock,
  opts: WindowOptions,
  res: WindowResult,
): Promise<FileWindow> {
  const got = await readGzipLines(f.local, { needles: opts.needles, maxBytes: opts.maxBytes * 4 });
  if (got.error) {
    res.diagnostics.push(
      warning(
        'log-gzip-damaged',
        `${f.path}: ${got.error}; used the ${got.lines.length} lines read before it.`,
        {
          file: f.path,
        },
      ),
    );
  }
  const lines: TimedLine[] = [];
  let reachedCutoff = false;
  let lastTime: number | undefined;
  let boundary: TimedLine | undefined;
  for (const l of got.lines) {
    const t = parseLogTime(l.text, clock) ?? lastTime;
    if (t === undefined) continue;
    lastTime = t;
    noteOldest(res, t);
    if (t < opts.cutoff) {
      reachedCutoff = true;
      boundary = { time: t, text: l.text, file: f.path, line: l.line };
      continue;
    }
    if (t <= opts.now) lines.push({ time: t, text: l.text, file: f.path, line: l.line });
  }
  if (boundary) res.boundary ??= boundary;
  return { lines, reachedCutoff, readAll: !got.error };
}

function unreadable(f: LogFile, err: unknown): Diagnostic {
  const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
  return warning(
    'unreadable-log',
    `${f.path}: cannot read (${code}).`,
    { file: f.path },
    'run dfmap as a user that can read the logs',
  );
}

function zoneWarning(f: LogFile, shift: number): Diagnostic {
  const h = (shift / 3_600_000).toFixed(2).replace(/\.?0+$/, '');
  return warning(
    'log-time-zone',
    `${f.path}: its newest line is later than the file's modification time; read its times shifted by ${h} h.`,
    { file: f.path },
    'the log writes times in another zone than the server (e.g. UTC); pass --tz if the server zone is wrong',
  );
}
