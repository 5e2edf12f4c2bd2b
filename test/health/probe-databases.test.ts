/**
 * Probes against real database servers on loopback, never mocks: Debian's MariaDB and PostgreSQL
 * (started by `bash scripts/ci-services.sh start`, which CI runs). Only in the full tier (`npm test`):
 * scripts/run-tests.mjs leaves `*-databases.test.ts` out of `npm run test:fast`.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it, type TestContext } from 'node:test';
import { probeTarget } from '../../src/health/probe/probe.js';
import { type ProbeTarget, probeTargetOf } from '../../src/health/probe/target.js';

function hostPort(env: string | undefined, port: number): { host: string; port: number } {
  const [h, p] = (env ?? `127.0.0.1:${port}`).split(':');
  return { host: h!, port: Number(p) };
}
const MYSQL = hostPort(process.env.DFMAP_TEST_MYSQL, 3306);
const PG = hostPort(process.env.DFMAP_TEST_PG, 5432);

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.on('connect', () => done(true));
    s.on('error', () => done(false));
  });
}

function target(url: string): ProbeTarget {
  const t = probeTargetOf(url);
  assert.ok('target' in t, `no probe target for ${url}`);
  return t.target;
}

const START_HINT = 'start it with `sudo bash scripts/ci-services.sh start` (CI does)';

const skipUnless = async (t: TestContext, host: string, port: number, name: string): Promise<boolean> => {
  if (await accepts(host, port)) return false;
  t.skip(`${name} is not running on ${host}:${port}: ${START_HINT}`);
  return true;
};

describe('probe: real MariaDB', () => {
  it('is up, with the version from its greeting packet', async (t) => {
    if (await skipUnless(t, MYSQL.host, MYSQL.port, 'MariaDB')) return;
    const r = await probeTarget(target(`mysql://${MYSQL.host}:${MYSQL.port}`), 3000);
    assert.equal(r.up, true, r.detail);
    assert.equal(r.protocol, 'mysql');
    // MariaDB's "5.5.5-" compatibility prefix is dropped: the real version remains
    assert.match(r.version ?? '', /^\d+\.\d+\.\d+-MariaDB/);
    assert.equal(r.detail, 'server greeting, no login');
  });

  it('is not mistaken for PostgreSQL: an SSLRequest gets no S/N byte', async (t) => {
    if (await skipUnless(t, MYSQL.host, MYSQL.port, 'MariaDB')) return;
    const r = await probeTarget(target(`postgres://${MYSQL.host}:${MYSQL.port}`), 1500);
    assert.equal(r.up, false);
    assert.equal(r.reason, 'protocol');
  });
});

describe('probe: real PostgreSQL', () => {
  it('is up; it says whether it offers SSL, and that it tells no version before authentication', async (t) => {
    if (await skipUnless(t, PG.host, PG.port, 'PostgreSQL')) return;
    const r = await probeTarget(target(`postgresql://${PG.host}:${PG.port}/sales`), 3000);
    assert.equal(r.up, true, r.detail);
    assert.equal(r.protocol, 'postgres');
    assert.equal(r.version, undefined);
    assert.match(r.detail, /^SSL (supported|not offered); version not told without authentication$/);
  });
});
