/**
 * Agentless scans against a real OpenSSH server (test/helpers/sshd.ts: Debian's sshd on 127.0.0.1,
 * throw-away keys, a test user, SFTP only). The map read over SFTP equals the map of the same
 * directory scanned locally; refused, silent, dropped and unknown hosts fail clearly; --hosts goes
 * on past a failed host and --resume skips what was stored.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqliteCatalog } from '../../src/catalog/sqlite-store.js';
import { run } from '../catalog/fleet-maps.js';
import { freePort, SSH_USER, type Sshd, servedCopy, skipReason, startSshd } from '../helpers/sshd.js';

const SKIP = skipReason();
let sshd: Sshd;
let etl02 = '';

const target = (port: number, root: string) => `ssh://${SSH_USER}@127.0.0.1:${port}${root}`;
const auth = () => ['-i', sshd.clientKey, '--known-hosts', sshd.knownHosts];
const ids = (file: string) => {
  const m = JSON.parse(fs.readFileSync(file, 'utf8'));
  return {
    nodes: m.nodes.map((n: { id: string }) => n.id).sort(),
    links: m.links
      .map((l: { source: string; target: string; kind: string }) => `${l.source} ${l.kind} ${l.target}`)
      .sort(),
  };
};

describe('dfmap scan ssh://', { skip: SKIP }, () => {
  before(async () => {
    sshd = await startSshd();
    etl02 = servedCopy(path.resolve('examples/fleet/etl02'), sshd, 'etl02');
  });
  after(async () => sshd?.stop());

  it('reads the server over SFTP into the same map as a local scan of it', async () => {
    const remote = path.join(sshd.dir, 'remote.json');
    const local = path.join(sshd.dir, 'local.json');
    const r = await run('scan', target(sshd.port, etl02), ...auth(), '-o', remote, '-q');
    assert.equal(r.code, 0, r.err);
    assert.equal((await run('scan', etl02, '-o', local, '-q')).code, 0);
    assert.deepEqual(ids(remote), ids(local));
    const m = JSON.parse(fs.readFileSync(remote, 'utf8'));
    assert.equal(m.graph.host, 'etl02');
    assert.equal(m.graph.root, `ssh://127.0.0.1:${sshd.port}${etl02}`, 'no user name, no key in the map');
    assert.deepEqual(
      m.graph.mounts.map((x: { mountpoint: string }) => x.mountpoint),
      ['/data/exports'],
    );
  });

  it('refuses a host whose key is not in known_hosts, or has changed', async () => {
    const empty = path.join(sshd.dir, 'empty_known_hosts');
    fs.writeFileSync(empty, '');
    const r = await run(
      'scan',
      target(sshd.port, etl02),
      '-i',
      sshd.clientKey,
      '--known-hosts',
      empty,
      '-o',
      '-',
    );
    assert.equal(r.code, 2);
    assert.match(r.err, /not connecting: its host key is not in known_hosts/);
    const other = path.join(sshd.dir, 'other_known_hosts');
    const otherKey = 'AAAAC3NzaC1lZDI1NTE5AAAAIK1nTtbx8iVJGpwr6fUgWlVSGC2Ii4xYVgB0JSm3GHJ3';
    fs.writeFileSync(other, `[127.0.0.1]:${sshd.port} ssh-ed25519 ${otherKey}\n`);
    const changed = await run(
      'scan',
      target(sshd.port, etl02),
      '-i',
      sshd.clientKey,
      '--known-hosts',
      other,
      '-o',
      '-',
    );
    assert.equal(changed.code, 2);
    assert.match(changed.err, /CHANGED/);
  });

  it('says so when a host refuses, stays silent, or drops the connection mid-scan', async () => {
    const closed = await freePort();
    const refused = await run('scan', target(closed, '/'), ...auth(), '-o', '-');
    assert.equal(refused.code, 2);
    assert.match(refused.err, /cannot connect \(connection refused\)/);
    // a port that accepts and never speaks SSH
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as net.AddressInfo).port;
    const quiet = await run('scan', target(port, '/'), ...auth(), '--ssh-timeout', '1', '-o', '-');
    silent.close();
    assert.equal(quiet.code, 2);
    assert.match(quiet.err, /timed out/);
    // a proxy that cuts the connection near the end of the copy: first measure a whole scan through it
    const measure = await cuttingProxy(sshd.port, Number.POSITIVE_INFINITY);
    const kh = path.join(sshd.dir, 'proxy_known_hosts');
    const key = sshd.hostKeyLine.split(' ').slice(1).join(' ');
    fs.writeFileSync(kh, `[127.0.0.1]:${measure.port} ${key}\n`);
    const whole = await run(
      'scan',
      target(measure.port, etl02),
      '-i',
      sshd.clientKey,
      '--known-hosts',
      kh,
      '-o',
      '-',
    );
    measure.close();
    assert.equal(whole.code, 0, whole.err);
    const cut = await cuttingProxy(sshd.port, measure.bytes() - 300);
    fs.writeFileSync(kh, `[127.0.0.1]:${cut.port} ${key}\n`);
    try {
      const where = path.join(sshd.dir, 'dropped.db');
      const dropped = await run(
        'scan',
        target(cut.port, etl02),
        '-i',
        sshd.clientKey,
        '--known-hosts',
        kh,
        '--catalog',
        where,
      );
      assert.equal(dropped.code, 2, dropped.err);
      assert.match(dropped.err, /connection dropped mid-scan/);
      const store = openSqliteCatalog(where);
      assert.deepEqual(await store.listSnapshots(), [], 'nothing of the host stored');
      await store.close();
    } finally {
      cut.close();
    }
  });

  it('--hosts: many hosts a few at a time; a failed host never stops the others; --resume', async () => {
    const rpt01 = servedCopy(path.resolve('examples/fleet/rpt01'), sshd, 'rpt01');
    const closed = await freePort();
    const hosts = path.join(sshd.dir, 'hosts.txt');
    fs.writeFileSync(
      hosts,
      `# the fleet\n${target(sshd.port, etl02)}\n${target(closed, '/')}\n${target(sshd.port, rpt01)}\n`,
    );
    const where = path.join(sshd.dir, 'fleet.db');
    const r = await run('scan', '--hosts', hosts, ...auth(), '--catalog', where, '--concurrency', '2');
    assert.equal(r.code, 2);
    assert.match(r.out, /2 stored, 1 failed/, r.err);
    assert.match(r.err, /failed .*connection refused/);
    const again = await run('scan', '--hosts', hosts, ...auth(), '--catalog', where, '--resume');
    assert.match(again.err, /resuming: 2 of 3 hosts were stored already/);
    assert.match(again.out, /0 stored, 1 failed/);
    const store = openSqliteCatalog(where);
    assert.deepEqual((await store.listSnapshots()).map((s) => s.host).sort(), ['etl02', 'rpt01']);
    await store.close();
  });

  it('caps the bytes copied from one host, and says the map is partial', async () => {
    const out = path.join(sshd.dir, 'capped.json');
    const r = await run('scan', target(sshd.port, etl02), ...auth(), '--max-bytes', '300', '-o', out, '-q');
    assert.equal(r.code, 0, r.err);
    const m = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.ok(m.graph.warnings.some((w: { code: string }) => w.code === 'ssh-byte-cap'));
  });
});

/** A TCP proxy to `port` that closes both sides once `limit` bytes came back from the server. */
async function cuttingProxy(
  port: number,
  limit: number,
): Promise<{ port: number; bytes(): number; close(): void }> {
  let seen = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    upstream.on('data', (d) => {
      seen += d.length;
      if (seen > limit) {
        client.destroy();
        upstream.destroy();
      } else client.write(d);
    });
    client.on('data', (d) => upstream.write(d));
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, bytes: () => seen, close: () => server.close() };
}
