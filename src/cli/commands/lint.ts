/** `dfmap lint`: the weaknesses of the setup, each with its nodes and evidence; exit 1 at --fail-on. */
import type { Command } from 'commander';
import { baselineOf, suppressFindings } from '../../analyses/lint/suppress.js';
import {
  HAZARD_LEVELS,
  type HazardLevel,
  LINT_RULE_IDS,
  type LintResult,
} from '../../analyses/lint/types.js';
import { UsageError } from '../../model/errors.js';
import { colors, EXIT_FINDINGS, type Io, jsonHeaderOf, printJson } from '../io.js';
import { IGNORE_FILE, readBaseline, readIgnoreEntries } from '../lint-suppress.js';
import { addMapOptions, loadIndexFor, type MapFlags, mapZone, parseAt } from '../map-input.js';
import { createProgress } from '../progress.js';
import { formatEvidence } from '../render/format.js';
import { createLineWriter } from '../render/line-writer.js';
import { renderTable } from '../render/table.js';
import { writeFileAtomic } from '../write-file.js';
import type { CliContext, CommandModule } from './types.js';

interface LintFlags extends MapFlags {
  failOn: string;
  rule?: string;
  at?: string;
  tz?: string;
  level?: string;
  baseline?: string;
  writeBaseline?: string;
  ignoreFile?: string;
}

export const lintCommand: CommandModule = {
  name: 'lint',
  register(program: Command, ctx: CliContext) {
    const cmd = program
      .command('lint')
      .description(
        'weaknesses of the setup: cycles, write collisions, schedule order, missing and orphan scripts, interfaces',
      )
      .option(
        '--fail-on <level>',
        'exit 1 when a hazard is at or above this level: error, warning, info, or never',
        'error',
      )
      .option('--level <level>', 'show hazards at or above this level (default: all)')
      .option('--rule <ids>', `run only these rules (comma-separated): ${LINT_RULE_IDS.join(', ')}`)
      .option('--at <time>', 'take this as now when comparing schedules')
      .option('--tz <zone>', 'time zone of the schedules (default: the server’s, recorded in the map)')
      .option(
        '--baseline <file>',
        'report only findings not in this baseline (rule and nodes match, not lines)',
      )
      .option(
        '--write-baseline <file>',
        'write every finding now (ignored ones left out) as a baseline, exit 0',
      )
      .option(
        '--ignore-file <file>',
        `accepted findings, a line each: RULE SELECTION (default: ${IGNORE_FILE} here or in a parent)`,
      );
    addMapOptions(cmd)
      .addHelpText(
        'after',
        `\nExamples (in CI):\n  dfmap lint --fail-on warning\n  dfmap lint --write-baseline lint-baseline.json   # once: accept what is there today\n  dfmap lint --baseline lint-baseline.json --fail-on warning   # then: fail on new findings only\n\n${IGNORE_FILE}, one entry a line (# starts a comment):\n  external-input path:/data/incoming    # the vendor drops these\n  * host:legacy01\n`,
      )
      .action((flags: LintFlags) => runLint(ctx, flags));
  },
};

function parseLevel(value: string, option: string, extra: string[] = []): HazardLevel | 'never' {
  if ((HAZARD_LEVELS as readonly string[]).includes(value) || extra.includes(value))
    return value as HazardLevel | 'never';
  throw new UsageError(`${option} '${value}' is not a level.`, {
    hint: `use ${[...HAZARD_LEVELS].reverse().join(', ')}${extra.length ? ` or ${extra.join(', ')}` : ''}`,
  });
}

