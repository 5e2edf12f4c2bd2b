import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseString, splitArgs } from '../../src/observe/strace-args.js';
import { parseStraceLine } from '../../src/observe/strace-line.js';
import { edgesOf, observeText } from './helpers.js';

// a cron-like job: sh -c runs a Python script with its output redirected; the script reads one
// file, writes another, runs sqlite3, and the loader, locale and stdlib noise around it
const TRACE = `100   1764900000.000001 execve("/bin/sh", ["sh", "-c", "cd /opt/etl && python3 load.py >> /var/log/etl/load.log 2>&1"], 0x7ffd /* 20 vars */) = 0
100   1764900000.000100 openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3
100   1764900000.000200 openat(AT_FDCWD, "/lib/x86_64-linux-gnu/libc.so.6", O_RDONLY|O_CLOEXEC) = 3
100   1764900000.000300 chdir("/opt/etl")  = 0
100   1764900000.000400 openat(AT_FDCWD, "/var/log/etl/load.log", O_WRONLY|O_CREAT|O_APPEND, 0666) = 3
100   1764900000.000500 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD <unfinished ...>
101   1764900000.000600 execve("/usr/bin/python3", ["python3", "load.py"], 0x55 /* 20 vars */ <unfinished ...>
100   1764900000.000650 <... clone resumed>, child_tidptr=0x7f) = 101
101   1764900000.000700 <... execve resumed>) = 0
101   1764900000.000800 openat(AT_FDCWD, "/usr/lib/locale/C.utf8/LC_CTYPE", O_RDONLY|O_CLOEXEC) = 3
101   1764900000.000900 openat(AT_FDCWD, "/usr/lib/python3.11/encodings/__init__.py", O_RDONLY|O_CLOEXEC) = 3
101   1764900000.001000 openat(AT_FDCWD, "load.py", O_RDONLY|O_CLOEXEC) = 3
101   1764900000.001100 openat(AT_FDCWD, "/data/in/orders_20261125.csv", O_RDONLY|O_CLOEXEC) = 3
101   1764900000.001200 openat(AT_FDCWD, "/data/in/returns.csv", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)
101   1764900000.001300 openat(AT_FDCWD, "/data/out/report.csv.tmp", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666) = 3
101   1764900000.001400 rename("/data/out/report.csv.tmp", "/data/out/report.csv") = 0
101   1764900000.001500 openat(AT_FDCWD, "/proc/self/status", O_RDONLY) = 3
101   1764900000.001600 vfork()             = 102
102   1764900000.001700 execve("/usr/bin/sqlite3", ["sqlite3", "/data/db/app.db", "INSERT INTO runs VALUES (1)"], 0x55 /* 20 vars */) = 0
102   1764900000.001800 openat(AT_FDCWD, "/data/db/app.db", O_RDWR|O_CREAT|O_NOFOLLOW|O_CLOEXEC, 0644) = 3
102   1764900000.001900 openat(AT_FDCWD, "/data/db/app.db-journal", O_RDWR|O_CREAT|O_NOFOLLOW|O_CLOEXEC, 0644) = 4
102   1764900000.002000 unlink("/data/db/app.db-journal") = 0
102   1764900000.002100 +++ exited with 0 +++
101   1764900000.002200 connect(4, {sa_family=AF_INET, sin_port=htons(8000), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
101   1764900000.002300 connect(5, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("127.0.0.53")}, 16) = 0
101   1764900000.002400 +++ exited with 0 +++
100   1764900000.002500 +++ exited with 0 +++
`;

