/**
 * `dfmap upstream NODE` and `dfmap downstream NODE`: one command facing either way, printing what
 * feeds NODE (or what it feeds) as a tree with evidence.
 */
import type { Command } from 'commander';
import { downstream } from '../analyses/downstream.js';
import { describeFrameEdges, type FlowTree, flowFrame } from '../analyses/flow-tree.js';
import { upstream } from '../analyses/upstream.js';
import type { FlowShape } from '../graph/flow-index.js';
import type { NodeKind } from '../model/kinds.js';
import type { CliContext, CommandModule } from './commands/types.js';
import { colors, type Io, printJsonStreamed, type Streamed, writeLines } from './io.js';
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
  withFlowPartFor,
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
  const focus = {
    names: args,
    ...(flags.exclude ? { exclude: flags.exclude } : {}),
    walks: [{ direction, ...(depth !== undefined ? { depth } : {}) }],
  };
  const opts = { ...(depth !== undefined ? { depth } : {}), ...(kinds ? { kinds } : {}) };
  const rootsOf = (index: FlowShape) =>
    keysOf(index, endsOf(index, selectArgs(index, args, flags.exclude), direction));
  if (flags.json) {
    // edges are described as they are printed: from the catalog, read from it a window at a time
    await withFlowPartFor(io, flags, focus, async (part) => {
      const frame = flowFrame(part.index, rootsOf(part.index), direction, opts);
      const edges: Streamed = {
        length: frame.edges.length,
        stream: (size) => describeFrameEdges(part, frame.edges, size),
      };
      await printJsonStreamed(io, { ...frame, edges });
    });
    return;
  }
  const index = await loadIndexFor(io, flags, focus);
  const roots = rootsOf(index);
  const tree = direction === 'upstream' ? upstream(index, roots, opts) : downstream(index, roots, opts);
  printFlowTree(io, tree, kinds);
}

/**
 * The nodes a tree grows from: the selected ones no other selected node lies beyond (for
 * upstream, none of their readers or written outputs is selected). `upstream +x` selects x and
 * its upstream, as dbt's `+x` does; its tree grows from x, not from every node of the selection.
 */
function endsOf(index: FlowShape, nodes: number[], direction: FlowTree['direction']): number[] {
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
