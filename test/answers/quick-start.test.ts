/**
 * The README's quick start in a fresh clone: `npm ci && ./bin/dfmap.js scan examples/seed-server`.
 * Checks that it prints the README's output and that nothing is built at first use (issue 11:
 * `npx dfmap` in a clone copies the project into npx's cache and runs `prepare` there again, 27 s
 * to minutes; the README no longer uses npx).
 *
 * To stay fast, `npm ci` is stood in for by what it leaves behind: node_modules hard-linked from
 * this checkout (installing ~400 MB again would measure npm, not dfmap) and the part of `prepare`
 * the quick start needs (the sources compiled to dist/src and the CLI bundled from them into
 * dist/cli; the viewer bundle is not used by scan): under scripts/run-tests.mjs the JavaScript and
 * the bundle it built from src/ at the start of the run (DFMAP_TEST_DIST), otherwise tsc and
 * scripts/build-cli.mjs as `prepare` runs them. The bundle runs as installed (no test hooks), and
 * its scan's worker threads run from dist/src. npm runs with an empty cache of its own,
 * so anything installed at first use would show in it.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';

const REPO = path.resolve(import.meta.dirname, '../..');
let dir = '';
let clone = '';
let cache = '';

/** Every file under `d` with its mtime, to see that nothing was rebuilt. */
function stamps(d: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of fs.readdirSync(d, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) {
      const p = path.join(e.parentPath, e.name);
      out.set(p, fs.statSync(p).mtimeMs);
    }
  }
  return out;
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-quick-start-'));
  clone = path.join(dir, 'dfmap');
  cache = path.join(dir, 'npm-cache');
  execFileSync('git', ['clone', '--quiet', REPO, clone]);
  execFileSync('cp', ['-al', path.join(REPO, 'node_modules'), path.join(clone, 'node_modules')]);
  const built = process.env.DFMAP_TEST_DIST;
  if (built) {
    for (const part of ['src', 'cli'])
      fs.cpSync(path.join(built, part), path.join(clone, 'dist', part), { recursive: true });
  } else {
    execFileSync(
      process.execPath,
      [path.join(clone, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      { cwd: clone },
    );
    execFileSync(process.execPath, [path.join(clone, 'scripts/build-cli.mjs')], { cwd: clone });
  }
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

it("prints the README's map at first use and builds nothing", (t) => {
  const readme = fs.readFileSync(path.join(clone, 'README.md'), 'utf8');
  const command = /```sh\nnpm ci && (\S*dfmap\S* [^\n]+)\n```/.exec(readme)?.[1];
  assert.ok(command, 'the README quick start is `npm ci && <dfmap> ...`');
  const expected = /<!-- quickstart-output -->\n```text\n([^`]*)```/.exec(readme)?.[1];
  assert.ok(expected);
  const before = stamps(path.join(clone, 'dist'));
  const started = Date.now();
  const r = spawnSync('sh', ['-c', command], {
    cwd: clone,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', npm_config_cache: cache, npm_config_offline: 'true' },
  });
  t.diagnostic(`quick start after install: ${Date.now() - started} ms (wall, this machine's load)`);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, expected);
  assert.deepEqual(stamps(path.join(clone, 'dist')), before, 'dist/ is not rebuilt');
  assert.ok(!fs.existsSync(path.join(cache, '_npx')), 'npx installed nothing into its cache');
  assert.ok(fs.existsSync(path.join(clone, 'dfmap.json')));

  const again = Date.now();
  const v = spawnSync(path.join(clone, 'bin/dfmap.js'), ['--version'], { encoding: 'utf8' });
  t.diagnostic(`a later call (bin/dfmap.js --version): ${Date.now() - again} ms`);
  assert.equal(v.status, 0);
});
