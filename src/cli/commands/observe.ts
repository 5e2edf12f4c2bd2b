/** `dfmap observe FILE...`: import traces and audit logs a server already recorded into a map. */
import type { Command } from 'commander';
import { DEFAULT_MAP_FILE, writeMap } from '../../store/map-file.js';
import { printJson } from '../io.js';
import { loadOrCreateMap, mergeBatch, printMergeSummary, readObserved } from '../observe-io.js';
import type { CliContext, CommandModule } from './types.js';

interface ObserveFlags {
  map: string;
  output?: string;
  json?: boolean;
}

export const observeCommand: CommandModule = {
  name: 'observe',
  register(program: Command, ctx: CliContext) {
    program
      .command('observe')
      .description('merge what traces and audit logs saw jobs read and write into a map (runs nothing)')
      .argument('<files...>', 'strace output files, audit logs (audit.log*, .gz too), or directories of them')
      .option('--map <file>', 'the map to update (created when it does not exist)', DEFAULT_MAP_FILE)
      .option('-o, --output <file>', 'write the merged map here instead of over --map')
      .option('--json', 'print the merge summary as JSON')
      .addHelpText(
        'after',
        `
Record a trace on a server with:
  strace -f -ttt -y -s 4096 -e trace=%file,%process,%network -o /tmp/job.trace -- CMD
or point at the audit log (SYSCALL, PATH, CWD, EXECVE, SOCKADDR, PROCTITLE records):
  dfmap observe /var/log/audit/audit.log /var/log/audit/audit.log.1

Each access is attributed to the script whose process tree made it, each run to the job whose
command line it ran. Observed facts confirm the static edges they match (with counts and last-seen
time in each edge's "sources"); the rest become observed-only edges: see dfmap coverage.`,
      )
      .action(async (files: string[], flags: ObserveFlags) => {
        const g = loadOrCreateMap(flags.map);
        const batch = await readObserved(files);
        const summary = mergeBatch(g, batch);
        writeMap(g, flags.output ?? flags.map);
        if (flags.json)
          printJson(ctx.io, {
            output: flags.output ?? flags.map,
            ...summary,
            stats: batch.stats,
            warnings: batch.diagnostics,
          });
        else {
          printMergeSummary(ctx.io, batch, summary, ctx.io.out);
          ctx.io.out(`map written to ${flags.output ?? flags.map}`);
        }
      });
  },
};
