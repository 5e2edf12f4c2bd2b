/**
 * `--probe`: is a database or endpoint the map names up right now, and what does it say it is?
 * A TCP connect, then the protocol's hello without credentials where it has one. Bounded by
 * `timeoutMs` per step; `.invalid` names fail without asking any resolver.
 */
import type { ProbeResult } from '../types.js';
import { type Conversation, converse, type Failure } from './converse.js';
import { PG_SSL_REQUEST, parseMysqlGreeting, parsePostgresSslAnswer } from './greetings.js';
import { httpHead } from './http-head.js';
import { isReservedInvalid, type ProbeTarget } from './target.js';

export const DEFAULT_PROBE_TIMEOUT_MS = 3000;

function result(
  t: ProbeTarget,
  started: number,
  fields: Partial<ProbeResult> & { up: boolean; detail: string },
): ProbeResult {
  return {
    target: t.url,
    host: t.host,
    port: t.port,
    protocol: t.protocol,
    elapsedMs: Date.now() - started,
    ...fields,
  };
}

function down(t: ProbeTarget, started: number, f: Failure): ProbeResult {
  return result(t, started, { up: false, reason: f.reason, detail: f.detail });
}

function fromConversation<T>(
  t: ProbeTarget,
  started: number,
  c: Conversation<T>,
  up: (v: T) => { version?: string; detail: string },
): ProbeResult {
  if (!c.ok) return down(t, started, c.failure);
  const { version, detail } = up(c.value);
  return result(t, started, { up: true, detail, ...(version ? { version } : {}) });
}

export async function probeTarget(
  t: ProbeTarget,
  timeoutMs = DEFAULT_PROBE_TIMEOUT_MS,
): Promise<ProbeResult> {
  const started = Date.now();
  if (isReservedInvalid(t.host)) {
    return down(t, started, {
      reason: 'dns',
      detail: `'${t.host}' is under .invalid, which never resolves (RFC 6761); not looked up`,
    });
  }
  const base = { host: t.host, port: t.port, timeoutMs };
  switch (t.protocol) {
    case 'mysql': {
      const c = await converse({ ...base, parse: parseMysqlGreeting });
      return fromConversation(t, started, c, (g) =>
        g.version
          ? { version: g.version, detail: 'server greeting, no login' }
          : { detail: `answered with ${g.error} (up, but refuses this client)` },
      );
    }
    case 'postgres': {
      const c = await converse({ ...base, send: PG_SSL_REQUEST, parse: parsePostgresSslAnswer });
      return fromConversation(t, started, c, (a) => ({
        detail: `${a === 'S' ? 'SSL supported' : a === 'N' ? 'SSL not offered' : 'answered SSLRequest with an error'}; version not told without authentication`,
      }));
    }
    case 'http':
    case 'https': {
      const r = await httpHead(t.protocol === 'https', t.host, t.port, t.path, timeoutMs);
      if (!r.ok) return down(t, started, r.failure);
      return result(t, started, {
        up: true,
        detail: `HEAD ${t.path}: HTTP ${r.value.status}`,
        ...(r.value.server ? { version: r.value.server } : {}),
      });
    }
    default: {
      // Many TCP services (SSH, FTP, SMTP) greet first; the rest accept silently, which is up too.
      const c = await converse<string>({
        ...base,
        timeoutMs: Math.min(timeoutMs, 1500),
        parse: (b) => (b.includes(0x0a) ? b.toString('latin1').split(/\r?\n/)[0]!.slice(0, 120) : undefined),
        onSilence: () => '',
      });
      return fromConversation(t, started, c, (banner) =>
        banner
          ? { version: banner, detail: `banner: ${banner}` }
          : { detail: 'accepts connections (no banner)' },
      );
    }
  }
}
