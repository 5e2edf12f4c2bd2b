/** A schedule in words (cronstrue), beside the schedule as written; unknown forms stay as written. */
import cronstrue from 'cronstrue';

// crontab(5) macros, which cronstrue does not read
const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

export function scheduleInWords(expr: string): string | undefined {
  const e = expr.trim();
  if (e === '@reboot') return 'At system start';
  const cron = MACROS[e] ?? e;
  // only 5-6 field cron expressions; systemd OnCalendar values are left as written
  if (!/^\S+(\s+\S+){4,5}$/.test(cron)) return undefined;
  try {
    return cronstrue.toString(cron, {
      throwExceptionOnParseError: true,
      use24HourTimeFormat: true,
      verbose: false,
    });
  } catch {
    return undefined;
  }
}
