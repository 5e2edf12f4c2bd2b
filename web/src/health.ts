/**
 * Health in the viewer: the `health` attribute `dfmap export --format html --status` (and
 * `dfmap view --status`) stores on each node, read defensively (a map is data, not trusted code), and
 * how each status looks. Worst first, as `dfmap status` lists them.
 */
import type { DataflowGraph } from '../../src/graph/types.js';
import { HEALTH_STATUSES, type HealthStatus } from '../../src/health/types.js';

export type { HealthStatus };

export interface HealthStyle {
  /** Legend and panel wording. */
  title: string;
  /** What the word means, in the legend. */
  hint?: string;
  stroke: string;
  fill: string;
}

/**
 * Red for what is broken (down darkest, then failing), magenta for missing, yellow for stale, amber
 * for degraded, green for ok, grey for not judged. Blue and orange stay the lineage highlights.
 */
export const HEALTH_STYLES: Record<HealthStatus, HealthStyle> = {
  down: { title: 'down', stroke: '#7f1d1d', fill: '#f87171' },
  failing: { title: 'failing', stroke: '#b91c1c', fill: '#fecaca' },
  missing: { title: 'missing', stroke: '#a21caf', fill: '#f5d0fe' },
  stale: { title: 'stale', stroke: '#a16207', fill: '#fef08a' },
  degraded: { title: 'degraded', hint: 'fresh, from stale inputs', stroke: '#9a3412', fill: '#fed7aa' },
  unknown: { title: 'not judged', stroke: '#9ca3af', fill: '#f3f4f6' },
  ok: { title: 'ok', stroke: '#15803d', fill: '#bbf7d0' },
};

export const HEALTH_ORDER: readonly HealthStatus[] = HEALTH_STATUSES;

export interface HealthEvidenceView {
  source?: string;
  file?: string;
  line?: number;
  offset?: number;
  time?: string;
  text: string;
}

export interface NodeHealthView {
  status: HealthStatus;
  summary: string;
  since?: string;
  lastChange?: string;
  expected?: string;
  evidence: HealthEvidenceView[];
  derivedFrom: string[];
}

const isStatus = (x: unknown): x is HealthStatus =>
  typeof x === 'string' && (HEALTH_STATUSES as readonly string[]).includes(x);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

function evidenceOf(raw: unknown): HealthEvidenceView | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const e = raw as Record<string, unknown>;
  const text = str(e.text);
  if (text === undefined) return undefined;
  const out: HealthEvidenceView = { text };
  for (const k of ['source', 'file', 'time'] as const) {
    const v = str(e[k]);
    if (v !== undefined) out[k] = v;
  }
  for (const k of ['line', 'offset'] as const) if (Number.isFinite(e[k])) out[k] = e[k] as number;
  return out;
}

/** The node's health as stored, or undefined when it carries none (or one that makes no sense). */
export function healthOf(g: DataflowGraph, id: string): NodeHealthView | undefined {
  const raw = g.getNodeAttribute(id, 'health');
  if (!raw || typeof raw !== 'object') return undefined;
  const h = raw as Record<string, unknown>;
  if (!isStatus(h.status)) return undefined;
  const out: NodeHealthView = {
    status: h.status,
    summary: str(h.summary) ?? h.status,
    evidence: (Array.isArray(h.evidence) ? h.evidence : [])
      .map(evidenceOf)
      .filter((e): e is HealthEvidenceView => e !== undefined),
    derivedFrom: (Array.isArray(h.derivedFrom) ? h.derivedFrom : []).filter(
      (d): d is string => typeof d === 'string' && g.hasNode(d),
    ),
  };
  for (const k of ['since', 'lastChange', 'expected'] as const) {
    const v = str(h[k]);
    if (v !== undefined && !Number.isNaN(Date.parse(v))) out[k] = v;
  }
  return out;
}

/** A node's status for colouring: a node the map carries no health for is "not judged". */
export function statusOf(g: DataflowGraph, id: string): HealthStatus {
  return healthOf(g, id)?.status ?? 'unknown';
}

export function mapHasHealth(g: DataflowGraph): boolean {
  return g.someNode((id) => healthOf(g, id) !== undefined);
}

/** An aggregate's status: its worst problem; else ok when any member is ok; else not judged. */
export function worstStatus(statuses: Iterable<HealthStatus>): HealthStatus {
  let worst = HEALTH_ORDER.length;
  let ok = false;
  for (const s of statuses) {
    if (s === 'ok') ok = true;
    else if (s !== 'unknown') worst = Math.min(worst, HEALTH_ORDER.indexOf(s));
  }
  return HEALTH_ORDER[worst] ?? (ok ? 'ok' : 'unknown');
}

/**
 * `FAILING since Nov 24: /var/log/5.log "..."` -> note `` and detail `/var/log/5.log "..."`: the panel
 * shows the status and since beside it already (`DOWN (not probed): ...` keeps `(not probed)`).
 */
export function summaryParts(summary: string): { note: string; detail: string } {
  const m = /^([A-Z]{3,})((?: \([^)]*\))?)(?: since [^:]+)?: (.*)$/s.exec(summary);
  return m ? { note: (m[2] ?? '').trim(), detail: m[3] ?? '' } : { note: '', detail: summary };
}

/** The evidence's place: `file:line`, `file, byte N`, or the file alone. */
export function evidencePlace(e: HealthEvidenceView): string | undefined {
  if (!e.file) return undefined;
  if (e.line !== undefined) return `${e.file}:${e.line}`;
  if (e.offset !== undefined) return `${e.file}, byte ${e.offset}`;
  return e.file;
}

/** `Nov 24 02:00` (this year) or `2025-11-24 02:00`, in the server's zone the map records. */
export function formatHealthTime(iso: string, g: DataflowGraph): string {
  const tz = str(g.getAttribute('healthTimeZone')) ?? 'UTC';
  const at = str(g.getAttribute('healthAt'));
  const d = new Date(iso);
  const opts: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  let zone = tz;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    zone = 'UTC';
  }
  const year = (x: Date) => new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric' }).format(x);
  const sameYear = at ? year(new Date(at)) === year(d) : true;
  const date = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(d);
  return `${date} ${new Intl.DateTimeFormat('en-GB', { timeZone: zone, ...opts }).format(d)}`;
}
