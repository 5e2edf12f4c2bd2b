/** `dfmap status`: the health of every node of the map at a time T, worst first. */
import fs from 'node:fs';
import { type Command, Option } from 'commander';
import type { FlowIndex } from '../../analyses/flow-index.js';
import {
  type Assessment,
  assessHealth,
  DEFAULT_PROBE_TIMEOUT_MS,
  formatDay,
  type HealthOptions,
  type HealthStatus,
  isUnhealthy,
  type NodeHealth,
  parseNow,
  readServerZone,
  statusRank,
} from '../../health/index.js';
import { formatLocation } from '../../model/diagnostic.js';
import { UsageError } from '../../model/errors.js';
import { DEFAULT_MAP_FILE } from '../../store/map-file.js';
import { type Colors, colors, EXIT_FINDINGS, type Io, printJson } from '../io.js';
import { renderTable } from '../render/table.js';
import { loadIndex } from './analysis-shared.js';
import type { CliContext, CommandModule } from './types.js';

export interface HealthFlags {
  map: string;
  root?: string;
  at?: string;
  /** Deprecated name of --at. */
  now?: string;
  tz?: string;
  probe?: boolean;
  probeLoopback?: boolean;
  probeTimeout?: string;
  journal?: string[];
  json?: boolean;
}

/** The options status and diagnose share. */
export function addHealthOptions(cmd: Command): Command {
  return cmd
    .option('--map <file>', 'the map to read (written by dfmap scan)', DEFAULT_MAP_FILE)
    .option('--root <dir>', "the server's files (default: the ROOT the map was scanned from)")
    .option('--at <time>', "judge at this time (ISO 8601; without an offset, in the server's zone)")
    .addOption(new Option('--now <time>', 'old name of --at').hideHelp())
    .option('--tz <zone>', "the server's time zone (default: ROOT/etc/timezone or /etc/localtime)")
    .option('--probe', 'connect to the databases and endpoints the map names (never without this flag)')
    .option(
      '--probe-loopback',
      'with --probe: also probe localhost targets (they mean the scanned server, not this machine)',
    )
    .option(
      '--probe-timeout <ms>',
      'bound on each probe step (connect, answer)',
      String(DEFAULT_PROBE_TIMEOUT_MS),
    )
    .option(
      '--journal <file>',
      'a `journalctl -o json` export to read (repeatable)',
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option('--json', 'print the result as JSON');
}

export const HEALTH_HELP = `
Health comes from what the server recorded under ROOT: file times, cron's lines in /var/log/syslog*
and /var/log/cron* (rotated and .gz too), cron mails in /var/mail, the scripts' own logs, and the
journals given with --journal. Databases and endpoints are only contacted with --probe.`;

export interface LoadedHealth {
  /** The map as the analyses' index: loads several times faster than a graphology graph. */
  index: FlowIndex;
  opts: HealthOptions;
}

export function loadHealthInputs(io: Io, flags: HealthFlags): LoadedHealth {
  const index = loadIndex(io, flags.map);
  const root = flags.root ?? (typeof index.meta.root === 'string' ? index.meta.root : undefined);
  if (!root)
    throw new UsageError(`${flags.map}: the map does not say which ROOT it was scanned from.`, {
      hint: 'pass --root DIR',
    });
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new UsageError(`cannot read ROOT '${root}'${flags.root ? '' : ' (from the map)'}.`, {
      hint: 'pass --root with the directory that holds the server files (etc/, var/log/)',
    });
  }
  const timeout = Number(flags.probeTimeout ?? DEFAULT_PROBE_TIMEOUT_MS);
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 60_000) {
    throw new UsageError(
      `--probe-timeout '${flags.probeTimeout}' is not a number of milliseconds (1..60000).`,
    );
  }
  const zone = readServerZone(root, flags.tz);
  if (flags.tz && !isZone(flags.tz))
    throw new UsageError(`--tz: unknown time zone '${flags.tz}'.`, {
      hint: 'e.g. --tz Europe/Berlin, --tz UTC',
    });
  const when = atFlag(io, flags);
  const now = parseNow(when, zone.timeZone);
  let probe = Boolean(flags.probe);
  // a probe tells how a server is now; judging another moment with it mixes two times
  if (probe && when !== undefined && Math.abs(now.getTime() - Date.now()) > PROBE_NOW_SLACK_MS) {
    probe = false;
    io.err(`dfmap: --probe ignored: judging ${when}, not now; a probe can only tell how a server is now`);
  }
  const opts: HealthOptions = {
    root,
    now,
    probe,
    probeLoopback: Boolean(flags.probeLoopback),
    probeTimeoutMs: timeout,
    journals: flags.journal ?? [],
  };
  if (flags.tz) opts.timeZone = flags.tz;
  return { index, opts };
}

