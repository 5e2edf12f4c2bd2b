#!/usr/bin/env node
// Runs test/**/*.test.ts with node's own test runner through tsx.
// Node 20's `--test` cannot glob .ts files itself, so we list them here.
//
// Usage: node scripts/run-tests.mjs [--fast] [FILTER...]
//   FILTER   keeps files whose path contains it
//   --fast   leaves out the tests that need a browser or a database server (the `test:fast` tier)
//
// Tests run the source, never a stale build: the CLI under test is bin/dfmap.js with its import of
// dist/ redirected to src/ (test/helpers/cli.ts), and when a browser test is selected the viewer
// bundle (dist/web) is built here once, at the start of every run, not only when it is missing.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A test that drives a real browser: under test/web/, or named `*-browser.test.ts`. */
const needsBrowser = (f) => f.startsWith(join('test', 'web')) || f.endsWith('-browser.test.ts');
/** A test that talks to a real database server (scripts/ci-services.sh): named `*-databases.test.ts`. */
const needsDatabase = (f) => f.endsWith('-databases.test.ts');

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
  .filter((f) => !fast || !(needsBrowser(f) || needsDatabase(f)))
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

const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files],
  { stdio: 'inherit', env },
);
process.exit(r.status ?? 1);
