/**
 * `dfmap status` and `dfmap diagnose` as a user runs them: the CLI's main() on a fixture world's map
 * file, output captured, exit codes checked. Probes go only to loopback servers started for the tests.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { writeMap } from '../../src/store/map-file.js';
import { buildStory, type Story } from '../health/stories.js';
import { removeRoot } from '../helpers/server-root.js';

const NOW = ['--now', '2026-11-26T09:00'];
const roots: string[] = [];
after(() => {
  for (const r of roots) removeRoot(r);
});

function world(
  story: Story,
  mutate?: (json: { nodes: Array<Record<string, unknown>>; links: Array<Record<string, unknown>> }) => void,
) {
  const { root, graph } = buildStory(story);
  roots.push(root);
  const map = path.join(root, '..', `${path.basename(root)}.json`);
  writeMap(graph, map);
  if (mutate) {
    const json = JSON.parse(fs.readFileSync(map, 'utf8'));
    mutate(json);
    fs.writeFileSync(map, JSON.stringify(json));
  }
  roots.push(map);
  return { root, map };
}

async function run(args: string[], color = false) {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), color, interactive: false };
  const code = await main(args, io);
  return { code, out, err };
}

describe('dfmap diagnose', () => {
  it('tells the stale-export story from the symptom back to the database, exit 1', async () => {
    const { map } = world({ dbDownFrom: '2026-11-24' });
    const r = await run(['diagnose', 'combined_export.json', '--map', map, ...NOW]);
    assert.equal(r.code, 1, r.err);
    const lines = r.out.split('\n');
    assert.equal(lines.shift(), `map: ${map}  host: etl01  root: ${map.replace(/\.json$/, '')}`);
    assert.match(lines[0]!, /^combined_export\.json: written 02:31 today, content from inputs 3 days old/);
    assert.match(
      r.out,
      /Root cause 1 of 1: mysql:\/\/db01:3306 \(explains 6 unhealthy nodes, including combined_export\.json\)/,
    );
    const steps = lines
      .filter((l) => l.trimStart().startsWith('<- '))
      .map((l) => l.trim().split(/\s{2,}/)[0]);
    assert.deepEqual(steps, [
      '<- 6.py',
      '<- extract_a.csv',
      '<- 5.py',
      '<- sales.orders',
      '<- mysql://db01:3306',
    ]);
    assert.match(r.out, /\/var\/log\/dataops\/5\.log:18/);
    assert.match(
      r.out,
      /Weakness that hid it: 6\.py ran 02:30 today on extract_a\.csv \(stale, 3 days old\)/,
    );
    assert.ok(!r.out.includes('\u001b['));
  });

  it('--json gives the same diagnosis to tools', async () => {
    const { map } = world({ dbDownFrom: '2026-11-24' });
    const r = await run(['diagnose', 'extract_a.csv', '--map', map, ...NOW, '--json']);
    assert.equal(r.code, 1);
    const d = JSON.parse(r.out);
    assert.equal(d.symptom.node, 'file:/data/extract/extract_a.csv');
    assert.equal(d.causes[0].node, 'database:mysql://db01:3306');
    assert.deepEqual(
      d.causes[0].chain.map((s: { status: string }) => s.status),
      ['stale', 'failing', 'down', 'down'],
    );
    assert.ok(d.nodes.every((n: { evidence: unknown[] }) => Array.isArray(n.evidence)));
  });

  it('a healthy pipeline: says so and what it checked, exit 0', async () => {
    const { map } = world({});
    const r = await run(['diagnose', 'combined_export.json', '--map', map, ...NOW]);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /healthy: nothing upstream of combined_export\.json is stale, failing, missing or down\./,
    );
    assert.match(r.out, /checked 5 file times, \d+ job\/script runs \(\/var\/log\/syslog/);
  });

  it('colours only when asked (a terminal without NO_COLOR)', async () => {
    const { map } = world({ dbDownFrom: '2026-11-24' });
    const r = await run(['diagnose', 'combined_export.json', '--map', map, ...NOW], true);
    assert.ok(r.out.includes('\u001b[31m'));
  });

  it('bad arguments: a clear message and exit 2', async () => {
    const { map } = world({});
    const unknown = await run(['diagnose', 'no_such_file.json', '--map', map, ...NOW]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /no_such_file\.json/);
    assert.equal((await run(['diagnose', 'extract_a.csv', '--map', map, '--symptom', 'sad'])).code, 2);
    const now = await run(['diagnose', 'extract_a.csv', '--map', map, '--now', 'last tuesday']);
    assert.equal(now.code, 2);
    assert.match(now.err, /--at: 'last tuesday' is not a time/);
    assert.match(now.err, /--now is the old name of --at/);
    const root = await run(['status', '--map', map, '--root', '/no/such/root']);
    assert.equal(root.code, 2);
    assert.match(root.err, /cannot read ROOT '\/no\/such\/root'/);
  });
});

describe('dfmap status', () => {
  it('lists what is down, failing, stale, degraded, worst first, exit 1', async () => {
    const { map } = world({ dbDownFrom: '2026-11-24' });
    const r = await run(['status', '--map', map, ...NOW]);
    assert.equal(r.code, 1, r.err);
    assert.match(
      r.out,
      /^map: .*\.json {2}host: etl01 {2}root: .*\ndfmap status of etl01 at 2026-11-26 09:00 Europe\/Berlin: \d+ nodes, 3 down, 1 failing, 2 stale, 1 degraded/,
    );
    const rows = r.out.split('\n').filter((l) => /^(down|failing|stale|degraded|missing)\b/.test(l));
    assert.deepEqual(
      rows.map((l) => l.split(/\s+/)[0]),
      ['down', 'down', 'down', 'failing', 'stale', 'stale', 'degraded'],
    );
    assert.match(r.out, /weakness: 6\.py/);
  });

  it('--json: every node with status and evidence', async () => {
    const { map } = world({});
    const r = await run(['status', '--map', map, ...NOW, '--json']);
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(r.out);
    assert.equal(s.timeZone, 'Europe/Berlin');
    assert.equal(s.now, '2026-11-26T08:00:00.000Z');
    const five = s.nodes.find((n: { node: string }) => n.node === 'script:/opt/dataops/5.py');
    assert.equal(five.status, 'ok');
    assert.equal(five.evidence[0].source, 'syslog');
  });
});

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.on('connect', () => done(true));
    s.on('error', () => done(false));
  });
}

/** The story's database moved to a loopback port, as if the scanned server's db01 were this machine's. */
function onLoopback(port: number) {
  return movedTo(`127.0.0.1:${port}`);
}

