/**
 * Did a job's last scheduled run happen, and did the scheduler see it fail? Evidence, in order: cron's
 * CMD line for the run (and, by the same pid, its failure or output lines), cron's mail about it,
 * systemd's lines about the timer's service. The script's own log is judged in judge-script.ts.
 */

import { explainFailure, matchSignature } from '../logs/signatures.js';
import type { JobPlan } from '../plan.js';
import { runsBefore } from '../schedule.js';
import type { HealthEvidence } from '../types.js';
import {
  type CronEvent,
  type CronIndex,
  candidateEvents,
  commandMatches,
  exitStatusOf,
  indexCronEvents,
} from './cron-events.js';
import { classifyUnitMessage } from './journal.js';
import type { RunSources } from './sources.js';

export interface JobRun {
  /** `ran`: a trace of the run due at `expected`; `no-trace`: the logs cover it and show nothing. */
  state: 'ran' | 'no-trace' | 'unknown';
  expected?: number;
  /** Start of the run due at `expected` (the first start at or after it). */
  started?: number;
  /** Start of the newest run seen (may be later than `started` for frequent jobs). */
  latest?: number;
  /** The scheduler saw it fail: exit status, an error in its output or mail, systemd's failure. */
  failure?: HealthEvidence;
  /** Start of the first failed run in the current streak, as far as cron's records and mails reach. */
  since?: number;
  evidence: HealthEvidence[];
  reason?: string;
}

const indexes = new WeakMap<RunSources, CronIndex>();

function cronIndexOf(src: RunSources): CronIndex {
  let index = indexes.get(src);
  if (!index) {
    index = indexCronEvents(src.cron);
    indexes.set(src, index);
  }
  return index;
}

/** cron logs the CMD line a few seconds after the minute; a run counts from a minute before it was due. */
export const START_SLACK = 60_000;
/** How many scheduled runs back a failure streak is dated. */
const STREAK_RUNS = 14;

function cronEvidence(e: CronEvent): HealthEvidence {
  const ev: HealthEvidence = {
    source: 'syslog',
    file: e.file,
    time: new Date(e.time).toISOString(),
    text: e.raw,
  };
  if (e.line !== undefined) ev.line = e.line;
  if (e.offset !== undefined) ev.offset = e.offset;
  return ev;
}

function matchesJob(e: CronEvent, job: JobPlan): boolean {
  if (e.action === 'CMD') return commandMatches(e.text, job.matcher);
  if (e.user === 'anacron' && e.action === 'started') {
    const id = e.text.trim();
    return job.matcher.dirs.some((d) => d.endsWith(`/${id}`)) || (job.matcher.command ?? '').includes(id);
  }
  return false;
}

/** Failure lines cron wrote for the run that started with `start` (same pid, before the next run). */
function cronFailure(src: RunSources, start: CronEvent, until: number): HealthEvidence | undefined {
  const output: string[] = [];
  let status: CronEvent | undefined;
  for (const e of start.pid === undefined ? [] : (cronIndexOf(src).byPid.get(start.pid) ?? [])) {
    if (e.time < start.time || e.time > until || e === start) continue;
    const code = exitStatusOf(e);
    if (code !== undefined && code !== 0) status = e;
    if (e.action === 'CMDOUT') output.push(e.text);
  }
  const sig = explainFailure(output);
  if (sig) {
    const ev = cronEvidence(start);
    return { ...ev, text: `cron output: ${sig.text}` };
  }
  return status ? cronEvidence(status) : undefined;
}

function mailFailure(src: RunSources, job: JobPlan, from: number, until: number): HealthEvidence | undefined {
  for (const m of src.mails) {
    if (m.time < from - START_SLACK || m.time > until || !commandMatches(m.command, job.matcher)) continue;
    const sig = explainFailure(m.body);
    if (sig) {
      const ev: HealthEvidence = {
        source: 'mail',
        file: m.file,
        time: new Date(m.time).toISOString(),
        text: sig.text,
      };
      if (m.exact) ev.line = m.line;
      return ev;
    }
  }
  return undefined;
}

