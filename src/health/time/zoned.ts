/**
 * Wall-clock time in the server's zone <-> instants, with only Intl (no tz database of our own).
 * Syslog and most script logs write local wall time without an offset, so every parse goes through here;
 * offsets are cached per 15 minutes of UTC because a 1 GB log repeats the same hours millions of times.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();
const QUARTER_HOUR = 15 * 60_000;

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Is `tz` an IANA zone this Node knows? */
export function isValidTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday?: number;
}

/** The wall-clock fields of an instant in `tz` (through the cached offset: formatToParts is slow). */
export function wallTime(ms: number, tz: string): WallTime {
  const d = new Date(ms + zoneOffset(ms, tz));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

function wallTimeExact(ms: number, tz: string): WallTime {
  const parts = formatter(tz).formatToParts(new Date(ms));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** UTC offset of `tz` at instant `ms`, in ms (positive east of Greenwich). */
export function zoneOffset(ms: number, tz: string): number {
  if (tz === 'UTC' || tz === 'Etc/UTC') return 0;
  const key = `${tz}|${Math.floor(ms / QUARTER_HOUR)}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  const w = wallTimeExact(ms, tz);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const off = asUtc - Math.floor(ms / 1000) * 1000;
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(key, off);
  return off;
}

/**
 * The instant a wall-clock time in `tz` names. In the hour a DST change skips, the result lands after it;
 * in the hour it repeats, the first of the two (what cron and syslog readers usually mean).
 */
export function fromWallTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  tz: string,
): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  const off1 = zoneOffset(guess, tz);
  const t1 = guess - off1;
  const off2 = zoneOffset(t1, tz);
  if (off2 === off1) return t1;
  const t2 = guess - off2;
  return zoneOffset(t2, tz) === off2 ? Math.min(t1, t2) : t1;
}
