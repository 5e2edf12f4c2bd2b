/**
 * Wall-clock fields in a time zone and back, for schedule evaluation. Without a zone, the
 * process's local zone (TZ) is used, as cron and systemd use the server's.
 */

export interface WallTime {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday .. 6 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

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
      weekday: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Is `tz` an IANA zone name this runtime knows? */
export function isTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

export function toWallTime(date: Date, tz?: string): WallTime {
  if (tz === undefined) {
    return {
      year: date.getFullYear(),
      month: date.getMonth() + 1,
      day: date.getDate(),
      hour: date.getHours(),
      minute: date.getMinutes(),
      second: date.getSeconds(),
      weekday: date.getDay(),
    };
  }
  const w: WallTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, weekday: 0 };
  for (const p of formatter(tz).formatToParts(date)) {
    if (p.type === 'weekday') w.weekday = WEEKDAYS[p.value] ?? 0;
    else if (p.type in w) (w as unknown as Record<string, number>)[p.type] = Number(p.value);
  }
  return w;
}

/**
 * The instant a wall-clock time names in a zone; undefined for a time that does not exist there
 * (skipped by a daylight-saving change).
 */
export function fromWallTime(w: Omit<WallTime, 'weekday'>, tz?: string): Date | undefined {
  let date: Date;
  if (tz === undefined) {
    date = new Date(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  } else {
    const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    const offset = (t: number): number => {
      const x = toWallTime(new Date(t), tz);
      return Date.UTC(x.year, x.month - 1, x.day, x.hour, x.minute, x.second) - t;
    };
    let t = asUtc - offset(asUtc);
    const second = offset(t);
    if (second !== asUtc - t) t = asUtc - second;
    date = new Date(t);
  }
  const back = toWallTime(date, tz);
  const same =
    back.year === w.year &&
    back.month === w.month &&
    back.day === w.day &&
    back.hour === w.hour &&
    back.minute === w.minute &&
    back.second === w.second;
  return same ? date : undefined;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Weekday (0 = Sunday) of a calendar date, independent of any zone. */
export function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}
