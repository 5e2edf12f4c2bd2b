/**
 * Cron schedules through cron-parser (vixie semantics: when both day-of-month and day-of-week
 * are restricted, either matches). crontab(5) nicknames cron-parser lacks are mapped here;
 * `@reboot` has no time.
 */
import { CronExpressionParser } from 'cron-parser';

const NICKNAMES: Record<string, string> = {
  '@midnight': '0 0 * * *',
  '@daily': '0 0 * * *',
  '@hourly': '0 * * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
};

export class CronSyntaxError extends Error {}

function parse(expression: string, currentDate: Date, tz?: string, endDate?: Date) {
  const text = expression.trim().replace(/\s+/g, ' ');
  const nick = NICKNAMES[text.toLowerCase()];
  if (text.toLowerCase() === '@reboot') throw new CronSyntaxError('@reboot runs at boot, not at a time');
  const fields = (nick ?? text).split(' ');
  // crontab(5) has five fields; six would make cron-parser read the first as seconds
  if (fields.length !== 5) throw new CronSyntaxError(`'${expression}' does not have five fields`);
  try {
    return CronExpressionParser.parse(fields.join(' '), {
      currentDate,
      ...(endDate ? { endDate } : {}),
      ...(tz ? { tz } : {}),
    });
  } catch (err) {
    throw new CronSyntaxError(`cannot read '${expression}': ${(err as Error).message}`);
  }
}

/** Throws CronSyntaxError when the expression is not a crontab time. */
export function checkCron(expression: string): void {
  parse(expression, new Date());
}

export function nextCronRun(expression: string, after: Date, tz?: string): Date | undefined {
  const it = parse(expression, after, tz);
  return it.hasNext() ? it.next().toDate() : undefined;
}

export function previousCronRun(expression: string, before: Date, tz?: string): Date | undefined {
  // cron-parser's prev() may return `before` itself when it is a run time; we want strictly before
  const it = parse(expression, new Date(before.getTime() - 1), tz);
  if (!it.hasPrev()) return undefined;
  const d = it.prev().toDate();
  return d.getTime() < before.getTime() ? d : undefined;
}

/** Run times in (from, to], at most `max`, from one parse (nextCronRun re-parses each call). */
export function cronRunsBetween(
  expression: string,
  from: Date,
  to: Date,
  tz: string | undefined,
  max: number,
): Date[] {
  const it = parse(expression, from, tz, to);
  const out: Date[] = [];
  // next() throws past endDate; hasNext() would compute every run twice (cron-parser is slow: luxon)
  while (out.length < max) {
    try {
      out.push(it.next().toDate());
    } catch {
      break;
    }
  }
  return out;
}
