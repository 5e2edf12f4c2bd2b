/**
 * Crontab times (crontab(5), as vixie cron and cronie read them) parsed to a CalendarSpec:
 *   minute hour day-of-month month day-of-week
 * each field `*`, a number, a range `a-b`, a step `*\/n`, `a-b/n` or `a/n` (cronie: a to the end),
 * or a list of these; months and weekdays also by English name (`jan`, `mon-fri`), Sunday as 0 or 7.
 * When both day fields are restricted a day matching either runs the job; when one starts with `*`
 * only the other counts. `@daily` and the other nicknames are read; `@reboot` has no time.
 * Quartz extensions (`L`, `W`, `#`, `?`, a seconds field) are not cron's and are refused.
 */
import type { CalendarSpec } from './calendar-spec.js';

const NICKNAMES: Record<string, string> = {
  '@midnight': '0 0 * * *',
  '@daily': '0 0 * * *',
  '@hourly': '0 * * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface Field {
  what: string;
  min: number;
  max: number;
  /** Names for the values from `min`. */
  names?: string[];
  /** Where `*` ends, when not at `max` (the weekdays: Sunday to Saturday once, not 0..7). */
  starMax?: number;
}

const FIELDS: Field[] = [
  { what: 'minute', min: 0, max: 59 },
  { what: 'hour', min: 0, max: 23 },
  { what: 'day of month', min: 1, max: 31 },
  { what: 'month', min: 1, max: 12, names: MONTHS },
  { what: 'day of week', min: 0, max: 7, names: WEEKDAYS, starMax: 6 },
];

export class CronSyntaxError extends Error {}

/** Parse a crontab time; throws CronSyntaxError saying which part it cannot read. */
export function parseCron(expression: string): CalendarSpec {
  const text = expression.trim().replace(/\s+/g, ' ');
  const lower = text.toLowerCase();
  if (lower === '@reboot') throw new CronSyntaxError('@reboot runs at boot, not at a time');
  const fields = (NICKNAMES[lower] ?? text).split(' ');
  if (fields.length !== 5) throw new CronSyntaxError(`'${expression}' does not have five fields`);
  const [minutes, hours, days, months, weekdays] = fields.map((f, i) => expand(f, FIELDS[i]!, expression));
  const star = (f: string) => f.startsWith('*');
  const [minuteField, hourField, dayField, , weekdayField] = fields as [
    string,
    string,
    string,
    string,
    string,
  ];
  const spec: CalendarSpec = {
    months: months!,
    days: days!,
    daysFromEnd: [],
    hours: hours!,
    minutes: minutes!,
    seconds: [0],
    weekdays: new Set(weekdays!.map((d) => d % 7)),
    dayRule: star(dayField) || star(weekdayField) ? 'and' : 'or',
  };
  if (star(minuteField) || star(hourField)) spec.runRepeatedTwice = true;
  else spec.runSkippedAtChange = true;
  return spec;
}

/** Expand one field to its sorted values; every problem names the field and the expression. */
function expand(text: string, field: Field, expression: string): number[] {
  const out = new Set<number>();
  const fail = (why: string) =>
    new CronSyntaxError(`cannot read the ${field.what} '${text}' in '${expression}': ${why}`);
  for (const part of text.split(',')) {
    const m = /^(\*|[a-z0-9]+)(?:-([a-z0-9]+))?(?:\/(\d+))?$/i.exec(part);
    if (!m) throw fail(part === '' ? 'an empty list item' : `'${part}' is not a value, range or step`);
    const [, a, b, s] = m;
    if (a === '*' && b !== undefined) throw fail(`'${part}' is not a range`);
    const from = a === '*' ? field.min : value(a!, field, fail);
    // `a/n` runs from a to the end of the field (cronie); a bare `a` is just a
    const to =
      b !== undefined
        ? value(b, field, fail)
        : a === '*'
          ? (field.starMax ?? field.max)
          : s !== undefined
            ? field.max
            : from;
    const step = s === undefined ? 1 : Number(s);
    if (step < 1) throw fail('a step must be at least 1');
    if (to < from) throw fail(`the range '${part}' runs backwards`);
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return [...out].sort((x, y) => x - y);
}

function value(text: string, field: Field, fail: (why: string) => CronSyntaxError): number {
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  const v =
    named >= 0 ? named + (field.max === 7 ? 0 : field.min) : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isNaN(v)) throw fail(`'${text}' is not a number${field.names ? ' or a name' : ''}`);
  if (v < field.min || v > field.max) throw fail(`${v} is outside ${field.min}-${field.max}`);
  return v;
}
