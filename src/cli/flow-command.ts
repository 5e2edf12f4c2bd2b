/**
 * `dfmap upstream NODE` and `dfmap downstream NODE`: one command facing either way, printing what
 * feeds NODE (or what it feeds) as a tree with evidence.
 */
import type { Command } from 'commander';
import { downstream } from '../analyses/downstream.js';
import type { FlowTree } from '../analyses/flow-tree.js';
import { upstream } from '../analyses/upstream.js';
import type { FlowIndex } from '../graph/flow-index.js';
import type { NodeKind } from '../model/kinds.js';
import type { CliContext, CommandModule } from './commands/types.js';
import { colors, type Io, printJson, writeLines } from './io.js';
import {
  addMapOptions,
  addSelectOptions,
  keysOf,
  loadIndexFor,
  type MapFlags,
  parseCount,
  parseKinds,
  SELECTION_HELP,
  selectArgs,
} from './map-input.js';
import { flowTreeItems } from './render/flow-tree.js';
import { formatCounts, formatNode } from './render/format.js';
import { forEachTreeLine } from './render/tree.js';

interface FlowFlags extends MapFlags {
  depth?: string;
  kind?: string;
  exclude?: string;
}

/** upstream and downstream are the same command facing opposite ways. */
export function flowCommand(direction: FlowTree['direction']): CommandModule {
  const what = direction === 'upstream' ? 'everything that feeds NODE' : 'everything NODE feeds';
  return {
    name: direction,
    register(program: Command, ctx: CliContext) {
      const cmd = program
        .command(direction)
        .description(`${what}, as a tree in data-flow order with the evidence of each step`)
        .argument('<node...>', 'node names or a selection')
        .option('--depth <n>', 'follow at most N steps')
        .option('--kind <kinds>', 'show only these kinds (comma-separated: table,file)');
      addSelectOptions(addMapOptions(cmd))
        .addHelpText(
          'after',
          `\nExample:\n  dfmap ${direction} combined_export.json --depth 3\n${SELECTION_HELP}`,
        )
        .action((nodes: string[], flags: FlowFlags) => runFlow(ctx.io, direction, nodes, flags));
    },
  };
}

async function runFlow(
  io: Io,
  direction: FlowTree['direction'],
  args: string[],
  flags: FlowFlags,
): Promise<void> {
  const depth = parseCount(flags.depth, '--depth');
  const kinds = parseKinds(flags.kind);
  const index = await loadIndexFor(io, flags, {
    names: args,
    ...(flags.exclude ? { exclude: flags.exclude } : {}),
    walks: [{ direction, ...(depth !== undefined ? { depth } : {}) }],
  });
  const roots = keysOf(index, endsOf(index, selectArgs(index, args, flags.exclude), direction));
  const opts = { ...(depth !== undefined ? { depth } : {}), ...(kinds ? { kinds } : {}) };
  const tree = direction === 'upstream' ? upstream(index, roots, opts) : downstream(index, roots, opts);
  if (flags.json) {
    printJson(io, tree);
    return;
  }
  printFlowTree(io, tree, kinds);
}

/**
 * The nodes a tree grows from: the selected ones no other selected node lies beyond (for
 * upstream, none of their readers or written outputs is selected). `upstream +x` selects x and
 * its upstream, as dbt's `+x` does; its tree grows from x, not from every node of the selection.
 */
function endsOf(index: FlowIndex, nodes: number[], direction: FlowTree['direction']): number[] {
  const chosen = new Set(nodes);
  const ends = nodes.filter((v) => {
    const [start, edge, far] =
      direction === 'upstream'
        ? [index.outStart, index.outEdge, index.target]
        : [index.inStart, index.inEdge, index.source];
    for (let i = start[v]!; i < start[v + 1]!; i++) if (chosen.has(far[edge[i]!]!)) return false;
    return true;
  });
  return ends.length > 0 ? ends : nodes;
}

function printFlowTree(io: Io, tree: FlowTree, kinds?: NodeKind[]): void {
  const c = colors(io);
  const counts = new Map<string, number>();
  for (const n of tree.nodes) counts.set(n.kind, (counts.get(n.kind) ?? 0) + 1);
  const of = tree.roots.length === 1 ? formatNode(c, tree.roots[0]!) : `${tree.roots.length} nodes`;
  const summary = tree.nodes.length === 0 ? 'nothing' : formatCounts([...counts].sort((a, b) => b[1] - a[1]));
  io.out(`${c.bold(tree.direction)} of ${of}: ${summary}`);
  if (tree.nodes.length === 0) {
    io.out(
      c.dim(
        tree.direction === 'upstream'
          ? '  nothing mapped feeds it (an external input?)'
          : '  nothing mapped reads it (a final output?)',
      ),
    );
    return;
  }
  // written a piece at a time: a hub's tree is hundreds of thousands of lines
  writeLines(io, (emit) => forEachTreeLine(flowTreeItems(c, tree, kinds), { paint: c.dim }, emit));
}
