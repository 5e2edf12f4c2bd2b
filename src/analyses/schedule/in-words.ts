/**
 * A schedule in words: cron through cronstrue; a systemd `OnCalendar=` value by turning it into
 * the cron expression it equals (systemd.time(7): `Mon..Fri *-*-* 02:30:00` is `30 2 * * 1-5`),
 * then the same words. A calendar cron cannot say (seconds, years, `~` days from the month's end,
 * a zone of its own) has no words: callers show it as written.
 */
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

// systemd.time(7) shorthands, as cron
const SYSTEMD_SHORTHANDS: Record<string, string> = {
  minutely: '* * * * *',
  hourly: '0 * * * *',
  daily: '0 0 * * *',
  weekly: '0 0 * * 1',
  monthly: '0 0 1 * *',
  yearly: '0 0 1 1 *',
  annually: '0 0 1 1 *',
  quarterly: '0 0 1 1,4,7,10 *',
  semiannually: '0 0 1 1,7 *',
};

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The schedule in words (`At 02:30, Monday through Friday`), or undefined when it has none. */
export function scheduleInWords(schedule: string, scheduler?: string): string | undefined {
  const text = schedule.trim();
  if (text === '@reboot') return 'At system start';
  const parts = text.split(/\s*[;\n]\s*/).filter(Boolean);
  const crons: string[] = [];
  for (const p of parts) {
    const cron = asCron(p, scheduler);
    if (cron === undefined) return undefined;
    crons.push(cron);
  }
  const words = crons.map(cronWords);
  return words.every((w) => w !== undefined) ? words.join('; ') : undefined;
}

function asCron(text: string, scheduler: string | undefined): string | undefined {
  const macro = MACROS[text];
  if (macro) return macro;
  const short = SYSTEMD_SHORTHANDS[text.toLowerCase()];
  if (short && scheduler !== 'cron') return short;
  if (scheduler !== 'systemd' && /^\S+(\s+\S+){4}$/.test(text) && !/[:~]|\.\./.test(text)) return text;
  return calendarAsCron(text);
}

function cronWords(cron: string): string | undefined {
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

/** `[WEEKDAYS] [*-]MONTH-DAY HH:MM[:00]` as `MIN HOUR DAY MONTH WEEKDAYS`; undefined otherwise. */
function calendarAsCron(text: string): string | undefined {
  const tokens = text.split(/\s+/);
  let dow = '*';
  if (tokens[0] && /^[A-Za-z]/.test(tokens[0])) {
    const days = weekdays(tokens.shift()!);
    if (days === undefined) return undefined;
    dow = days;
  }
  let date = '*-*-*';
  let time = '00:00:00';
  for (const t of tokens) {
    if (t.includes(':') && time === '00:00:00') time = t;
    else if (t.includes('-') && date === '*-*-*') date = t;
    else return undefined; // a zone, a second date or time: leave it as written
  }
  const d = date.split('-');
  if (d.length === 2) d.unshift('*');
  const [year, month, day] = d;
  if (d.length !== 3 || year !== '*' || date.includes('~')) return undefined;
  const t = time.split(':');
  if (t.length === 2) t.push('00');
  const [hour, minute, second] = t;
  if (t.length !== 3 || !/^0?0$/.test(second!)) return undefined;
  const fields = [minute!, hour!, day!, month!].map(field);
  if (fields.some((f) => f === undefined)) return undefined;
  return [...fields, dow].join(' ');
}

/** A calendar field as a cron field: `*`, `5`, `01,15`, `1..5`, `0/15` (a step from 0). */
function field(value: string): string | undefined {
  const out = value.split(',').map((part) => {
    const m = /^(\*|\d+)(?:\.\.(\d+))?(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const from = m[1] === '*' ? '*' : String(Number(m[1]));
    const range = m[2] === undefined ? from : `${from}-${Number(m[2])}`;
    return m[3] === undefined ? range : `${range}/${Number(m[3])}`;
  });
  return out.every((p) => p !== undefined) ? out.join(',') : undefined;
}

/** `Mon..Fri`, `Sat,Sun`, `Mon,Wed..Fri` as cron's day-of-week field. */
function weekdays(token: string): string | undefined {
  const out = token.split(',').map((part) => {
    const [a, b] = part.split('..').map((d) => DAYS.indexOf(d.slice(0, 3).toLowerCase()));
    if (a === undefined || a < 0 || (b !== undefined && b < 0)) return undefined;
    return b === undefined ? String(a) : `${a}-${b}`;
  });
  return out.every((p) => p !== undefined) ? out.join(',') : undefined;
}
