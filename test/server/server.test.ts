import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import type { ViewerAssets } from '../../src/export/formats/html.js';
import { type RunningServer, startServer } from '../../src/server/server.js';
import { readMap } from '../../src/store/map-file.js';

const WORKED = path.resolve(import.meta.dirname, '../web/fixtures/worked-example.json');
// small stand-in assets: these tests are about routing, not the built viewer
const ASSETS: ViewerAssets = {
  indexHtml: '<!doctype html><title>viewer</title>',
  appJs: 'console.log("app")',
  appCss: 'body{}',
  workerJs: 'self.onmessage=null',
};

/** A raw request (fetch would normalise `..` and `%2e%2e` away before sending). */
function request(url: string, rawPath: string, opts: { method?: string; host?: string } = {}) {
  const u = new URL(url);
  return new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>(
    (resolve, reject) => {
      const req = http.request(
        {
          host: u.hostname,
          port: u.port,
          // the token prefix of the URL the server printed, then the path under test
          path: rawPath.startsWith('/') ? `${u.pathname.replace(/\/$/, '')}${rawPath}` : rawPath,
          method: opts.method ?? 'GET',
          headers: opts.host ? { host: opts.host } : {},
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
}

function captureIo(): Io & { text: () => string } {
  const lines: string[] = [];
  return {
    out: (t) => lines.push(t),
    err: (t) => lines.push(t),
    color: false,
    interactive: false,
    text: () => lines.join('\n'),
  };
}

describe('dfmap view server', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer(readMap(WORKED), { assets: ASSETS });
  });
  after(() => server.close());

  it('listens on 127.0.0.1 on a free port and serves the viewer page', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/s\/[\w-]{32}\/$/);
    assert.notEqual(server.port, 0);
    const r = await request(server.url, '/');
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /text\/html/);
    assert.equal(r.body, ASSETS.indexHtml);
    assert.match(String(r.headers['content-security-policy']), /default-src 'none'/);
  });

  it('serves the map and the analyses as JSON, by the names people type', async () => {
    const map = JSON.parse((await request(server.url, '/api/map')).body);
    assert.equal(map.nodes.length, JSON.parse(fs.readFileSync(WORKED, 'utf8')).nodes.length);
    const up = await request(server.url, '/api/upstream?node=combined_export.json');
    assert.equal(up.status, 200);
    const ids = JSON.parse(up.body).nodes.map((n: { id: string }) => n.id);
    assert.ok(ids.includes('script:/opt/dataops/6.py'));
    assert.ok(ids.includes('endpoint:https://orders-api.northwind-retail.com/v2/orders'));
    const impact = JSON.parse((await request(server.url, '/api/impact?node=shop.orders')).body);
    assert.ok(
      impact.staleOutputs.some((o: { id: string }) => o.id === 'file:/data/export/combined_export.json'),
    );
    const ego = JSON.parse((await request(server.url, '/api/ego?node=5.py&radius=1')).body);
    assert.ok(ego.nodes.some((n: { id: string }) => n.id === 'file:/data/extract/low_stock.json'));
    for (const route of ['communities', 'critical', 'lint']) {
      const r = await request(server.url, `/api/${route}`);
      assert.equal(r.status, 200, route);
      assert.equal(typeof JSON.parse(r.body), 'object', route);
    }
    const top = JSON.parse((await request(server.url, '/api/critical?top=3')).body);
    assert.equal(top.nodes.length, 3);
  });

  it('answers unknown nodes and routes with 404 and bad parameters with 400', async () => {
    const none = await request(server.url, '/api/upstream?node=no-such-thing.csv');
    assert.equal(none.status, 404);
    assert.match(JSON.parse(none.body).error, /no node matches/);
    assert.equal((await request(server.url, '/api/upstream')).status, 400);
    assert.equal((await request(server.url, '/api/ego?node=5.py&radius=-1')).status, 400);
    assert.equal((await request(server.url, '/api/secrets')).status, 404);
  });

  it('answers only GET: other methods get 405 with Allow: GET', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      for (const p of ['/', '/api/map']) {
        const r = await request(server.url, p, { method });
        assert.equal(r.status, 405, `${method} ${p}`);
        assert.equal(r.headers.allow, 'GET');
      }
    }
  });

  it('refuses paths outside its assets, however they are encoded', async () => {
    for (const p of [
      '/..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/../../../../etc/passwd',
      '/..\\..\\etc\\passwd',
      '/api/..%2f..%2fetc%2fpasswd',
      '//etc/passwd',
      '/app.js/..%2f..%2fpackage.json',
      '/opt/dataops/6.py',
    ]) {
      const r = await request(server.url, p);
      // 404 under the token; 403 where `..` climbs out of the token's prefix
      assert.ok(r.status === 404 || r.status === 403, `${p}: ${r.status}`);
      assert.ok(!r.body.includes('root:'), p);
    }
  });

  it('refuses requests for another host name (DNS rebinding)', async () => {
    assert.equal((await request(server.url, '/api/map', { host: 'evil.example.com' })).status, 403);
    assert.equal((await request(server.url, '/api/map', { host: `localhost:${server.port}` })).status, 200);
  });
});

