/** `dfmap communities`: the subsystems of the map, and the edges between them. */
import type { Command } from 'commander';
import type { CommunitiesResult } from '../../analyses/communities.js';
import { NODE_KINDS } from '../../model/kinds.js';
import { colors, type Io, printJson } from '../io.js';
import {
  addMapOptions,
  addWithLogsOption,
  loadDataIndex,
  type MapFlags,
  parseCount,
  parsePositive,
} from '../map-input.js';
import { createProgress } from '../progress.js';
import { formatCounts, formatEvidence, formatNode } from '../render/format.js';
import { renderTable } from '../render/table.js';
import type { CliContext, CommandModule } from './types.js';

interface CommunitiesFlags extends MapFlags {
  resolution?: string;
  seed?: string;
  interfaces?: string;
}

export const communitiesCommand: CommandModule = {
  name: 'communities',
  register(program: Command, ctx: CliContext) {
    const cmd = program
      .command('communities')
      .description(
        'subsystems of the map (Louvain, repeatable), each with its members and the edges to the others',
      )
      .option('--resolution <r>', 'above 1: more, smaller subsystems; below 1: fewer, larger', '1')
      .option('--seed <n>', 'random seed (the same seed gives the same answer)', '42')
      .option('--interfaces <n>', 'show at most N crossing edges per subsystem', '5');
    addWithLogsOption(addMapOptions(cmd))
      .addHelpText('after', '\nExample:\n  dfmap communities --resolution 1.5')
      .action((flags: CommunitiesFlags) => runCommunities(ctx.io, flags));
  },
};

async function runCommunities(io: Io, flags: CommunitiesFlags): Promise<void> {
  // loaded here, not at startup: graphology and Louvain are only needed by this command
  const { communities } = await import('../../analyses/communities.js');
  const resolution = parsePositive(flags.resolution, '--resolution') ?? 1;
  const seed = parseCount(flags.seed, '--seed') ?? 42;
  const shown = parseCount(flags.interfaces, '--interfaces') ?? 5;
  const index = await loadDataIndex(io, flags);
  const progress = createProgress(
    index.order > 20_000 ? io : { ...io, interactive: false },
    'finding subsystems',
  );
  progress.update(0, 1, `Louvain on ${index.order} nodes`);
  const r = communities(index, { resolution, seed });
  progress.done();
  if (flags.json) printJson(io, r);
  else printCommunities(io, r, shown);
}

export function printCommunities(io: Io, r: CommunitiesResult, shown: number): void {
  const c = colors(io);
  io.out(
    `${c.bold(`${r.communities.length} subsystems`)}, modularity ${r.modularity.toFixed(3)} ${c.dim(`(Louvain, resolution ${r.resolution}, seed ${r.seed})`)}`,
  );
  const names = r.communities.map((x) => x.name);
  const labels = new Map<string, string>();
  for (const s of r.communities)
    for (const list of Object.values(s.members)) for (const n of list) labels.set(n.id, n.label);
  const short = (id: string) => labels.get(id) ?? id;
  for (const s of r.communities) {
    io.out('');
    const kinds = formatCounts(NODE_KINDS.map((k) => [k, s.members[k]?.length ?? 0]));
    io.out(
      `${c.bold(`#${s.id} ${s.name}`)}  ${s.size} nodes: ${kinds} ${c.dim(`modularity +${s.modularity.toFixed(3)}`)}`,
    );
    io.out(`  centre: ${formatNode(c, s.center)}`);
    for (const k of ['job', 'script', 'table', 'file', 'endpoint', 'database'] as const) {
      const list = s.members[k];
      if (!list) continue;
      const labels = list.map((n) => n.label);
      io.out(
        `  ${k}s: ${labels.slice(0, 8).join(', ')}${labels.length > 8 ? c.dim(` ... +${labels.length - 8}`) : ''}`,
      );
    }
    if (s.interfaces.length > 0) {
      io.out(
        `  ${s.interfaces.length} interface edge${s.interfaces.length === 1 ? '' : 's'} to other subsystems:`,
      );
      const rows = s.interfaces
        .slice(0, shown)
        .map((e) => [
          `${short(e.source)} ─${e.kind}→ ${short(e.target)}`,
          c.dim(`#${e.other} ${names[e.other] ?? ''}`),
          c.dim(formatEvidence(e.evidence)),
        ]);
      for (const l of renderTable(rows, { indent: 4 })) io.out(l);
      if (s.interfaces.length > shown)
        io.out(c.dim(`    ... and ${s.interfaces.length - shown} more (--interfaces N, or --json)`));
    }
  }
}
