/** `dfmap plan --to HOST`: a migration plan in waves from the map (Markdown, JSON, or the viewer coloured by wave). */
import type { Command } from 'commander';
import { selectNodes } from '../../analyses/select/select-nodes.js';
import type { FlowIndex } from '../../graph/flow-index.js';
import { UsageError } from '../../model/errors.js';
import type { MigrationPlan } from '../../plan/plan.js';
import { colors, type Io } from '../io.js';
import {
  addMapOptions,
  loadIndex,
  type MapFlags,
  mapPath,
  mapZone,
  parseAt,
  parseCount,
  SELECTION_HELP,
} from '../map-input.js';
import type { CliContext, CommandModule } from './types.js';

interface PlanFlags extends MapFlags {
  to?: string;
  move?: string;
  maxWaveSize?: string;
  at?: string;
  tz?: string;
  format: string;
  output?: string;
  expect?: string;
}

const FORMATS = ['md', 'json', 'html'] as const;

export const planCommand: CommandModule = {
  name: 'plan',
  register(program: Command, ctx: CliContext) {
    const cmd = program
      .command('plan')
      .description(
        'a migration plan in waves: what moves together, in what order, the interfaces to bridge, a checklist per wave',
      )
      .requiredOption('--to <host>', 'the host the jobs move to')
      .option(
        '--move <selection>',
        'what moves (default: every script on the map), e.g. host:etl01 or path:/opt/sales/',
      )
      .option('--max-wave-size <n>', 'at most N scripts per wave (tied scripts are never split)')
      .option('--at <time>', 'plan the cut-overs after this time (next runs are after it; default now)')
      .option('--tz <zone>', "the server's time zone (default: the map's, else UTC)")
      .option(
        '--format <format>',
        `md (for a change ticket), json, or html (the viewer coloured by wave)`,
        'md',
      )
      .option('-o, --output <file>', 'write the plan here instead of stdout (html needs a file)')
      .option(
        '--expect <file>',
        'also write the map expected on the target after the move, for `dfmap check`',
      );
    addMapOptions(cmd)
      .addHelpText(
        'after',
        `\nExamples:\n  dfmap plan --to etl02\n  dfmap plan --move host:etl01 --to etl02 --max-wave-size 5 --format html -o plan.html\n  dfmap plan --to etl02 --expect expected.json   # then, after the move: dfmap check expected.json --map etl02.json\n${SELECTION_HELP}`,
      )
      .action((flags: PlanFlags) => runPlan(ctx, flags));
  },
};

async function runPlan(ctx: CliContext, flags: PlanFlags): Promise<void> {
  const format = flags.json ? 'json' : flags.format;
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format '${format}' is not a plan format.`, { hint: `use ${FORMATS.join(', ')}` });
  if (format === 'html' && !flags.output)
    throw new UsageError('--format html writes a page: give it a file.', { hint: 'add -o plan.html' });
  const to = flags.to ?? '';
  const { planMigration } = await import('../../plan/plan.js');
  flags.map = mapPath(ctx.io, flags.map);
  const index = loadIndex(ctx.io, flags.map);
  const scripts = movingScripts(index, flags.move);
  if (scripts.length === 0)
    throw new UsageError(`${flags.move ? `'${flags.move}' selects` : 'the map has'} no scripts to move.`, {
      hint: 'select scripts or jobs, e.g. --move host:etl01',
    });
  // the server's zone, as every command: the map records it as `timeZone`
  const timeZone = mapZone(index, flags.tz);
  const plan = planMigration(index, {
    scripts,
    to,
    at: parseAt(flags.at, timeZone),
    timeZone,
    ...(flags.maxWaveSize
      ? { maxWaveSize: Math.max(1, parseCount(flags.maxWaveSize, '--max-wave-size') ?? 1) }
      : {}),
  });
  if (flags.expect) await writeExpectation(flags.map ?? DEFAULT_MAP, flags.expect, plan);
  const text = await render(format, plan, flags);
  if (flags.output) {
    const { writeFileAtomic } = await import('../write-file.js');
    writeFileAtomic(flags.output, text);
    summary(ctx.io, plan, flags.output);
  } else ctx.io.out(text);
}

const DEFAULT_MAP = 'dfmap.json';

async function render(format: string, plan: MigrationPlan, flags: PlanFlags): Promise<string> {
  if (format === 'json') return `${JSON.stringify(plan, null, 2)}\n`;
  if (format === 'md') return (await import('../../plan/markdown.js')).planMarkdown(plan);
  const { readMap } = await import('../../store/map-file.js');
  const { loadViewerAssets, viewerHtml } = await import('../../export/formats/html.js');
  const g = readMap(flags.map ?? DEFAULT_MAP);
  const waveOf = new Map<string, number>();
  for (const w of plan.waves) {
    for (const s of w.scripts) waveOf.set(s.id, w.number);
    for (const j of w.jobs) waveOf.set(j.job.id, w.number);
  }
  for (const w of plan.waves)
    for (const c of w.interfaces)
      if (!waveOf.has(c.node.id) && c.direction !== 'in') waveOf.set(c.node.id, w.number);
  g.forEachNode((id) => {
    const wave = waveOf.get(id);
    if (wave !== undefined) g.setNodeAttribute(id, 'wave', wave);
  });
  g.setAttribute('plan', { to: plan.to, waves: plan.waves.map((w) => ({ number: w.number, name: w.name })) });
  return viewerHtml(g, loadViewerAssets(), { title: `Migration plan: ${plan.from ?? 'host'} → ${plan.to}` });
}

/** The map the target should show after the move: the old one, on the new host. */
async function writeExpectation(mapFile: string, file: string, plan: MigrationPlan): Promise<void> {
  const { readMapData } = await import('../../store/read-map-data.js');
  const { writeFileAtomic } = await import('../write-file.js');
  const data = readMapData(mapFile);
  const moving = new Set(
    plan.waves.flatMap((w) => [...w.scripts.map((s) => s.id), ...w.jobs.map((j) => j.job.id)]),
  );
  const keep = new Set<string>();
  for (const l of data.links)
    if (moving.has(l.source) || moving.has(l.target)) keep.add(l.source).add(l.target);
  const expected = {
    ...data,
    graph: { ...data.graph, host: plan.to, expectedFrom: plan.from, warnings: [] },
    nodes: data.nodes.filter((n) => keep.has(n.id)),
    links: data.links.filter((l) => moving.has(l.source) || moving.has(l.target)),
  };
  writeFileAtomic(file, `${JSON.stringify(expected, null, 1)}\n`);
}

function movingScripts(index: FlowIndex, selection: string | undefined): number[] {
  const picked = selection ? selectNodes(index, selection) : [...Array(index.order).keys()];
  const out = new Set<number>();
  for (const v of picked) {
    const kind = index.nodes[v]?.kind;
    if (kind === 'script' && index.nodes[v]?.missing !== true) out.add(v);
    if (kind === 'job')
      for (let i = index.outStart[v]!; i < index.outStart[v + 1]!; i++) {
        const t = index.target[index.outEdge[i]!]!;
        if (index.nodes[t]?.kind === 'script') out.add(t);
      }
  }
  return [...out].sort((a, b) => a - b);
}

function summary(io: Io, plan: MigrationPlan, file: string): void {
  const c = colors(io);
  io.err(
    `${c.bold('plan')}: ${plan.scripts} scripts, ${plan.jobs} jobs in ${plan.waves.length} waves to ${plan.to}; written to ${file}`,
  );
}
