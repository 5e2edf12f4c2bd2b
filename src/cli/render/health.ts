/** Health as the CLI prints it: status colours, the count line, the time T, warnings, the JSON shape. */
import { type Assessment, type HealthStatus, type NodeHealth, statusRank } from '../../health/index.js';
import { formatLocation } from '../../model/diagnostic.js';
import type { Colors, Io } from '../io.js';

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

/** When ROOT lacks the logs or the data entirely: what to copy, and how (README "Scanning a copy"). */
export function copyAdvice(report: Assessment): string | undefined {
  if (!report.notCopied?.length) return undefined;
  const dirs = report.notCopied;
  return `this copy of the server has none of the map's logs or data files under ${report.root}: copy ${dirs.join(', ')} from the server with their file times (rsync -a --relative host:${dirs.join(' :')} ROOT), then ask again`;
}
