/** `dfmap status`: the health of every node of the map at a time T, worst first. */
import type { Command } from 'commander';
import { assessHealth, formatDay, isUnhealthy, type NodeHealth, statusRank } from '../../health/index.js';
import { addHealthOptions, HEALTH_HELP, type HealthFlags, loadHealthInputs } from '../health-input.js';
import { colors, EXIT_FINDINGS, printJson } from '../io.js';
import { announceMap } from '../map-header.js';
import {
  atText,
  checkedLine,
  copyAdvice,
  countLine,
  healthJson,
  paintStatus,
  printWarnings,
} from '../render/health.js';
import { renderTable } from '../render/table.js';
import type { CliContext, CommandModule } from './types.js';

/** `FAILING since Nov 24: ...` -> the part after the status word, which the STATUS column already says. */
function detailOf(h: NodeHealth): { note: string; detail: string } {
  const m = /^([A-Z]{3,})((?: \([^)]*\))?)(?: since [^:]+)?: (.*)$/s.exec(h.summary);
  return m ? { note: m[2]!.trim(), detail: m[3]! } : { note: '', detail: h.summary };
}

function sinceText(h: NodeHealth, now: number, format: (ms: number, now: number) => string): string {
  return h.since ? format(Date.parse(h.since), now) : '';
}

function sortHealth(nodes: Iterable<NodeHealth>): NodeHealth[] {
  return [...nodes].sort(
    (a, b) => statusRank(b.status) - statusRank(a.status) || a.label.localeCompare(b.label),
  );
}

async function runStatus(ctx: CliContext, flags: HealthFlags & { all?: boolean }): Promise<void> {
  const { io } = ctx;
  const { index, opts } = loadHealthInputs(io, flags);
  announceMap(io, index, { json: flags.json, root: opts.root });
  const report = await assessHealth(index, opts);
  const all = sortHealth(report.nodes.values());
  if (all.some((h) => isUnhealthy(h.status))) ctx.setExit(EXIT_FINDINGS);
  if (flags.json) {
    printJson(io, healthJson(report, all));
    return;
  }
  const c = colors(io);
  const when = (ms: number, now: number) => formatDay(ms, now, report.timeZone);
  const host = index.meta.host;
  io.out(
    `${c.bold(`dfmap status${host ? ` of ${host}` : ''}`)} at ${atText(report)}: ${all.length} nodes, ${countLine(all)}`,
  );
  const shown = flags.all ? all : all.filter((h) => isUnhealthy(h.status));
  if (shown.length === 0) io.out(c.green('\nnothing stale, failing, missing or down.'));
  else {
    const rows = shown.map((h) => {
      const { note, detail } = detailOf(h);
      return [
        paintStatus(c, h.status, `${h.status}${note ? ` ${note}` : ''}`),
        h.label,
        c.dim(h.kind),
        sinceText(h, Date.parse(report.now), when),
        detail,
      ];
    });
    io.out('');
    for (const line of renderTable(rows, {
      header: ['STATUS', 'NODE', 'KIND', 'SINCE', 'DETAIL'],
      paintHeader: c.dim,
    }))
      io.out(line);
  }
  for (const w of report.weaknesses) io.out(`\n${c.yellow('weakness:')} ${w.text}`);
  io.out(c.dim(`\n${checkedLine(report)}`));
  const advice = copyAdvice(report);
  if (advice) io.out(c.yellow(advice));
  if (!flags.all && all.length > shown.length)
    io.out(c.dim(`${all.length - shown.length} healthy or not judged nodes hidden (--all shows them)`));
  printWarnings(io, c, report);
}

export const statusCommand: CommandModule = {
  name: 'status',
  register(program: Command, ctx: CliContext) {
    const cmd = program
      .command('status')
      .description(
        'the health of every node at a time: what is stale, failing, missing or down, worst first',
      );
    addHealthOptions(cmd)
      .option('--all', 'list healthy and not-judged nodes too')
      .addHelpText(
        'after',
        `${HEALTH_HELP}\n\nExit code 1 when something is unhealthy.\n\nExamples:\n  dfmap status --root /mnt/etl01\n  dfmap status --at 2026-11-26T09:00 --json`,
      )
      .action(async (flags: HealthFlags & { all?: boolean }) => runStatus(ctx, flags));
  },
};