/** How far --at may be from the clock for probes still to count as "now". */
const PROBE_NOW_SLACK_MS = 15 * 60_000;

/** `--at`, or the deprecated `--now` with a note. */
export function atFlag(io: Io, flags: { at?: string; now?: string }): string | undefined {
  if (flags.now !== undefined && flags.at === undefined) {
    io.err('dfmap: --now is the old name of --at; use --at');
    return flags.now;
  }
  return flags.at;
}

function isZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const PAINT: Record<HealthStatus, keyof Colors> = {
  down: 'red',
  failing: 'red',
  missing: 'red',
  stale: 'yellow',
  degraded: 'yellow',
  unknown: 'gray',
  ok: 'green',
};

export function paintStatus(c: Colors, status: HealthStatus, text: string = status): string {
  return (c[PAINT[status]] as (s: string) => string)(text);
}

/** `FAILING since Nov 24: ...` -> the part after the status word, which the STATUS column already says. */
export function detailOf(h: NodeHealth): { note: string; detail: string } {
  const m = /^([A-Z]{3,})((?: \([^)]*\))?)(?: since [^:]+)?: (.*)$/s.exec(h.summary);
  return m ? { note: m[2]!.trim(), detail: m[3]! } : { note: '', detail: h.summary };
}

export function sinceText(h: NodeHealth, now: number, format: (ms: number, now: number) => string): string {
  return h.since ? format(Date.parse(h.since), now) : '';
}

/** `2026-11-26 09:00 Europe/Berlin`: T as the server's clock shows it. */
export function atText(report: Assessment): string {
  const f = new Intl.DateTimeFormat('sv-SE', {
    timeZone: report.timeZone,
    dateStyle: 'short',
    timeStyle: 'short',
  });
  return `${f.format(new Date(report.now))} ${report.timeZone}`;
}

