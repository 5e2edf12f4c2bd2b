import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeValue, sockaddrOf } from '../../src/observe/audit-reader.js';
import { edgesOf, observeText } from './helpers.js';

const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex').toUpperCase();
const CMD = 'python3 /opt/etl/load.py --password=s3cret >> /var/log/etl/load.log 2>&1';

/** One cron run in the records auditd writes (linux-audit/audit-documentation: SYSCALL, EXECVE, CWD, PATH, PROCTITLE, SOCKADDR, EOE). */
function cronRun(t: number, shPid: number, pyPid: number): string {
  const id = (n: number) => `msg=audit(${t}.${String(n).padStart(3, '0')}:${t % 100000}${n})`;
  const sys = (n: number, pid: number, ppid: number, call: number, rest: string, comm: string, exe: string) =>
    `type=SYSCALL ${id(n)}: arch=c000003e syscall=${call} ${rest} items=2 ppid=${ppid} pid=${pid} auid=4294967295 uid=0 gid=0 euid=0 tty=(none) ses=4294967295 comm="${comm}" exe="${exe}" key="dfmap"`;
  return [
    sys(1, shPid, 900, 59, 'success=yes exit=0 a0=55d1 a1=55d2 a2=55d3 a3=0', 'sh', '/usr/bin/dash'),
    `type=EXECVE ${id(1)}: argc=3 a0="/bin/sh" a1="-c" a2=${hex(CMD)}`,
    `type=CWD ${id(1)}: cwd="/root"`,
    `type=PATH ${id(1)}: item=0 name="/bin/sh" inode=12 dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0`,
    `type=PROCTITLE ${id(1)}: proctitle=${hex(`/bin/sh\0-c\0${CMD}`)}`,
    `type=EOE ${id(1)}:`,
    sys(2, shPid, 900, 257, 'success=yes exit=3 a0=ffffff9c a1=55e1 a2=441 a3=1b6', 'sh', '/usr/bin/dash'),
    `type=CWD ${id(2)}: cwd="/root"`,
    `type=PATH ${id(2)}: item=0 name="/var/log/etl/" inode=40 dev=08:01 mode=040755 nametype=PARENT`,
    `type=PATH ${id(2)}: item=1 name="/var/log/etl/load.log" inode=41 dev=08:01 mode=0100644 nametype=NORMAL`,
    `type=EOE ${id(2)}:`,
    sys(3, pyPid, shPid, 59, 'success=yes exit=0 a0=1 a1=2 a2=3 a3=0', 'python3', '/usr/bin/python3.11'),
    `type=EXECVE ${id(3)}: argc=4 a0="python3" a1="/opt/etl/load.py" a2=${hex('--password=s3cret')}`,
    `type=CWD ${id(3)}: cwd="/root"`,
    `type=PATH ${id(3)}: item=0 name="/usr/bin/python3" nametype=NORMAL`,
    `type=EOE ${id(3)}:`,
    sys(
      4,
      pyPid,
      shPid,
      257,
      'success=yes exit=3 a0=ffffff9c a1=1 a2=80000 a3=0',
      'python3',
      '/usr/bin/python3.11',
    ),
    `type=CWD ${id(4)}: cwd="/root"`,
    `type=PATH ${id(4)}: item=0 name=${hex('/data/in/orders 2026.csv')} inode=7 nametype=NORMAL`,
    `type=EOE ${id(4)}:`,
    sys(
      5,
      pyPid,
      shPid,
      257,
      'success=no exit=-2 a0=ffffff9c a1=1 a2=0 a3=0',
      'python3',
      '/usr/bin/python3.11',
    ),
    `type=CWD ${id(5)}: cwd="/root"`,
    `type=PATH ${id(5)}: item=0 name="/data/in/returns.csv" nametype=UNKNOWN`,
    `type=EOE ${id(5)}:`,
    sys(
      6,
      pyPid,
      shPid,
      257,
      'success=yes exit=4 a0=ffffff9c a1=1 a2=241 a3=1b6',
      'python3',
      '/usr/bin/python3.11',
    ),
    `type=CWD ${id(6)}: cwd="/root"`,
    `type=PATH ${id(6)}: item=0 name="out/" nametype=PARENT`,
    `type=PATH ${id(6)}: item=1 name="out/report.csv" nametype=CREATE`,
    `type=EOE ${id(6)}:`,
    sys(7, pyPid, shPid, 42, 'success=yes exit=0 a0=5 a1=7ff a2=10 a3=0', 'python3', '/usr/bin/python3.11'),
    `type=SOCKADDR ${id(7)}: saddr=02001F907F0000010000000000000000`,
    `type=EOE ${id(7)}:`,
    `type=USER_START msg=audit(${t}.900:1): pid=900 uid=0 auid=0 ses=1 msg='op=PAM:session_open acct="root" exe="/usr/sbin/cron" res=success'`,
  ].join('\n');
}

