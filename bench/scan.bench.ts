/**
 * `npm run bench [-- --scripts N --avg BYTES --cache]`: generate a synthetic server and time `dfmap scan`
 * beside two floors, each in its own process: reading every file once, and reading plus parsing
 * with tree-sitter alone. Prints scripts/s, MB/s and peak memory. A benchmark, not a test.
 * `--cache` adds two scans with the scan cache in a SQLite catalog: the first fills it, the second
 * (an unchanged server scanned again) reads every script and parses none.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateServer } from './generate-server.js';

const { values } = parseArgs({
  options: {
    scripts: { type: 'string', default: '10000' },
    avg: { type: 'string', default: '6000' },
    keep: { type: 'boolean' },
    cache: { type: 'boolean' },
  },
});
const n = Number(values.scripts);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-bench-'));
const root = path.join(dir, 'root');
const server = generateServer(root, n, Number(values.avg));
const list = path.join(dir, 'files.json');
fs.writeFileSync(list, JSON.stringify(server.files));
if (!fs.existsSync('dist/src/scan/index.js')) throw new Error('run `npm run build` first');

interface Run {
  ms: number;
  cpuS: number;
  parser?: string;
  bytes: number;
  maxRssMB: number;
  nodes?: number;
  edges?: number;
  cache?: { hits: number; misses: number; stale: number; whole?: boolean };
  writeMs?: number;
}
function run(mode: string): Run {
  // drop the page cache effect of the first read: every mode reads the files once before timing
  const out = execFileSync(process.execPath, ['bench/scan-child.mjs', mode, root, list], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return JSON.parse(out) as Run;
}
run('read'); // warm the page cache so every row measures the same thing
const load = os.loadavg();
const rows: Array<[string, Run]> = [
  ['read every file once', run('read')],
  ['read + tree-sitter parse', run('parse')],
  ['dfmap scan (whole pipeline)', run('scan')],
];
/** `dfmap scan ROOT --catalog DB` as a user runs it, start to exit (wall time; the CPU of a child is not known here). */
function cli(db: string): Run {
  const t0 = performance.now();
  execFileSync(process.execPath, ['bin/dfmap.js', 'scan', root, '--catalog', db, '--quiet'], {
    stdio: 'ignore',
  });
  return { ms: performance.now() - t0, cpuS: Number.NaN, bytes: 0, maxRssMB: Number.NaN };
}
/** Reading every file as a process of its own, start to exit: what the CLI's row compares with. */
function readProcess(): Run {
  const t0 = performance.now();
  execFileSync(process.execPath, ['bench/scan-child.mjs', 'read', root, list], { stdio: 'ignore' });
  return { ms: performance.now() - t0, cpuS: Number.NaN, bytes: server.bytes, maxRssMB: Number.NaN };
}
const growth: number[] = [];
if (values.cache) {
  rows.push(['read every file once (a process, start to exit)', readProcess()]);
  rows.push(['dfmap scan, filling the scan cache', run('scan-cached')]);
  rows.push(['dfmap scan again, from the scan cache', run('scan-cached')]);
  // the command itself: the scan stored as a snapshot (an unchanged host's shares the earlier rows)
  const db = path.join(dir, 'cli-catalog.db');
  const size = () => fs.statSync(db).size + (fs.existsSync(`${db}-wal`) ? fs.statSync(`${db}-wal`).size : 0);
  rows.push(['`dfmap scan ROOT --catalog C` (the CLI, start to exit)', cli(db)]);
  growth.push(size());
  rows.push(['`dfmap scan ROOT --catalog C` again (the CLI, start to exit)', cli(db)]);
  growth.push(size());
}
const mb = server.bytes / 1e6;
console.log(
  `synthetic server: ${server.scripts} scripts, ${mb.toFixed(1)} MB (avg ${Math.round(server.bytes / server.scripts)} B), ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}, node ${process.version}`,
);
console.log(
  `parsers: ${rows[1]?.[1].parser ?? '?'}; load average before the runs ${load.map((l) => l.toFixed(2)).join(', ')}, after ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`,
);
console.log('| run | seconds | CPU s (user+sys) | scripts/s | MB/s | peak RSS MB |');
console.log('|---|---|---|---|---|---|');
for (const [name, r] of rows) {
  const s = r.ms / 1000;
  console.log(
    `| ${name} | ${s.toFixed(2)} | ${Number.isNaN(r.cpuS) ? '-' : r.cpuS.toFixed(2)} | ${Math.round(server.scripts / s)} | ${(mb / s).toFixed(1)} | ${Number.isNaN(r.maxRssMB) ? '-' : Math.round(r.maxRssMB)} |`,
  );
}
const scanRun = rows[2]?.[1];
const parseRun = rows[1]?.[1];
if (scanRun && parseRun) {
  console.log(
    `scan / (read+parse) = ${(scanRun.ms / parseRun.ms).toFixed(2)}x; map: ${scanRun.nodes} nodes, ${scanRun.edges} edges`,
  );
}
if (values.cache) {
  const [read, again] = [rows[0]![1], rows[5]![1]];
  const same =
    fs.readFileSync(path.join(dir, 'bench-scan.json'), 'utf8').replace(/"scannedAt": "[^"]*"/, '') ===
    fs.readFileSync(path.join(dir, 'bench-scan-cached.json'), 'utf8').replace(/"scannedAt": "[^"]*"/, '');
  const writing = (again.writeMs ?? 0) / 1000;
  console.log(
    `re-scan from the cache / read = ${(again.ms / read.ms).toFixed(2)}x (${again.cache?.hits} scripts reused${again.cache?.whole ? ': the whole stored scan' : ''}, ${again.cache?.misses} extracted; of its ${(again.ms / 1000).toFixed(2)} s, ${writing.toFixed(2)} s wrote the map: ${((again.ms / 1000 - writing) / (read.ms / 1000)).toFixed(2)}x read without it); the map is ${same ? 'the same' : 'DIFFERENT'} as the fresh scan's; load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
}
if (growth.length === 2) {
  const [first, again] = [rows[3]![1], rows[7]![1]];
  console.log(
    `the CLI's re-scan into the catalog / reading as a process = ${(again.ms / first.ms).toFixed(2)}x (both start to exit); the catalog grew ${((growth[1]! - growth[0]!) / 1024).toFixed(0)} KB with the second snapshot (the first: ${(growth[0]! / 1e6).toFixed(1)} MB with the scan cache)`,
  );
}
if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
