/**
 * `dfmap trace` end to end with the real strace: small Python, shell, Perl and SQLite jobs and a
 * local HTTP server run in a temporary directory, and the map gets what they really did.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { main } from '../../src/cli/main.js';

const probe = spawnSync('strace', ['-f', '-o', '/dev/null', 'true'], { encoding: 'utf8' });
const NO_STRACE =
  probe.error || probe.status !== 0
    ? `strace cannot trace here (${probe.error?.message ?? probe.stderr.trim().split('\n')[0]}): ptrace is not permitted or strace is missing`
    : false;
const chrootProbe = spawnSync('unshare', ['-m', '-r', 'true']);
const NO_CHROOT = NO_STRACE || (chrootProbe.status !== 0 ? 'unshare -m -r is not permitted here' : false);

async function dfmap(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, {
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
    color: false,
    interactive: false,
  });
  return { code, out, err };
}

interface Link {
  source: string;
  target: string;
  kind: string;
  sources?: Record<string, { count: number }>;
}
const links = (file: string): Link[] => JSON.parse(fs.readFileSync(file, 'utf8')).links;
const has = (ls: Link[], source: string, target: string) =>
  ls.some((l) => l.source === source && l.target === target);

describe('dfmap trace (real strace)', { skip: NO_STRACE }, () => {
  let dir: string;
  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-trace-test-')));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a Python job: what it read and wrote, not the interpreter; an expected input that was missing', async () => {
    fs.writeFileSync(path.join(dir, 'in.csv'), 'a,1\n');
    fs.writeFileSync(
      path.join(dir, 'job.py'),
      `import json, os\nsrc = os.path.join(${JSON.stringify(dir)}, "in" + ".csv")\ndata = open(src).read()\ntry:\n    open(${JSON.stringify(`${dir}/optional.csv`)})\nexcept FileNotFoundError:\n    pass\njson.dump({"n": len(data)}, open(${JSON.stringify(`${dir}/out.json`)}, "w"))\n`,
    );
    const map = path.join(dir, 'py.json');
    const r = await dfmap(['trace', '--map', map, '--', '/usr/bin/python3', path.join(dir, 'job.py')]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /running under strace: \/usr\/bin\/python3/);
    const ls = links(map);
    assert.ok(has(ls, `file:${dir}/in.csv`, `script:${dir}/job.py`));
    assert.ok(has(ls, `script:${dir}/job.py`, `file:${dir}/out.json`));
    assert.ok(
      !ls.some((l) => /python3\.\d+|\.so|locale|optional\.csv/.test(l.source + l.target)),
      'no machinery, no missing read as a read',
    );
    assert.deepEqual(Object.keys(ls.find((l) => l.target === `file:${dir}/out.json`)?.sources ?? {}), [
      'observed',
    ]);
    const cov = await dfmap(['coverage', '--map', map, '--json']);
    const report = JSON.parse(cov.out);
    assert.equal(report.missingInputs[0].from, `file:${dir}/optional.csv`);
  });

  test('a shell job with a redirection, cp, perl and the sqlite3 CLI', async () => {
    fs.writeFileSync(path.join(dir, 'a.txt'), 'x\n');
    fs.writeFileSync(
      path.join(dir, 'w.pl'),
      `open(my $o, '>', '${dir}/perl_out.txt') or die; print $o "hi\\n"; close $o;\n`,
    );
    fs.writeFileSync(
      path.join(dir, 'job.sh'),
      `#!/bin/sh\ncp ${dir}/a.txt ${dir}/b.txt\nperl ${dir}/w.pl\nsqlite3 ${dir}/app.db "CREATE TABLE IF NOT EXISTS t(x); INSERT INTO t VALUES (1);"\n`,
    );
    const map = path.join(dir, 'sh.json');
    const r = await dfmap([
      'trace',
      '--map',
      map,
      '--',
      'sh',
      '-c',
      `sh ${dir}/job.sh >> ${dir}/job.log 2>&1`,
    ]);
    assert.equal(r.code, 0, r.err);
    const ls = links(map);
    const sh = `script:${dir}/job.sh`;
    assert.ok(has(ls, sh, `file:${dir}/job.log`), 'the redirection is the script’s write');
    assert.ok(
      has(ls, `file:${dir}/a.txt`, sh) && has(ls, sh, `file:${dir}/b.txt`),
      'cp reads and writes for the script',
    );
    assert.ok(has(ls, sh, `script:${dir}/w.pl`) && has(ls, `script:${dir}/w.pl`, `file:${dir}/perl_out.txt`));
    assert.ok(
      has(ls, sh, `file:${dir}/app.db`),
      'an SQLite write transaction (its journal) is a write of the database',
    );
    assert.ok(!ls.some((l) => l.target.endsWith('-journal')));
  });

  test('a job that fetches from an HTTP server on 127.0.0.1: an endpoint by host and port', async () => {
    const port = await freePort();
    fs.mkdirSync(path.join(dir, 'www'));
    fs.writeFileSync(path.join(dir, 'www', 'rates.json'), '{"EUR": 1}');
    const server = spawn(
      'python3',
      ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', path.join(dir, 'www')],
      { stdio: 'ignore' },
    );
    try {
      await waitForPort(port);
      fs.writeFileSync(
        path.join(dir, 'fetch.sh'),
        `curl -sf -o ${dir}/rates.json http://127.0.0.1:${port}/rates.json\n`,
      );
      const map = path.join(dir, 'http.json');
      const r = await dfmap(['trace', '--map', map, '--', 'sh', path.join(dir, 'fetch.sh')]);
      assert.equal(r.code, 0, r.err);
      const ls = links(map);
      assert.ok(has(ls, `endpoint:http://127.0.0.1:${port}`, `script:${dir}/fetch.sh`));
      assert.ok(has(ls, `script:${dir}/fetch.sh`, `file:${dir}/rates.json`));
    } finally {
      server.kill();
    }
  });

  test('--job runs the map’s command line only with --yes when nobody can be asked', async () => {
    const map = path.join(dir, 'job.json');
    fs.writeFileSync(
      map,
      JSON.stringify({
        directed: true,
        multigraph: false,
        graph: { schemaVersion: 1 },
        nodes: [
          {
            id: 'job:/etc/crontab:3',
            kind: 'job',
            schedule: '* * * * *',
            command: `echo ran > ${dir}/ran.txt`,
            label: 'echo',
          },
        ],
        links: [],
      }),
    );
    const refused = await dfmap(['trace', '--map', map, '--job', 'job:/etc/crontab:3']);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /pass --yes/);
    assert.equal(fs.existsSync(path.join(dir, 'ran.txt')), false, 'nothing ran');
    const r = await dfmap(['trace', '--map', map, '--job', 'job:/etc/crontab:3', '--yes']);
    assert.equal(r.code, 0, r.err);
    assert.ok(has(links(map), 'job:/etc/crontab:3', `file:${dir}/ran.txt`));
  });
});

describe('dfmap trace --job as the job’s user', {
  skip: NO_STRACE || (process.getuid?.() !== 0 ? 'needs root' : false),
}, () => {
  test('runs the command line as the user the map records (runuser)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-user-test-'));
    try {
      fs.chmodSync(dir, 0o777);
      const map = path.join(dir, 'map.json');
      const node = {
        id: 'job:/var/spool/cron/crontabs/nobody:1',
        kind: 'job',
        schedule: '@daily',
        user: 'nobody',
        command: `id -u > ${dir}/uid.txt`,
      };
      fs.writeFileSync(
        map,
        JSON.stringify({ directed: true, multigraph: false, graph: {}, nodes: [node], links: [] }),
      );
      const r = await dfmap(['trace', '--map', map, '--job', node.id, '--yes']);
      assert.equal(r.code, 0, r.err);
      const uid = spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim();
      assert.equal(fs.readFileSync(path.join(dir, 'uid.txt'), 'utf8').trim(), uid);
      assert.ok(has(links(map), node.id, `file:${dir}/uid.txt`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('dfmap trace --root (a fixture server in a mount namespace)', { skip: NO_CHROOT }, () => {
  test('the ledger job reads the files its database rows name, which the code does not', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-root-test-'));
    try {
      const root = path.join(work, 'root');
      fs.cpSync('test/fixtures/observed/ledger/root', root, { recursive: true });
      const map = path.join(work, 'map.json');
      assert.equal((await dfmap(['scan', root, '-o', map, '-q'])).code, 0);
      const r = await dfmap([
        'trace',
        '--root',
        root,
        '--job',
        'job:/etc/cron.d/ledger:2',
        '--yes',
        '--map',
        map,
      ]);
      assert.equal(r.code, 0, r.err);
      const ls = links(map);
      assert.ok(has(ls, 'file:/srv/ledger/in/eu_rates.csv', 'script:/opt/ledger/load.py'));
      assert.ok(!has(ls, 'file:/srv/ledger/in/retired_rates.csv', 'script:/opt/ledger/load.py'));
      const log = ls.find(
        (l) => l.source === 'script:/opt/ledger/load.py' && l.target === 'file:/var/log/ledger/load.log',
      );
      assert.deepEqual(Object.keys(log?.sources ?? {}).sort(), ['observed', 'static']);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => {
        c.end();
        resolve(true);
      });
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no server on 127.0.0.1:${port}`);
}
