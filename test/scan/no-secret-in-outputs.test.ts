/**
 * No secret survives in any output (issue 16, points 1 and 2): every construct of the credential
 * table is planted, with random surrounding text, in a crontab, a shell script and a Python script,
 * and in the logs health reads; the map JSON, the outline, --json, every export format, and the
 * health evidence of status, diagnose and export --status are all searched for each secret.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { EXPORT_FORMATS } from '../../src/export/index.js';
import { writeMap } from '../../src/store/map-file.js';
import { FLAG_ROWS, SECRET_AFTER_WORDS } from '../../src/util/redact-table.js';
import { buildStory } from '../health/stories.js';
import { runCli } from '../helpers/cli-in-process.js';
import {
  PERL_CONSTRUCTS,
  PYTHON_CONSTRUCTS,
  plant,
  SESSION_CONSTRUCTS,
  SHELL_CONSTRUCTS,
  VALUE_CONSTRUCTS,
} from '../helpers/credentials.js';
import { rng } from '../helpers/prng.js';
import { makeRoot, removeRoot } from '../helpers/server-root.js';

const cleanup: string[] = [];
after(() => cleanup.forEach(removeRoot));

const r = rng(1616);
const FILLER = [
  'cd /opt/etl &&',
  'nice -n 10',
  'timeout 300',
  '; echo ok',
  '>> /var/log/etl/run.log 2>&1',
  '|| true',
];
const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)] as T;
function secret(i: number): string {
  let s = `S${i}x`;
  for (let k = 0; k < 10; k++) s += pick([...'ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789']);
  return s;
}

const FLAG_EXAMPLES = FLAG_ROWS.map((row) => row.example);
const WORD_EXAMPLES = SECRET_AFTER_WORDS.map((row) => row.example);
const groups = {
  shell: [...SHELL_CONSTRUCTS, ...FLAG_EXAMPLES],
  value: VALUE_CONSTRUCTS,
  python: PYTHON_CONSTRUCTS,
  perl: PERL_CONSTRUCTS,
  session: [...SESSION_CONSTRUCTS, ...WORD_EXAMPLES],
};
const constructs = Object.values(groups).flat();
const secrets = constructs.map((_, i) => secret(i));
const lines = constructs.map((c, i) => plant(c, secrets[i] as string));
const planted = (group: readonly string[]) => group.map((c) => lines[constructs.indexOf(c)] as string);
const noisy = (l: string) => `${pick(FILLER)} ${l} ${pick(FILLER)}`;

/** SQL goes in the .sql file psql runs; ftp and netrc lines in the ftp here-document. */
const isSql = (l: string) => /^(CREATE|ALTER|CONNECT)\b/.test(l);

function assertClean(where: string, text: string): void {
  const leaked = secrets.filter((s) => text.includes(s));
  const examples = leaked.map((s) => lines[secrets.indexOf(s)]);
  assert.deepEqual(examples, [], `${where} leaks the secret of these constructs`);
}

