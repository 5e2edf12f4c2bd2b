/**
 * `npm run bench:observe`: the cost of observed evidence, generated in a temp dir and deleted after.
 *   1. dfmap trace overhead: a Python job that opens 10,000 files, run untraced, run under strace
 *      alone, and under `dfmap trace` (strace + reading the trace + merging into a map); medians of 3.
 *   2. dfmap observe on a 1 GB audit log (BENCH_AUDIT_MB to change): 14 days of cron runs of 200
 *      jobs (each: sh -c, python, a dozen opens, a connect, loader noise, a record type we do not
 *      read), every run with new pids. Throughput and peak memory (the child's max RSS).
 * BENCH_ONLY=trace|audit runs one part. Prints the machine, because the figures depend on it (a shared machine varies from run to run).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const DEV = path.join(ROOT, 'scripts/dfmap-dev.ts');
const AUDIT_MB = Number(process.env.BENCH_AUDIT_MB ?? 1024);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-bench-observe-'));

function seconds(argv: string[], opts: { cwd?: string } = {}): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(argv[0] as string, argv.slice(1), {
    cwd: opts.cwd ?? work,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e9;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function traceOverhead(): void {
  const dir = path.join(work, 'files');
  fs.mkdirSync(dir);
  for (let i = 0; i < 10_000; i++) fs.writeFileSync(path.join(dir, `f${i}.csv`), `${i}\n`);
  const job = path.join(work, 'job.py');
  fs.writeFileSync(
    job,
    `import os\nd=${JSON.stringify(dir)}\nn=0\nfor name in sorted(os.listdir(d)):\n    with open(os.path.join(d, name)) as fh:\n        n += len(fh.read())\nopen(${JSON.stringify(`${work}/total.txt`)}, "w").write(str(n))\n`,
  );
  const plain = median([0, 1, 2].map(() => seconds(['/usr/bin/python3', job])));
  const strace = median(
    [0, 1, 2].map(() =>
      seconds([
        'strace',
        '-f',
        '-ttt',
        '-y',
        '-s',
        '4096',
        '-e',
        'trace=%file,%process,%network',
        '-o',
        path.join(work, 's.trace'),
        '/usr/bin/python3',
        job,
      ]),
    ),
  );
  const map = path.join(work, 'trace-map.json');
  const traced = median(
    [0, 1, 2].map(() => {
      fs.rmSync(map, { force: true });
      return seconds(
        [process.execPath, '--import', 'tsx', DEV, 'trace', '--map', map, '--', '/usr/bin/python3', job],
        { cwd: ROOT },
      );
    }),
  );
  const edges = JSON.parse(fs.readFileSync(map, 'utf8')).links.length;
  console.log('trace overhead: a Python job opening 10,000 files (median of 3)');
  console.log(`  untraced            ${plain.toFixed(2)} s`);
  console.log(`  strace -f alone     ${strace.toFixed(2)} s  (${(strace / plain).toFixed(1)}x)`);
  console.log(
    `  dfmap trace, total  ${traced.toFixed(2)} s  (${(traced / plain).toFixed(1)}x; includes node start-up, reading the trace, merging ${edges} edges)`,
  );
}

/** 14 days of cron runs of 200 jobs, in auditd's RAW format, until the file reaches AUDIT_MB. */
function writeAuditLog(file: string): { bytes: number; runs: number } {
  const fd = fs.openSync(file, 'w');
  const hex = (s: string) => Buffer.from(s).toString('hex').toUpperCase();
  let serial = 1000;
  let pid = 10_000;
  let bytes = 0;
  let runs = 0;
  let t = Date.parse('2026-11-12T00:00:00Z') / 1000;
  const target = AUDIT_MB * 1024 * 1024;
  while (bytes < target) {
    const lines: string[] = [];
    for (let job = 0; job < 200 && bytes < target; job++) {
      runs++;
      const sh = pid++;
      const py = pid++;
      const id = () => `msg=audit(${t.toFixed(3)}:${serial++})`;
      const sys = (
        p: number,
        ppid: number,
        call: number,
        a2: string,
        exit: string,
        comm: string,
        exe: string,
      ) =>
        `arch=c000003e syscall=${call} success=${exit.startsWith('-') ? 'no' : 'yes'} exit=${exit} a0=ffffff9c a1=7ffd a2=${a2} a3=0 items=1 ppid=${ppid} pid=${p} auid=4294967295 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=(none) ses=4294967295 comm="${comm}" exe="${exe}" subj=unconfined key="dfmap"`;
      const cmd = `python3 /opt/etl/job${job}.py --day ${job % 7} >> /var/log/etl/job${job}.log 2>&1`;
      let e = id();
      lines.push(
        `type=SYSCALL ${e}: ${sys(sh, 1234, 59, '55d3', '0', 'sh', '/usr/bin/dash')}`,
        `type=EXECVE ${e}: argc=3 a0="/bin/sh" a1="-c" a2=${hex(cmd)}`,
        `type=CWD ${e}: cwd="/home/etl"`,
        `type=PATH ${e}: item=0 name="/bin/sh" inode=393 dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0`,
        `type=PROCTITLE ${e}: proctitle=${hex(`/bin/sh\0-c\0${cmd}`)}`,
        `type=EOE ${e}:`,
      );
      e = id();
      lines.push(
        `type=SYSCALL ${e}: ${sys(sh, 1234, 257, '441', '3', 'sh', '/usr/bin/dash')}`,
        `type=CWD ${e}: cwd="/home/etl"`,
        `type=PATH ${e}: item=0 name="/var/log/etl/job${job}.log" inode=5 dev=08:01 mode=0100644 nametype=NORMAL`,
        `type=EOE ${e}:`,
      );
      e = id();
      lines.push(
        `type=SYSCALL ${e}: ${sys(py, sh, 59, '55d3', '0', 'python3', '/usr/bin/python3.11')}`,
        `type=EXECVE ${e}: argc=4 a0="python3" a1="/opt/etl/job${job}.py" a2="--day" a3="${job % 7}"`,
        `type=CWD ${e}: cwd="/home/etl"`,
        `type=PATH ${e}: item=0 name="/usr/bin/python3" inode=7 dev=08:01 mode=0100755 nametype=NORMAL`,
        `type=EOE ${e}:`,
      );
      const opens: Array<[string, string]> = [
        ['/etc/ld.so.cache', '80000'],
        ['/usr/lib/x86_64-linux-gnu/libc.so.6', '80000'],
        ['/usr/lib/python3.11/encodings/__init__.py', '80000'],
        ['/usr/lib/locale/C.utf8/LC_CTYPE', '80000'],
      ];
      for (let k = 0; k < 8; k++) opens.push([`/data/in/feed${(job + k) % 50}/part_${k}.csv`, '0']);
      opens.push([`/data/out/job${job}/report_2026${String(runs % 28).padStart(2, '0')}.csv`, '241']);
      for (const [p, flags] of opens) {
        e = id();
        lines.push(
          `type=SYSCALL ${e}: ${sys(py, sh, 257, flags, '3', 'python3', '/usr/bin/python3.11')}`,
          `type=CWD ${e}: cwd="/home/etl"`,
          `type=PATH ${e}: item=0 name="${p}" inode=9 dev=08:01 mode=0100644 ouid=1000 ogid=1000 rdev=00:00 nametype=NORMAL cap_fp=0`,
          `type=EOE ${e}:`,
        );
      }
      e = id();
      lines.push(
        `type=SYSCALL ${e}: ${sys(py, sh, 42, '10', '0', 'python3', '/usr/bin/python3.11')}`,
        `type=SOCKADDR ${e}: saddr=02001538C0A80A05${'0'.repeat(16)}`,
        `type=EOE ${e}:`,
      );
      lines.push(
        `type=USER_START ${id()}: pid=${sh} uid=0 auid=1000 ses=7 msg='op=PAM:session_open acct="etl" exe="/usr/sbin/cron" hostname=? addr=? terminal=cron res=success'`,
      );
      t += 2;
    }
    const chunk = `${lines.join('\n')}\n`;
    fs.writeSync(fd, chunk);
    bytes += Buffer.byteLength(chunk);
  }
  fs.closeSync(fd);
  return { bytes, runs };
}

