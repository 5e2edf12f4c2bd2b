#!/usr/bin/env node
// Runs the project's tests (test/**/*.test.ts, node's own test runner through tsx) and, with
// --checks, its checks, as one pool of jobs over the machine's cores.
// Node 20's `--test` cannot glob .ts files itself, so we list them here.
//
// Usage: node scripts/run-tests.mjs [--fast] [--checks] [FILTER...]
//   FILTER    keeps test files whose path contains it
//   --fast    leaves out the tests that need a browser or a database server, and the checks of the
//             project's own rules on a copy of the tree (the `test:fast` tier)
//   --checks  also runs the type-checks (src and web), Biome, dependency-cruiser and knip, beside
//             the tests (`npm test`, what CI runs)
//   TEST_CONCURRENCY=N  jobs at once (default: the number of cores)
//
// Tests run the source, never a stale build:
// - src/ is compiled to JavaScript at the start of every run (esbuild, file by file, into
//   .test-dist-PID/src/, removed at the end) and the CLI bundled from that as `npm run build` does
//   (scripts/build-cli.mjs, into .test-dist-PID/cli/); every test process loads dfmap from there
//   (test/helpers/dist-is-src.mjs): the tests' imports of src/, and the CLI under test, bin/dfmap.js,
//   whose import of dist/ is sent there too. A spawned CLI or a scan's worker thread then starts
//   as an installed one does (the bundle, no TypeScript loader) and still runs the current src/;
// - when a browser test is selected (or dist/web is missing), the viewer bundle is built once, first,
//   and every test waits for it (the checks run meanwhile).
//
// Most test files share a process with others (a shard: one Node and tsx for many files, about half
// a second of CPU saved per file). Files that drive a browser, a database server or a copy of the
// tree run in a process each. Shards are balanced by how long each file took last time (a reporter
// records it in node_modules/.cache/dfmap-tests/; test/durations.json seeds a fresh clone), and jobs
// start longest first. Each job's output is printed whole when it ends; totals come last.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { buildCli } from './build-cli.mjs';

const ROOT = resolve(import.meta.dirname, '..');
process.chdir(ROOT);

/** A test that drives a real browser: under test/web/, or named `*-browser.test.ts`. */
const needsBrowser = (f) => f.startsWith(join('test', 'web')) || f.endsWith('-browser.test.ts');
/** A test that talks to a real database server (scripts/ci-services.sh): named `*-databases.test.ts`. */
const needsDatabase = (f) => f.endsWith('-databases.test.ts');
/** A check of the project's rules on a copy of the tree (test/rules/): slow, and about the tree, not dfmap. */
const checksRules = (f) => f.startsWith(join('test', 'rules'));
/** Files that run in a process of their own: they hold a browser, a server or a copy of the tree. */
const runsAlone = (f) => needsBrowser(f) || needsDatabase(f) || checksRules(f);

const BIN = (name) => join(ROOT, 'node_modules', '.bin', name);
const CHECKS = [
  { name: 'typecheck src', cmd: BIN('tsc'), args: ['-p', 'tsconfig.json', '--noEmit'] },
  { name: 'typecheck web', cmd: BIN('tsc'), args: ['-p', 'web/tsconfig.json', '--noEmit'] },
  { name: 'biome', cmd: BIN('biome'), args: ['check', '.'] },
  {
    name: 'dependency-cruiser',
    cmd: BIN('depcruise'),
    args: ['src', 'web', 'bin', 'scripts', '--config', '.dependency-cruiser.cjs'],
  },
  { name: 'knip', cmd: BIN('knip'), args: ['--no-progress'] },
];
const SEED_DURATIONS = join('test', 'durations.json');
const CACHE_DIR = join('node_modules', '.cache', 'dfmap-tests');
const CACHE_DURATIONS = join(CACHE_DIR, 'durations.json');
const REPORTER = pathToFileURL(join(ROOT, 'scripts', 'test-durations-reporter.mjs')).href;
/** Sends imports of src/ (and bin/'s of dist/) to this run's build of src/. */
const HOOK = pathToFileURL(join(ROOT, 'test', 'helpers', 'dist-is-src.mjs')).href;

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
const withChecks = args.includes('--checks');
const filters = args.filter((a) => !a.startsWith('--'));
const files = walk('test')
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .filter((f) => !fast || !runsAlone(f))
  .sort();
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(1);
}
const slots = Math.max(1, Number(process.env.TEST_CONCURRENCY ?? availableParallelism()));

