/**
 * `npm run bench:analysis`: dataflow-shaped maps of 10k, 100k and 1M edges (and one of 100k
 * nodes), each operation run end to end as a user runs it (process start, load, query, print)
 * against NetworkX doing the same on the same JSON in the same run (when /usr/bin/python3 has
 * networkx), with peak memory of both.
 *   npm run bench:analysis -- --sizes 10k,100k,100kn,1m --runs 3 --nx-timeout 600 --no-networkx --no-build
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { traverse } from '../src/analyses/algorithms/traverse.js';
import { indexNodeLink } from '../src/graph/flow-index.js';
import { parseNodeLink } from '../src/store/node-link.js';
import { seededRandom } from '../src/util/seeded-random.js';
import { networkxMissing, PYTHON } from '../test/oracle/networkx.js';
import { generateDataflowMap } from './analysis.generate.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};

const SIZES: Record<string, { edges: number; nodes?: number }> = {
  '10k': { edges: 10_000 },
  '100k': { edges: 100_000 },
  '100kn': { edges: Number.POSITIVE_INFINITY, nodes: 100_000 },
  '1m': { edges: 1_000_000 },
};
const sizes = option('sizes', '10k,100k,100kn,1m').split(',');
const runs = Number(option('runs', '3'));
const nxTimeout = Number(option('nx-timeout', '600')) * 1000;
const work = path.join(os.tmpdir(), 'dfmap-bench-analysis');
fs.mkdirSync(work, { recursive: true });

interface Measure {
  seconds: number;
  peakMb: number;
  note?: string;
}

function build(): void {
  if (flag('no-build')) return;
  process.stderr.write('building dist/ (npm run build) ...\n');
  spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
  spawnSync('npm', ['run', '--silent', 'build:cli'], { cwd: ROOT, stdio: 'ignore' });
  if (!fs.existsSync(path.join(ROOT, 'dist/cli/main.mjs')))
    throw new Error('build failed: no dist/cli/main.mjs');
}

/** The node options bin/dfmap.js starts node with (its shell preamble's `exec node ... "$0"`). */
const NODE_FLAGS = (() => {
  const launcher = fs.readFileSync(path.join(ROOT, 'bin/dfmap.js'), 'utf8');
  const m = /exec node ((?:--\S+ )*)"\$0"/.exec(launcher);
  if (!m) throw new Error('bin/dfmap.js: no `exec node ... "$0"` line to take the node options from');
  return m[1]!.trim().split(' ').filter(Boolean);
})();

