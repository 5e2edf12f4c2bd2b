/**
 * Scrubbing free text (an evidence construct such as `cron line: python3 load.py` or `psql -f
 * /opt/sql/x.sql`) for `--anonymize`: every path becomes its pseudonymous path and every name the
 * map knows becomes its pseudonym; the words around them (`cron line:`, `psql -f`) stay.
 * Linear in the text: tokens are looked up, not searched for, except the few names that contain
 * spaces, quotes or brackets, which are replaced whole first.
 */
import type { Pseudonyms } from './pseudonym.js';

const DELIMITERS = /([\s'"`(),;=<>|&{}[\]]+)/;
const AWKWARD = /[\s'"`(),;=<>|&{}[\]]/;

export type Scrub = (text: string) => string;

/**
 * `wholes` maps full original strings (paths, URLs, table names) to their pseudonymous form; `known`
 * holds every original segment the pseudonyms have seen.
 */
export function createScrubber(
  p: Pseudonyms,
  wholes: ReadonlyMap<string, string>,
  known: ReadonlySet<string>,
): Scrub {
  const awkward = [...wholes, ...[...known].map((k): [string, string] => [k, p.word(k)])]
    .filter(([orig]) => orig !== '' && AWKWARD.test(orig))
    .sort(([a], [b]) => b.length - a.length || (a < b ? -1 : 1));
  const token = (t: string): string => {
    if (t === '' || DELIMITERS.test(t)) return t;
    const whole = wholes.get(t);
    if (whole !== undefined) return whole;
    if (t.includes('/')) return p.any(t);
    return t
      .split(/([.*])/)
      .map((piece) => (known.has(piece) ? p.word(piece) : piece))
      .join('');
  };
  return (text) => {
    let out = text;
    for (const [orig, anon] of awkward) if (out.includes(orig)) out = out.split(orig).join(anon);
    return out.split(DELIMITERS).map(token).join('');
  };
}
