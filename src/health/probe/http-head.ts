/**
 * HTTP(S) endpoints get one HEAD request, without credentials or cookies: any status code means the
 * server is up (a 401 or 404 still answers); the `Server` header is its version where it tells.
 * Certificates are not verified: the question is "does it answer", not "is it trusted".
 */
import http from 'node:http';
import https from 'node:https';
import { type Failure, resolveHost } from './converse.js';

export interface HeadAnswer {
  status: number;
  server?: string;
}

export async function httpHead(
  secure: boolean,
  host: string,
  port: number,
  path: string,
  timeoutMs: number,
): Promise<{ ok: true; value: HeadAnswer } | { ok: false; failure: Failure }> {
  const resolved = await resolveHost(host, timeoutMs);
  if ('reason' in resolved) return { ok: false, failure: resolved };
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: { ok: true; value: HeadAnswer } | { ok: false; failure: Failure }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(r);
    };
    const mod = secure ? https : http;
    const req = mod.request({
      host: resolved.address,
      port,
      path,
      method: 'HEAD',
      agent: false,
      headers: { Host: port === (secure ? 443 : 80) ? host : `${host}:${port}`, 'User-Agent': 'dfmap-probe' },
      ...(secure ? { servername: /^[\d.:]+$/.test(host) ? undefined : host, rejectUnauthorized: false } : {}),
    });
    const timer = setTimeout(
      () =>
        done({
          ok: false,
          failure: { reason: 'timeout', detail: `no HTTP answer in ${timeoutMs / 1000} s` },
        }),
      timeoutMs,
    );
    req.on('response', (res) => {
      const server = res.headers.server;
      done({
        ok: true,
        value: { status: res.statusCode ?? 0, ...(server ? { server: String(server) } : {}) },
      });
      res.resume();
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      const reason: Failure['reason'] =
        err.code === 'ECONNREFUSED'
          ? 'refused'
          : err.code === 'ECONNRESET'
            ? 'reset'
            : err.code?.startsWith('ERR_SSL')
              ? 'protocol'
              : 'error';
      done({ ok: false, failure: { reason, detail: `${host}:${port}: ${err.code ?? err.message}` } });
    });
    req.end();
  });
}