describe('dfmap view access (issue 16, point 8)', () => {
  it('another local user without the token gets 403 for the map, the page and its assets', async () => {
    const server = await startServer(readMap(WORKED), { assets: ASSETS });
    try {
      const origin = server.url.replace(/\/s\/.*$/, '');
      for (const p of [
        '/api/map',
        '/',
        '/app.js',
        '/s/wrong-token/api/map',
        `/s/${'x'.repeat(32)}/api/map`,
      ]) {
        const r = await request(`${origin}/`, p);
        assert.equal(r.status, 403, p);
        assert.ok(!r.body.includes('combined_export'), p);
      }
      assert.equal((await request(server.url, '/api/map')).status, 200);
    } finally {
      await server.close();
    }
  });

  it('two servers have different tokens', async () => {
    const a = await startServer(readMap(WORKED), { assets: ASSETS });
    const b = await startServer(readMap(WORKED), { assets: ASSETS });
    await Promise.all([a.close(), b.close()]);
    assert.notEqual(a.url.replace(/:\d+/, ''), b.url.replace(/:\d+/, ''));
  });

  it('bound to another loopback address (127.0.0.2), the Host check still applies', async () => {
    const server = await startServer(readMap(WORKED), { assets: ASSETS, host: '127.0.0.2' });
    try {
      assert.equal((await request(server.url, '/api/map', { host: 'rebind.example.com' })).status, 403);
      assert.equal((await request(server.url, '/api/map', { host: `127.0.0.2:${server.port}` })).status, 200);
    } finally {
      await server.close();
    }
  });
});

describe('dfmap view command', () => {
  it('exits 2 with a clear message when the map is missing', async () => {
    const io = captureIo();
    const code = await main(['view', '--map', path.join(os.tmpdir(), 'no-such-map.json'), '--no-open'], io);
    assert.equal(code, 2);
    assert.match(io.text(), /no-such-map\.json: cannot read the map \(ENOENT\)/);
  });

  it('exits 2 with a clear message when the map is not JSON', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-view-'));
    const bad = path.join(dir, 'broken.json');
    fs.writeFileSync(bad, '{"nodes": [');
    const io = captureIo();
    assert.equal(await main(['view', '--map', bad, '--no-open'], io), 2);
    assert.match(io.text(), /broken\.json: not JSON/);
    fs.rmSync(dir, { recursive: true });
  });

  it('says a port is in use and suggests --port', async () => {
    const blocker = http.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const io = captureIo();
    const code = await main(['view', '--map', WORKED, '--port', String(port), '--no-open'], io);
    blocker.close();
    assert.equal(code, 2);
    assert.match(io.text(), new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
    assert.match(io.text(), /--port/);
  });

  it('rejects a port that is not a port', async () => {
    const io = captureIo();
    assert.equal(await main(['view', '--map', WORKED, '--port', 'eighty', '--no-open'], io), 2);
    assert.match(io.text(), /--port must be a whole number/);
  });
});
