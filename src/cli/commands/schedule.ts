/**
 * `dfmap schedule [NODE...]` (alias `jobs`): every job with its schedule in words, its next and
 * last runs in the server's zone, like `systemctl list-timers`.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import type { JobSchedule } from '../../analyses/job-schedule.js';
import type { FlowIndex } from '../../graph/flow-index.js';
import { UsageError } from '../../model/errors.js';
import { colors, type Io, printJson } from '../io.js';
import {
  addMapOptions,
  addSelectOptions,
  loadIndexFor,
  type MapFlags,
  mapZone,
  parseAt,
  SELECTION_HELP,
} from '../map-input.js';
import { formatIn, formatTime } from '../render/format.js';
import { renderTable } from '../render/table.js';
import type { CliContext, CommandModule } from './types.js';

interface ScheduleFlags extends MapFlags {
  at?: string;
  tz?: string;
  exclude?: string;
  runs?: boolean;
  root?: string;
}

export const scheduleCommand: CommandModule = {
  name: 'schedule',
  register(program: Command, ctx: CliContext) {
    const cmd = program
      .command('schedule')
      .alias('jobs')
      .description(
        "every job with its schedule in words, next and last runs in the server's zone (like systemctl list-timers)",
      )
      .argument('[node...]', 'only these jobs, or the jobs that run these scripts (a selection)')
      .option('--at <time>', "take this as now (ISO 8601, or 'YYYY-MM-DD HH:MM' in the server's zone)")
      .option(
        '--tz <zone>',
        'time zone of the schedules (default: the server’s, recorded in the map; else UTC)',
      )
      .option(
        '--runs',
        "also the last run the server recorded (cron's lines in syslog, journals, the scripts' own logs under ROOT)",
      )
      .option('--root <dir>', "with --runs: the server's files (default: the ROOT the map was scanned from)");
    addSelectOptions(addMapOptions(cmd))
      .addHelpText(
        'after',
        `\nExamples:\n  dfmap schedule --at '2026-11-26 09:00'\n  dfmap jobs host:etl01 --json\n  dfmap schedule 5.py          # the jobs that run 5.py\n${SELECTION_HELP}`,
      )
      .action((nodes: string[], flags: ScheduleFlags) => runSchedule(ctx.io, nodes, flags));
  },
};

async function runSchedule(io: Io, args: string[], flags: ScheduleFlags): Promise<void> {
  const { jobSchedule } = await import('../../analyses/job-schedule.js');
  const { selectNodes } = await import('../../analyses/select/select-nodes.js');
  const index = await loadIndexFor(io, flags);
  const tz = mapZone(index, flags.tz);
  const at = parseAt(flags.at, tz);
  // the jobs selected, or that run the scripts selected; --exclude leaves out jobs the same way
  const nodes = args.length > 0 ? selectNodes(index, args) : undefined;
  const exclude = flags.exclude ? selectNodes(index, flags.exclude) : undefined;
  const r = jobSchedule(index, { at, tz, ...(nodes ? { nodes } : {}), ...(exclude ? { exclude } : {}) });
  if ((nodes || exclude) && r.jobs.length === 0) {
    throw new UsageError(
      `'${[...args, ...(flags.exclude ? [`--exclude ${flags.exclude}`] : [])].join(' ')}' selects no jobs.`,
      {
        hint: 'name a job (as printed: `0 2 * * * 5.py`), a script it runs, or a selection such as host:etl01',
      },
    );
  }
  if (flags.runs) await addRecordedRuns(index, r, flags.root, at, tz);
  if (flags.json) printJson(io, r);
  else printSchedule(io, r);
}

/** `--runs`: the health check's judgement of each job listed, from what the server recorded. */
async function addRecordedRuns(
  index: FlowIndex,
  r: JobSchedule,
  rootFlag: string | undefined,
  at: Date,
  tz: string,
): Promise<void> {
  const root = rootFlag ?? (typeof index.meta.root === 'string' ? index.meta.root : undefined);
  if (!root || !fs.existsSync(root)) {
    throw new UsageError(
      `--runs reads the server's logs, and ${root ? `'${root}' is not there` : 'the map names no ROOT'}.`,
      { hint: 'pass --root with the directory that holds the server files (var/log/)' },
    );
  }
  const { assessHealth } = await import('../../health/index.js');
  const jobs = r.jobs.map((j) => j.id);
  const health = await assessHealth(index, { root, now: at, timeZone: tz, probe: false, nodes: jobs });
  for (const job of r.jobs) {
    const h = health.nodes.get(job.id);
    if (h)
      job.recorded = { ...(h.lastChange ? { at: h.lastChange } : {}), status: h.status, summary: h.summary };
  }
}

function printSchedule(io: Io, r: JobSchedule): void {
  const c = colors(io);
  const now = new Date(r.at);
  const tz = r.timeZone;
  // the latest run seen: by a trace, or in the server's records (--runs)
  const seenAt = (j: JobSchedule['jobs'][number]) =>
    [j.lastObserved, j.recorded?.at]
      .filter((x): x is string => x !== undefined)
      .sort()
      .pop();
  const observed = r.jobs.some((x) => x.lastObserved !== undefined || x.recorded !== undefined);
  const rows = r.jobs.map((j) => {
    const last = seenAt(j);
    const seen = last ? `${formatTime(last, tz)} ${c.dim(formatIn(last, now))}` : '-';
    return [
      j.nextRun ? formatTime(j.nextRun, tz) : c.yellow(j.note ?? '-'),
      j.nextRun ? formatIn(j.nextRun, now).replace(/^in /, '') : '-',
      j.lastRun ? formatTime(j.lastRun, tz) : '-',
      j.lastRun ? formatIn(j.lastRun, now) : '-',
      ...(observed ? [seen] : []),
      j.words ?? j.schedule ?? '-',
      j.label,
    ];
  });
  const header = ['NEXT', 'LEFT', 'LAST', 'PASSED', ...(observed ? ['LAST SEEN'] : []), 'SCHEDULE', 'JOB'];
  if (rows.length > 0) io.out(renderTable(rows, { header, paintHeader: c.dim }).join('\n'));
  io.out('');
  // why a job has no run on record, said once, not in every row
  const unseen = r.jobs.filter((j) => j.recorded && seenAt(j) === undefined);
  if (unseen.length > 0) {
    const n = unseen.length;
    io.out(c.yellow(`no recorded run for ${n} job${n === 1 ? '' : 's'}: ${unseen[0]!.recorded!.summary}`));
  }
  io.out(
    c.dim(
      `${r.jobs.length} job${r.jobs.length === 1 ? '' : 's'} listed; times in ${tz}, judged at ${formatTime(r.at, tz)}` +
        (observed
          ? '; LAST SEEN: the last run a trace saw (dfmap observe) or the server recorded (--runs)'
          : ''),
    ),
  );
}
