/**
 * strace output -> SysEvents, one line at a time. An `<unfinished ...>` call waits (per pid) for its
 * `<... NAME resumed>` tail; a tail with no start, a line cut off at the end of a truncated trace, or
 * a line no strace prints becomes a warning with file:line, and reading goes on.
 */
import { type Diagnostic, warning } from '../model/diagnostic.js';
import { straceEvent } from './strace-events.js';
import { joinResumed, parseStraceLine } from './strace-line.js';
import type { At, SysEvent } from './types.js';

export interface StraceReaderOptions {
  file: string;
  /** YYYY-MM-DD for traces with time of day only (-tt), so times can be compared across files. */
  date?: string;
  maxWarnings?: number;
}

export class StraceReader {
  private pending = new Map<number, { name: string; args: string; time?: string; line: number }>();
  private lineNo = 0;
  private warned = 0;
  private firstPid: number | undefined;
  /** strace -f may print a child's first calls before its parent's clone() returns: hold them until it does. */
  private known = new Set<number>();
  private early = new Map<number, SysEvent[]>();
  private earlyCount = 0;
  readonly diagnostics: Diagnostic[] = [];
  private emit: (e: SysEvent) => void;

  constructor(
    private opts: StraceReaderOptions,
    emit: (e: SysEvent) => void,
  ) {
    this.emit = (e) => this.ordered(e, emit);
  }

  private ordered(e: SysEvent, emit: (e: SysEvent) => void): void {
    if (this.known.size === 0 || this.known.has(e.pid)) {
      this.known.add(e.pid);
      emit(e);
      if (e.type === 'fork') {
        this.known.add(e.child);
        const held = this.early.get(e.child);
        this.early.delete(e.child);
        for (const h of held ?? []) this.ordered(h, emit);
      }
      return;
    }
    const list = this.early.get(e.pid) ?? [];
    list.push(e);
    this.early.set(e.pid, list);
    // a child whose clone() never shows (attached late, or a lost line): let it through after a while
    if (++this.earlyCount > 50_000) this.release(emit);
  }

  private release(emit: (e: SysEvent) => void): void {
    const all = [...this.early.values()].flat();
    this.early.clear();
    this.earlyCount = 0;
    for (const e of all) {
      this.known.add(e.pid);
      emit(e);
    }
  }

  line(raw: string): void {
    this.lineNo++;
    // a trace without -f has no pid column: one process, whose pid we do not know
    const l = parseStraceLine(raw, this.firstPid ?? 0);
    if (l.kind === 'blank' || l.kind === 'signal') return;
    if (l.kind === 'bad') {
      this.warn(`${l.reason}: ${raw.slice(0, 80)}`);
      return;
    }
    if (this.firstPid === undefined) this.firstPid = l.pid;
    if (l.kind === 'exit') {
      this.emit({ type: 'exit', pid: l.pid, at: this.at('exit', l.time) });
      return;
    }
    if (l.kind === 'unfinished') {
      this.pending.set(l.pid, {
        name: l.name,
        args: l.args,
        line: this.lineNo,
        ...(l.time ? { time: l.time } : {}),
      });
      return;
    }
    if (l.kind === 'resumed') {
      const start = this.pending.get(l.pid);
      this.pending.delete(l.pid);
      if (!start || start.name !== l.name) {
        this.warn(`'<... ${l.name} resumed>' without its start: the call is skipped`);
        return;
      }
      const joined = joinResumed(start.args, l.rest);
      if (!joined) {
        this.warn(`'<... ${l.name} resumed>' does not complete the call: skipped`);
        return;
      }
      this.call(l.pid, l.name, joined.args, joined.ret, start.time, start.line);
      return;
    }
    this.call(l.pid, l.name, l.args, l.ret, l.time, this.lineNo);
  }

  private call(
    pid: number,
    name: string,
    args: string,
    ret: string,
    time: string | undefined,
    line: number,
  ): void {
    const e = straceEvent(pid, name, args, ret, this.at(name, time, line));
    if (e) this.emit(e);
  }

  private at(syscall: string, time: string | undefined, line = this.lineNo): At {
    const at: At = { file: this.opts.file, line, syscall };
    const iso = isoTime(time, this.opts.date);
    if (iso) at.time = iso;
    return at;
  }

  /** End of input: calls still unfinished were cut off (a killed process or a truncated file). */
  end(): void {
    this.release(this.emit);
    for (const [pid, p] of this.pending)
      this.warn(`${p.name}() of pid ${pid} never finished (trace cut off?): skipped`, p.line);
    this.pending.clear();
    const extra = this.warned - (this.opts.maxWarnings ?? 20);
    if (extra > 0)
      this.diagnostics.push(
        warning('trace-bad-line', `${extra} more unreadable lines in this trace`, { file: this.opts.file }),
      );
  }

  get lines(): number {
    return this.lineNo;
  }

  private warn(message: string, line = this.lineNo): void {
    this.warned++;
    if (this.warned > (this.opts.maxWarnings ?? 20)) return;
    this.diagnostics.push(
      warning(
        'trace-bad-line',
        message,
        { file: this.opts.file, line },
        'the rest of the trace is still read',
      ),
    );
  }
}

/** `07:05:43.640337` (-tt, with a date) or `1700000000.123456` (-ttt) -> ISO time. */
function isoTime(t: string | undefined, date: string | undefined): string | undefined {
  if (!t) return undefined;
  if (/^\d{9,}\.\d+$/.test(t)) return new Date(Number(t) * 1000).toISOString();
  if (date && /^\d\d:\d\d:\d\d/.test(t)) return `${date}T${t.slice(0, 12)}Z`;
  return undefined;
}
