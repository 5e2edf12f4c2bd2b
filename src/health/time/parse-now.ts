/**
 * `--at T`: the time health is judged at. ISO 8601 with an offset (`2026-11-26T09:00:00+01:00`, `...Z`)
 * is an instant; without one (`2026-11-26 09:00`) it is wall time in the server's zone, the way the
 * server's logs read. `@1795680000` is epoch seconds.
 */
import { UsageError } from '../../model/errors.js';
import { fromWallTime } from './zoned.js';

export function parseNow(text: string | undefined, tz: string, clock: () => number = Date.now): Date {
  if (text === undefined || text === '' || text === 'now') return new Date(clock());
  const epoch = /^@(\d+)$/.exec(text.trim());
  if (epoch) return new Date(Number(epoch[1]) * 1000);
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?)?\s*(Z|[+-]\d\d:?\d\d)?$/.exec(
    text.trim(),
  );
  if (!m) {
    throw new UsageError(`--at: '${text}' is not a time.`, {
      hint: "use ISO 8601: 2026-11-26T09:00 (server's zone), 2026-11-26T08:00Z, or @EPOCH_SECONDS",
    });
  }
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) {
    throw new UsageError(`--at: '${text}' is not a valid date and time.`);
  }
  if (m[7])
    return new Date(
      Date.parse(
        `${m[1]}-${m[2]}-${m[3]}T${pad(h)}:${pad(mi)}:${pad(s)}${m[7] === 'Z' ? 'Z' : m[7].replace(/^([+-]\d\d)(\d\d)$/, '$1:$2')}`,
      ),
    );
  return new Date(fromWallTime(y, mo, d, h, mi, s, tz));
}

const pad = (n: number): string => String(n).padStart(2, '0');