describe('strace output', () => {
  test('attributes each access to the script whose process tree made it, without the machinery', async () => {
    const b = await observeText(TRACE);
    assert.equal(b.runs.length, 1);
    const run = b.runs[0];
    assert.equal(run?.command, 'cd /opt/etl && python3 load.py >> /var/log/etl/load.log 2>&1');
    assert.deepEqual(run?.scripts, ['/opt/etl/load.py']);
    assert.deepEqual(edgesOf(run), [
      'endpoint:http://127.0.0.1:8000 -> script:/opt/etl/load.py (reads)',
      'file:/data/db/app.db -> script:/opt/etl/load.py (reads)',
      'file:/data/in/orders_20261125.csv -> script:/opt/etl/load.py (reads)',
      'file:/data/in/returns.csv -> script:/opt/etl/load.py (reads, missing)',
      'job:? -> script:/opt/etl/load.py (invokes)',
      'script:/opt/etl/load.py -> file:/data/db/app.db (writes)',
      'script:/opt/etl/load.py -> file:/data/out/report.csv (writes)',
      'script:/opt/etl/load.py -> file:/var/log/etl/load.log (writes)',
    ]);
    const report = run?.facts.find((f) => f.to.key === 'file:/data/out/report.csv');
    assert.equal(report?.evidence.file, '/var/log/job.trace');
    assert.equal(report?.evidence.line, 16);
    assert.match(report?.evidence.construct ?? '', /^rename/);
    assert.equal(report?.lastSeen, '2025-12-05T02:00:00.001Z');
    assert.deepEqual(b.diagnostics, []);
  });

  test('a trace cut off mid-line and a resumed call without its start: warnings with file:line, the rest is read', async () => {
    const broken = `200 execve("/usr/bin/perl", ["perl", "/opt/x/a.pl"], 0x1 /* 1 vars */) = 0
200 <... openat resumed>) = 3
200 garbage that no strace prints
200 openat(AT_FDCWD, "/data/a.txt", O_RDONLY) = 3
200 openat(AT_FDCWD, "/data/b.txt", O_WRONLY|O_CREAT|O_TRU`;
    const b = await observeText(broken, {}, '/tmp/cut.trace');
    assert.deepEqual(edgesOf(b.runs[0]), [
      'file:/data/a.txt -> script:/opt/x/a.pl (reads)',
      'job:? -> script:/opt/x/a.pl (invokes)',
    ]);
    const where = b.diagnostics.map((d) => `${d.location?.file}:${d.location?.line}`);
    assert.deepEqual(where, ['/tmp/cut.trace:2', '/tmp/cut.trace:3', '/tmp/cut.trace:5']);
  });

  test('reads the [pid N] prefix of strace to stderr, no times, and one process without -f', async () => {
    const stderrStyle = `execve("/bin/bash", ["bash", "/opt/x/run.sh"], 0x1 /* 1 vars */) = 0
[pid  301] execve("/usr/bin/cp", ["cp", "/data/a", "/data/b"], 0x1 /* 1 vars */) = 0
clone(child_stack=NULL, flags=SIGCHLD) = 301
[pid  301] openat(AT_FDCWD, "/data/a", O_RDONLY) = 3
[pid  301] openat(AT_FDCWD, "/data/b", O_WRONLY|O_CREAT|O_EXCL, 0644) = 4`;
    const b = await observeText(stderrStyle);
    assert.deepEqual(edgesOf(b.runs[0]), [
      'file:/data/a -> script:/opt/x/run.sh (reads)',
      'job:? -> script:/opt/x/run.sh (invokes)',
      'script:/opt/x/run.sh -> file:/data/b (writes)',
    ]);
  });

  test('-y fd decorations name the directory of a relative path; a chroot maps host paths back', async () => {
    const chrooted = `400 1764900000.1 execve("/usr/sbin/chroot", ["chroot", "/srv/copy", "/bin/sh", "-c", "python3 /opt/j/a.py"], 0x1 /* 1 vars */) = 0
400 1764900000.2 chroot("/srv/copy") = 0
400 1764900000.3 execve("/bin/sh", ["/bin/sh", "-c", "python3 /opt/j/a.py"], 0x1 /* 1 vars */) = 0
400 1764900000.4 execve("/usr/bin/python3", ["python3", "/opt/j/a.py"], 0x1 /* 1 vars */) = 0
400 1764900000.5 openat(3</srv/copy/data/in>, "x.csv", O_RDONLY) = 4</srv/copy/data/in/x.csv>
400 1764900000.6 openat(AT_FDCWD</srv/copy/opt/j>, "out/y.csv", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 5`;
    const b = await observeText(chrooted, { onlyChrooted: true });
    assert.equal(b.runs[0]?.command, 'python3 /opt/j/a.py');
    assert.deepEqual(edgesOf(b.runs[0]), [
      'file:/data/in/x.csv -> script:/opt/j/a.py (reads)',
      'job:? -> script:/opt/j/a.py (invokes)',
      'script:/opt/j/a.py -> file:/opt/j/out/y.csv (writes)',
    ]);
  });

  test('secrets in command lines are redacted in run names and evidence', async () => {
    const t = `500 execve("/bin/sh", ["sh", "-c", "PGPASSWORD=hunter2 psql -h db01 -c 'select 1'"], 0x1 /* 1 vars */) = 0
500 openat(AT_FDCWD, "/data/q.sql", O_RDONLY) = 3`;
    const b = await observeText(t);
    const text = JSON.stringify(b);
    assert.doesNotMatch(text, /hunter2/);
    assert.match(b.runs[0]?.command ?? '', /PGPASSWORD=\*\*\*/);
  });

  test('string literals: escapes, \\x bytes as UTF-8, strace cutting a string at -s', () => {
    assert.deepEqual(parseString('"/data/r\\303\\251sum\\303\\251.csv"'), {
      text: '/data/résumé.csv',
      truncated: false,
    });
    assert.deepEqual(parseString('"\\x2f\\x64\\x61\\x74\\x61"'), { text: '/data', truncated: false });
    assert.deepEqual(parseString('"python3 -c imp"...'), { text: 'python3 -c imp', truncated: true });
    assert.deepEqual(splitArgs('AT_FDCWD</a, b>, "x, y", [1, 2], {f=1, g=2}'), [
      'AT_FDCWD</a, b>',
      '"x, y"',
      '[1, 2]',
      '{f=1, g=2}',
    ]);
  });

  test('line shapes of strace 4.x to 6.x', () => {
    assert.equal(parseStraceLine('123 10:00:00.123456 openat(AT_FDCWD, "/a", O_RDONLY) = 3', 0).kind, 'call');
    assert.equal(parseStraceLine('[pid 123] 1700000000.1 read(3, "x", 1) = 1', 0).kind, 'call');
    assert.equal(parseStraceLine('+++ killed by SIGKILL +++', 5).kind, 'exit');
    assert.equal(parseStraceLine('--- SIGCHLD {si_signo=SIGCHLD} ---', 5).kind, 'signal');
    assert.equal(parseStraceLine('7 openat(AT_FDCWD, "/a"', 0).kind, 'bad');
  });
});
