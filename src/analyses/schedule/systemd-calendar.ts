/**
 * systemd calendar expressions (`OnCalendar=`) parsed to a CalendarSpec (calendar-spec.ts evaluates
 * it). systemd.time(7):
 *   [WEEKDAYS] [YEAR-]MONTH-DAY [HOUR:MINUTE[:SECOND]] [TIMEZONE]
 * each field `*`, a value, a list `a,b`, a range `a..b`, a repetition `a/step` or `a..b/step`;
 * `~N` days count from the end of the month (`~1` is the last day); a missing date is `*-*-*`,
 * a missing time `00:00:00`, missing seconds `00`. Shorthands: minutely, hourly, daily, weekly,
 * monthly, yearly/annually, quarterly, semiannually.
 */
import type { CalendarSpec } from './calendar-spec.js';
import { isTimeZone } from './zoned-time.js';

const SHORTHANDS: Record<string, string> = {
  minutely: '*-*-* *:*:00',
  hourly: '*-*-* *:00:00',
  daily: '*-*-* 00:00:00',
  weekly: 'Mon *-*-* 00:00:00',
  monthly: '*-*-01 00:00:00',
  yearly: '*-01-01 00:00:00',
  annually: '*-01-01 00:00:00',
  quarterly: '*-01,04,07,10-01 00:00:00',
  semiannually: '*-01,07-01 00:00:00',
};

const DAY_NAMES: Record<string, number> = {
  sun: 0,
  sunday: 0,
  mon: 1,
  monday: 1,
  tue: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
};

export class CalendarSyntaxError extends Error {}

/** Parse an OnCalendar= value; throws CalendarSyntaxError naming the part it cannot read. */
export function parseCalendar(expression: string): CalendarSpec {
  let text = expression.trim();
  const short = SHORTHANDS[text.toLowerCase()];
  if (short) text = short;
  const tokens = text.split(/\s+/).filter(Boolean);
  let tz: string | undefined;
  const last = tokens[tokens.length - 1];
  if (last && tokens.length > 1 && /^[A-Za-z][\w+-]*(\/[\w+-]+)*$/.test(last) && isTimeZone(last)) {
    tz = last === 'UTC' || last === 'GMT' ? 'UTC' : last;
    tokens.pop();
  }
  let weekdays: Set<number> | undefined;
  if (tokens[0] && /^[A-Za-z]/.test(tokens[0])) weekdays = parseWeekdays(tokens.shift()!);
  let date = '*-*-*';
  let time = '00:00:00';
  for (const tok of tokens) {
    if (tok.includes(':')) time = tok;
    else if (tok.includes('-') || tok.includes('~')) date = tok;
    else throw new CalendarSyntaxError(`cannot read '${tok}' in '${expression}'`);
  }
  if (tokens.length > 2) throw new CalendarSyntaxError(`too many parts in '${expression}'`);
  const spec: CalendarSpec = { ...parseDate(date, expression), ...parseTime(time, expression) };
  if (weekdays) spec.weekdays = weekdays;
  if (tz) spec.tz = tz;
  return spec;
}

function parseWeekdays(text: string): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [a, b] = part.split(/\.\.|-/);
    const from = DAY_NAMES[(a ?? '').toLowerCase()];
    const to = b === undefined ? from : DAY_NAMES[b.toLowerCase()];
    if (from === undefined || to === undefined) throw new CalendarSyntaxError(`unknown weekday '${part}'`);
    for (let d = from; ; d = (d + 1) % 7) {
      out.add(d);
      if (d === to) break;
    }
  }
  return out;
}

function parseDate(
  text: string,
  expr: string,
): Pick<CalendarSpec, 'years' | 'months' | 'days' | 'daysFromEnd'> {
  // the day part may use `~` (from the end) instead of the last `-`
  const tilde = text.indexOf('~');
  const head = tilde >= 0 ? text.slice(0, tilde) : text;
  const parts = head.split('-');
  const dayText = tilde >= 0 ? undefined : parts.pop();
  const monthText = parts.pop() ?? '*';
  const yearText = parts.pop() ?? '*';
  if (parts.length > 0) throw new CalendarSyntaxError(`cannot read the date '${text}' in '${expr}'`);
  let days: number[] = [];
  let daysFromEnd: number[] = [];
  if (tilde >= 0) daysFromEnd = expand(text.slice(tilde + 1), 1, 31, expr);
  else days = expand(dayText ?? '*', 1, 31, expr);
  const years = yearText === '*' ? undefined : yearMatcher(yearText, expr);
  return { months: expand(monthText, 1, 12, expr), days, daysFromEnd, ...(years ? { years } : {}) };
}

function parseTime(text: string, expr: string): Pick<CalendarSpec, 'hours' | 'minutes' | 'seconds'> {
  const parts = text.split(':');
  if (parts.length < 2 || parts.length > 3)
    throw new CalendarSyntaxError(`cannot read the time '${text}' in '${expr}'`);
  const sec = (parts[2] ?? '00').replace(/\.\d+/g, '');
  return {
    hours: expand(parts[0]!, 0, 23, expr),
    minutes: expand(parts[1]!, 0, 59, expr),
    seconds: expand(sec, 0, 59, expr),
  };
}

/** Expand `*`, `a`, `a..b`, `a/s`, `a..b/s`, lists of these, into sorted values in [min, max]. */
function expand(text: string, min: number, max: number, expr: string): number[] {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|\d+)(?:\.\.(\d+))?(?:\/(\d+))?$/.exec(part);
    if (!m) throw new CalendarSyntaxError(`cannot read '${part}' in '${expr}'`);
    const from = m[1] === '*' ? min : Number(m[1]);
    const to = m[2] !== undefined ? Number(m[2]) : m[3] !== undefined || m[1] === '*' ? max : from;
    const step = m[3] !== undefined ? Number(m[3]) : 1;
    if (from < min || to > max || step < 1)
      throw new CalendarSyntaxError(`'${part}' is out of range in '${expr}'`);
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

function yearMatcher(text: string, expr: string): (year: number) => boolean {
  const parts = text.split(',').map((part) => {
    const m = /^(\d+)(?:\.\.(\d+))?(?:\/(\d+))?$/.exec(part);
    if (!m) throw new CalendarSyntaxError(`cannot read the year '${part}' in '${expr}'`);
    const from = Number(m[1]);
    const to = m[2] !== undefined ? Number(m[2]) : m[3] !== undefined ? Number.POSITIVE_INFINITY : from;
    return { from, to, step: Number(m[3] ?? 1) };
  });
  return (y) => parts.some((p) => y >= p.from && y <= p.to && (y - p.from) % p.step === 0);
}
