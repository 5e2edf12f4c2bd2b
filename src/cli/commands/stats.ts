/** `dfmap stats`: counts, components, cycles, the longest data-flow path, degrees and hubs. */
import type { Command } from 'commander';
import { type MapStats, mapStats } from '../../analyses/stats.js';
import { colors, type Io, printJson } from '../io.js';
import { addMapOptions, addWithLogsOption, loadDataIndex, type MapFlags, parseCount } from '../map-input.js';
import { createProgress } from '../progress.js';
import { formatCounts, formatNode } from '../render/format.js';
import { renderTable } from '../render/table.js';
import type { CliContext, CommandModule } from './types.js';

interface StatsFlags extends MapFlags {
  top?: string;
}

export const statsCommand: CommandModule = {
  name: 'stats',
  register(program: Command, ctx: CliContext) {
    const cmd = program
      .command('stats')
      .description(
        'counts by kind, components, cycles, the longest data-flow path, degree distribution, hubs',
      )
      .option('--top <n>', 'how many hubs to list', '10');
    addWithLogsOption(addMapOptions(cmd)).action((flags: StatsFlags) => runStats(ctx.io, flags));
  },
};

async function runStats(io: Io, flags: StatsFlags): Promise<void> {
  const top = parseCount(flags.top, '--top') ?? 10;
  const index = await loadDataIndex(io, flags);
  const progress = createProgress(index.order > 20_000 ? io : { ...io, interactive: false }, 'counting');
  progress.update(0, 1, `${index.order} nodes`);
  const s = mapStats(index, { top });
  progress.done();
  if (flags.json) printJson(io, s);
  else printStats(io, s);
}

export function printStats(io: Io, s: MapStats): void {
  const c = colors(io);
  io.out(
    `${c.bold(`${s.nodes} nodes`)}: ${formatCounts(Object.entries(s.nodesByKind).sort((a, b) => b[1] - a[1]))}`,
  );
  io.out(
    `${c.bold(`${s.edges} edges`)}: ${Object.entries(s.edgesByKind)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')}`,
  );
  io.out(
    `  confidence: ${Object.entries(s.edgesByConfidence)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')}`,
  );
  io.out(
    `${c.bold('components')}: ${s.components.count} (largest ${s.components.largest.join(', ')}${s.components.isolated ? `; ${s.components.isolated} isolated nodes` : ''})`,
  );
  io.out(`${c.bold('cycles')}: ${s.cycles.count}${s.cycles.count ? ` (${s.cycles.nodes} nodes)` : ''}`);
  io.out(`${c.bold('longest data-flow path')}: ${s.longestPath.length} steps`);
  if (s.longestPath.nodes.length > 0)
    io.out(`  ${c.dim(s.longestPath.nodes.map((n) => n.label).join(' → '))}`);
  io.out(
    `${c.bold('degree')}: mean ${s.degree.mean.toFixed(2)}, max in ${s.degree.maxIn}, max out ${s.degree.maxOut}; distribution ${Object.entries(
      s.degreeDistribution,
    )
      .map(([k, n]) => `${k}:${n}`)
      .join(' ')}`,
  );
  io.out(c.bold('hubs'));
  const rows = s.hubs.map((h) => [String(h.in + h.out), `${h.in} in`, `${h.out} out`, formatNode(c, h)]);
  for (const l of renderTable(rows, { indent: 2, right: [0, 1, 2] })) io.out(l);
  io.out(
    `${c.bold('where data gathers')} ${c.dim('(PageRank)')}: ${s.pagerank.map((p) => `${p.label} ${p.rank.toFixed(3)}`).join(', ')}`,
  );
}