function movedTo(hostPort: string) {
  return (json: { nodes: Array<Record<string, unknown>>; links: Array<Record<string, unknown>> }) => {
    const from = 'mysql://db01:3306';
    const to = `mysql://${hostPort}`;
    const swap = (v: unknown) => (typeof v === 'string' ? v.replace(from, to) : v);
    for (const n of json.nodes) for (const k of ['id', 'url', 'namespace', 'label']) n[k] = swap(n[k]);
    for (const l of json.links) for (const k of ['source', 'target']) l[k] = swap(l[k]);
  };
}

describe('dfmap status --probe', () => {
  it('probes only with --probe, loopback only with --probe-loopback; a live MariaDB is up with its version', async (t) => {
    if (!(await accepts(3306)))
      return t.skip('MariaDB is not running on 127.0.0.1:3306: `sudo bash scripts/ci-services.sh start`');
    const { map } = world({}, onLoopback(3306));
    const plain = JSON.parse((await run(['status', '--map', map, ...NOW, '--json'])).out);
    const db = (s: { nodes: Array<{ node: string; summary: string; status: string }> }) =>
      s.nodes.find((n) => n.node === 'database:mysql://127.0.0.1:3306')!;
    assert.match(db(plain).summary, /not probed \(pass --probe to connect\)/);
    // probes tell about now: judged at another time, --probe is refused with a note
    const past = await run(['status', '--map', map, '--at', '2026-11-26T09:00', '--json', '--probe']);
    assert.match(db(JSON.parse(past.out)).summary, /not probed \(pass --probe to connect\)/);
    assert.match(past.err, /--probe ignored: judging 2026-11-26T09:00, not now/);
    const noLoop = JSON.parse((await run(['status', '--map', map, '--json', '--probe'])).out);
    assert.match(db(noLoop).summary, /is the scanned server itself/);
    const probed = JSON.parse(
      (await run(['status', '--map', map, '--json', '--probe', '--probe-loopback'])).out,
    );
    assert.equal(db(probed).status, 'ok');
    assert.match(db(probed).summary, /^up: \d+\.\d+\.\d+-MariaDB/);
  });

  it('a name that does not resolve from here is unknown, not down', async () => {
    const { map } = world({}, movedTo('db01.invalid:3306'));
    const r = await run(['status', '--map', map, '--json', '--all', '--probe', '--probe-timeout', '1000']);
    const db = JSON.parse(r.out).nodes.find(
      (n: { node: string }) => n.node === 'database:mysql://db01.invalid:3306',
    );
    assert.equal(db.status, 'unknown');
    assert.match(db.summary, /the probe from here cannot resolve the name/);
  });

  it('a database that refuses: the probe is the evidence of the root cause', async () => {
    const free = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => free.once('listening', r));
    const port = (free.address() as net.AddressInfo).port;
    await new Promise((r) => free.close(r));
    const { root, map } = world({ dbDownFrom: '2026-11-24' }, onLoopback(port));
    // and the client's error names the same server
    for (const log of ['var/log/dataops/5.log', 'var/log/dataops/cron.log']) {
      const file = path.join(root, log);
      const st = fs.statSync(file);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll("'db01", "'127.0.0.1"));
      fs.utimesSync(file, st.atime, st.mtime);
    }
    const r = await run([
      'diagnose',
      'combined_export.json',
      '--map',
      map,
      '--probe',
      '--probe-loopback',
      '--probe-timeout',
      '1000',
    ]);
    assert.equal(r.code, 1, r.err);
    // judged now (probes only tell about now), so this week's missed runs are causes too
    assert.match(r.out, new RegExp(`Root cause \\d of \\d: mysql://127\\.0\\.0\\.1:${port}`));
    assert.match(r.out, /DOWN: connection refused/);
    assert.match(r.out, /probe: mysql 127\.0\.0\.1:\d+: connection refused/);
  });
});
