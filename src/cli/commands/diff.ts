/**
 * `dfmap diff A B`: is the new server's map the same as the old one's? A and B are map files,
 * snapshot numbers, or host names (their latest snapshot, or as of --as-of) in --catalog.
 * Exit 1 when they differ, 0 when they are the same.
 */
import type { Command } from 'commander';
import type { MapDiff } from '../../catalog/diff-maps.js';
import { type DiffFlags, runDiff } from '../diff-input.js';
import { colors, EXIT_FINDINGS, type Io, printJson } from '../io.js';
import type { CliContext, CommandModule } from './types.js';

export const diffCommand: CommandModule = {
  name: 'diff',
  register(program: Command, ctx: CliContext) {
    program
      .command('diff')
      .description(
        'what changed between two maps: snapshots, map files, or two hosts (exit 1 when they differ)',
      )
      .argument('<a>', 'a map file, a snapshot number, or a host (with --catalog)')
      .argument('<b>', 'the same, for the other side')
      .option('--catalog <where>', 'the catalog snapshots and hosts are read from (env DFMAP_CATALOG)')
      .option('--as-of <time>', 'hosts as they were then')
      .option(
        '--rename <old=new>',
        'on side A: a host (etl01=etl02) or path prefix (/opt/old=/opt/new) that moved; repeatable',
        (v: string, acc: string[]) => [...acc, v],
        [],
      )
      .option('--limit <n>', 'list at most N items of each kind (--json has all)', '50')
      .option('--json', 'print the differences as JSON')
      .addHelpText(
        'after',
        `
Examples:
  dfmap diff before.json after.json
  dfmap diff 12 15 --catalog fleet.db                   two snapshots
  dfmap diff etl01 etl02 --catalog fleet.db --rename etl01=etl02   the old server and its replacement`,
      )
      .action(async (a: string, b: string, flags: DiffFlags) => {
        const { diff: d } = await runDiff(a, b, flags);
        if (flags.json) printJson(ctx.io, d);
        else printDiff(ctx.io, d, Number(flags.limit ?? 50));
        if (!d.same) ctx.setExit(EXIT_FINDINGS);
      });
  },
};

function printDiff(io: Io, d: MapDiff, limit: number): void {
  const c = colors(io);
  const n = d.nodes;
  const e = d.edges;
  if (d.same) {
    io.out(`${d.a} and ${d.b}: the same map`);
    return;
  }
  io.out(
    `${c.bold('diff')} ${d.a} -> ${d.b}: nodes +${n.added.length} -${n.removed.length} ~${n.changed.length}, edges +${e.added.length} -${e.removed.length} ~${e.changed.length}`,
  );
  const cap = <T>(xs: T[], print: (x: T) => void) => {
    for (const x of limit > 0 ? xs.slice(0, limit) : xs) print(x);
    if (limit > 0 && xs.length > limit)
      io.out(c.dim(`  ... and ${xs.length - limit} more (--limit 0, or --json)`));
  };
  const show = (v: unknown) =>
    typeof v === 'string' && v.includes('\n') ? `[${v.split('\n').join('; ')}]` : JSON.stringify(v);
  const changes = (ch: Record<string, [unknown, unknown]>) =>
    Object.entries(ch)
      .map(([k, [x, y]]) => `${k}: ${show(x)} -> ${show(y)}`)
      .join(', ');
  cap(n.added, (x) => io.out(c.green(`+ ${x.kind} ${x.key}`)));
  cap(n.removed, (x) => io.out(c.red(`- ${x.kind} ${x.key}`)));
  cap(n.changed, (x) => io.out(c.yellow(`~ ${x.kind} ${x.key}  ${changes(x.changes)}`)));
  const edge = (x: { source: string; target: string; kind: string }) =>
    `${x.source} -${x.kind}-> ${x.target}`;
  cap(e.added, (x) => io.out(c.green(`+ edge ${edge(x)}`)));
  cap(e.removed, (x) => io.out(c.red(`- edge ${edge(x)}`)));
  cap(e.changed, (x) => io.out(c.yellow(`~ edge ${edge(x)}  ${changes(x.changes)}`)));
}
