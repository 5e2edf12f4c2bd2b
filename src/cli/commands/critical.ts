/** `dfmap critical`: the nodes whose failure hurts most, each score explained in one line. */
import type { Command } from 'commander';
import type { CriticalResult } from '../../analyses/critical.js';
import { colors, type Io, printJson } from '../io.js';
import { addMapOptions, addWithLogsOption, loadDataIndex, type MapFlags, parseCount } from '../map-input.js';
import { createProgress } from '../progress.js';
import { formatNode } from '../render/format.js';
import { renderTable } from '../render/table.js';
import type { CliContext, CommandModule } from './types.js';

interface CriticalFlags extends MapFlags {
  top?: string;
}

export const criticalCommand: CommandModule = {
  name: 'critical',
  register(program: Command, ctx: CliContext) {
    const cmd = program
      .command('critical')
      .description(
        'rank nodes by criticality: downstream impact, single points of failure, betweenness, articulation',
      )
      .option('--top <n>', 'how many to show', '10');
    addWithLogsOption(addMapOptions(cmd))
      .addHelpText(
        'after',
        `
score = 0.4 impact (final outputs and jobs downstream) + 0.25 single point of failure (final
outputs every data path to passes through it: dominators) + 0.25 betweenness + 0.1 articulation
(how much of the undirected map it cuts off), each relative to the map's largest.
Betweenness is exact on small maps and sampled with a fixed seed on large ones; the output says which.`,
      )
      .action((flags: CriticalFlags) => runCritical(ctx.io, flags));
  },
};

async function runCritical(io: Io, flags: CriticalFlags): Promise<void> {
  const { critical } = await import('../../analyses/critical.js');
  const top = parseCount(flags.top, '--top') ?? 10;
  const index = await loadDataIndex(io, flags);
  const progress = createProgress(index.order > 20_000 ? io : { ...io, interactive: false }, 'ranking');
  const r = critical(index, { top, onProgress: (stage, d, t) => progress.update(d, t, stage) });
  progress.done();
  if (flags.json) printJson(io, r);
  else printCritical(io, r);
}

export function printCritical(io: Io, r: CriticalResult): void {
  const c = colors(io);
  const btw =
    r.betweenness.method === 'exact'
      ? 'exact betweenness'
      : `betweenness sampled from ${r.betweenness.sources} sources`;
  io.out(
    `${c.bold('critical nodes')} ${c.dim(`(${r.outputs} final outputs, ${r.jobs} jobs; ${btw}; ${r.articulationPoints} articulation points, ${r.bridges.length} bridges${r.impactExact ? '' : '; impact estimated'})`)}`,
  );
  if (r.nodes.length === 0) {
    io.out(c.dim('  nothing stands out: no node feeds outputs or jobs'));
    return;
  }
  const rows = r.nodes.map((n, i) => [String(i + 1), n.score.toFixed(3), formatNode(c, n)]);
  const lines = renderTable(rows, {
    header: ['#', 'SCORE', 'NODE'],
    right: [0, 1],
    paintHeader: c.dim,
    indent: 2,
  });
  io.out(lines[0]!);
  r.nodes.forEach((n, i) => {
    io.out(lines[i + 1]!);
    io.out(`           ${c.dim(n.why)}`);
  });
}
