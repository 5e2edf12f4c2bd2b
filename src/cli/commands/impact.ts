/** `dfmap impact NODE`: the blast radius if NODE fails or goes stale, and when it will show. */
import type { Command } from 'commander';
import type { ImpactResult } from '../../analyses/impact.js';
import type { LazyList } from '../../analyses/lazy-list.js';
import { NODE_KINDS } from '../../model/kinds.js';
import { colors, type Io, printJson } from '../io.js';
import {
  addMapOptions,
  addSelectOptions,
  keysOf,
  loadShapeFor,
  type MapFlags,
  mapZone,
  parseAt,
  parseCount,
  SELECTION_HELP,
  selectArgs,
} from '../map-input.js';
import { clip, formatCounts, formatIn, formatNode, formatTime, paintKind } from '../render/format.js';
import { renderTable } from '../render/table.js';
import type { CliContext, CommandModule } from './types.js';

interface ImpactFlags extends MapFlags {
  limit?: string;
  at?: string;
  tz?: string;
  exclude?: string;
  stale?: boolean;
}

export const impactCommand: CommandModule = {
  name: 'impact',
  register(program: Command, ctx: CliContext) {
    const cmd = program
      .command('impact')
      .description(
        'the blast radius if NODE fails: every script that uses it (reading or writing) is hit at its next run, its outputs go stale downstream; when it shows',
      )
      .argument('<node...>', 'node names or a selection')
      .option(
        '--at <time>',
        "take this as now for next-run times (ISO 8601, or 'YYYY-MM-DD HH:MM' in the server's zone)",
      )
      .option(
        '--tz <zone>',
        'time zone of the schedules (default: the server’s, recorded in the map; else UTC)',
      )
      .option('--stale', 'NODE holds old data but is up: only what is downstream goes stale')
      .option('--limit <n>', 'list at most N jobs and outputs (0: all; --json always has all)', '40');
    addSelectOptions(addMapOptions(cmd))
      .addHelpText(
        'after',
        `\nExample:\n  dfmap impact mysql://db01:3306 --at '2026-03-10 12:00'\n${SELECTION_HELP}`,
      )
      .action((nodes: string[], flags: ImpactFlags) => runImpact(ctx.io, nodes, flags));
  },
};

async function runImpact(io: Io, args: string[], flags: ImpactFlags): Promise<void> {
  // loaded here, not at startup: the schedule evaluator is only this command's
  const { impact } = await import('../../analyses/impact.js');
  const limit = parseCount(flags.limit, '--limit') ?? 40;
  // impact reads edges' kinds alone: from the catalog, a hub's edges are read without their evidence
  const index = await loadShapeFor(io, flags, {
    names: args,
    ...(flags.exclude ? { exclude: flags.exclude } : {}),
    walks: [{ direction: 'downstream' }],
    invokers: true,
    // a failure also hits the scripts that write into what failed (analyses/failure.ts)
    ...(flags.stale ? {} : { failure: true }),
  });
  const tz = mapZone(index, flags.tz);
  const at = parseAt(flags.at, tz);
  const failed = keysOf(index, selectArgs(index, args, flags.exclude));
  const r = impact(index, failed, { at, tz, ...(flags.stale ? { stale: true } : {}) });
  if (flags.json) printJson(io, r);
  else printImpact(io, r, r.timeZone, limit);
}

