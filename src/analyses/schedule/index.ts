export {
  type CalendarSpec,
  calendarRunsBetween,
  nextCalendarRun,
  previousCalendarRun,
} from './calendar-spec.js';
export { CronSyntaxError, parseCron } from './cron.js';
export { nextRun, previousRun, runsBetween, scheduleProblem } from './next-run.js';
export { CalendarSyntaxError, parseCalendar } from './systemd-calendar.js';
export { fromWallTime, toWallTime, type WallTime } from './zoned-time.js';
