/** `dfmap scan --observed`, `dfmap observe` and `dfmap coverage` on an audit log written for the test. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { main } from '../../src/cli/main.js';

const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex').toUpperCase();
const CMD = 'cd /opt/ledger && /usr/bin/python3 load.py >> /var/log/ledger/load.log 2>&1';

/** The records auditd writes for cron running the ledger job (execve of sh -c, python, two opens). */
function auditLog(t: number, pid: number): string {
  const id = (n: number) => `msg=audit(${t}.00${n}:${pid}${n})`;
  const sys = (n: number, p: number, ppid: number, call: number, a2: string, exit: string, exe: string) =>
    `type=SYSCALL ${id(n)}: arch=c000003e syscall=${call} success=${exit.startsWith('-') ? 'no' : 'yes'} exit=${exit} a0=ffffff9c a1=1 a2=${a2} a3=0 items=1 ppid=${ppid} pid=${p} auid=4294967295 uid=0 comm="x" exe="${exe}" key=(null)`;
  return [
    sys(1, pid, 1, 59, '0', '0', '/usr/bin/dash'),
    `type=EXECVE ${id(1)}: argc=3 a0="/bin/sh" a1="-c" a2=${hex(CMD)}`,
    `type=CWD ${id(1)}: cwd="/root"`,
    `type=PATH ${id(1)}: item=0 name="/bin/sh" nametype=NORMAL`,
    `type=EOE ${id(1)}:`,
    sys(2, pid + 1, pid, 59, '0', '0', '/usr/bin/python3.11'),
    `type=EXECVE ${id(2)}: argc=2 a0="/usr/bin/python3" a1="load.py"`,
    `type=CWD ${id(2)}: cwd="/opt/ledger"`,
    `type=PATH ${id(2)}: item=0 name="/usr/bin/python3" nametype=NORMAL`,
    `type=EOE ${id(2)}:`,
    sys(3, pid + 1, pid, 257, '80000', '3', '/usr/bin/python3.11'),
    `type=CWD ${id(3)}: cwd="/opt/ledger"`,
    `type=PATH ${id(3)}: item=0 name="/srv/ledger/in/eu_rates.csv" nametype=NORMAL`,
    `type=EOE ${id(3)}:`,
    sys(4, pid + 1, pid, 257, '80002', '4', '/usr/bin/python3.11'),
    `type=CWD ${id(4)}: cwd="/opt/ledger"`,
    `type=PATH ${id(4)}: item=0 name="/srv/ledger/db/ledger.db" nametype=NORMAL`,
    `type=EOE ${id(4)}:`,
  ].join('\n');
}

async function dfmap(args: string[]) {
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

describe('observed evidence from an audit log', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-observe-test-'));
    fs.mkdirSync(path.join(dir, 'audit'));
    fs.writeFileSync(path.join(dir, 'audit', 'audit.log.1'), `${auditLog(1764900000, 3000)}\n`);
    fs.writeFileSync(path.join(dir, 'audit', 'audit.log'), `${auditLog(1764986400, 4000)}\n`);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('scan --observed DIR binds runs to the job by its command line and adds the hidden read', async () => {
    const map = path.join(dir, 'map.json');
    const r = await dfmap([
      'scan',
      'test/fixtures/observed/ledger/root',
      '--observed',
      path.join(dir, 'audit'),
      '-o',
      map,
    ]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /observed: 2 runs of 1 commands/);
    const data = JSON.parse(fs.readFileSync(map, 'utf8'));
    const job = data.nodes.find((n: { id: string }) => n.id === 'job:/etc/cron.d/ledger:2');
    assert.equal(job.observedRuns, 2);
    const hidden = data.links.find(
      (l: { source: string }) => l.source === 'file:/srv/ledger/in/eu_rates.csv',
    );
    assert.equal(hidden.target, 'script:/opt/ledger/load.py');
    assert.deepEqual(hidden.sources.observed, {
      count: 2,
      runs: 2,
      firstSeen: '2025-12-05T02:00:00.003Z',
      lastSeen: '2025-12-06T02:00:00.003Z',
    });
    const feeds = data.links.find(
      (l: { source: string }) => l.source === 'table:sqlite:///srv/ledger/db/ledger.db/feeds',
    );
    assert.equal(feeds.sources.static.count, 1);
    assert.equal(feeds.sources.observed.count, 2, 'the SQLite file confirms the tables read through it');
    assert.doesNotMatch(JSON.stringify(data), /type=SYSCALL/, 'the log itself is never copied into the map');
  });

  test('coverage lists the hidden dependency, the untraced job, and exits 1', async () => {
    const map = path.join(dir, 'map.json');
    const r = await dfmap(['coverage', '--map', map]);
    assert.equal(r.code, 1);
    assert.match(
      r.out,
      /hidden dependencies: observed, not in the code as read \(1\)\n {2}\/opt\/ledger\/load\.py <- \/srv\/ledger\/in\/eu_rates\.csv {2}\[reads\]/,
    );
    assert.match(r.out, /jobs never traced \(1\)\n {2}30 1 \* \* \*/);
  });

  test('observe merges into an existing map; a file that is neither format is a warning', async () => {
    const map = path.join(dir, 'map2.json');
    await dfmap(['scan', 'test/fixtures/observed/ledger/root', '-o', map, '-q']);
    fs.writeFileSync(path.join(dir, 'notes.log'), 'hello\n');
    const r = await dfmap([
      'observe',
      '--map',
      map,
      '--json',
      path.join(dir, 'audit', 'audit.log'),
      path.join(dir, 'notes.log'),
    ]);
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(r.out);
    assert.equal(s.added, 1);
    assert.equal(s.warnings[0].code, 'observe-unknown-format');
    assert.equal(s.warnings[0].location.file, path.join(dir, 'notes.log'));
  });
});