export function printImpact(io: Io, r: ImpactResult, tz?: string, limit = 0): void {
  const c = colors(io);
  const cap = <T>(xs: LazyList<T>): T[] => (limit > 0 ? xs.slice(0, limit) : xs.slice());
  const more = (n: number) => {
    if (limit > 0 && n > limit) io.out(c.dim(`  ... and ${n - limit} more (--limit 0, or --json)`));
  };
  const now = new Date(r.at);
  const what =
    r.failed.length === 1 ? formatNode(c, r.failed[0]!, { full: true }) : `${r.failed.length} nodes`;
  const verb = r.mode === 'stale' ? 'goes stale' : 'fails';
  io.out(`${c.bold('impact')} if ${what} ${verb} ${c.dim(`(now: ${formatTime(r.at, tz)})`)}`);
  const counts = NODE_KINDS.map((k) => [k, r.affected[k]?.length ?? 0] as [string, number]);
  const total = counts.reduce((s, [, n]) => s + n, 0);
  if (total === 0) {
    io.out(c.dim('  nothing downstream: no job, script or output depends on it'));
    return;
  }
  io.out(`  affected: ${formatCounts(counts)}${r.hosts.length > 0 ? ` on ${r.hosts.join(', ')}` : ''}`);
  if (r.hit.length > 0) {
    const n = r.hit.length;
    const names = r.hit.slice(0, 12).map((h) => h.label);
    io.out(
      `  scripts that use it fail at their next run (${n}): ${names.join(', ')}${n > 12 ? c.dim(` ... and ${n - 12} more`) : ''}`,
    );
  }
  if (r.firstVisible) {
    const job = firstOf(r.jobs, (j) => j.id === r.firstVisible!.job);
    io.out(
      `  first shows: ${c.bold(formatTime(r.firstVisible.at, tz))} (${formatIn(r.firstVisible.at, now)}), when ${job ? clip(job.label, 50) : r.firstVisible.job} runs`,
    );
  }
  if (r.staleOutputs.length > 0) {
    io.out('');
    io.out(c.bold(`final outputs that go stale (${r.staleOutputs.length})`));
    const rows = cap(r.staleOutputs).map((o) => [
      formatNode(c, o),
      o.staleAt
        ? `${formatTime(o.staleAt, tz)} ${c.dim(formatIn(o.staleAt, now))}`
        : c.dim('no scheduled writer'),
    ]);
    io.out(renderTable(rows, { indent: 2 }).join('\n'));
    more(r.staleOutputs.length);
  }
  if (r.jobs.length > 0) {
    io.out('');
    io.out(c.bold(`jobs, by next run (${r.jobs.length})`));
    const rows = cap(r.jobs).map((j) => [
      j.nextRun ? formatTime(j.nextRun, tz) : c.yellow(j.note ?? 'no run'),
      j.nextRun ? c.dim(formatIn(j.nextRun, now)) : '',
      paintKind(c, 'job', j.label),
      c.dim(j.name),
    ]);
    const header = ['NEXT RUN', '', 'JOB', 'DEFINED AT'];
    io.out(renderTable(rows, { indent: 2, header, paintHeader: c.dim }).join('\n'));
    more(r.jobs.length);
  }
  printAlsoAffected(io, r);
}

/** The other affected nodes by kind (a dozen names of each), and the logs. */
function printAlsoAffected(io: Io, r: ImpactResult): void {
  const c = colors(io);
  const rest = (['script', 'table', 'file', 'endpoint', 'database', 'host', 'unknown'] as const).filter(
    (k) => r.affected[k]?.length,
  );
  if (rest.length > 0) {
    io.out('');
    io.out(c.bold('also affected'));
    const logs = new Set(r.logs.slice().map((n) => n.id));
    for (const k of rest) {
      const names: string[] = [];
      let count = 0;
      for (const n of r.affected[k]!) {
        if (logs.has(n.id)) continue;
        if (count++ < 12) names.push(n.name);
      }
      if (count === 0) continue;
      io.out(`  ${k}s: ${names.join(', ')}${count > 12 ? c.dim(` ... and ${count - 12} more`) : ''}`);
    }
  }
  if (r.logs.length > 0)
    io.out(
      c.dim(
        `  logs written by affected scripts: ${r.logs
          .slice()
          .map((n) => n.name)
          .join(', ')}`,
      ),
    );
}

/** The first item `test` accepts, made one at a time until found. */
function firstOf<T>(xs: Iterable<T>, test: (x: T) => boolean): T | undefined {
  for (const x of xs) if (test(x)) return x;
  return undefined;
}