function observeAudit(): void {
  const log = path.join(work, 'audit.log');
  const g0 = Date.now();
  const { bytes, runs } = writeAuditLog(log);
  const gen = (Date.now() - g0) / 1000;
  const map = path.join(work, 'audit-map.json');
  const t = process.hrtime.bigint();
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', '%U %S %M', process.execPath, '--import', 'tsx', DEV, 'observe', log, '--map', map, '--json'],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`dfmap observe failed: ${r.stderr}`);
  const [user, sys, peakKb] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number) as [
    number,
    number,
    number,
  ];
  const cpu = user + sys;
  const summary = JSON.parse(r.stdout);
  const mb = bytes / 1024 / 1024;
  console.log(
    `dfmap observe on an audit log of ${mb.toFixed(0)} MB (${runs.toLocaleString('en')} cron runs of 200 jobs; generated in ${gen.toFixed(0)} s)`,
  );
  console.log(
    `  ${s.toFixed(1)} s wall (${cpu.toFixed(1)} s CPU), ${(mb / s).toFixed(1)} MB/s wall (${(mb / cpu).toFixed(1)} MB/s of CPU), ${(summary.stats.lines / s / 1000).toFixed(0)}k lines/s; peak RSS ${(peakKb / 1024).toFixed(0)} MB`,
  );
  console.log(
    `  ${summary.stats.lines.toLocaleString('en')} lines, ${summary.runs.toLocaleString('en')} runs, ${summary.added} observed edges, ${summary.stats.noise.toLocaleString('en')} machinery accesses ignored`,
  );
}

try {
  console.log(
    `load average at start: ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `machine: ${os.cpus()[0]?.model ?? '?'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}, ${spawnSync('strace', ['-V'], { encoding: 'utf8' }).stdout.split('\n')[0]} (shared machine: figures vary between runs)`,
  );
  // BENCH_ONLY=trace or BENCH_ONLY=audit runs one part
  if (process.env.BENCH_ONLY !== 'audit') traceOverhead();
  if (process.env.BENCH_ONLY !== 'trace') observeAudit();
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
