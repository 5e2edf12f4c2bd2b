/**
 * OpenSSH's known_hosts(5): is this the key this host is known by? Host patterns (comma lists,
 * `*`/`?` wildcards, `!` negation), `[host]:port` for other ports than 22, hashed names
 * (`|1|salt|HMAC-SHA1`), and `@revoked` keys. An unknown host is refused, never trusted on first use.
 */
import { createHmac } from 'node:crypto';

export type HostKeyVerdict = 'known' | 'unknown' | 'changed' | 'revoked';

export function checkHostKey(knownHosts: string, host: string, port: number, key: Buffer): HostKeyVerdict {
  const name = port === 22 ? host.toLowerCase() : `[${host.toLowerCase()}]:${port}`;
  const wanted = key.toString('base64');
  let sawHost = false;
  for (const raw of knownHosts.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const words = line.split(/\s+/);
    const marker = words[0]?.startsWith('@') ? words.shift() : undefined;
    const [patterns, , blob] = words;
    if (!patterns || !blob || marker === '@cert-authority') continue;
    if (!matchesHost(patterns, name)) continue;
    if (marker === '@revoked') {
      if (blob === wanted) return 'revoked';
      continue;
    }
    sawHost = true;
    if (blob === wanted) return 'known';
  }
  return sawHost ? 'changed' : 'unknown';
}

function matchesHost(patterns: string, name: string): boolean {
  if (patterns.startsWith('|1|')) {
    const [, , salt, hash] = patterns.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let ok = false;
  for (const p of patterns.split(',')) {
    const negated = p.startsWith('!');
    const re = new RegExp(
      `^${(negated ? p.slice(1) : p)
        .toLowerCase()
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    if (re.test(name)) {
      if (negated) return false;
      ok = true;
    }
  }
  return ok;
}