const durations = readDurations();
/** Milliseconds a file is expected to take: last time's, or a guess from its size. */
const expected = (f) => durations[f] ?? statSync(f).size / 20;

const work = join(ROOT, `.test-dist-${process.pid}`);
mkdirSync(work, { recursive: true });
const cleanup = () => rmSync(work, { recursive: true, force: true });
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
removeAbandonedBuilds();

const started = Date.now();
const env = { ...process.env, DFMAP_TEST_DIST: work };
await buildSource(work);
await buildCli(work);
const jobs = [...(withChecks ? CHECKS.map(checkJob) : []), ...testJobs(files)];
const results = await runPool(jobs, slots);
saveDurations(results);
process.exit(report(results));

/** src/**\/*.ts to JavaScript beside a package.json-less copy of the layout dist/ has (DIR/src/...). */
async function buildSource(dir) {
  const sources = walkTs('src');
  await build({
    entryPoints: sources,
    outdir: join(dir, 'src'),
    outbase: 'src',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
}

function walkTs(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walkTs(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

/** A build left by a run that was killed: its process is gone. */
function removeAbandonedBuilds() {
  for (const name of readdirSync(ROOT)) {
    const m = /^\.test-dist-(\d+)$/.exec(name);
    if (!m || Number(m[1]) === process.pid) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch (err) {
      if (err.code === 'ESRCH') rmSync(join(ROOT, name), { recursive: true, force: true });
    }
  }
}

function checkJob(c) {
  return { ...c, kind: 'check', weight: durations[`check: ${c.name}`] ?? 20_000 };
}

function testJobs(list) {
  const out = [];
  // browser tests, and the HTML exports other tests make, read the viewer bundle: built first when
  // a browser test runs (never stale), or when there is none yet; every test waits for it
  const viewer = list.some(needsBrowser) || !existsSync(join('dist', 'web', 'app.js'));
  if (viewer) {
    out.push({
      name: 'viewer bundle (npm run build:web)',
      kind: 'build',
      cmd: 'npm',
      args: ['run', '--silent', 'build:web'],
      weight: Number.POSITIVE_INFINITY, // first: the browser tests wait for it
    });
  }
  const after = viewer ? out[0].name : undefined;
  for (const f of list.filter(runsAlone)) out.push(testJob(f, [f], after));
  const shared = list.filter((f) => !runsAlone(f));
  const total = shared.reduce((s, f) => s + expected(f), 0);
  // the fast tier: one shard per slot; beside other jobs, shards of ~30 s pack the pool evenly
  const count = Math.min(shared.length, Math.max(slots, fast ? slots : Math.ceil(total / 30_000)));
  const shards = Array.from({ length: count }, () => ({ files: [], ms: 0 }));
  for (const f of [...shared].sort((a, b) => expected(b) - expected(a))) {
    const s = shards.reduce((a, b) => (b.ms < a.ms ? b : a));
    s.files.push(f);
    s.ms += expected(f);
  }
  shards.forEach((s, i) => {
    const entry = join(work, `shard-${i + 1}.mjs`);
    const imports = s.files.sort().map((f) => `import ${JSON.stringify(pathToFileURL(resolve(f)).href)};`);
    writeFileSync(entry, `${imports.join('\n')}\n`);
    out.push(testJob(`shard ${i + 1} of ${count} (${s.files.length} files)`, [entry], after, s.ms));
  });
  return out;
}

function testJob(name, entry, after, weight) {
  const times = join(work, `${fileSafe(name)}.durations`);
  return {
    name,
    kind: 'test',
    cmd: process.execPath,
    args: [
      '--import',
      'tsx',
      '--import',
      HOOK,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      `--test-reporter=${REPORTER}`,
      `--test-reporter-destination=${times}`,
      ...entry,
    ],
    after,
    times,
    weight: weight ?? expected(entry[0]),
  };
}

function fileSafe(name) {
  return name.replace(/[^A-Za-z0-9]+/g, '_');
}

/** Runs jobs `slots` at a time, longest first, each after the job it waits for; prints each as it ends. */
function runPool(all, width) {
  const queue = [...all].sort((a, b) => b.weight - a.weight);
  const done = new Map();
  let running = 0;
  return new Promise((finish) => {
    const next = () => {
      while (running < width) {
        const i = queue.findIndex((j) => !j.after || done.has(j.after));
        if (i < 0) break;
        const [job] = queue.splice(i, 1);
        if (job.after && done.get(job.after).code !== 0) {
          done.set(job.name, { job, code: 1, ms: 0, out: `skipped: ${job.after} failed\n` });
          continue;
        }
        running++;
        start(job).then((r) => {
          running--;
          done.set(job.name, r);
          process.stdout.write(
            `\n# ${job.name}: ${r.code === 0 ? 'ok' : 'FAILED'} in ${seconds(r.ms)}\n${r.out}`,
          );
          if (queue.length === 0 && running === 0) finish([...done.values()]);
          else next();
        });
      }
      if (queue.length === 0 && running === 0) finish([...done.values()]);
    };
    next();
  });
}

function start(job) {
  const t0 = Date.now();
  return new Promise((done) => {
    const child = spawn(job.cmd, job.args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (out += b));
    child.on('error', (err) => (out += `${err.message}\n`));
    child.on('close', (code) => done({ job, code: code ?? 1, ms: Date.now() - t0, out }));
  });
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function readDurations() {
  const read = (p) => (existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : {});
  try {
    return { ...read(SEED_DURATIONS), ...read(CACHE_DURATIONS) };
  } catch {
    return {};
  }
}

function saveDurations(results) {
  const next = { ...durations };
  for (const r of results) {
    if (r.job.kind === 'check') next[`check: ${r.job.name}`] = r.ms;
    if (!r.job.times || !existsSync(r.job.times)) continue;
    const perFile = {};
    for (const line of readFileSync(r.job.times, 'utf8').split('\n')) {
      if (!line) continue;
      const { file, ms } = JSON.parse(line);
      const key = relative(ROOT, file);
      perFile[key] = (perFile[key] ?? 0) + ms;
    }
    for (const [file, ms] of Object.entries(perFile)) next[file] = Math.round(ms);
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(CACHE_DURATIONS, `${JSON.stringify(sortKeys(next), null, 2)}\n`);
}

function sortKeys(o) {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

/** Totals over every job; the exit code (0 when every job passed). */
function report(results) {
  const totals = { tests: 0, pass: 0, fail: 0, skipped: 0, cancelled: 0, todo: 0 };
  for (const r of results) {
    for (const m of r.out.matchAll(/^ℹ (tests|pass|fail|skipped|cancelled|todo) (\d+)$/gm)) {
      totals[m[1]] += Number(m[2]);
    }
  }
  const failed = results.filter((r) => r.code !== 0);
  const counts = Object.entries(totals)
    .filter(([k, v]) => v > 0 || k === 'fail')
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(
    `\n# ${results.length} jobs on ${slots} at a time in ${seconds(Date.now() - started)}: ${counts}`,
  );
  for (const r of failed) {
    const again =
      r.job.kind === 'test'
        ? 'run a failing file alone: node scripts/run-tests.mjs FILE'
        : `${r.job.cmd} ${r.job.args.join(' ')}`;
    console.log(`# FAILED: ${r.job.name} (${again})`);
  }
  return failed.length === 0 ? 0 : 1;
}
