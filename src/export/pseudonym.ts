/**
 * Stable pseudonyms for names: HMAC-SHA256(salt, segment) in hex, per path segment, so a map keeps
 * its shape (same directory -> same pseudonym, depth, extensions, `*` wildcards, table qualification,
 * URL scheme and port) while nothing of a name survives. Without a secret salt anyone can hash a
 * guessed name and compare, so pass `--salt` when the names themselves are sensitive.
 *
 * Two passes keep it deterministic and collision-free: `collect` sees every segment first, then each
 * gets the shortest pseudonym (6 hex digits, longer on a clash) in sorted order.
 */
import { createHmac } from 'node:crypto';

export const DEFAULT_SALT = 'dfmap-anonymize-v1';
const MIN_LENGTH = 6;
const EXTENSION = /^(.+)\.([A-Za-z0-9]{1,8})$/;
/**
 * Extensions kept as shape. Only well-known ones: in `db.orders` the "extension" is a name, so an
 * extension not listed here is hashed like the rest of the segment.
 */
const KNOWN_EXTENSIONS = new Set(
  (
    'avro bak bash bz2 cfg conf cron csv d dat db dump env gz html ini jar java js json jsonl ksh log lz4 ' +
    'md mjs ndjson orc out parquet php pid pl pm py rb service sh sql sqlite sqlite3 tar tgz timer tmp ts ' +
    'tsv txt xls xlsx xml xz yaml yml zip zsh zst'
  ).split(' '),
);

export class Pseudonyms {
  private readonly names = new Map<string, string>();
  private readonly taken = new Set<string>();
  private readonly pending = new Set<string>();
  private collecting = true;

  constructor(private readonly salt: string = DEFAULT_SALT) {}

  /** End the collecting pass: assign every segment seen, in sorted order. */
  freeze(): void {
    for (const s of [...this.pending].sort()) this.assign(s);
    this.pending.clear();
    this.collecting = false;
  }

  /** Every original segment seen (for scrubbing free text). */
  known(): ReadonlySet<string> {
    return new Set(this.names.keys());
  }

  private assign(s: string): string {
    const hex = createHmac('sha256', this.salt).update(s).digest('hex');
    let len = MIN_LENGTH;
    while (this.taken.has(hex.slice(0, len)) && len < hex.length) len += 2;
    const p = hex.slice(0, len);
    this.taken.add(p);
    this.names.set(s, p);
    return p;
  }

  /** One name with no structure (a host, a user, a table part). `*` wildcards are kept. */
  word(s: string): string {
    if (s === '') return s;
    if (s.includes('*')) {
      return s
        .split('*')
        .map((part) => this.word(part))
        .join('*');
    }
    if (this.collecting) {
      this.pending.add(s);
      return s;
    }
    return this.names.get(s) ?? this.assign(s);
  }

  /** A path segment: extension and a leading dot (hidden file) are shape, the rest is a name. */
  segment(s: string): string {
    if (s === '' || s === '.' || s === '..' || s === '*') return s;
    if (s.startsWith('.')) return `.${this.segment(s.slice(1))}`;
    const m = EXTENSION.exec(s);
    return m && KNOWN_EXTENSIONS.has(m[2]!.toLowerCase()) ? `${this.word(m[1]!)}.${m[2]}` : this.word(s);
  }

  /** `/data/export/combined_export.json` -> `/3fa2c1/9b0e4d/c41d07.json`. */
  path(p: string): string {
    return p
      .split('/')
      .map((s) => this.segment(s))
      .join('/');
  }

  /** `shop.orders` -> `a1b2c3.d4e5f6`: the qualification depth stays. */
  qualified(name: string): string {
    return name
      .split('.')
      .map((s) => this.word(s))
      .join('.');
  }

  /** Scheme and port stay, the host is one pseudonym, path segments as in `path`, a query one pseudonym. */
  url(u: string): string {
    const m = /^([A-Za-z][\w+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/.exec(u);
    if (!m) return this.path(u);
    const [, scheme, authority = '', path = '', query, fragment] = m;
    const hostPort = authority.replace(/^[^@]*@/, '');
    const port = /:(\d+)$/.exec(hostPort)?.[0] ?? '';
    const host = hostPort.slice(0, hostPort.length - port.length);
    let out = `${scheme!.toLowerCase()}${this.word(host)}${port}${this.path(path)}`;
    if (query) out += `?${this.word(query.slice(1))}`;
    if (fragment) out += `#${this.word(fragment.slice(1))}`;
    return out;
  }

  /** A path, a URL or a bare name, whichever it looks like. */
  any(s: string): string {
    if (/^[A-Za-z][\w+.-]*:\/\//.test(s)) return this.url(s);
    return s.includes('/') ? this.path(s) : this.segment(s);
  }
}
