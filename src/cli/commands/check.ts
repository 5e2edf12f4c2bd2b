/** `dfmap check DESIGN`: drift between a design and a scanned map; exit 1 on drift, --accept to adopt it. */
import fs from 'node:fs';
import type { Command } from 'commander';
import type { DriftEdge, DriftReport } from '../../design/check.js';
import { UsageError } from '../../model/errors.js';
import type { NodeLinkData } from '../../store/node-link.js';
import { DEFAULT_MAP_FILE, readMapData } from '../../store/read-map-data.js';
import { colors, EXIT_FINDINGS, type Io, printJson } from '../io.js';
import { formatEvidence } from '../render/format.js';
import type { CliContext, CommandModule } from './types.js';

interface CheckFlags {
  map: string;
  json?: boolean;
  accept?: boolean;
}

export const checkCommand: CommandModule = {
  name: 'check',
  register(program: Command, ctx: CliContext) {
    program
      .command('check')
      .description(
        'drift between a design (dfmap.design.yaml, or any map) and a scanned map; exit 1 on drift',
      )
      .argument(
        '<design>',
        'the design: a dfmap.design.yaml, or a map file (e.g. the expectation `dfmap plan` writes)',
      )
      .option('--map <file>', 'the map found by a scan or a trace', DEFAULT_MAP_FILE)
      .option('--json', 'print the exact result as JSON')
      .option('--accept', 'write what the map found back into the design (YAML designs only)')
      .addHelpText(
        'after',
        '\nExamples:\n  dfmap check examples/design/dfmap.design.yaml --map dfmap.json\n  dfmap check dfmap.design.yaml --accept',
      )
      .action((design: string, flags: CheckFlags) => runCheck(ctx, design, flags));
  },
};

async function runCheck(ctx: CliContext, designFile: string, flags: CheckFlags): Promise<void> {
  const { checkDesign } = await import('../../design/check.js');
  const design = readMapData(designFile);
  const found = readMapData(flags.map);
  const report = checkDesign(design, found, { design: designFile, map: flags.map });
  if (flags.accept) {
    if (!/\.ya?ml$/i.test(designFile))
      throw new UsageError(`--accept writes a YAML design; '${designFile}' is a map.`, {
        hint: 'pass the dfmap.design.yaml to update',
      });
    const { acceptDrift } = await import('../../design/accept.js');
    const { writeFileAtomic } = await import('../write-file.js');
    if (report.drift)
      writeFileAtomic(designFile, acceptDrift(fs.readFileSync(designFile, 'utf8'), report, design, found));
    if (flags.json) printJson(ctx.io, { ...report, accepted: report.drift });
    else {
      printDrift(ctx.io, report, design, found);
      if (report.drift) ctx.io.err(`accepted: ${designFile} now declares what ${flags.map} found`);
    }
    return;
  }
  if (flags.json) printJson(ctx.io, report);
  else printDrift(ctx.io, report, design, found);
  if (report.drift) ctx.setExit(EXIT_FINDINGS);
}

function printDrift(io: Io, r: DriftReport, design: NodeLinkData, found: NodeLinkData): void {
  const c = colors(io);
  const labels = new Map<string, string>();
  for (const n of [...design.nodes, ...found.nodes]) labels.set(n.id, nodeName(n));
  const name = (id: string) => labels.get(id) ?? id;
  const head = `design ${r.design.source} against ${r.map.source}${r.map.host ? ` (${r.map.host})` : ''}`;
  if (!r.drift) {
    io.out(`${head}: no drift, ${r.matched} declared edge${r.matched === 1 ? '' : 's'} found`);
    return;
  }
  const counts = [
    [r.declaredNotFound.length, 'declared but not found'],
    [r.foundNotDeclared.length, 'found but not declared'],
    [r.schedules.length, r.schedules.length === 1 ? 'schedule differs' : 'schedules differ'],
  ] as const;
  io.out(
    `${head}: ${c.bold('drift')}: ${counts
      .filter(([n]) => n > 0)
      .map(([n, what]) => `${n} ${what}`)
      .join(', ')} (${r.matched} declared edges found)`,
  );
  const edges = (title: string, list: DriftEdge[]) => {
    if (list.length === 0) return;
    io.out('');
    io.out(c.bold(`${title} (${list.length}):`));
    for (const e of list)
      io.out(`  ${name(e.source)} ─${e.kind}→ ${name(e.target)}  ${c.dim(formatEvidence(e.evidence))}`);
  };
  edges('declared but not found', r.declaredNotFound);
  edges('found but not declared', r.foundNotDeclared);
  if (r.schedules.length > 0) {
    io.out('');
    io.out(c.bold(`schedules (${r.schedules.length}):`));
    for (const s of r.schedules) {
      const found = s.found.length ? `found ${s.found.join(' and ')}` : 'not scheduled in the map';
      const declared = s.declared === undefined ? 'not declared' : `declared ${s.declared}`;
      io.out(`  ${name(s.script)}: ${declared}, ${found}  ${c.dim(formatEvidence(s.evidence))}`);
    }
  }
}

function nodeName(n: NodeLinkData['nodes'][number]): string {
  if (typeof n.path === 'string') return n.path;
  if (n.kind === 'table' && typeof n.name === 'string')
    return typeof n.namespace === 'string' ? `${n.name} (${n.namespace})` : n.name;
  if (typeof n.url === 'string') return n.url;
  return typeof n.label === 'string' ? n.label : n.id;
}
