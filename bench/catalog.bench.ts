/**
 * `npm run bench:catalog`: queries answered from the catalog (SQLite and PostgreSQL side by side)
 * against the same map loaded from JSON, and against NetworkX loading the JSON and walking it, in
 * the same run. Every dfmap figure is end to end as a user runs it (process start, open, query,
 * print), through the built CLI.
 *   npm run bench:catalog -- --edges 1000000 --runs 3 --no-networkx --no-postgres --no-build
 * PostgreSQL: DFMAP_BENCH_PG (default the test role of scripts/ci-services.sh); the bench makes and
 * drops its own database. Use `nice`: the machine is shared.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { traverse } from '../src/analyses/algorithms/traverse.js';
import { openSqliteCatalog } from '../src/catalog/sqlite-store.js';
import { storeSnapshot } from '../src/catalog/store-snapshot.js';
import type { CatalogStore } from '../src/catalog/types.js';
import { indexNodeLink } from '../src/graph/flow-index.js';
import { parseNodeLink } from '../src/store/node-link.js';
import { networkxMissing, PYTHON } from '../test/oracle/networkx.js';
import { generateDataflowMap } from './analysis.generate.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const EDGES = Number(option('edges', '1000000'));
const RUNS = Number(option('runs', '3'));
const work = path.join(os.tmpdir(), 'dfmap-bench-catalog');
fs.mkdirSync(work, { recursive: true });

if (!flag('no-build')) {
  process.stderr.write('building dist/ ...\n');
  spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
  spawnSync('npm', ['run', '--silent', 'build:cli'], { cwd: ROOT, stdio: 'ignore' });
}

/** The node options bin/dfmap.js starts node with (its shell preamble), so the figures are a user's. */
const LAUNCH_FLAGS = (
  /exec node (.*?) "\$0"/.exec(fs.readFileSync(path.join(ROOT, 'bin/dfmap.js'), 'utf8'))?.[1] ?? ''
)
  .split(/\s+/)
  .filter(Boolean);

function dfmap(cli: string[]): { seconds: number; note?: string } {
  const out = fs.openSync(path.join(work, 'out.txt'), 'w');
  const t = performance.now();
  const r = spawnSync(
    process.execPath,
    [...LAUNCH_FLAGS, path.join(ROOT, 'bench/analysis.run.mjs'), ...cli],
    {
      stdio: ['ignore', out, 'pipe'],
      encoding: 'utf8',
    },
  );
  fs.closeSync(out);
  const seconds = (performance.now() - t) / 1000;
  return r.status === 0 ? { seconds } : { seconds, note: `exit ${r.status}: ${r.stderr.slice(0, 160)}` };
}

function median(cli: string[], n: number): { seconds: number; note?: string } {
  const all = Array.from({ length: n }, () => dfmap(cli)).sort((a, b) => a.seconds - b.seconds);
  return all[Math.floor(all.length / 2)]!;
}

/** NetworkX's run of `op` from `node` (once: two rows may compare with the same run). */
const nxRuns = new Map<string, { seconds: number; load?: number } | undefined>();
function networkx(map: string, op: string, node: string): { seconds: number; load?: number } | undefined {
  const key = `${op} ${node}`;
  if (!nxRuns.has(key)) nxRuns.set(key, networkxRun(map, op, node));
  return nxRuns.get(key);
}

function networkxRun(map: string, op: string, node: string): { seconds: number; load?: number } | undefined {
  if (flag('no-networkx') || networkxMissing()) return undefined;
  const t = performance.now();
  const r = spawnSync(PYTHON, [path.join(ROOT, 'test/oracle/networkx_oracle.py')], {
    input: JSON.stringify({ map, ops: [op], nodes: [node] }),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) return undefined;
  const ans = JSON.parse(r.stdout) as { seconds: Record<string, number> };
  return { seconds: (performance.now() - t) / 1000, load: ans.seconds.load };
}

async function timed<T>(what: string, run: () => Promise<T>): Promise<[T, number]> {
  process.stderr.write(`${what} ...\n`);
  const t = performance.now();
  const v = await run();
  return [v, (performance.now() - t) / 1000];
}

async function postgresCatalog(): Promise<string | undefined> {
  if (flag('no-postgres')) return undefined;
  const admin = process.env.DFMAP_BENCH_PG ?? 'postgres://dfmap_test:dfmap_test@127.0.0.1:5432/postgres';
  const c = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('DROP DATABASE IF EXISTS dfmap_bench WITH (FORCE)');
    await c.query('CREATE DATABASE dfmap_bench');
    await c.end();
  } catch {
    return undefined;
  }
  const u = new URL(admin);
  u.pathname = '/dfmap_bench';
  return u.toString();
}

