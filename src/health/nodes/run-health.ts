/**
 * Jobs and scripts: did the last scheduled run happen, and did it end well? A job is judged by what
 * its scheduler recorded (cron's CMD line, the journal); a script by its job's run plus its own log.
 * "Failing" means the run due left an error, or left no trace where traces are kept.
 */
import { nodeAttributes } from '../../graph/keyed.js';
import { type HealthContext, labelOf } from '../context.js';
import type { JobPlan, ScriptPlan } from '../plan.js';
import type { JobRun } from '../runs/judge-job.js';
import type { OwnLogRun } from '../runs/own-log.js';
import { formatDay, formatWhen, quoteLine } from '../time/format.js';
import type { HealthEvidence, NodeHealth } from '../types.js';
import { rhythmOf } from './file-health.js';

const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString();

function scriptRanPerOwnLog(ctx: HealthContext, job: JobPlan): OwnLogRun | undefined {
  for (const s of job.scripts) {
    const own = ctx.ownLogs.get(s);
    if (own?.state === 'ran') return own;
  }
  return undefined;
}

export function jobHealth(ctx: HealthContext, job: JobPlan): NodeHealth {
  const run = ctx.jobRuns.get(job.key);
  const base: NodeHealth = {
    node: job.key,
    kind: 'job',
    label: job.label,
    status: 'unknown',
    summary: '',
    evidence: [],
  };
  const e = job.expectation.expected;
  if (e !== undefined) base.expected = iso(e);
  if (!run || e === undefined)
    return { ...base, summary: `not judged: ${run?.reason ?? job.expectation.reason ?? 'no schedule'}` };
  const due = formatWhen(e, ctx.now, ctx.tz);
  const by = job.unit ? 'systemd' : 'cron';
  if (run.state === 'ran') {
    return {
      ...base,
      status: 'ok',
      lastChange: iso(run.started),
      evidence: run.evidence,
      summary:
        run.evidence[0]?.source === 'mail'
          ? `${by} mailed its output ${formatWhen(run.started!, ctx.now, ctx.tz)} (due ${due})`
          : `${by} started it ${formatWhen(run.started!, ctx.now, ctx.tz)} (due ${due})`,
    };
  }
  const own = scriptRanPerOwnLog(ctx, job);
  if (own) {
    return {
      ...base,
      status: 'ok',
      lastChange: iso(own.started),
      evidence: own.last ? [own.last] : [],
      summary: `ran per its script's log${own.started ? ` at ${formatWhen(own.started, ctx.now, ctx.tz)}` : ''} (${by} logged nothing)`,
    };
  }
  if (run.state === 'no-trace') {
    const ev: HealthEvidence = {
      source: 'schedule',
      time: iso(e),
      text: `no trace of the run due ${due} in ${ctx.sources.read.filter((f) => !f.includes('/mail/')).join(', ') || 'the logs'}`,
    };
    const last = run.latest ? `; last seen ${formatWhen(run.latest, ctx.now, ctx.tz)}` : '';
    return {
      ...base,
      status: 'failing',
      since: iso(e),
      evidence: [ev, ...run.evidence],
      summary: `FAILING: did not run at ${due} (runs ${rhythmOf(ctx, job)})${last}`,
    };
  }
  return { ...base, summary: `not judged: ${run.reason ?? 'no records'}`, evidence: run.evidence };
}

/** The job whose run is due most recently decides; the others only add evidence. */
function primaryJob(sp: ScriptPlan): JobPlan | undefined {
  let best: JobPlan | undefined;
  for (const j of sp.jobs) {
    const e = j.expectation.expected;
    if (e !== undefined && (best?.expectation.expected === undefined || e > best.expectation.expected))
      best = j;
  }
  return best ?? sp.jobs[0];
}

function quote(ev: HealthEvidence): string {
  return `${ev.file ?? ev.source} "${quoteLine(ev.text)}"`;
}

/** What is known about a script's run due, gathered once for the rules below. */
interface ScriptFacts {
  ctx: HealthContext;
  base: NodeHealth;
  job?: JobPlan;
  run?: JobRun;
  own?: OwnLogRun;
  expected?: number;
  /** cron's CMD line is the start; a log's first line may come a while later. */
  started?: number;
}

type Rule = (f: ScriptFacts) => NodeHealth | undefined;

