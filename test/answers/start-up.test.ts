/**
 * Every later call starts fast (issue 11, point 6; issue 13): a command that reads a map file loads
 * its own module and what it needs, never the heavy parts of others: the catalog's SQLite addon and
 * PostgreSQL client, graphology, the parsers, the renderers. Checked by what each start loads (a
 * resolution hook records it), not by a stopwatch on a shared machine; the times are reported.
 *
 * Under scripts/run-tests.mjs this is the CLI as installed: bin/dfmap.js over the bundle
 * scripts/build-cli.mjs made of this run's build (DFMAP_TEST_DIST/cli: a command is its chunk
 * cmd-NAME.cjs, required only when it runs), and the bundle also leaves out the built-ins
 * no query uses (commander's node:child_process, util/server-fs's node:crypto). Run alone through
 * tsx, it checks the same on the unbundled source (a command is src/cli/commands/NAME.ts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runMain } from '../helpers/run-main.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The bundle of this test run's build is what bin/dfmap.js runs (else src/, through tsx). */
const BUNDLED = Boolean(process.env.DFMAP_TEST_DIST);
const HOOKS = [
  ...(BUNDLED ? [] : [import.meta.resolve('tsx')]),
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

/** Built-ins a query never uses: loading them (and net, dgram, the crypto internals) cost ~15 ms. */
const UNUSED_BUILTINS = ['child_process', 'crypto'];

interface Loaded {
  packages: Set<string>;
  /** dfmap's command modules (the registry, commands/index, left out). */
  commands: Set<string>;
  builtins: Set<string>;
  urls: string[];
  ms: number;
}

/** The packages, dfmap command modules and built-ins one run loads, and its wall time. */
function loads(args: string[]): Loaded {
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
    urls
      .map((u) => /\/cli\/(?:commands\/|cmd-)([\w-]+)\.c?[jt]s$/.exec(u)?.[1])
      .filter((c): c is string => c !== undefined && c !== 'index'),
  );
  const builtins = new Set(urls.map((u) => /^builtin:(.+)$/.exec(u)?.[1]).filter((b) => b !== undefined));
  return { packages, commands, builtins, urls, ms };
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
      assert.deepEqual([...run.commands], [args[0]]);
      assert.deepEqual(
        HEAVY.filter((p) => run.packages.has(p)),
        [],
      );
      if (BUNDLED) {
        assert.ok(
          run.urls.some((u) => u.endsWith(`/cli/cmd-${args[0]}.cjs`)),
          'the bundle ran',
        );
        assert.deepEqual(
          UNUSED_BUILTINS.filter((b) => run.builtins.has(b)),
          [],
        );
      }
      t.diagnostic(`${args[0]}: ${Math.round(run.ms)} ms wall with the test hooks (this machine's load)`);
    });
  }

  it('--version loads no command at all', () => {
    const run = loads(['--version']);
    assert.deepEqual([...run.commands], []);
    assert.ok(!run.packages.has('graphology'));
  });
});
