/** `dfmap ego NODE`: the neighbourhood of a node, printed or written as a map of its own. */
import type { Command } from 'commander';
import { type EgoNetwork, egoNetwork } from '../../analyses/ego.js';
import { graphOfNodes } from '../../graph/index-graph.js';
import { serializeMap, writeMap } from '../../store/map-file.js';
import { checkOutputPath } from '../../store/safe-write.js';
import { colors, type Io, printJson } from '../io.js';
import {
  addMapOptions,
  addSelectOptions,
  addWithLogsOption,
  keysOf,
  loadDataIndex,
  type MapFlags,
  parseCount,
  SELECTION_HELP,
  selectArgs,
} from '../map-input.js';
import { formatNode } from '../render/format.js';
import { renderTable } from '../render/table.js';
import type { CliContext, CommandModule } from './types.js';

interface EgoFlags extends MapFlags {
  radius?: string;
  output?: string;
  exclude?: string;
  force?: boolean;
}

export const egoCommand: CommandModule = {
  name: 'ego',
  register(program: Command, ctx: CliContext) {
    const cmd = program
      .command('ego')
      .description('the ego network of NODE: its neighbours within K steps either way, as a map of its own')
      .argument('<node...>', 'node names or a selection (the centres)')
      .option('--radius <k>', 'steps from the centre, either direction', '1')
      .option(
        '-o, --output <file>',
        'write the ego network as a map file (node-link JSON) for viewing and export',
      )
      .option('--force', 'write through a symbolic link at --output (refused otherwise)');
    addSelectOptions(addWithLogsOption(addMapOptions(cmd)))
      .addHelpText(
        'after',
        `\nExample:\n  dfmap ego 5.py --radius 2 --output 5py-ego.json\n${SELECTION_HELP}`,
      )
      .action((nodes: string[], flags: EgoFlags) => runEgo(ctx.io, nodes, flags));
  },
};

async function runEgo(io: Io, args: string[], flags: EgoFlags): Promise<void> {
  const radius = parseCount(flags.radius, '--radius') ?? 1;
  if (flags.output && flags.output !== '-') checkOutputPath(flags.output, { force: flags.force ?? false });
  const index = await loadDataIndex(io, flags, {
    names: args,
    ...(flags.exclude ? { exclude: flags.exclude } : {}),
    walks: [{ direction: 'both', depth: radius }],
  });
  const centers = keysOf(index, selectArgs(index, args, flags.exclude));
  const ego = egoNetwork(index, centers, { radius });
  const nodes = ego.nodes.map((n) => index.indexOf(n.id));
  if (flags.output === '-') {
    // `-o -`: the ego map itself is the answer on stdout
    io.out(serializeMap(graphOfNodes(index, nodes, { ego: { centers, radius } })).trimEnd());
    return;
  }
  if (flags.output) {
    writeMap(graphOfNodes(index, nodes, { ego: { centers, radius } }), flags.output, {
      force: flags.force ?? false,
    });
  }
  if (flags.json) printJson(io, { ...ego, ...(flags.output ? { output: flags.output } : {}) });
  else printEgo(io, ego, flags.output);
}

export function printEgo(io: Io, ego: EgoNetwork, output?: string): void {
  const c = colors(io);
  const centre = ego.centers.length === 1 ? formatNode(c, ego.centers[0]!) : `${ego.centers.length} nodes`;
  io.out(
    `${c.bold('ego network')} of ${centre}, radius ${ego.radius}: ${ego.nodes.length} nodes, ${ego.edges.length} edges`,
  );
  const rows = ego.nodes.filter((n) => n.distance > 0).map((n) => [String(n.distance), formatNode(c, n)]);
  for (const l of renderTable(rows, { indent: 2, header: ['STEPS', 'NODE'], paintHeader: c.dim, right: [0] }))
    io.out(l);
  if (output) io.out(`map written to ${output}`);
}