const when = (f: ScriptFacts, ms: number) => formatWhen(ms, f.ctx.now, f.ctx.tz);

/** The run due left an error: in its own log, its cron mail, or cron's exit status line. */
const failed: Rule = (f) => {
  const failure = f.own?.failure ?? f.run?.failure;
  if (!failure) return undefined;
  const since = f.own?.failure ? (f.own.since ?? f.started) : (f.run?.since ?? f.started);
  const day = since !== undefined ? ` since ${formatDay(since, f.ctx.now, f.ctx.tz)}` : '';
  return {
    ...f.base,
    status: 'failing',
    since: iso(since),
    evidence: [failure, ...(f.run?.evidence ?? [])],
    summary: `FAILING${day}: ${quote(failure)}`,
  };
};

/** cron started it, and its log, which had lines from earlier runs, has none from this one: it died early. */
const silent: Rule = (f) => {
  const { run, own } = f;
  if (run?.state !== 'ran' || own?.state !== 'no-trace' || !own.last || run.started === undefined)
    return undefined;
  return {
    ...f.base,
    status: 'failing',
    since: iso(run.started),
    evidence: [own.last, ...run.evidence],
    summary: `FAILING: cron started it ${when(f, run.started)}, but nothing in ${own.file} since; last: "${quoteLine(own.last.text)}"`,
  };
};

const ran: Rule = (f) => {
  const { run, own } = f;
  if (run?.state !== 'ran' && own?.state !== 'ran') return undefined;
  const at = f.started !== undefined ? `ran ${when(f, f.started)}` : 'ran (log written after the run due)';
  const note = own?.state === 'ran' ? 'log clean' : 'no error seen';
  const evidence = [...(run?.evidence ?? []), ...(own?.last ? [own.last] : [])];
  return { ...f.base, status: 'ok', evidence, summary: `${at}, ${note}` };
};

/** Its job left no trace of the run due: the script did not run, because of the job. */
const notStarted: Rule = (f) => {
  if (!f.job || f.run?.state !== 'no-trace' || f.expected === undefined) return undefined;
  return {
    ...f.base,
    status: 'failing',
    since: iso(f.expected),
    derivedFrom: [f.job.key],
    evidence: f.own?.last ? [f.own.last] : [],
    summary: `FAILING: did not run at ${when(f, f.expected)}: ${f.job.label} left no trace`,
  };
};

/** No scheduler records, but its own log stopped: nothing since the run due. */
const logStopped: Rule = (f) => {
  const { own } = f;
  if (own?.state !== 'no-trace' || f.expected === undefined || !own.last) return undefined;
  return {
    ...f.base,
    status: 'failing',
    since: iso(f.expected),
    evidence: [own.last],
    summary: `FAILING: no line in ${own.file} since the run due ${when(f, f.expected)}; last: "${quoteLine(own.last.text)}"`,
  };
};

const RULES: Rule[] = [failed, silent, ran, notStarted, logStopped];

export function scriptHealth(ctx: HealthContext, sp: ScriptPlan): NodeHealth {
  const base: NodeHealth = {
    node: sp.key,
    kind: 'script',
    label: labelOf(ctx.g, sp.key),
    status: 'unknown',
    summary: '',
    evidence: [],
  };
  if (nodeAttributes(ctx.g, sp.key).missing === true) {
    return {
      ...base,
      status: 'missing',
      summary: `MISSING: ${sp.path} is not under ROOT, so its job cannot run it`,
      evidence: [{ source: 'mtime', file: sp.path, text: `${sp.path}: does not exist` }],
    };
  }
  const job = primaryJob(sp);
  const run = job ? ctx.jobRuns.get(job.key) : undefined;
  const own = ctx.ownLogs.get(sp.key);
  const expected = job?.expectation.expected;
  if (expected !== undefined) base.expected = iso(expected);
  const started = run?.started ?? (own?.state === 'ran' ? own.started : undefined);
  if (started !== undefined) base.lastChange = iso(started);
  const facts: ScriptFacts = { ctx, base, job, run, own, expected, started };
  for (const rule of RULES) {
    const h = rule(facts);
    if (h) return h;
  }
  const why = !job
    ? 'no scheduled job in the map runs it'
    : (run?.reason ?? own?.reason ?? 'no records of its runs');
  return { ...base, summary: `not judged: ${why}` };
}