// the map: dataflow-shaped, as bench:analysis makes it
const data = generateDataflowMap({ edges: EDGES, seed: 1 });
data.graph.host = 'bench01';
const map = path.join(work, `map-${EDGES}.json`);
fs.writeFileSync(map, JSON.stringify(data));
const ix = indexNodeLink(parseNodeLink(JSON.parse(fs.readFileSync(map, 'utf8')), map));
const reach = (v: number, dir: 'in' | 'out') => traverse(ix, [v], dir).order.length;
const sinks: number[] = [];
for (let v = 0; v < ix.order; v++)
  if (ix.keys[v]!.includes('/out_') && ix.outStart[v + 1] === ix.outStart[v]) sinks.push(v);
const picks = Array.from({ length: 15 }, (_, i) => sinks[Math.floor((i * sinks.length) / 15)]!)
  .map((v) => [v, reach(v, 'in')] as const)
  .sort((a, b) => a[1] - b[1]);
const [typical, typicalSize] = picks[Math.floor(picks.length / 2)]!;
let hub = 0;
for (let v = 1; v < ix.order; v++)
  if (ix.outStart[v + 1]! - ix.outStart[v]! > ix.outStart[hub + 1]! - ix.outStart[hub]!) hub = v;
const hubSize = reach(hub, 'out');
const nameOf = (v: number) => {
  const a = ix.nodes[v] as { path?: string; url?: string; name?: string };
  return a.path ?? a.url ?? ix.keys[v]!;
};

const sqlite = path.join(work, 'catalog.db');
fs.rmSync(sqlite, { force: true });
const store = async (s: CatalogStore) => {
  await storeSnapshot(s, parseNodeLink(JSON.parse(fs.readFileSync(map, 'utf8')), map), { origin: 'bench' });
  await s.close();
};
const [, sqliteStore] = await timed('storing in SQLite', () => store(openSqliteCatalog(sqlite)));
const pgUrl = await postgresCatalog();
let pgStore: number | undefined;
if (pgUrl) {
  const { openPostgresCatalog } = await import('../src/catalog/postgres-store.js');
  [, pgStore] = await timed('storing in PostgreSQL', async () => store(await openPostgresCatalog(pgUrl)));
  // as after any bulk load: statistics gathered and the writes checkpointed now, so autovacuum and
  // the checkpointer do not run during the timed queries
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  await c.query('VACUUM ANALYZE');
  await c.query('CHECKPOINT').catch(() => undefined);
  await c.end();
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log('# dfmap catalog benchmark\n');
console.log(
  `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}; load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} at start (a shared machine: figures vary with the other work on it)\n`,
);
console.log(
  `${ix.order} nodes, ${ix.size} edges, ${(fs.statSync(map).size / 1e6).toFixed(0)} MB of JSON; stored in SQLite in ${sqliteStore.toFixed(1)} s${
    pgStore !== undefined ? `, in PostgreSQL in ${pgStore.toFixed(1)} s` : ''
  }\n`,
);
console.log(
  `typical: upstream of ${nameOf(typical)} (${typicalSize} nodes); hub: downstream of ${nameOf(hub)} (${hubSize} nodes)\n`,
);
console.log(
  '| query | SQLite catalog | PostgreSQL catalog | JSON map (--map) | NetworkX (start+load JSON+walk) |',
);
console.log('|---|---|---|---|---|');
const rows: Array<[string, string, number, string, number]> = [
  ['upstream, typical node', 'upstream', typical, 'upstream', RUNS],
  ['downstream, largest hub', 'downstream', hub, 'impact', RUNS],
  // what NetworkX's run does (descendants, and which of them are final outputs), with every
  // affected job's next run and every stale output's writers
  ['impact, largest hub', 'impact', hub, 'impact', RUNS],
];
for (const [label, cmd, v, nxOp, n] of rows) {
  const fmt = (m?: { seconds: number; note?: string }) => (m ? (m.note ?? `${m.seconds.toFixed(2)} s`) : '–');
  const q = [cmd, nameOf(v), '--json'];
  const a = median([...q, '--catalog', sqlite], n);
  const b = pgUrl ? median([...q, '--catalog', pgUrl], n) : undefined;
  const c = median([...q, '--map', map], 1);
  const x = networkx(map, nxOp, ix.keys[v]!);
  console.log(
    `| ${label} | ${fmt(a)} | ${fmt(b)} | ${fmt(c)} | ${x ? `${x.seconds.toFixed(2)} s (load ${x.load?.toFixed(2)} s)` : '–'} |`,
  );
}
