/**
 * Probes against real listeners on loopback, never mocks: a port nobody listens on, a listener that
 * accepts and never answers, a local HTTP server, and a `.invalid` name that must fail without any
 * DNS query. Nothing but 127.0.0.1 is contacted. The real MariaDB and PostgreSQL are in
 * probe-databases.test.ts.
 */
import assert from 'node:assert/strict';
import dns from 'node:dns';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { probeTarget } from '../../src/health/probe/probe.js';
import { type ProbeTarget, probeTargetOf } from '../../src/health/probe/target.js';

function target(url: string): ProbeTarget {
  const t = probeTargetOf(url);
  assert.ok('target' in t, `no probe target for ${url}`);
  return t.target;
}

describe('probe: servers that are down', () => {
  let silent: net.Server;
  let silentPort = 0;
  let closedPort = 0;
  const held: net.Socket[] = [];
  before(async () => {
    // a port that was just free: bind, note it, close
    const probe = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => probe.once('listening', r));
    closedPort = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    silent = net.createServer((s) => held.push(s)).listen(0, '127.0.0.1');
    await new Promise((r) => silent.once('listening', r));
    silentPort = (silent.address() as net.AddressInfo).port;
  });
  after(() => {
    for (const s of held) s.destroy();
    silent.close();
  });

  it('a port with nothing listening: down, connection refused', async () => {
    const r = await probeTarget(target(`mysql://127.0.0.1:${closedPort}`), 1000);
    assert.equal(r.up, false);
    assert.equal(r.reason, 'refused');
    assert.match(r.detail, /connection refused by 127\.0\.0\.1:\d+/);
  });

  it('a listener that accepts and never answers: down after the bound, not a hang', async () => {
    const r = await probeTarget(target(`mysql://127.0.0.1:${silentPort}`), 300);
    assert.equal(r.up, false);
    assert.equal(r.reason, 'timeout');
    assert.match(r.detail, /accepted the connection but sent nothing/);
  });

  it('a name under .invalid: down in DNS, without asking any resolver', async () => {
    const original = dns.promises.lookup;
    let lookups = 0;
    (dns.promises as { lookup: unknown }).lookup = (...args: unknown[]) => {
      lookups++;
      return (original as (...a: unknown[]) => unknown).apply(dns.promises, args);
    };
    try {
      const r = await probeTarget(target('mysql://db01.invalid:3306'), 1000);
      assert.equal(r.up, false);
      assert.equal(r.reason, 'dns');
      assert.match(r.detail, /never resolves \(RFC 6761\)/);
      assert.equal(lookups, 0);
    } finally {
      (dns.promises as { lookup: unknown }).lookup = original;
    }
  });
});

describe('probe: HTTP endpoints', () => {
  let server: http.Server;
  let port = 0;
  const seen: Array<{ method?: string; auth?: string; url?: string }> = [];
  before(async () => {
    server = http.createServer((req, res) => {
      seen.push({ method: req.method, auth: req.headers.authorization, url: req.url });
      res.writeHead(404, { Server: 'rates-api/2.3' }).end();
    });
    server.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as net.AddressInfo).port;
  });
  after(() => server.close());

  it('any answer to one HEAD means up; the Server header is the version', async () => {
    const r = await probeTarget(target(`http://127.0.0.1:${port}/v1/rates`), 2000);
    assert.equal(r.up, true, r.detail);
    assert.equal(r.version, 'rates-api/2.3');
    assert.match(r.detail, /HEAD \/v1\/rates: HTTP 404/);
    assert.deepEqual(seen.at(-1), { method: 'HEAD', auth: undefined, url: '/v1/rates' });
  });
});

describe('probe targets', () => {
  it('take the protocol and default port from the scheme, and skip what has no server to greet', () => {
    assert.deepEqual(target('mysql://db01').port, 3306);
    assert.deepEqual(target('postgres://wh01/sales').port, 5432);
    assert.equal(target('https://api.example.com/v1/*').path, '/');
    const s3 = probeTargetOf('s3://bucket/key');
    assert.ok('skip' in s3 && /object store/.test(s3.skip));
    assert.ok('skip' in probeTargetOf('frob://host'));
  });
});