function judgeSystemd(job: JobPlan, src: RunSources, expected: number, now: number): JobRun {
  const unit = job.unit!;
  const base: JobRun = { state: 'unknown', expected, evidence: [] };
  let started: number | undefined;
  for (const e of src.journal) {
    if (e.time < expected - START_SLACK || e.time > now) continue;
    const ev: HealthEvidence = {
      source: 'journal',
      file: e.file,
      offset: e.offset,
      time: new Date(e.time).toISOString(),
      text: `${unit}: ${e.message}`,
    };
    if (e.unit === unit) {
      const c = classifyUnitMessage(unit, e.message);
      if (c && started === undefined) started = e.time;
      if (c === 'failed' && !base.failure) base.failure = ev;
      if (c) base.evidence.push(ev);
    } else if (e.ownUnit === unit && !base.failure) {
      const sig = matchSignature(e.message);
      if (sig && sig.kind !== 'traceback') base.failure = { ...ev, text: e.message };
    }
  }
  if (started !== undefined) return { ...base, state: 'ran', started, latest: started };
  if (src.journal.length && src.cronFrom !== undefined && src.cronFrom <= expected) {
    return { ...base, state: 'no-trace', reason: `no journal line for ${unit} since the run due` };
  }
  return {
    ...base,
    reason: src.journal.length
      ? 'the journal does not reach back to the run due'
      : 'no journal given (--journal)',
  };
}

/**
 * Walk back over the scheduled runs before the failed one while each also failed (an error mail, or
 * cron's failure line for its CMD); stop at a run that went well or that no record covers.
 */
function streakStart(job: JobPlan, src: RunSources, runs: CronEvent[], failedAt: number): number {
  let since = failedAt;
  if (!job.spec) return since;
  const scheduled = runsBefore(job.spec, job.expectation.expected!, STREAK_RUNS);
  let end = job.expectation.expected! - START_SLACK;
  for (const start of scheduled) {
    const from = start - START_SLACK;
    const cmd = runs.find((e) => e.time >= from && e.time < end);
    const failure =
      mailFailure(src, job, from + START_SLACK, end) ?? (cmd ? cronFailure(src, cmd, end) : undefined);
    if (!failure) break;
    since = cmd?.time ?? (failure.time ? Date.parse(failure.time) : start);
    end = from;
  }
  return since;
}

export function judgeJobRun(job: JobPlan, src: RunSources, now: number): JobRun {
  const expected = job.expectation.expected;
  if (expected === undefined) return { state: 'unknown', evidence: [], reason: job.expectation.reason };
  if (job.unit && src.journal.some((e) => e.unit === job.unit || e.ownUnit === job.unit)) {
    return judgeSystemd(job, src, expected, now);
  }
  const runs = candidateEvents(cronIndexOf(src), job.matcher).filter(
    (e) => e.time <= now && matchesJob(e, job),
  );
  const atExpected = runs.find((e) => e.time >= expected - START_SLACK);
  const newest = runs[runs.length - 1];
  if (atExpected) {
    const next = runs.find((e) => e.time > atExpected.time);
    const until = next?.time ?? now;
    const out: JobRun = {
      state: 'ran',
      expected,
      started: atExpected.time,
      latest: newest?.time,
      evidence: [cronEvidence(atExpected)],
    };
    // The mail carries the job's own words (the traceback); cron's exit status line only says "1".
    const failure = mailFailure(src, job, atExpected.time, until) ?? cronFailure(src, atExpected, until);
    if (failure) {
      out.failure = failure;
      out.since = streakStart(job, src, runs, atExpected.time);
    }
    return out;
  }
  // No CMD line (cron logs rotated away, or not kept), but cron mailed the run's output: it ran.
  const mailed = src.mails.find(
    (m) => m.time >= expected - START_SLACK && m.time <= now && commandMatches(m.command, job.matcher),
  );
  if (mailed) {
    const ev: HealthEvidence = {
      source: 'mail',
      file: mailed.file,
      time: new Date(mailed.time).toISOString(),
      text: `cron mail: ${mailed.command}`,
    };
    const out: JobRun = { state: 'ran', expected, started: mailed.time, latest: mailed.time, evidence: [ev] };
    const failure = mailFailure(src, job, mailed.time, now);
    if (failure) {
      out.failure = failure;
      out.since = mailed.time;
    }
    return out;
  }
  const out: JobRun = { state: 'unknown', expected, evidence: [] };
  if (newest) {
    out.latest = newest.time;
    out.evidence.push(cronEvidence(newest));
  }
  if (!src.hasCronLogs) return { ...out, reason: 'no cron log under ROOT (/var/log/syslog, /var/log/cron)' };
  if (src.cronFrom === undefined || src.cronFrom > expected) {
    return { ...out, reason: 'the cron logs under ROOT do not reach back to the run due' };
  }
  return { ...out, state: 'no-trace' };
}
