import { isTimeZone, toWallTime, type WallTime, zoneOffset } from '../../analyses/schedule/zoned-time.js';

/**
 * Wall-clock time in the server's zone <-> instants, with only Intl (no tz database of our own).
 * Syslog and most script logs write local wall time without an offset, so every parse goes through here;
 * offsets are cached per 15 minutes of UTC because a 1 GB log repeats the same hours millions of times.
 */

/** Is `tz` an IANA zone this Node knows? */
export const isValidTimeZone = isTimeZone;

export type { WallTime };

/** The wall-clock fields of an instant in `tz`. */
export function wallTime(ms: number, tz: string): WallTime {
  return toWallTime(new Date(ms), tz);
}

export { zoneOffset };

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