export function countLine(nodes: Iterable<NodeHealth>): string {
  const counts = new Map<HealthStatus, number>();
  for (const h of nodes) counts.set(h.status, (counts.get(h.status) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => statusRank(b[0]) - statusRank(a[0]))
    .map(([s, n]) => `${n} ${s === 'unknown' ? 'not judged' : s}`)
    .join(', ');
}

export function printWarnings(io: Io, c: Colors, report: Assessment): void {
  for (const d of report.diagnostics.slice(0, 20)) {
    const where = d.location ? `${formatLocation(d.location)}: ` : '';
    io.err(c.yellow(`warning: ${where}${d.message.replace(`${d.location?.file}: `, '')}`));
    if (d.hint) io.err(c.dim(`  hint: ${d.hint}`));
  }
  if (report.diagnostics.length > 20)
    io.err(c.dim(`  ... and ${report.diagnostics.length - 20} more warnings (see --json)`));
}

export function checkedLine(report: Assessment): string {
  const ch = report.checked;
  const logs = ch.logs.length
    ? ` (${ch.logs.slice(0, 6).join(', ')}${ch.logs.length > 6 ? `, +${ch.logs.length - 6} more` : ''})`
    : '';
  const probes = ch.probes ? `, ${ch.probes} probed` : '';
  const servers = ch.notProbed === 1 ? 'database/endpoint' : 'databases/endpoints';
  const not = ch.notProbed
    ? `, ${ch.notProbed} ${servers} not probed${ch.probes ? '' : ' (pass --probe)'}`
    : '';
  return `checked ${ch.files} file times, ${ch.runs} job/script runs${logs}${probes}${not}`;
}

/** When ROOT lacks the logs or the data entirely: what to copy, and how (README "Scanning a copy"). */
export function copyAdvice(report: Assessment): string | undefined {
  if (!report.notCopied?.length) return undefined;
  const dirs = report.notCopied;
  return `this copy of the server has none of the map's logs or data files under ${report.root}: copy ${dirs.join(', ')} from the server with their file times (rsync -a --relative host:${dirs.join(' :')} ROOT), then ask again`;
}

function sortHealth(nodes: Iterable<NodeHealth>): NodeHealth[] {
  return [...nodes].sort(
    (a, b) => statusRank(b.status) - statusRank(a.status) || a.label.localeCompare(b.label),
  );
}

export function healthJson(report: Assessment, nodes: NodeHealth[]) {
  return {
    now: report.now,
    timeZone: report.timeZone,
    root: report.root,
    nodes,
    weaknesses: report.weaknesses,
    checked: report.checked,
    ...(report.notCopied ? { notCopied: report.notCopied } : {}),
    diagnostics: report.diagnostics,
  };
}

async function runStatus(ctx: CliContext, flags: HealthFlags & { all?: boolean }): Promise<void> {
  const { io } = ctx;
  const { index, opts } = loadHealthInputs(io, flags);
  const report = await assessHealth(index, opts);
  const all = sortHealth(report.nodes.values());
  if (all.some((h) => isUnhealthy(h.status))) ctx.setExit(EXIT_FINDINGS);
  if (flags.json) {
    printJson(io, healthJson(report, all));
    return;
  }
  const c = colors(io);
  const when = (ms: number, now: number) => formatDay(ms, now, report.timeZone);
  const host = index.meta.host;
  io.out(
    `${c.bold(`dfmap status${host ? ` of ${host}` : ''}`)} at ${atText(report)}: ${all.length} nodes, ${countLine(all)}`,
  );
  const shown = flags.all ? all : all.filter((h) => isUnhealthy(h.status));
  if (shown.length === 0) io.out(c.green('\nnothing stale, failing, missing or down.'));
  else {
    const rows = shown.map((h) => {
      const { note, detail } = detailOf(h);
      return [
        paintStatus(c, h.status, `${h.status}${note ? ` ${note}` : ''}`),
        h.label,
        c.dim(h.kind),
        sinceText(h, Date.parse(report.now), when),
        detail,
      ];
    });
    io.out('');
    for (const line of renderTable(rows, {
      header: ['STATUS', 'NODE', 'KIND', 'SINCE', 'DETAIL'],
      paintHeader: c.dim,
    }))
      io.out(line);
  }
  for (const w of report.weaknesses) io.out(`\n${c.yellow('weakness:')} ${w.text}`);
  io.out(c.dim(`\n${checkedLine(report)}`));
  const advice = copyAdvice(report);
  if (advice) io.out(c.yellow(advice));
  if (!flags.all && all.length > shown.length)
    io.out(c.dim(`${all.length - shown.length} healthy or not judged nodes hidden (--all shows them)`));
  printWarnings(io, c, report);
}

export const statusCommand: CommandModule = {
  name: 'status',
  register(program: Command, ctx: CliContext) {
    const cmd = program
      .command('status')
      .description(
        'the health of every node at a time: what is stale, failing, missing or down, worst first',
      );
    addHealthOptions(cmd)
      .option('--all', 'list healthy and not-judged nodes too')
      .addHelpText(
        'after',
        `${HEALTH_HELP}\n\nExit code 1 when something is unhealthy.\n\nExamples:\n  dfmap status --root /mnt/etl01\n  dfmap status --at 2026-11-26T09:00 --json`,
      )
      .action(async (flags: HealthFlags & { all?: boolean }) => runStatus(ctx, flags));
  },
};
