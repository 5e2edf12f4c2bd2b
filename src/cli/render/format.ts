/**
 * How nodes, edges, evidence and times read on the terminal, shared by every analysis command
 * (and the health helper).
 */
import type { Evidence } from '../../model/evidence.js';
import type { NodeKind } from '../../model/kinds.js';
import type { Colors } from '../io.js';

export interface NodeLike {
  id: string;
  kind: NodeKind;
  label: string;
  name: string;
}

const KIND_COLOR: Record<NodeKind, keyof Colors> = {
  job: 'magenta',
  script: 'cyan',
  file: 'green',
  table: 'yellow',
  database: 'yellow',
  endpoint: 'blue',
  host: 'blue',
  unknown: 'gray',
};

export function paintKind(c: Colors, kind: NodeKind, text: string): string {
  const f = c[KIND_COLOR[kind]] as (s: string) => string;
  return f(text);
}

/**
 * `6.py script /opt/dataops/6.py`: the label in the kind's colour, then kind and full name dimmed
 * (a job's file:line only with `full`).
 */
export function formatNode(c: Colors, n: NodeLike, opts: { full?: boolean } = {}): string {
  const head = paintKind(c, n.kind, c.bold(clip(n.label, 60)));
  const name = `${fleetHost(n)}${n.name}`;
  const tail = n.name !== n.label && (opts.full || n.kind !== 'job') ? `${n.kind} ${name}` : n.kind;
  return `${head} ${c.dim(tail)}`;
}

/** In the fleet graph of a catalog (keys like `file://etl01/data/x`), `etl01:` before a local name. */
function fleetHost(n: NodeLike): string {
  const m = /^(?:job|script|file):\/\/([^/]+)\//.exec(n.id);
  return m ? `${m[1]}:` : '';
}

/** At most `width` characters, with an ellipsis when cut. */
export function clip(text: string, width: number): string {
  const t = text.trim();
  return t.length <= width ? t : `${t.slice(0, width - 1)}…`;
}

/** `/opt/dataops/6.py:28 open(EXPORT, 'w')`, plus how many more places say the same. */
export function formatEvidence(evidence: readonly Evidence[]): string {
  const first = evidence[0];
  if (!first) return '';
  const more = evidence.length > 1 ? ` (+${evidence.length - 1} more)` : '';
  return `${first.file}:${first.line} ${first.construct}${more}`;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();
const formatted = new Map<string, string>();

/** `2026-03-11 02:30 UTC` in the zone given (or the local one). */
export function formatTime(iso: string, tz?: string): string {
  // formatToParts is slow (~0.1 ms) and a large impact repeats the same few run times
  const memo = `${tz ?? ''} ${iso}`;
  const hit = formatted.get(memo);
  if (hit !== undefined) return hit;
  if (formatted.size > 10_000) formatted.clear();
  const at = new Date(iso);
  if (isUtc(tz, at)) {
    // no Intl: building a formatter with zone names loads ICU's zone data (~13 ms of a short run)
    const utc = at.toISOString();
    const text = `${utc.slice(0, 10)} ${utc.slice(11, 16)} UTC`;
    formatted.set(memo, text);
    return text;
  }
  let f = timeFormats.get(tz ?? '');
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      ...(tz ? { timeZone: tz } : {}),
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    timeFormats.set(tz ?? '', f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  const text = `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName ?? ''}`.trimEnd();
  formatted.set(memo, text);
  return text;
}

/**
 * Is the time in UTC: the zone given, or this machine's when it keeps UTC all year (asking Intl
 * for the machine's zone name would load ICU, which is what this avoids)?
 */
function isUtc(tz: string | undefined, at: Date): boolean {
  if (tz !== undefined) return /^(Etc\/)?(UTC|UCT|Zulu|GMT)$/.test(tz);
  const y = at.getFullYear();
  return [at, new Date(y, 0, 1), new Date(y, 6, 1)].every((d) => d.getTimezoneOffset() === 0);
}

/** `in 13h 35m`, `in 2d 4h`, `now`. */
export function formatIn(iso: string, now: Date): string {
  let s = Math.round((new Date(iso).getTime() - now.getTime()) / 1000);
  const past = s < 0;
  s = Math.abs(s);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const text = d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m` : m > 0 ? `${m}m` : `${s}s`;
  if (s === 0) return 'now';
  return past ? `${text} ago` : `in ${text}`;
}

/** `3 jobs, 1 script, 4 tables`: counts with plural nouns, in the order given. */
export function formatCounts(counts: ReadonlyArray<[string, number]>): string {
  return counts
    .filter(([, n]) => n > 0)
    .map(([noun, n]) => `${n} ${n === 1 ? noun : plural(noun)}`)
    .join(', ');
}

export function plural(noun: string): string {
  if (noun.endsWith('s')) return `${noun}es`;
  if (noun.endsWith('y')) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}