describe('no secret in any output of a scan', () => {
  const shell = planted(groups.shell);
  const values = planted(groups.value);
  const root = makeRoot({
    '/etc/hostname': 'etl01\n',
    '/etc/crontab': [
      ...shell.map((l, i) => `${i % 60} 3 * * * etl ${noisy(l)}`),
      ...values.map((v, i) => `${i} 4 * * * etl DB_URL='${v}' /opt/etl/run.sh`),
      '0 5 * * * etl python3 /opt/etl/load.py',
      '0 6 * * * etl perl /opt/etl/sync.pl',
      '',
    ].join('\n'),
    '/opt/etl/run.sh': [
      '#!/bin/sh',
      ...values.map((v) => `DB_URL='${v}'`),
      ...shell.map(noisy),
      'ftp -n files.example.com <<EOF',
      ...planted(groups.session).filter((l) => !isSql(l)),
      'put /data/out/x.csv',
      'EOF',
      'psql -h pg01 -f /opt/etl/users.sql',
      '',
    ].join('\n'),
    '/opt/etl/users.sql': `${planted(groups.session).filter(isSql).join('\n')}\n`,
    '/opt/etl/load.py': [
      'import requests, subprocess, pymysql',
      ...values.map((v) => `DSN = ${JSON.stringify(v)}`),
      ...planted(groups.python),
      '',
    ].join('\n'),
    '/opt/etl/sync.pl': [
      'use strict;',
      ...values.map((v) => `my $dsn = '${v}';`),
      ...planted(groups.perl),
      '',
    ].join('\n'),
  });
  cleanup.push(root);
  const dir = fs.mkdtempSync(path.join(root, '..', 'dfmap-outputs-'));
  cleanup.push(dir);
  const map = path.join(dir, 'map.json');

  test('the map, the outline and --json', async () => {
    const scanned = await runCli(['scan', root, '-o', map, '--outline', '--warnings', '1000']);
    assert.equal(scanned.code, 0, scanned.err);
    assertClean('the map file', fs.readFileSync(map, 'utf8'));
    assertClean('the summary and outline', scanned.out + scanned.err);
    const json = await runCli(['scan', root, '-o', path.join(dir, 'again.json'), '--json']);
    assertClean('scan --json', json.out + json.err);
  });

  test('every export format', async () => {
    for (const format of EXPORT_FORMATS) {
      const out = path.join(dir, `export-${format}`);
      const res = await runCli(['export', '-m', map, '--format', format, '-o', out]);
      assert.equal(res.code, 0, `${format}: ${res.err}`);
      const text = fs.statSync(out).isDirectory()
        ? fs
            .readdirSync(out)
            .map((f) => fs.readFileSync(path.join(out, f), 'latin1'))
            .join('\n')
        : fs.readFileSync(out, 'latin1');
      assertClean(`export --format ${format}`, text + res.err);
    }
  });

  test('the analyses that print commands and evidence', async () => {
    for (const args of [['stats'], ['lint'], ['lint', '--json'], ['upstream', 'run.sh', '--json']]) {
      const res = await runCli([...args, '--map', map]);
      assertClean(args.join(' '), res.out + res.err);
    }
  });
});

describe('no secret in health evidence', () => {
  const { root, graph } = buildStory({ dbDownFrom: '2026-11-24' });
  cleanup.push(root);
  const map = path.join(root, '..', `${path.basename(root)}-map.json`);
  cleanup.push(map);
  writeMap(graph, map);
  // what a failing job prints: its DSN and the credentials it was given
  for (const log of ['var/log/dataops/5.log', 'var/log/dataops/cron.log']) {
    const f = path.join(root, log);
    if (!fs.existsSync(f)) continue;
    const text = fs.readFileSync(f, 'utf8');
    fs.writeFileSync(
      f,
      text.replaceAll("on 'db01'", () => `on '${pick(lines).replaceAll("'", '"')}'`),
      { mode: 0o644 },
    );
  }
  const NOW = ['--now', '2026-11-26T09:00'];

  test('status, diagnose and export --status', async () => {
    const planted = ['var/log/dataops/5.log', 'var/log/dataops/cron.log']
      .map((l) => path.join(root, l))
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    assert.ok(
      secrets.some((s) => planted.includes(s)),
      'the logs hold secrets to find',
    );
    for (const args of [
      ['status', '--map', map, '--root', root, ...NOW, '--all'],
      ['status', '--map', map, '--root', root, ...NOW, '--json'],
      ['diagnose', 'extract_a.csv', '--map', map, '--root', root, ...NOW],
      ['diagnose', 'extract_a.csv', '--map', map, '--root', root, ...NOW, '--json'],
    ]) {
      const res = await runCli(args);
      assertClean(args.slice(0, 2).join(' '), res.out + res.err);
    }
    const html = path.join(root, '..', `${path.basename(root)}-status.json`);
    cleanup.push(html);
    const res = await runCli([
      'export',
      '-m',
      map,
      '--format',
      'json',
      '--status',
      '--root',
      root,
      ...NOW,
      '-o',
      html,
    ]);
    assert.equal(res.code, 0, res.err);
    assertClean('export --status', fs.readFileSync(html, 'utf8'));
  });
});
