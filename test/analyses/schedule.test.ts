import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextRun, previousRun, runsBetween, scheduleProblem } from '../../src/analyses/schedule/next-run.js';
import { CalendarSyntaxError, parseCalendar } from '../../src/analyses/schedule/systemd-calendar.js';

const at = (iso: string) => new Date(iso);
const iso = (d: Date | undefined) => d?.toISOString();

describe('cron schedules', () => {
  it('finds the next and previous run of a crontab time', () => {
    assert.equal(
      iso(nextRun('30 2 * * *', 'cron', at('2026-03-10T12:00:00Z'), 'UTC')),
      '2026-03-11T02:30:00.000Z',
    );
    assert.equal(
      iso(previousRun('30 2 * * *', 'cron', at('2026-03-10T12:00:00Z'), 'UTC')),
      '2026-03-10T02:30:00.000Z',
    );
  });

  it('is strictly after and strictly before the given time', () => {
    const t = at('2026-03-10T02:30:00Z');
    assert.equal(iso(nextRun('30 2 * * *', 'cron', t, 'UTC')), '2026-03-11T02:30:00.000Z');
    assert.equal(iso(previousRun('30 2 * * *', 'cron', t, 'UTC')), '2026-03-09T02:30:00.000Z');
  });

  it('reads nicknames, names and steps, and either day field (vixie cron)', () => {
    assert.equal(
      iso(nextRun('@daily', 'cron', at('2026-03-10T12:00:00Z'), 'UTC')),
      '2026-03-11T00:00:00.000Z',
    );
    assert.equal(
      iso(nextRun('@midnight', 'cron', at('2026-03-10T12:00:00Z'), 'UTC')),
      '2026-03-11T00:00:00.000Z',
    );
    assert.equal(
      iso(nextRun('*/15 6 * * mon-fri', 'cron', at('2026-03-13T06:20:00Z'), 'UTC')),
      '2026-03-13T06:30:00.000Z',
    );
    // 2026-03-14 is a Saturday: the next weekday run is Monday
    assert.equal(
      iso(nextRun('0 6 * * mon-fri', 'cron', at('2026-03-13T07:00:00Z'), 'UTC')),
      '2026-03-16T06:00:00.000Z',
    );
    // day 20 OR Friday: Friday the 13th comes first
    assert.equal(
      iso(nextRun('0 0 20 * 5', 'cron', at('2026-03-10T00:00:00Z'), 'UTC')),
      '2026-03-13T00:00:00.000Z',
    );
  });

  it('counts a day field that starts with * as unrestricted, as vixie cron and cronie do', () => {
    // `*/10` in the days sets cron's DOM_STAR: the weekday must match as well (Tuesday the 11th)
    assert.equal(
      iso(nextRun('0 0 */10 * 2', 'cron', at('2026-08-01T00:00:00Z'), 'UTC')),
      '2026-08-11T00:00:00.000Z',
    );
    // Sunday is 0 or 7; `a/n` runs from a to the end of the field
    assert.equal(
      iso(nextRun('0 0 * * 7', 'cron', at('2026-03-10T00:00:00Z'), 'UTC')),
      '2026-03-15T00:00:00.000Z',
    );
    assert.equal(
      iso(nextRun('50/5 * * * *', 'cron', at('2026-03-10T00:51:00Z'), 'UTC')),
      '2026-03-10T00:55:00.000Z',
    );
    assert.equal(nextRun('0 0 31 6 *', 'cron', at('2026-03-10T00:00:00Z'), 'UTC'), undefined, 'June 31');
  });

  it('refuses what cron itself refuses, naming the field', () => {
    assert.match(scheduleProblem('0 0 L * *', 'cron') ?? '', /day of month 'L'/);
    assert.match(scheduleProblem('0 0 * * 5#2', 'cron') ?? '', /day of week/);
    assert.match(scheduleProblem('0 0 ? * *', 'cron') ?? '', /day of month/);
    assert.match(scheduleProblem('0 22-2 * * *', 'cron') ?? '', /runs backwards/);
    assert.match(scheduleProblem('0 0 0 * * *', 'cron') ?? '', /five fields/);
    assert.match(scheduleProblem('*/0 * * * *', 'cron') ?? '', /step/);
  });

  it('runs a fixed-time job skipped by the spring change at the change, and once in the autumn', () => {
    // Berlin, 2026-03-29: 02:00 CET becomes 03:00 CEST at 01:00 UTC; 02:30 does not exist
    assert.equal(
      iso(nextRun('30 2 * * *', 'cron', at('2026-03-28T12:00:00Z'), 'Europe/Berlin')),
      '2026-03-29T01:00:00.000Z',
    );
    assert.equal(
      iso(previousRun('30 2 * * *', 'cron', at('2026-03-29T12:00:00Z'), 'Europe/Berlin')),
      '2026-03-29T01:00:00.000Z',
    );
    // systemd does not run a skipped time at all
    assert.equal(
      iso(nextRun('*-*-* 02:30', 'systemd', at('2026-03-28T12:00:00Z'), 'Europe/Berlin')),
      '2026-03-30T00:30:00.000Z',
    );
    // 2026-10-25: 03:00 CEST becomes 02:00 CET; 02:30 happens twice, the job runs the first time
    const autumn = runsBetween(
      '30 2 * * *',
      'cron',
      at('2026-10-24T12:00:00Z'),
      at('2026-10-26T12:00:00Z'),
      'Europe/Berlin',
    );
    assert.deepEqual(autumn.map(iso), ['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it("uses the machine's own zone when none is given, daylight saving included", () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Europe/Berlin';
    try {
      assert.equal(
        iso(nextRun('30 2 * * *', 'cron', at('2026-03-28T12:00:00Z'))),
        '2026-03-29T01:00:00.000Z',
      );
      assert.equal(iso(nextRun('0 2 * * *', 'cron', at('2026-07-01T12:00:00Z'))), '2026-07-02T00:00:00.000Z');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('runs a job with * in its minute or hour at the times that exist, both times in the autumn', () => {
    const half = (from: string, to: string) =>
      runsBetween('*/30 * * * *', 'cron', at(from), at(to), 'Europe/Berlin').map(iso);
    assert.deepEqual(half('2026-03-29T00:00:00Z', '2026-03-29T02:00:00Z'), [
      '2026-03-29T00:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-03-29T02:00:00.000Z',
    ]);
    assert.deepEqual(half('2026-10-25T00:00:00Z', '2026-10-25T02:00:00Z'), [
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T01:30:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
  });

  it('evaluates in the given time zone', () => {
    assert.equal(
      iso(nextRun('0 2 * * *', 'cron', at('2026-07-01T12:00:00Z'), 'Europe/Berlin')),
      '2026-07-02T00:00:00.000Z',
    );
  });

  it('has no time for @reboot or a broken line, and says why', () => {
    assert.equal(nextRun('@reboot', 'cron', at('2026-03-10T00:00:00Z')), undefined);
    assert.match(scheduleProblem('@reboot', 'cron') ?? '', /boot/);
    assert.equal(nextRun('61 * * * *', 'cron', at('2026-03-10T00:00:00Z')), undefined);
    assert.ok(scheduleProblem('61 * * * *', 'cron'));
    assert.equal(scheduleProblem('0 2 * * *', 'cron'), undefined);
  });
});

describe('systemd calendar expressions', () => {
  const from = at('2026-03-10T12:00:00Z'); // a Tuesday
  const next = (expr: string, t = from) => iso(nextRun(expr, 'systemd', t, 'UTC'));

  it('reads the shorthands', () => {
    assert.equal(next('daily'), '2026-03-11T00:00:00.000Z');
    assert.equal(next('hourly'), '2026-03-10T13:00:00.000Z');
    assert.equal(next('weekly'), '2026-03-16T00:00:00.000Z');
    assert.equal(next('monthly'), '2026-04-01T00:00:00.000Z');
    assert.equal(next('quarterly'), '2026-04-01T00:00:00.000Z');
    assert.equal(next('yearly'), '2027-01-01T00:00:00.000Z');
    assert.equal(next('minutely'), '2026-03-10T12:01:00.000Z');
  });

  it('reads full and partial date-time forms', () => {
    assert.equal(next('*-*-* 02:00:00'), '2026-03-11T02:00:00.000Z');
    assert.equal(next('*-*-* 14:05'), '2026-03-10T14:05:00.000Z');
    assert.equal(next('06:30'), '2026-03-11T06:30:00.000Z');
    assert.equal(next('2026-12-24 18:00'), '2026-12-24T18:00:00.000Z');
    assert.equal(next('03-15 08:00'), '2026-03-15T08:00:00.000Z');
    assert.equal(next('2025-01-01'), undefined, 'a date in the past never runs again');
  });

  it('reads weekdays, lists, ranges and repetitions', () => {
    assert.equal(next('Mon..Fri *-*-* 06:30'), '2026-03-11T06:30:00.000Z');
    assert.equal(next('Sat,Sun 10:00'), '2026-03-14T10:00:00.000Z');
    assert.equal(next('Fri..Mon 10:00'), '2026-03-13T10:00:00.000Z');
    assert.equal(next('*:0/15'), '2026-03-10T12:15:00.000Z');
    assert.equal(next('*-*-* 8..18/4:00'), '2026-03-10T16:00:00.000Z');
    assert.equal(next('*-*-1,15 03:00'), '2026-03-15T03:00:00.000Z');
    assert.equal(
      next('*-02~01 00:00', at('2028-01-01T00:00:00Z')),
      '2028-02-29T00:00:00.000Z',
      'last day of a leap February',
    );
  });

  it('honours a time zone written in the expression', () => {
    assert.equal(
      next('*-*-* 02:00:00 Europe/Berlin', at('2026-07-01T12:00:00Z')),
      '2026-07-02T00:00:00.000Z',
    );
  });

  it('takes the earliest of several OnCalendar= values', () => {
    assert.equal(next('*-*-* 23:00\n*-*-* 13:00'), '2026-03-10T13:00:00.000Z');
  });

  it('goes backwards for the previous run', () => {
    assert.equal(
      iso(previousRun('Mon..Fri *-*-* 06:30', 'systemd', at('2026-03-16T06:00:00Z'), 'UTC')),
      '2026-03-13T06:30:00.000Z',
    );
    assert.equal(
      iso(previousRun('daily', 'systemd', at('2026-03-10T00:00:00Z'), 'UTC')),
      '2026-03-09T00:00:00.000Z',
    );
  });

  it('is recognised without a scheduler attribute', () => {
    assert.equal(iso(nextRun('Mon *-*-* 04:00', undefined, from, 'UTC')), '2026-03-16T04:00:00.000Z');
  });

  it('rejects what it cannot read', () => {
    assert.throws(() => parseCalendar('Funday 10:00'), CalendarSyntaxError);
    assert.throws(() => parseCalendar('*-13-01'), CalendarSyntaxError);
    assert.throws(() => parseCalendar('25:00'), CalendarSyntaxError);
    assert.equal(nextRun('OnBootSec=5min', 'systemd', from), undefined);
  });
});

describe('runsBetween', () => {
  it('lists every run in a window, soonest first, for cron and systemd alike', () => {
    const from = at('2026-03-10T00:00:00Z');
    const to = at('2026-03-12T00:00:00Z');
    const iso = (ds: Date[]) => ds.map((d) => d.toISOString());
    assert.deepEqual(iso(runsBetween('30 2 * * *', 'cron', from, to, 'UTC')), [
      '2026-03-10T02:30:00.000Z',
      '2026-03-11T02:30:00.000Z',
    ]);
    assert.deepEqual(iso(runsBetween('*-*-* 02:30', 'systemd', from, to, 'UTC')), [
      '2026-03-10T02:30:00.000Z',
      '2026-03-11T02:30:00.000Z',
    ]);
    assert.equal(runsBetween('*/10 * * * *', 'cron', from, to, 'UTC', 5).length, 5);
    assert.deepEqual(runsBetween('@reboot', 'cron', from, to), []);
  });
});
