/** `dfmap path A B`: how data gets from A to B, every shortest path with its evidence. */
import type { Command } from 'commander';
import { type ShortestPathsResult, shortestPaths } from '../../analyses/shortest-paths.js';
import { colors, type Io, printJson } from '../io.js';
import {
  addMapOptions,
  keysOf,
  loadIndexFor,
  type MapFlags,
  parseCount,
  SELECTION_HELP,
  selectArgs,
} from '../map-input.js';
import { formatEvidence, formatNode } from '../render/format.js';
import { renderTable } from '../render/table.js';
import type { CliContext, CommandModule } from './types.js';

interface PathFlags extends MapFlags {
  limit?: string;
}

export const pathCommand: CommandModule = {
  name: 'path',
  register(program: Command, ctx: CliContext) {
    const cmd = program
      .command('path')
      .description('how data gets from A to B: the shortest paths, each step with its evidence')
      .argument('<from>', 'where the data starts (a node name or a selection)')
      .argument('<to>', 'where it ends up')
      .option('--limit <n>', 'show at most N paths', '10');
    addMapOptions(cmd)
      .addHelpText('after', `\nExample:\n  dfmap path orders.json combined_export.json\n${SELECTION_HELP}`)
      .action((from: string, to: string, flags: PathFlags) => runPath(ctx.io, from, to, flags));
  },
};

async function runPath(io: Io, from: string, to: string, flags: PathFlags): Promise<void> {
  const limit = parseCount(flags.limit, '--limit') ?? 10;
  // both ways from A: the paths to B, or the news that data flows from B to A instead
  const index = await loadIndexFor(io, flags, {
    names: [from, to],
    walks: [{ direction: 'downstream' }, { direction: 'upstream' }],
  });
  const a = keysOf(index, selectArgs(index, [from]));
  const b = keysOf(index, selectArgs(index, [to]));
  const r = shortestPaths(index, a, b, { limit });
  if (flags.json) printJson(io, r);
  else printPaths(io, r, from, to);
}

export function printPaths(io: Io, r: ShortestPathsResult, fromText: string, toText: string): void {
  const c = colors(io);
  const name = (list: ShortestPathsResult['from'], text: string) =>
    list.length === 1 ? formatNode(c, list[0]!) : `'${text}'`;
  if (r.length === undefined) {
    io.out(`no data flows from ${name(r.from, fromText)} to ${name(r.to, toText)}`);
    if (r.reverse) io.out(c.dim(`  it flows the other way: try dfmap path '${toText}' '${fromText}'`));
    return;
  }
  const count = r.truncated ? `${r.paths.length}+` : `${r.paths.length}`;
  io.out(
    `${c.bold(count)} shortest path${r.paths.length === 1 ? '' : 's'} from ${name(r.from, fromText)} to ${name(r.to, toText)}, ${r.length} step${r.length === 1 ? '' : 's'} each`,
  );
  r.paths.forEach((p, i) => {
    io.out('');
    io.out(c.dim(`path ${i + 1}`));
    const rows = [[`  ${formatNode(c, p.nodes[0]!)}`, '']];
    p.edges.forEach((e, j) => {
      rows.push([
        `  ${c.dim(`─${e.kind}→`)} ${formatNode(c, p.nodes[j + 1]!)}`,
        c.dim(formatEvidence(e.evidence)),
      ]);
    });
    for (const l of renderTable(rows)) io.out(l);
  });
  if (r.truncated) io.out(c.dim(`\n  more paths of the same length exist: --limit N shows more`));
}