async function runLint(ctx: CliContext, flags: LintFlags): Promise<void> {
  // loaded here, not at startup: the rules and the schedule evaluator are only this command's
  const { failsAt, isRuleId, lint } = await import('../../analyses/lint/index.js');
  const failOn = parseLevel(flags.failOn, '--fail-on', ['never']);
  const show = flags.level ? (parseLevel(flags.level, '--level') as HazardLevel) : 'info';
  const rules = flags.rule
    ?.split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  for (const r of rules ?? []) {
    if (!isRuleId(r))
      throw new UsageError(`--rule '${r}' is not a lint rule.`, {
        hint: `rules are ${LINT_RULE_IDS.join(', ')}`,
      });
  }
  // the baseline and the ignore file are read first: a mistake in them should not wait for the rules
  const { entries } = readIgnoreEntries(ctx.io, flags.ignoreFile);
  const baseline = flags.baseline ? readBaseline(flags.baseline) : undefined;
  const index = await loadIndexFor(ctx.io, flags);
  const tz = mapZone(index, flags.tz);
  const at = parseAt(flags.at, tz);
  const progress = createProgress(
    index.order > 20_000 ? ctx.io : { ...ctx.io, interactive: false },
    'linting',
  );
  const result = lint(index, {
    at,
    tz,
    ...(rules ? { rules } : {}),
    onRule: (rule, done, total) => progress.update(done, total, rule),
  });
  progress.done();
  const kept = suppressFindings(index, result, { ignore: entries });
  for (const e of kept.unmatched)
    ctx.io.err(`dfmap: ${e.where}: '${e.selection}' selects no node of this map (a stale entry?)`);
  if (flags.writeBaseline) {
    const file = baselineOf(kept.result.hazards);
    writeFileAtomic(flags.writeBaseline, `${JSON.stringify(file, null, 2)}\n`);
    const n = file.findings.length;
    if (flags.json) printJson(ctx.io, { baseline: flags.writeBaseline, findings: n, ignored: kept.ignored });
    else ctx.io.out(`baseline of ${n} finding${n === 1 ? '' : 's'} written to ${flags.writeBaseline}`);
    return;
  }
  const fresh = baseline ? suppressFindings(index, kept.result, { baseline }) : kept;
  const left = fresh.result;
  const suppressed = { baseline: baseline ? fresh.baselined : 0, ignored: kept.ignored };
  const visible = {
    ...left,
    hazards: left.hazards.filter((h) => HAZARD_LEVELS.indexOf(h.level) >= HAZARD_LEVELS.indexOf(show)),
  };
  if (flags.json) printLintJson(ctx.io, visible, suppressed);
  else printLint(ctx.io, visible, left, suppressed);
  if (failOn !== 'never' && failsAt(left, failOn)) ctx.setExit(EXIT_FINDINGS);
}

interface SuppressedCounts {
  baseline: number;
  ignored: number;
}

function printLint(io: Io, shown: LintResult, all: LintResult, suppressed: SuppressedCounts): void {
  const c = colors(io);
  const out = createLineWriter(io);
  const tag = { error: c.red('error'), warning: c.yellow('warning'), info: c.blue('info') };
  // the summary first: on a large map the details run to thousands of lines
  const byRule = new Map<string, { level: HazardLevel; count: number }>();
  for (const h of shown.hazards) {
    const r = byRule.get(h.rule) ?? { level: h.level, count: 0 };
    r.count++;
    byRule.set(h.rule, r);
  }
  if (byRule.size > 0) {
    const rank = (l: HazardLevel) => HAZARD_LEVELS.indexOf(l);
    const rows = [...byRule]
      .sort(
        (a, b) => rank(b[1].level) - rank(a[1].level) || b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1),
      )
      .map(([rule, r]) => [String(r.count), tag[r.level], rule]);
    for (const l of renderTable(rows, { header: ['COUNT', 'LEVEL', 'RULE'], paintHeader: c.dim, right: [0] }))
      out.line(l);
    out.line('');
  }
  for (const h of shown.hazards) {
    out.line(`${tag[h.level]} ${h.message} ${c.dim(`[${h.rule}]`)}`);
    for (const e of h.edges.slice(0, 4)) {
      const ev = formatEvidence(e.evidence);
      if (ev) out.line(c.dim(`    ${ev}`));
    }
    if (h.edges.length > 4) out.line(c.dim(`    ... and ${h.edges.length - 4} more edges`));
    if (h.hint) out.line(c.dim(`    hint: ${h.hint}`));
  }
  const { error, warning, info } = all.counts;
  if (shown.hazards.length > 0) out.line('');
  const { baseline, ignored } = suppressed;
  const not = [baseline ? `${baseline} in the baseline` : '', ignored ? `${ignored} ignored` : ''].filter(
    Boolean,
  );
  out.line(
    `${error} error${error === 1 ? '' : 's'}, ${warning} warning${warning === 1 ? '' : 's'}, ${info} info${baseline ? ' new' : ''}${not.length ? ` (not shown: ${not.join(', ')})` : ''}`,
  );
  out.flush();
}

/** `{"hazards": [...], "counts": {...}}`, one hazard per line: a huge lint never becomes one huge string. */
function printLintJson(io: Io, result: LintResult, suppressed: SuppressedCounts): void {
  const out = createLineWriter(io);
  // the header fields (the map it read) first, then the hazards one per line
  const head = Object.entries(jsonHeaderOf(io)).map(
    ([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}, `,
  );
  out.line(`{${head.join('')}"hazards": [`);
  result.hazards.forEach((h, i) => {
    out.line(`  ${JSON.stringify(h)}${i < result.hazards.length - 1 ? ',' : ''}`);
  });
  out.line(`], "counts": ${JSON.stringify(result.counts)}, "suppressed": ${JSON.stringify(suppressed)}}`);
  out.flush();
}
