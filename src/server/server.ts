/**
 * `dfmap view`'s HTTP server: the viewer's built assets (held in memory, served by exact name, so no
 * request path ever reaches the filesystem) and the read-only JSON API. GET only. Bound to 127.0.0.1
 * unless told otherwise; on loopback it also checks the Host header, so a web page elsewhere cannot
 * reach it through DNS rebinding. Every path needs the random token in the URL it prints.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadViewerAssets, type ViewerAssets } from '../export/formats/html.js';
import type { DataflowGraph } from '../graph/types.js';
import { UsageError } from '../model/errors.js';
import { isLoopbackHost, isUnspecifiedHost } from '../util/loopback.js';
import { answerApi, type ServedMap, servedMap } from './api.js';

export interface ServerOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  assets?: ViewerAssets;
  /** The access token (default: 24 random bytes); tests pass their own. */
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; worker-src 'self'; style-src 'self' 'unsafe-inline'; " +
    "img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

type Asset = { type: string; body: string };

function assetTable(a: ViewerAssets): Map<string, Asset> {
  const html = { type: 'text/html; charset=utf-8', body: a.indexHtml };
  return new Map<string, Asset>([
    ['/', html],
    ['/index.html', html],
    ['/app.js', { type: 'text/javascript; charset=utf-8', body: a.appJs }],
    ['/app.css', { type: 'text/css; charset=utf-8', body: a.appCss }],
    ['/layout-worker.js', { type: 'text/javascript; charset=utf-8', body: a.workerJs }],
  ]);
}

/**
 * Bound to any loopback address (127.0.0.2 and ::ffff:127.0.0.1 too), a request must name a loopback
 * host: a page elsewhere that rebinds its own name to 127.0.0.1 sends its own name.
 */
function hostAllowed(req: http.IncomingMessage, bound: string): boolean {
  if (!isLoopbackHost(bound) || isUnspecifiedHost(bound)) return true;
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  return isLoopbackHost(host) && !isUnspecifiedHost(host);
}

/**
 * Every path lives under `/s/TOKEN/`: the viewer's own URLs are relative, so the page, its assets
 * and its API calls carry the token, and another user of the machine, who cannot read the terminal
 * `dfmap view` printed to, gets 403 for `/api/map`.
 */
function underToken(pathname: string, token: string): string | undefined {
  const m = /^\/s\/([^/]+)(\/.*)$/.exec(pathname);
  if (!m) return undefined;
  const given = Buffer.from(m[1] as string);
  const want = Buffer.from(token);
  if (given.length !== want.length || !timingSafeEqual(given, want)) return undefined;
  return m[2] as string;
}

interface Reply {
  status: number;
  type: string;
  body: string;
  headers?: Record<string, string>;
}

const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({
  status,
  type: 'application/json; charset=utf-8',
  body: `${JSON.stringify(body)}\n`,
  headers,
});

function route(
  m: ServedMap,
  assets: Map<string, Asset>,
  bound: string,
  token: string,
  req: http.IncomingMessage,
): Reply {
  if (!hostAllowed(req, bound)) return json(403, { error: 'unexpected Host header.' });
  if (req.method !== 'GET') {
    return json(405, { error: `${req.method} is not allowed: this server is read-only.` }, { Allow: 'GET' });
  }
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return json(400, { error: 'bad request path.' });
  }
  const path = underToken(url.pathname, token);
  if (path === undefined)
    return json(403, { error: 'open the URL `dfmap view` printed: it carries the access token.' });
  // exact names only: `/..%2f..`, `%2e%2e` and friends are simply not in the table
  const asset = assets.get(path);
  if (asset) return { status: 200, type: asset.type, body: asset.body };
  const api = /^\/api\/([a-z-]+)$/.exec(path);
  if (api) {
    const a = answerApi(m, api[1] as string, url.searchParams);
    return json(a.status, a.body);
  }
  return json(404, { error: 'not found.' });
}

export function handleRequest(m: ServedMap, assets: Map<string, Asset>, bound: string, token: string) {
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    let r: Reply;
    try {
      r = route(m, assets, bound, token, req);
    } catch (err) {
      r = json(500, { error: `internal error: ${(err as Error).message}` });
    }
    res.writeHead(r.status, {
      ...SECURITY_HEADERS,
      'Content-Type': r.type,
      'Content-Length': Buffer.byteLength(r.body),
      ...r.headers,
    });
    res.end(r.body);
  };
}

export async function startServer(g: DataflowGraph, opts: ServerOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const assets = assetTable(opts.assets ?? loadViewerAssets());
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const server = http.createServer(handleRequest(servedMap(g), assets, host, token));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(
          new UsageError(`port ${opts.port} on ${host} is already in use.`, {
            hint: 'pick another with --port P, or leave --port out for a free one',
          }),
        );
      } else if (err.code === 'EACCES') {
        reject(
          new UsageError(`not allowed to listen on port ${opts.port} of ${host}.`, {
            hint: 'use a port above 1023 with --port P',
          }),
        );
      } else reject(err);
    });
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${shown}:${port}/s/${token}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
