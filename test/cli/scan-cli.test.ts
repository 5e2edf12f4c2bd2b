import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { EXIT_CODES_HELP } from '../../src/cli/main.js';
import { runDfmap } from '../helpers/cli.js';

const dfmap = (args: string[], opts: { cwd?: string } = {}) => runDfmap(args, opts);

describe('the CLI under test is the source', () => {
  test('--help prints the exit-code text exactly as src/cli/main.ts has it now', () => {
    // A message edited in src/ must be what the spawned CLI prints: this fails on a stale build.
    const r = dfmap(['--help']);
    assert.equal(r.code, 0, r.err);
    assert.ok(
      r.out.includes(EXIT_CODES_HELP.trim()),
      `--help does not print src/cli/main.ts's text:\n${r.out}`,
    );
  });
});

describe('dfmap scan (end to end)', () => {
  test('--help lists the options and exit codes, exit 0', () => {
    const r = dfmap(['scan', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /--include <dir>/);
    assert.match(r.out, /--min-confidence/);
    const top = dfmap(['--help']);
    assert.match(top.out, /Exit codes:/);
  });

  test('a ROOT that is not a directory: a clear error, exit 2, no stack trace', () => {
    const r = dfmap(['scan', '/no/such/root']);
    assert.equal(r.code, 2);
    assert.match(r.err, /^dfmap: cannot read ROOT '\/no\/such\/root'/);
    assert.match(r.err, /hint:/);
    assert.doesNotMatch(r.err, /at .*\.js:\d+/);
  });

  test('an unknown option: exit 2', () => {
    assert.equal(dfmap(['scan', '--frobnicate']).code, 2);
  });

  test('writes node-link JSON and prints a summary; --json prints the summary as JSON', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-cli-'));
    const out = path.join(dir, 'map.json');
    const r = dfmap(['scan', 'examples/seed-server', '--output', out]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /6 jobs, 6 scripts/);
    assert.match(
      r.out,
      /\/opt\/dataops\/5\.py\n {4}<- sales\.orders \(mysql:\/\/db01:3306\)/,
      'prints the map as an outline',
    );
    const map = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.equal(map.directed, true);
    assert.equal(map.multigraph, false);
    assert.ok(Array.isArray(map.nodes) && Array.isArray(map.links));
    const j = dfmap(['scan', 'examples/seed-server', '--output', out, '--json']);
    const summary = JSON.parse(j.out);
    assert.equal(summary.summary.nodes.job, 6);
    fs.rmSync(dir, { recursive: true });
  });
});