/** One CLI run end to end, as bin/dfmap.js runs it; stdout goes to a file, so printing counts. */
function dfmap(cli: string[]): Measure {
  const out = fs.openSync(path.join(work, 'out.txt'), 'w');
  const t = performance.now();
  const r = spawnSync(process.execPath, [...NODE_FLAGS, path.join(ROOT, 'bench/analysis.run.mjs'), ...cli], {
    stdio: ['ignore', out, 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - t) / 1000;
  fs.closeSync(out);
  const last = r.stderr.trim().split('\n').at(-1) ?? '{}';
  const peak = (JSON.parse(last.startsWith('{') ? last : '{}') as { maxRssKb?: number }).maxRssKb ?? 0;
  if (r.status !== 0 && r.status !== 1)
    return { seconds, peakMb: peak / 1024, note: `exit ${r.status}: ${r.stderr.slice(0, 200)}` };
  return { seconds, peakMb: peak / 1024 };
}

function best(cli: string[], n: number): Measure {
  const all = Array.from({ length: n }, () => dfmap(cli));
  return all.sort((a, b) => a.seconds - b.seconds)[Math.floor(all.length / 2)]!;
}

/** NetworkX doing the same, as one Python process (start, load, op). */
function networkx(
  map: string,
  op: string,
  extra: Record<string, unknown>,
): Measure & { load?: number; op?: number } {
  const script = path.join(ROOT, 'test/oracle/networkx_oracle.py');
  const t = performance.now();
  const r = spawnSync(PYTHON, [script], {
    input: JSON.stringify({ map, ops: [op], seed: 42, ...extra }),
    encoding: 'utf8',
    timeout: nxTimeout,
    maxBuffer: 1 << 30,
  });
  const seconds = (performance.now() - t) / 1000;
  if (r.error || r.status !== 0)
    return { seconds, peakMb: 0, note: r.error ? `> ${nxTimeout / 1000} s` : r.stderr.slice(-200) };
  const ans = JSON.parse(r.stdout) as { seconds: Record<string, number>; peakKb: number };
  return { seconds, peakMb: ans.peakKb / 1024, load: ans.seconds.load, op: ans.seconds[op] };
}

/** A query of middling size: of 15 random candidates, the one whose reach is the median. */
function median(
  ix: ReturnType<typeof indexNodeLink>,
  candidates: number[],
  dir: 'in' | 'out',
): [string, number] {
  const rnd = seededRandom(5);
  const picks = Array.from(
    { length: Math.min(15, candidates.length) },
    () => candidates[Math.floor(rnd() * candidates.length)]!,
  );
  const sized = picks
    .map((v) => [v, traverse(ix, [v], dir).order.length] as const)
    .sort((a, b) => a[1] - b[1]);
  const [v, n] = sized[Math.floor(sized.length / 2)]!;
  return [ix.keys[v]!, n];
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const nx = spawnSync(
    PYTHON,
    ['-c', 'import networkx, sys; print(networkx.__version__, sys.version.split()[0])'],
    { encoding: 'utf8' },
  );
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${
    nx.status === 0 ? `NetworkX ${nx.stdout.trim().replace(' ', ' on Python ')}` : 'no NetworkX'
  }; load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} at start`;
}

const fmt = (m?: Measure) => (m ? (m.note ? m.note : `${m.seconds.toFixed(2)} s`) : '–');
const mb = (m?: Measure) => (m && !m.note && m.peakMb > 0 ? `${Math.round(m.peakMb)} MB` : '–');

build();
const withNx = !flag('no-networkx') && !networkxMissing();
console.log(`# dfmap analysis benchmark\n\n${machine()}\n`);
for (const size of sizes) {
  const spec = SIZES[size];
  if (!spec) throw new Error(`unknown size ${size}; use ${Object.keys(SIZES).join(',')}`);
  const data = generateDataflowMap({
    edges: spec.edges,
    ...(spec.nodes ? { nodes: spec.nodes } : {}),
    seed: 1,
  });
  const map = path.join(work, `map-${size}.json`);
  fs.writeFileSync(map, JSON.stringify(data));
  const ix = indexNodeLink(parseNodeLink(data, map));
  const outputs: number[] = [];
  const inputs: number[] = [];
  const scripts: number[] = [];
  for (let v = 0; v < ix.order; v++) {
    const k = ix.keys[v]!;
    if (k.includes('/out_') && ix.outStart[v + 1] === ix.outStart[v]) outputs.push(v);
    if (k.includes('/data/in/')) inputs.push(v);
    if (k.startsWith('script:')) scripts.push(v);
  }
  const [sink, upSize] = median(ix, outputs, 'in');
  const [source, downSize] = median(ix, inputs, 'out');
  const script = ix.keys[scripts[Math.floor(scripts.length / 2)]!]!;
  const mbSize = (fs.statSync(map).size / 1e6).toFixed(0);
  console.log(`## ${size}: ${ix.order} nodes, ${ix.size} edges, ${mbSize} MB of JSON\n`);
  console.log(
    `upstream of ${sink} (${upSize} nodes); impact of ${source} (${downSize} nodes); path ${source} → ${sink}; ego of ${script}\n`,
  );
  console.log(
    '| operation | dfmap (end to end) | dfmap peak | NetworkX (start+load+op) | NetworkX op alone | NetworkX peak |',
  );
  console.log('|---|---|---|---|---|---|');
  const big = ix.size > 300_000;
  const k = Math.min(ix.order - 1, Math.max(64, Math.floor(5e7 / Math.max(1, ix.size))));
  const ops: Array<[string, string[], string | undefined, Record<string, unknown>]> = [
    ['upstream', ['upstream', sink, '--map', map], 'upstream', { nodes: [sink] }],
    ['impact', ['impact', source, '--map', map], 'impact', { nodes: [source] }],
    ['path', ['path', source, sink, '--map', map], 'path', { nodes: [source, sink] }],
    ['ego', ['ego', script, '--map', map], 'ego', { nodes: [script] }],
    ['stats', ['stats', '--map', map], 'stats', {}],
    ['lint', ['lint', '--map', map, '--fail-on', 'never'], undefined, {}],
    ['communities', ['communities', '--map', map], 'louvain', {}],
    ['critical', ['critical', '--map', map], 'critical', { k }],
  ];
  for (const [name, cli, nxOp, extra] of ops) {
    const ours = best(cli, big || ['communities', 'critical', 'lint'].includes(name) ? 1 : runs);
    const theirs = withNx && nxOp ? networkx(map, nxOp, extra) : undefined;
    const alone =
      theirs && theirs.op !== undefined
        ? `${theirs.op.toFixed(2)} s (load ${theirs.load?.toFixed(2)} s)`
        : '–';
    console.log(`| ${name} | ${fmt(ours)} | ${mb(ours)} | ${fmt(theirs)} | ${alone} | ${mb(theirs)} |`);
  }
  console.log('');
}
