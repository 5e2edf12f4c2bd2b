/**
 * `dfmap diagnose NODE`: from a symptom back to its root cause, told as a short story, one line a step,
 * each with its status and the evidence it rests on.
 */
import type { Command } from 'commander';
import { resolveNode } from '../../analyses/select/resolve-node.js';
import {
  type ChainStep,
  type Diagnosis,
  diagnose,
  type HealthEvidence,
  type SymptomKind,
} from '../../health/index.js';
import { UsageError } from '../../model/errors.js';
import { addHealthOptions, HEALTH_HELP, type HealthFlags, loadHealthInputs } from '../health-input.js';
import { type Colors, colors, EXIT_FINDINGS, type Io, printJson } from '../io.js';
import { announceMap } from '../map-header.js';
import {
  checkedLine,
  copyAdvice,
  countLine,
  healthJson,
  paintStatus,
  printWarnings,
} from '../render/health.js';
import { renderTable } from '../render/table.js';
import type { CliContext, CommandModule } from './types.js';

const SYMPTOMS: SymptomKind[] = ['stale', 'missing', 'failing', 'down'];
/** Weaknesses printed; the first are those on the chains shown. */
const MAX_WEAKNESSES = 3;

interface DiagnoseFlags extends HealthFlags {
  symptom?: string;
}

function evidenceRef(e: HealthEvidence | undefined): string {
  if (!e) return '';
  if (e.source === 'probe') return `probe: ${e.text}`;
  if (!e.file) return e.text;
  const where =
    e.line !== undefined
      ? `${e.file}:${e.line}`
      : e.offset !== undefined
        ? `${e.file}, byte ${e.offset}`
        : e.file;
  return e.source === 'mtime' ? `${where} (${e.text})` : where;
}

function chainRows(c: Colors, chain: ChainStep[]): string[][] {
  const rows: string[][] = [];
  chain.forEach((s, i) => {
    const arrow = i === 0 ? '' : '<- ';
    rows.push([`${arrow}${c.bold(s.label)}`, paintStatus(c, s.status, s.summary)]);
    const ref = evidenceRef(s.evidence);
    if (ref) rows.push(['', c.dim(`   ${ref}`)]);
  });
  return rows;
}

function printDiagnosis(io: Io, d: Diagnosis): void {
  const c = colors(io);
  const s = d.symptom;
  const reported = s.reported ? ` (reported ${s.reported})` : '';
  io.out(`${c.bold(s.label)}${reported}: ${paintStatus(c, s.status, s.summary)}`);
  const upstream = Object.values(d.counts).reduce((a, b) => a + (b ?? 0), 0);
  if (d.healthy && d.assessment.notCopied?.length) {
    io.out(
      c.yellow(`\ncannot tell: this copy of the server lacks what ${s.label} is judged by (see below).`),
    );
  } else if (d.healthy) {
    io.out(c.green(`\nhealthy: nothing upstream of ${s.label} is stale, failing, missing or down.`));
  } else if (d.causes.length === 0) {
    io.out(c.yellow(`\nno root cause found upstream: the records show nothing wrong before ${s.label}.`));
  }
  d.causes.forEach((cause, i) => {
    const share = `explains ${cause.explains.length} unhealthy node${cause.explains.length === 1 ? '' : 's'}${cause.explainsSymptom ? `, including ${s.label}` : `, not ${s.label}`}`;
    io.out(
      `\n${c.bold(`Root cause ${i + 1} of ${d.causes.length}:`)} ${paintStatus(c, cause.status, cause.label)} ${c.dim(`(${share})`)}`,
    );
    for (const line of renderTable(chainRows(c, cause.chain), { indent: 2 })) io.out(line);
  });
  const shown = d.weaknesses.slice(0, MAX_WEAKNESSES);
  for (const w of shown) io.out(`\n${c.yellow('Weakness that hid it:')} ${w.text}`);
  if (d.weaknesses.length > shown.length) {
    io.out(
      c.dim(
        `  ... and ${d.weaknesses.length - shown.length} more consumers that ran on bad inputs (--json lists them)`,
      ),
    );
  }
  io.out(
    c.dim(
      `\n${upstream} nodes judged (${countLine(d.assessment.nodes.values())}); ${checkedLine(d.assessment)}`,
    ),
  );
  const advice = copyAdvice(d.assessment);
  if (advice) io.out(c.yellow(advice));
  printWarnings(io, c, d.assessment);
}

async function runDiagnose(ctx: CliContext, name: string, flags: DiagnoseFlags): Promise<void> {
  if (flags.symptom !== undefined && !SYMPTOMS.includes(flags.symptom as SymptomKind)) {
    throw new UsageError(`--symptom: '${flags.symptom}' is not one of ${SYMPTOMS.join(', ')}.`);
  }
  const { index, opts } = loadHealthInputs(ctx.io, flags);
  announceMap(ctx.io, index, { json: flags.json, root: opts.root });
  const node = index.keys[resolveNode(index, name)]!;
  const d = await diagnose(index, node, {
    ...opts,
    ...(flags.symptom ? { symptom: flags.symptom as SymptomKind } : {}),
  });
  if (!d.healthy) ctx.setExit(EXIT_FINDINGS);
  if (flags.json) {
    const { assessment, ...rest } = d;
    printJson(ctx.io, { ...rest, ...healthJson(assessment, [...assessment.nodes.values()]) });
    return;
  }
  printDiagnosis(ctx.io, d);
}

export const diagnoseCommand: CommandModule = {
  name: 'diagnose',
  register(program: Command, ctx: CliContext) {
    const cmd = program
      .command('diagnose')
      .description('walk upstream from a symptom and name the most likely root causes, with evidence')
      .argument('<node>', 'the symptom: a path, its end (combined_export.json), a table, a URL or an id');
    addHealthOptions(cmd)
      .option(
        '--symptom <kind>',
        `what you observed, when the records do not show it: ${SYMPTOMS.join(', ')}`,
      )
      .addHelpText(
        'after',
        `${HEALTH_HELP}\n\nExit code 1 when something upstream is unhealthy.\n\nExamples:\n  dfmap diagnose combined_export.json --at 2026-11-26T09:00\n  dfmap diagnose extract_a.csv --symptom stale --probe`,
      )
      .action(async (node: string, flags: DiagnoseFlags) => runDiagnose(ctx, node, flags));
  },
};
