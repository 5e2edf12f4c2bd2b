/**
 * The time a log line was written, from the formats servers actually use, near the start of the line:
 * - RFC 3164 syslog `Nov 23 02:00:01` (no year: the year that puts it at or before the file's mtime);
 * - ISO 8601 / RFC 5424 / Python logging `2024-11-23 02:00:01,123`, `2024-11-23T02:00:01.5+01:00`;
 * - `2024/11/23 02:00:01` (Go's log package, many shell scripts);
 * - Apache/nginx `[23/Nov/2024:02:00:01 +0000]`;
 * - date(1) output `Sat Nov 23 02:00:01 UTC 2024` (scripts that `echo "$(date) start"`).
 * Times without an offset are wall time in `tz` (the server's, or the job's TZ=).
 */
import { fromWallTime } from './zoned.js';

export interface LineClock {
  tz: string;
  /** An instant the line cannot be much later than (the file's mtime): fixes syslog's missing year. */
  refMs: number;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const MON = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const ISO =
  /(?:^|[\s[(])(\d{4})[-/](\d\d)[-/](\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,]\d+)?)?\s?(Z|UTC|GMT|[+-]\d\d:?\d\d)?(?=$|[\s\]),|:-])/;
const SYSLOG = new RegExp(`^(?:<\\d+>)?${MON} {1,2}(\\d{1,2}) (\\d\\d):(\\d\\d):(\\d\\d)`);
const APACHE = new RegExp(`\\[(\\d\\d)/${MON}/(\\d{4}):(\\d\\d):(\\d\\d):(\\d\\d) ([+-]\\d{4})\\]`);
const DATE1 = new RegExp(
  `(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MON} {1,2}(\\d{1,2}) (\\d\\d):(\\d\\d):(\\d\\d) (?:([A-Z]{2,5}|[+-]\\d{2,4}) )?(\\d{4})`,
);
const DAY_MS = 86_400_000;

function offsetMs(zone: string | undefined): number | undefined {
  if (!zone) return undefined;
  if (zone === 'Z' || zone === 'UTC' || zone === 'GMT') return 0;
  const m = /^([+-])(\d\d):?(\d\d)?$/.exec(zone);
  if (!m) return undefined;
  const v = (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60_000;
  return m[1] === '-' ? -v : v;
}

function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  zone: string | undefined,
  tz: string,
) {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const off = offsetMs(zone);
  if (off !== undefined) return Date.UTC(y, mo - 1, d, h, mi, s) - off;
  return fromWallTime(y, mo, d, h, mi, s, tz);
}

/** Milliseconds since the epoch, or undefined when the line carries no time dfmap recognises. */
export function parseLogTime(line: string, clock: LineClock): number | undefined {
  const head = line.length > 120 ? line.slice(0, 120) : line;
  const sys = SYSLOG.exec(head);
  if (sys) {
    const mo = MONTHS[sys[1]!.toLowerCase()]!;
    const ref = new Date(clock.refMs);
    let year = ref.getUTCFullYear();
    const at = (y: number) =>
      build(y, mo, Number(sys[2]), Number(sys[3]), Number(sys[4]), Number(sys[5]), undefined, clock.tz);
    let t = at(year);
    // A line from December read in a file last written in January belongs to the year before.
    if (t !== undefined && t > clock.refMs + DAY_MS) t = at(--year);
    return t;
  }
  const iso = ISO.exec(head);
  if (iso) {
    return build(
      Number(iso[1]),
      Number(iso[2]),
      Number(iso[3]),
      Number(iso[4]),
      Number(iso[5]),
      Number(iso[6] ?? 0),
      iso[7],
      clock.tz,
    );
  }
  const ap = APACHE.exec(head);
  if (ap) {
    const mo = MONTHS[ap[2]!.toLowerCase()]!;
    return build(
      Number(ap[3]),
      mo,
      Number(ap[1]),
      Number(ap[4]),
      Number(ap[5]),
      Number(ap[6]),
      ap[7],
      clock.tz,
    );
  }
  const d1 = DATE1.exec(head);
  if (d1) {
    const mo = MONTHS[d1[1]!.toLowerCase()]!;
    // Zone abbreviations other than UTC/GMT are ambiguous (CST, IST); read them as the clock's zone.
    const zone = d1[6] && offsetMs(d1[6]) !== undefined ? d1[6] : undefined;
    return build(
      Number(d1[7]),
      mo,
      Number(d1[2]),
      Number(d1[3]),
      Number(d1[4]),
      Number(d1[5]),
      zone,
      clock.tz,
    );
  }
  return undefined;
}
