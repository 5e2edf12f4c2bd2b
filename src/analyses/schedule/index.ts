export { CronSyntaxError } from './cron.js';
export { nextRun, previousRun, runsBetween, scheduleProblem } from './next-run.js';
export {
  type CalendarSpec,
  CalendarSyntaxError,
  nextCalendarRun,
  parseCalendar,
  previousCalendarRun,
} from './systemd-calendar.js';
export { fromWallTime, toWallTime, type WallTime } from './zoned-time.js';
