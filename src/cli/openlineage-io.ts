/**
 * The two things `dfmap export --format openlineage` does besides formatting: `--runs` reads the
 * job runs the server recorded (through health/, as `dfmap status` does), and `--url` posts each
 * event to a lineage server's `/api/v1/lineage` (Marquez and others), only when asked.
 */
import type { JobRunRecord } from '../export/types.js';
import { assessHealth } from '../health/assess.js';
import { ConfigError, UsageError } from '../model/errors.js';
import { redactUrl } from '../util/redact.js';
import { loadHealthInputs } from './health-input.js';
import type { Io } from './io.js';
import type { StatusFlags } from './status-options.js';

/** `--runs` (and `--url`) are OpenLineage's: the runs to export, or undefined without --runs. */
export async function openLineageRuns(
  io: Io,
  format: string,
  flags: StatusFlags & { runs?: boolean; url?: string },
): Promise<JobRunRecord[] | undefined> {
  if ((flags.runs || flags.url) && format !== 'openlineage')
    throw new UsageError('--runs and --url go with --format openlineage.');
  return flags.runs ? readJobRuns(io, { ...flags, status: true }) : undefined;
}

export async function readJobRuns(io: Io, flags: StatusFlags): Promise<JobRunRecord[]> {
  const { index, opts } = loadHealthInputs(io, {
    map: flags.map,
    ...(flags.root !== undefined && { root: flags.root }),
    ...(flags.now !== undefined && { now: flags.now }),
    ...(flags.tz !== undefined && { tz: flags.tz }),
    ...(flags.journal !== undefined && { journal: flags.journal }),
    probe: false,
  });
  const report = await assessHealth(index, opts);
  const runs: JobRunRecord[] = [];
  for (const [job, r] of report.jobRuns) {
    const started = r.started ?? r.latest;
    if (r.state !== 'ran' || started === undefined) continue;
    const failed = r.failure?.time;
    runs.push({
      job,
      started: new Date(started).toISOString(),
      ...(r.expected !== undefined ? { due: new Date(r.expected).toISOString() } : {}),
      ...(failed ? { ended: failed } : {}),
      outcome: r.failure ? 'FAIL' : 'COMPLETE',
    });
  }
  io.err(`dfmap: ${runs.length} job run${runs.length === 1 ? '' : 's'} found in ${opts.root}'s records`);
  return runs.sort((a, b) => (a.started < b.started ? -1 : 1));
}

/** POST each JSON line to URL/api/v1/lineage; stops at the first refusal, saying which event. */
export async function postLineage(io: Io, base: string, lines: string, timeoutMs = 10_000): Promise<number> {
  const url = `${base.replace(/\/+$/, '').replace(/\/api\/v1\/lineage$/, '')}/api/v1/lineage`;
  const shown = redactUrl(url);
  const events = lines.split('\n').filter((l) => l.trim() !== '');
  for (const [i, body] of events.entries()) {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new ConfigError(
        `${shown}: cannot post event ${i + 1} of ${events.length} (${(err as Error).message}).`,
        {
          hint: `is the lineage server running? ${i} events were posted before this one`,
          cause: err,
        },
      );
    }
    if (!res.ok) {
      const text = (await res.text().catch(() => '')).slice(0, 200);
      throw new ConfigError(
        `${shown}: event ${i + 1} of ${events.length} refused (HTTP ${res.status}${text ? `: ${text}` : ''}).`,
        {
          hint: `${i} events were posted before this one`,
        },
      );
    }
  }
  io.err(`dfmap: posted ${events.length} OpenLineage event${events.length === 1 ? '' : 's'} to ${shown}`);
  return events.length;
}
