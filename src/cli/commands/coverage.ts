/** `dfmap coverage`: where the code and the traced runs disagree. */
import type { Command } from 'commander';
import {
  type CoverageEdge,
  type CoverageReport,
  coverage,
  hasDisagreement,
} from '../../analyses/coverage.js';
import { readMap } from '../../store/map-file.js';
import { colors, EXIT_FINDINGS, type Io, printJson } from '../io.js';
import { addMapOptions, type MapFlags, mapPath, parseCount } from '../map-input.js';
import { formatEvidence } from '../render/format.js';
import type { CliContext, CommandModule } from './types.js';

interface CoverageFlags extends MapFlags {
  minRuns?: string;
  limit?: string;
}

export const coverageCommand: CommandModule = {
  name: 'coverage',
  register(program: Command, ctx: CliContext) {
    const cmd = program
      .command('coverage')
      .description(
        'disagreements of code and runs: hidden dependencies, edges never observed, missing inputs, untraced jobs',
      )
      .option(
        '--min-runs <n>',
        'report a static edge as never observed once its script ran this many traced times',
        '1',
      )
      .option('--limit <n>', 'how many items to list per section', '30');
    addMapOptions(cmd).action((flags: CoverageFlags) => {
      const r = coverage(readMap(mapPath(ctx.io, flags.map)), {
        minRuns: parseCount(flags.minRuns, '--min-runs') ?? 1,
      });
      if (flags.json) printJson(ctx.io, r);
      else printCoverage(ctx.io, r, parseCount(flags.limit, '--limit') ?? 30);
      if (hasDisagreement(r)) ctx.setExit(EXIT_FINDINGS);
    });
  },
};

const name = (key: string) => key.slice(key.indexOf(':') + 1);

function edgeLine(e: CoverageEdge): string {
  const arrow =
    e.kind === 'reads' ? `${name(e.target)} <- ${name(e.source)}` : `${name(e.source)} -> ${name(e.target)}`;
  return `${arrow}  [${e.kind}${e.direction ? `, direction ${e.direction}` : ''}]`;
}

export function printCoverage(io: Io, r: CoverageReport, limit: number): void {
  const c = colors(io);
  const pct = r.staticEdges.ofTracedScripts
    ? Math.round((100 * r.staticEdges.confirmed) / r.staticEdges.ofTracedScripts)
    : 0;
  io.out(
    `${c.bold('coverage')}: ${r.runs} traced runs; ${r.jobs.traced} of ${r.jobs.total} jobs traced; ${r.staticEdges.confirmed} of ${r.staticEdges.ofTracedScripts} static edges of traced scripts observed (${pct}%)`,
  );
  const section = (title: string, items: string[][]) => {
    io.out('');
    io.out(`${c.bold(title)} (${items.length})`);
    for (const lines of items.slice(0, limit))
      for (const [i, l] of lines.entries()) io.out(`${i === 0 ? '  ' : '      '}${i === 0 ? l : c.dim(l)}`);
    if (items.length > limit) io.out(c.dim(`  ... ${items.length - limit} more (--limit, --json)`));
  };
  section(
    'hidden dependencies: observed, not in the code as read',
    r.hidden.map((e) => [
      edgeLine(e),
      `seen ${e.observed?.count ?? 0}x over ${e.observed?.runs ?? 0} runs${e.observed?.lastSeen ? `, last ${e.observed.lastSeen}` : ''}`,
      ...e.evidence.slice(0, 1).map((v) => `${v.file}:${v.line} ${v.construct}  ${v.snippet ?? ''}`),
    ]),
  );
  section(
    'never observed: in the code, not done by any traced run (dead code or a rare branch)',
    r.neverObserved.map((e) => [edgeLine(e), formatEvidence(e.evidence)]),
  );
  section(
    'expected inputs missing when the job ran (ENOENT)',
    r.missingInputs.map((m) => [
      `${name(m.to)} <- ${name(m.from)}  missing ${m.count}x`,
      `${m.evidence.file}:${m.evidence.line} ${m.evidence.construct}`,
    ]),
  );
  section(
    'jobs never traced',
    r.untracedJobs.map((j) => [`${j.label}${j.source ? `  ${j.source}` : ''}`]),
  );
}
