/** Reading logs: backwards from the end, gzip rotations streamed, times in the formats servers write. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import zlib from 'node:zlib';
import { listLogSet } from '../../src/health/logs/log-set.js';
import { lineNumberAt, readLinesBackward } from '../../src/health/logs/read-backward.js';
import { readGzipLines } from '../../src/health/logs/read-gzip.js';
import { readLogWindow } from '../../src/health/logs/read-window.js';
import { parseLogTime } from '../../src/health/time/log-time.js';
import { local } from './world.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-logs-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, data: string | Buffer, mtime?: Date) => {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, data);
  if (mtime) fs.utimesSync(p, mtime, mtime);
  return p;
};
const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1} ${'x'.repeat(i % 37)}`);

describe('readLinesBackward', () => {
  it('yields every line last first, across chunk boundaries, with byte offsets', () => {
    const lines = numbered(500);
    const file = write('plain.log', `${lines.join('\n')}\n`);
    const got = [...readLinesBackward(file, { chunkSize: 64 })];
    assert.deepEqual(
      got.map((l) => l.text),
      [...lines].reverse(),
    );
    const text = fs.readFileSync(file, 'utf8');
    for (const l of got.slice(0, 50)) assert.equal(text.slice(l.offset, l.offset + l.text.length), l.text);
  });

  it('with needles yields only matching lines, plus one marker line per chunk to check time on', () => {
    const lines = numbered(300).map((l, i) => (i % 50 === 0 ? `${l} CRON[1]: (root) CMD (x)` : l));
    const file = write('needles.log', `${lines.join('\n')}\n`);
    const got = [...readLinesBackward(file, { chunkSize: 256, needles: ['CRON['] })];
    const cron = got.filter((l) => l.text.includes('CRON['));
    assert.equal(cron.length, 6);
    assert.ok(got.filter((l) => l.marker).length > 1);
    assert.ok(got.every((l) => l.marker || l.text.includes('CRON[')));
  });

  it('stops at maxBytes and says it did', () => {
    const file = write('big.log', `${numbered(5000).join('\n')}\n`);
    const it = readLinesBackward(file, { chunkSize: 1024, maxBytes: 4096 });
    let step = it.next();
    let n = 0;
    while (!step.done) {
      n++;
      step = it.next();
    }
    assert.equal(step.value.truncated, true);
    assert.equal(step.value.reachedStart, false);
    assert.ok(n > 50 && n < 400);
  });

  it('counts the line number of an offset', () => {
    const file = write('count.log', 'a\nbb\nccc\n');
    assert.equal(lineNumberAt(file, 5), 3);
  });
});

describe('readGzipLines', () => {
  const text = `${numbered(20000).join('\n')}\n`;

  it('streams every member of a multi-member gzip', async () => {
    const file = write('multi.gz', Buffer.concat([zlib.gzipSync(text), zlib.gzipSync('tail line\n')]));
    const r = await readGzipLines(file);
    assert.equal(r.error, undefined);
    assert.equal(r.lines.length, 20001);
    assert.equal(r.lines.at(-1)!.text, 'tail line');
  });

  it('keeps what decompressed before a truncation, and says why it stopped', async () => {
    const gz = zlib.gzipSync(text);
    const file = write('trunc.gz', gz.subarray(0, Math.floor(gz.length * 0.6)));
    const r = await readGzipLines(file);
    assert.match(r.error ?? '', /unexpected end of file/);
    assert.ok(r.lines.length > 1000 && r.lines.length < 20000);
    assert.deepEqual(r.lines[0], { text: 'line 1 ', line: 1 });
  });

  it('reports a file that is not gzip at all', async () => {
    const file = write('notgz.gz', 'plain text, not gzip\n');
    const r = await readGzipLines(file);
    assert.match(r.error ?? '', /incorrect header check/);
    assert.equal(r.lines.length, 0);
  });
});

describe('parseLogTime', () => {
  const clock = { tz: 'Europe/Berlin', refMs: local('2026-11-26 09:00').getTime() };
  const iso = (line: string, c = clock) => {
    const t = parseLogTime(line, c);
    return t === undefined ? undefined : new Date(t).toISOString();
  };

  it('reads syslog, ISO, Python logging, Apache and date(1) times; zone-less ones in the server zone', () => {
    assert.equal(iso('Nov 26 02:00:01 etl01 CRON[1]: (root) CMD (x)'), '2026-11-26T01:00:01.000Z');
    assert.equal(iso('Nov  6 02:00:01 etl01 x'), '2026-11-06T01:00:01.000Z');
    assert.equal(iso('2026-11-26 02:00:04,120 ERROR 5.py boom'), '2026-11-26T01:00:04.000Z');
    assert.equal(iso('2026-11-26T02:00:04.5+01:00 etl01 x'), '2026-11-26T01:00:04.000Z');
    assert.equal(iso('[2026-11-26 01:00:04 UTC] started'), '2026-11-26T01:00:04.000Z');
    assert.equal(iso('2026/11/26 02:00:04 started'), '2026-11-26T01:00:04.000Z');
    assert.equal(
      iso('127.0.0.1 - - [26/Nov/2026:02:00:04 +0100] "GET / HTTP/1.1" 200'),
      '2026-11-26T01:00:04.000Z',
    );
    assert.equal(iso('Thu Nov 26 02:00:04 CET 2026 starting export'), '2026-11-26T01:00:04.000Z');
    assert.equal(iso('Thu Nov 26 01:00:04 UTC 2026 starting export'), '2026-11-26T01:00:04.000Z');
    assert.equal(iso('  File "/opt/dataops/5.py", line 44, in <module>'), undefined);
  });

  it("gives a syslog line without a year the year that puts it before the file's mtime", () => {
    const january = { tz: 'UTC', refMs: Date.parse('2027-01-02T00:00:00Z') };
    assert.equal(iso('Dec 31 23:59:00 etl01 x', january), '2026-12-31T23:59:00.000Z');
    assert.equal(iso('Jan  1 00:01:00 etl01 x', january), '2027-01-01T00:01:00.000Z');
  });
});

describe('readLogWindow', () => {
  it('reads rotations newest first and stops at the first line older than the cutoff', async () => {
    const mk = (day: number) => `2026-11-${day} 02:00:01,000 INFO day ${day}\n`;
    write('var/log/app.log', mk(26), local('2026-11-26 02:00:01'));
    write('var/log/app.log.1', mk(25), local('2026-11-25 02:00:01'));
    write('var/log/app.log.2.gz', zlib.gzipSync(mk(24)), local('2026-11-24 02:00:01'));
    write('var/log/app.log.3.gz', zlib.gzipSync(mk(23)), local('2026-11-23 02:00:01'));
    write('var/log/app.log.bak', 'not a rotation\n');
    const files = listLogSet(dir, '/var/log/app.log');
    assert.deepEqual(
      files.map((f) => f.path),
      ['/var/log/app.log', '/var/log/app.log.1', '/var/log/app.log.2.gz', '/var/log/app.log.3.gz'],
    );
    const w = await readLogWindow(files, {
      cutoff: local('2026-11-24 12:00').getTime(),
      now: local('2026-11-26 09:00').getTime(),
      tz: 'Europe/Berlin',
      maxBytes: 1 << 20,
    });
    assert.deepEqual(
      w.lines.map((l) => l.text.slice(-6)),
      ['day 25', 'day 26'],
    );
    assert.equal(w.complete, true);
    assert.deepEqual(w.read, ['/var/log/app.log', '/var/log/app.log.1', '/var/log/app.log.2.gz']);
  });

  it('untimed lines (a traceback) belong to the timed line above them', async () => {
    const body = [
      '2026-11-25 02:00:01,000 INFO start',
      'Traceback (most recent call last):',
      'ValueError: old run',
      '2026-11-26 02:00:01,000 INFO start',
      'Traceback (most recent call last):',
      'KeyError: new run',
    ].join('\n');
    write('var/log/tb/run.log', `${body}\n`, local('2026-11-26 02:00:02'));
    const w = await readLogWindow(listLogSet(dir, '/var/log/tb/run.log'), {
      cutoff: local('2026-11-26 01:59').getTime(),
      now: local('2026-11-26 09:00').getTime(),
      tz: 'Europe/Berlin',
      maxBytes: 1 << 20,
    });
    assert.deepEqual(
      w.lines.map((l) => l.text),
      ['2026-11-26 02:00:01,000 INFO start', 'Traceback (most recent call last):', 'KeyError: new run'],
    );
    assert.ok(w.lines.every((l) => l.time === local('2026-11-26 02:00:01').getTime()));
  });

  it("a log in Berlin wall time on a server dfmap reads as UTC: times shifted to match the log's mtime, with a warning", async () => {
    // written at 02:00:01Z, when Berlin clocks said 03:00:01
    write('var/log/tz/local.log', '2026-11-26 03:00:01,000 INFO start\n', new Date('2026-11-26T02:00:05Z'));
    const w = await readLogWindow(listLogSet(dir, '/var/log/tz/local.log'), {
      cutoff: Date.parse('2026-11-26T01:00:00Z'),
      now: Date.parse('2026-11-26T08:00:00Z'),
      tz: 'UTC',
      maxBytes: 1 << 20,
    });
    assert.equal(w.lines[0]!.time, Date.parse('2026-11-26T02:00:01Z'));
    assert.equal(w.diagnostics[0]!.code, 'log-time-zone');
  });
});
