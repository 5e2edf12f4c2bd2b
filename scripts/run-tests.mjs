#!/usr/bin/env node
// Runs test/**/*.test.ts with node's own test runner through tsx.
// Node 20's `--test` cannot glob .ts files itself, so we list them here.
//
// Usage: node scripts/run-tests.mjs [--fast] [FILTER...]
//   FILTER   keeps files whose path contains it
//   --fast   leaves out the tests that need a browser or a database server, and the checks of the
//            project's own rules (the `test:fast` tier; `npm test` runs everything)
//
// Tests run the source, never a stale build: the CLI under test is bin/dfmap.js with its import of
// dist/ redirected to src/ (test/helpers/cli.ts), and when a browser test is selected the viewer
// bundle (dist/web) is built here once, at the start of every run, not only when it is missing.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A test that drives a real browser: under test/web/, or named `*-browser.test.ts`. */
const needsBrowser = (f) => f.startsWith(join('test', 'web')) || f.endsWith('-browser.test.ts');
/** A test that talks to a real database server (scripts/ci-services.sh): named `*-databases.test.ts`. */
const needsDatabase = (f) => f.endsWith('-databases.test.ts');
/** A check of the project's rules on a copy of the tree (test/rules/): slow, and about the tree, not dfmap. */
const checksRules = (f) => f.startsWith(join('test', 'rules'));

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'fixtures' || name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const args = process.argv.slice(2);
const fast = args.includes('--fast');
const filters = args.filter((a) => a !== '--fast');
const files = walk('test')
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .filter((f) => !fast || !(needsBrowser(f) || needsDatabase(f) || checksRules(f)))
  .sort();
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(1);
}

const env = { ...process.env };
if (files.some(needsBrowser)) {
  const web = spawnSync('npm', ['run', '--silent', 'build:web'], { stdio: 'inherit' });
  if (web.status !== 0) {
    console.error('run-tests: the viewer bundle did not build (npm run build:web)');
    process.exit(web.status ?? 1);
  }
  env.DFMAP_VIEWER_BUILT = '1'; // test/web/browser.ts: built for this run, do not build again
}

const concurrency = Number(process.env.TEST_CONCURRENCY ?? '2');
process.exit(fast ? await runShards(files, concurrency) : runIsolated(files, concurrency));

/** Every file in a process of its own (node --test): what `npm test` and CI run. */
function runIsolated(files, concurrency) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files],
    { stdio: 'inherit', env },
  );
  return r.status ?? 1;
}

/**
 * The fast tier: the files split over `concurrency` processes that each import their share, so a
 * file costs its tests and not also a fresh Node and tsx (about half a second of CPU each, a third
 * of the tier). Output is printed a process at a time. A failing file can be run alone, isolated:
 * `node scripts/run-tests.mjs FILE`.
 */
async function runShards(files, concurrency) {
  const dir = mkdtempSync(join(tmpdir(), 'dfmap-tests-'));
  // largest first, each to the lightest shard: file size stands in for run time
  const shards = Array.from({ length: Math.max(1, concurrency) }, () => ({ files: [], bytes: 0 }));
  for (const f of [...files].sort((a, b) => statSync(b).size - statSync(a).size)) {
    const s = shards.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    s.files.push(f);
    s.bytes += statSync(f).size;
  }
  const runs = shards
    .filter((s) => s.files.length > 0)
    .map((s, i) => {
      const entry = join(dir, `shard-${i}.mjs`);
      const imports = s.files.sort().map((f) => `import ${JSON.stringify(pathToFileURL(resolve(f)).href)};`);
      writeFileSync(entry, `${imports.join('\n')}\n`);
      return new Promise((done) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--test-reporter=spec', entry], {
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.on('data', (b) => (out += b));
        child.stderr.on('data', (b) => (out += b));
        child.on('close', (code) => {
          process.stdout.write(`\n# shard ${i + 1} of ${shards.length}: ${s.files.length} files\n${out}`);
          done(code ?? 1);
        });
      });
    });
  const codes = await Promise.all(runs);
  rmSync(dir, { recursive: true, force: true });
  return codes.some((c) => c !== 0) ? 1 : 0;
}
