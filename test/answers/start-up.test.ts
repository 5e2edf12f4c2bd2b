/**
 * Every later call starts fast (issue 11, point 6): a command that reads a map file loads its own
 * module and what it needs, never the heavy parts of others: the catalog's SQLite addon and
 * PostgreSQL client, graphology, the parsers, the renderers. Checked by what each start loads (a
 * resolution hook records it), not by a stopwatch on a shared machine; the times are reported.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runMain } from '../helpers/run-main.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const HOOKS = [
  import.meta.resolve('tsx'),
  path.join(ROOT, 'test/helpers/dist-is-src.mjs'),
  path.join(ROOT, 'test/helpers/record-imports.mjs'),
];

/** Packages no map-reading command needs to start. */
const HEAVY = [
  'better-sqlite3',
  'pg',
  'ssh2',
  'graphology',
  '@vscode/tree-sitter-wasm',
  'tree-sitter',
  'tree-sitter-bash',
  'tree-sitter-python',
  'node-sql-parser',
  '@hpcc-js/wasm-graphviz',
  '@resvg/resvg-js',
  'yaml',
];

let dir = '';
let map = '';

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-start-up-'));
  map = path.join(dir, 'dfmap.json');
  const r = await runMain('scan', path.join(ROOT, 'examples/seed-server'), '-o', map, '-q');
  assert.equal(r.code, 0, r.err);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The packages and dfmap command modules one run loads, and its wall time. */
function loads(args: string[]): { packages: Set<string>; commands: Set<string>; ms: number } {
  const out = path.join(dir, `imports-${args[0]}.txt`);
  fs.rmSync(out, { force: true });
  const started = performance.now();
  const r = spawnSync(
    process.execPath,
    [...HOOKS.flatMap((h) => ['--import', h]), path.join(ROOT, 'bin/dfmap.js'), ...args],
    { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', DFMAP_RECORD_IMPORTS: out } },
  );
  const ms = performance.now() - started;
  assert.equal(r.status, 0, r.stderr);
  const urls = fs.readFileSync(out, 'utf8').split('\n');
  const packages = new Set(
    urls.map((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)?.[1]).filter((p) => p !== undefined),
  );
  const commands = new Set(
    urls.map((u) => /cli\/commands\/([\w-]+)\./.exec(u)?.[1]).filter((c) => c !== undefined),
  );
  return { packages, commands, ms };
}

describe('what a command loads to answer from a map file', () => {
  for (const args of [
    ['stats'],
    ['upstream', 'combined_export.json'],
    ['impact', 'mysql', '--at', '2026-11-26T09:00'],
    ['lint'],
    ['schedule', '--at', '2026-11-26T09:00'],
  ]) {
    it(`${args[0]}: its own module, none of the heavy packages`, (t) => {
      const run = loads([...args, '--map', map]);
      assert.deepEqual([...run.commands].sort(), ['index', args[0]!].sort());
      assert.deepEqual(
        HEAVY.filter((p) => run.packages.has(p)),
        [],
      );
      t.diagnostic(`${args[0]}: ${Math.round(run.ms)} ms wall with the test hooks (this machine's load)`);
    });
  }

  it('--version loads no command at all', () => {
    const run = loads(['--version']);
    assert.deepEqual([...run.commands], ['index']);
    assert.ok(!run.packages.has('graphology'));
  });
});
