/**
 * Fuzzing the two parsers every scan runs on untrusted text: crontab lines and shell commands.
 * Random and mutated inputs (seeded, so a failure can be replayed); no exception may escape and
 * every case must finish. Bounded in count, not in time.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCrontab } from '../../../src/discover/cron/crontab.js';
import { extractShellCommand } from '../../../src/extract/shell/index.js';
import { rng as prng } from '../../helpers/prng.js';
import { shellContext } from '../../helpers/shell.js';

const CORPUS = [
  '0 2 * * * cd /opt/etl && flock -n /tmp/x.lock python3 load.py --in "$IN" >> /var/log/x.log 2>&1',
  '@daily root run-parts --report /etc/cron.daily',
  '*/5 * * * * etl su - etl -c \'bash -c "for f in /d/*.csv; do gzip $f; done"\'',
  'psql -h pg01 -d dw <<EOF\nINSERT INTO a SELECT * FROM b;\nEOF',
  'mysql -pX -e "LOAD DATA INFILE \'/d/x.csv\' INTO TABLE t" shop | tee -a /d/log',
  'f() { cp "$1" "${2:-/tmp}/"; }; f /a /b; exec 3>&- ; echo $(( 1 + $(date +%s) ))',
  'tar czf /b/$(date +\\%F).tgz -C /d . && scp /b/*.tgz h:/in/ %line1%line2',
  'case "$1" in a) curl -o /x https://h/p ;; *) wget -O- http://h | sh ;; esac',
];
const ALPHABET = ' \t\n"\'`$(){}[]<>|&;\\%*#=~!-_/.:,@0123456789abcdefghijklmnopqrstuvwxyzEOF';

function mutate(rand: () => number, s: string): string {
  let out = s;
  const edits = 1 + Math.floor(rand() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (out.length + 1));
    const ch = ALPHABET[Math.floor(rand() * ALPHABET.length)] ?? ' ';
    const op = rand();
    if (op < 0.4) out = out.slice(0, at) + ch + out.slice(at);
    else if (op < 0.7) out = out.slice(0, at) + out.slice(at + 1);
    else if (op < 0.9) out = out.slice(0, at) + ch.repeat(1 + Math.floor(rand() * 40)) + out.slice(at);
    else out = out.slice(0, at) + out.slice(Math.floor(rand() * out.length));
  }
  return out;
}

function random(rand: () => number): string {
  const n = Math.floor(rand() * 200);
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(rand() * ALPHABET.length)] ?? '';
  return s;
}

function cases(seed: number, count: number): string[] {
  const rand = prng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const base = CORPUS[i % CORPUS.length] ?? '';
    out.push(i % 4 === 3 ? random(rand) : mutate(rand, base));
  }
  return out;
}

describe('fuzzing', () => {
  test('the crontab parser never throws (600 cases)', () => {
    for (const [i, text] of cases(1, 600).entries()) {
      assert.doesNotThrow(
        () => parseCrontab(text, '/etc/cron.d/fuzz', { system: i % 2 === 0 }),
        `case ${i}: ${JSON.stringify(text)}`,
      );
    }
  });

  test('the shell command extractor never throws (400 cases)', async () => {
    const ctx = await shellContext({ files: { '/etc/cron.daily/x': '#!/bin/sh\n' } });
    for (const [i, text] of cases(2, 400).entries()) {
      const ex = extractShellCommand(text, ctx, { file: '/etc/crontab', line: 1 }, { markRedirects: true });
      assert.ok(Array.isArray(ex.reads), `case ${i}: ${JSON.stringify(text)}`);
    }
  });

  test('deeply nested and very long commands finish', async () => {
    const ctx = await shellContext();
    const nested = `${'$('.repeat(300)}date${')'.repeat(300)}`;
    const long = `cat ${Array.from({ length: 20_000 }, (_, i) => `/d/f${i}`).join(' ')} > /d/all`;
    const unterminated = 'psql <<EOF\nSELECT * FROM t;\n';
    for (const text of [nested, long, unterminated, `bash -c '${"bash -c '".repeat(50)}'`]) {
      const ex = extractShellCommand(text, ctx, { file: '/etc/crontab', line: 1 });
      assert.ok(ex);
    }
  });
});