describe('audit logs', () => {
  test('groups records by event id, attributes to the cron child tree, decodes hex names, counts runs', async () => {
    const log = `${cronRun(1764900000, 1000, 1001)}\n${cronRun(1764986400, 2000, 2001)}\n`;
    const b = await observeText(log, {}, '/var/log/audit/audit.log');
    assert.equal(b.runs.length, 1);
    const run = b.runs[0];
    assert.equal(run?.runs, 2);
    assert.equal(run?.command, 'python3 /opt/etl/load.py --password=*** >> /var/log/etl/load.log 2>&1');
    assert.doesNotMatch(JSON.stringify(b), /s3cret/);
    assert.deepEqual(edgesOf(run), [
      'endpoint:http://127.0.0.1:8080 -> script:/opt/etl/load.py (reads)',
      'file:/data/in/orders 2026.csv -> script:/opt/etl/load.py (reads)',
      'file:/data/in/returns.csv -> script:/opt/etl/load.py (reads, missing)',
      'job:? -> script:/opt/etl/load.py (invokes)',
      'script:/opt/etl/load.py -> file:/root/out/report.csv (writes)',
      'script:/opt/etl/load.py -> file:/var/log/etl/load.log (writes)',
    ]);
    const read = run?.facts.find((f) => f.from.key === 'file:/data/in/orders 2026.csv');
    assert.equal(read?.count, 2);
    assert.equal(read?.evidence.line, 17);
    assert.equal(read?.lastSeen, '2025-12-06T02:00:00.004Z');
    assert.deepEqual(b.diagnostics, []);
  });

  test('an unknown record type and a line that is no record: one warning each with file:line, the rest is read', async () => {
    const log = `garbage line\ntype=FROBNICATE msg=audit(1764900000.000:1): x=1\ntype=FROBNICATE msg=audit(1764900000.000:2): x=2\n${cronRun(1764900000, 1000, 1001)}`;
    const b = await observeText(log, {}, '/var/log/audit/audit.log');
    assert.deepEqual(
      b.diagnostics.map((d) => `${d.location?.file}:${d.location?.line} ${d.message.slice(0, 30)}`),
      [
        '/var/log/audit/audit.log:1 not an audit record (no type=.',
        '/var/log/audit/audit.log:2 unknown audit record type FROB',
      ],
    );
    assert.equal(b.runs[0]?.facts.length, 6);
  });

  test('field values: quoted, hex-encoded, (null); socket addresses of AF_INET, AF_INET6, AF_UNIX', () => {
    assert.equal(decodeValue('"/data/x"'), '/data/x');
    assert.equal(decodeValue(hex('/data/my file')), '/data/my file');
    assert.equal(decodeValue('(null)'), undefined);
    assert.deepEqual(sockaddrOf('02001538C0A80A050000000000000000'), {
      family: 'inet',
      host: '192.168.10.5',
      port: 5432,
    });
    assert.deepEqual(sockaddrOf(`0100${hex('/run/mysqld/mysqld.sock')}00`), {
      family: 'unix',
      path: '/run/mysqld/mysqld.sock',
    });
    assert.deepEqual(sockaddrOf('0A000050000000000000000000000000000000000000000100000000'), {
      family: 'inet',
      host: '::1',
      port: 80,
    });
  });
});
