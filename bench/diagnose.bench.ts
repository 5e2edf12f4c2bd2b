/**
 * `npm run bench:diagnose`: dfmap diagnose on a 100,000-node map with about 1 GB of logs under ROOT
 * must answer in under 10 s on the project machine (2 cores). Generated in a temp dir, deleted after:
 *   - the map: bench/analysis.generate.ts's dataflow-shaped random map, grown to >= 100k nodes;
 *   - ROOT: every data file with an mtime its writer's schedule makes fresh; syslog and syslog.1
 *     (plain, ~150 MB each) with 14 days of cron CMD lines among other daemons' lines, older days as
 *     syslog.N.gz; one shared log per subsystem (/var/log/etl/subN.log) with 14 days of timestamped
 *     lines from its scripts (~1 MB each);
 *   - one failure: a database refuses (its clients' logs say so since 3 days), their outputs go stale.
 * Prints the sizes, the time to load the map and the time of the diagnosis (in-process, and the CLI
 * end to end), and the root cause found.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { previousRun } from '../src/analyses/schedule/index.js';
import { forEachUpstreamNode } from '../src/analyses/upstream.js';
import { diagnose } from '../src/health/diagnose/diagnose.js';
import { readMapIndex } from '../src/store/map-file.js';
import { seededRandom } from '../src/util/seeded-random.js';
import { type GeneratedMap, generateDataflowMap } from './analysis.generate.js';

const NOW = Date.parse('2026-11-26T09:00:00Z');
const DAY = 86_400_000;
const DAYS = 14;
const TARGET_NODES = Number(process.env.BENCH_NODES ?? 100_000);
const rnd = seededRandom(7);

function generateMap(): GeneratedMap {
  let edges = Math.round(TARGET_NODES * 1.5);
  for (;;) {
    const m = generateDataflowMap({ edges, seed: 11 });
    if (m.nodes.length >= TARGET_NODES) return withFinalExport(m);
    edges = Math.ceil((edges * TARGET_NODES) / m.nodes.length) + 1000;
  }
}

/** The worst question: an export at the end that reads every 5th data file, so most of the map is upstream of it. */
const FINAL = 'file:/data/export/everything.json';
function withFinalExport(m: GeneratedMap): GeneratedMap {
  const script = 'script:/opt/etl/final/export_everything.py';
  const ev = (line: number) => [
    { file: '/opt/etl/final/export_everything.py', line, construct: 'open(...)', method: 'static' },
  ];
  m.nodes.push({
    id: 'job:/etc/cron.d/final:1',
    kind: 'job',
    scheduler: 'cron',
    schedule: '0 7 * * *',
    source: '/etc/cron.d/final',
    line: 1,
  });
  m.nodes.push({
    id: script,
    kind: 'script',
    path: '/opt/etl/final/export_everything.py',
    language: 'python',
  });
  m.nodes.push({ id: FINAL, kind: 'file', path: '/data/export/everything.json' });
  m.links.push({
    source: 'job:/etc/cron.d/final:1',
    target: script,
    kind: 'invokes',
    confidence: 'exact',
    method: 'static',
    evidence: ev(1),
  });
  const files = m.nodes.filter((n) => n.kind === 'file' && String(n.path).startsWith('/data/sub'));
  files.forEach((f, i) => {
    if (i % 5 === 0)
      m.links.push({
        source: f.id,
        target: script,
        kind: 'reads',
        confidence: 'exact',
        method: 'static',
        evidence: ev(10),
      });
  });
  m.links.push({
    source: script,
    target: FINAL,
    kind: 'writes',
    confidence: 'exact',
    method: 'static',
    evidence: ev(20),
  });
  return m;
}

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
function syslogStamp(t: number): string {
  const d = new Date(t);
  return `${MON[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
function isoStamp(t: number): string {
  return new Date(t).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
}

interface Job {
  schedule: string;
  script: string;
  failing: boolean;
}

function writeChunks(file: string, lines: Array<[number, string]>): number {
  lines.sort((a, b) => a[0] - b[0]);
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let buf: string[] = [];
  for (const [, l] of lines) {
    buf.push(l);
    if (buf.length >= 50_000) {
      const s = `${buf.join('\n')}\n`;
      fs.writeSync(fd, s);
      bytes += s.length;
      buf = [];
    }
  }
  if (buf.length) {
    const s = `${buf.join('\n')}\n`;
    fs.writeSync(fd, s);
    bytes += s.length;
  }
  fs.closeSync(fd);
  return bytes;
}

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: a fixture generator, read top to bottom
function buildRoot(root: string, map: GeneratedMap, downDb: string): { logBytes: number; symptom: string } {
  const put = (p: string, text: string, mtime: number) => {
    const local = path.join(root, p);
    fs.mkdirSync(path.dirname(local), { recursive: true });
    fs.writeFileSync(local, text);
    fs.utimesSync(local, new Date(mtime), new Date(mtime));
  };
  put('/etc/timezone', 'UTC\n', NOW - 100 * DAY);
  const nodes = new Map(map.nodes.map((n) => [n.id, n]));
  const jobsOf = new Map<string, string[]>();
  const readsOf = new Map<string, string[]>();
  const writesOf = new Map<string, string[]>();
  const add = (m: Map<string, string[]>, k: string, v: string) => m.set(k, [...(m.get(k) ?? []), v]);
  for (const l of map.links) {
    if (l.kind === 'invokes') add(jobsOf, l.target, l.source);
    if (l.kind === 'reads') add(readsOf, l.target, l.source);
    if (l.kind === 'writes') add(writesOf, l.source, l.target);
  }
  // the schedule a script runs on: its job's, or its caller's (scripts a wrapper invokes)
  const scheduleOf = (script: string, seen = new Set<string>()): string | undefined => {
    if (seen.has(script)) return undefined;
    seen.add(script);
    for (const src of jobsOf.get(script) ?? []) {
      const n = nodes.get(src)!;
      if (n.kind === 'job') return String(n.schedule);
      const up = scheduleOf(src, seen);
      if (up) return up;
    }
    return undefined;
  };
  const logOf = (script: string) => (writesOf.get(script) ?? []).find((o) => o.startsWith('file:/var/log/'));
  // the scripts that read the database that is down (and log) fail, from 3 days ago
  const failing = new Set<string>();
  for (const [script, inputs] of readsOf) {
    if (logOf(script) && scheduleOf(script) && inputs.some((i) => i.startsWith(`table:${downDb}/`)))
      failing.add(script);
  }
  const jobs: Job[] = [];
  for (const [script, js] of jobsOf) {
    for (const j of js) {
      const n = nodes.get(j)!;
      if (n.kind === 'job') jobs.push({ schedule: String(n.schedule), script, failing: failing.has(script) });
    }
  }
  const memo = new Map<string, number[]>();
  const runsOf = (schedule: string): number[] => {
    const hit = memo.get(schedule);
    if (hit) return hit;
    const out: number[] = [];
    memo.set(schedule, out);
    let t = NOW + 1000;
    for (let i = 0; i < DAYS; i++) {
      const p = previousRun(schedule, 'cron', new Date(t), 'UTC');
      if (!p) break;
      out.push(p.getTime());
      t = p.getTime();
    }
    return out;
  };
  // data files: fresh after their writers' last run, 3 days old where a failing writer stopped writing
  const mtimes = new Map<string, number>();
  for (const [script, outs] of writesOf) {
    const schedule = scheduleOf(script);
    const base = schedule ? (runsOf(schedule)[0] ?? NOW - DAY) : NOW - 2 * 3600_000;
    const when = (failing.has(script) ? base - 3 * DAY : base) + 120_000;
    for (const o of outs) mtimes.set(o, Math.max(mtimes.get(o) ?? 0, when));
  }
  for (const n of map.nodes) {
    if (n.kind !== 'file' || String(n.path).startsWith('/var/log/')) continue;
    put(String(n.path), 'x\n', mtimes.get(n.id) ?? NOW - 2 * 3600_000);
  }
  // syslog: CMD lines for every run plus other daemons' lines; two plain files, older days gzipped
  const perDay: Array<Array<[number, string]>> = Array.from({ length: DAYS }, () => []);
  let pid = 1000;
  const dayOf = (t: number) => Math.floor((NOW - t) / DAY);
  for (const j of jobs) {
    for (const t of runsOf(j.schedule)) {
      const d = dayOf(t);
      if (d >= DAYS) continue;
      perDay[d]!.push([
        t + 1000,
        `${syslogStamp(t + 1000)} etl01 CRON[${pid++}]: (root) CMD (/usr/bin/python3 ${nodes.get(j.script)!.path})`,
      ]);
    }
  }
  const noisePerDay = 2_200_000;
  for (let d = 0; d < 2; d++) {
    for (let i = 0; i < noisePerDay; i++) {
      const t = NOW - d * DAY - Math.floor(rnd() * DAY);
      perDay[d]!.push([
        t,
        `${syslogStamp(t)} etl01 sshd[${pid++}]: Accepted publickey for deploy from 10.0.${i % 250}.${d} port ${40000 + (i % 20000)} ssh2: RSA SHA256:abcdefghijklmnopqrstuvw`,
      ]);
    }
  }
  let logBytes = 0;
  fs.mkdirSync(path.join(root, 'var/log'), { recursive: true });
  logBytes += writeChunks(path.join(root, 'var/log/syslog'), perDay[0]!);
  fs.utimesSync(path.join(root, 'var/log/syslog'), new Date(NOW), new Date(NOW));
  logBytes += writeChunks(path.join(root, 'var/log/syslog.1'), perDay[1]!);
  fs.utimesSync(path.join(root, 'var/log/syslog.1'), new Date(NOW - DAY), new Date(NOW - DAY));
  for (let d = 2; d < DAYS; d++) {
    const tmp = path.join(root, 'var/log/tmp');
    writeChunks(tmp, perDay[d]!);
    const gz = path.join(root, `var/log/syslog.${d}.gz`);
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(tmp), { level: 1 }));
    fs.rmSync(tmp);
    logBytes += fs.statSync(gz).size;
    fs.utimesSync(gz, new Date(NOW - d * DAY), new Date(NOW - d * DAY));
  }
  // the scripts' shared logs: a few timestamped lines per run, an error for the failing ones
  const byLog = new Map<string, Array<[number, string]>>();
  for (const [script, outs] of writesOf) {
    const log = outs.find((o) => o.startsWith('file:/var/log/'));
    const schedule = scheduleOf(script);
    if (!log || !schedule) continue;
    const name = String(nodes.get(script)!.path).split('/').pop();
    const lines = byLog.get(log) ?? [];
    for (const t of runsOf(schedule)) {
      const down = failing.has(script) && t > NOW - 3 * DAY;
      lines.push([
        t + 2000,
        `${isoStamp(t + 2000)} INFO ${name} start, reading inputs and preparing the batch`,
      ]);
      for (let k = 0; k < 20; k++)
        lines.push([
          t + 3000 + k,
          `${isoStamp(t + 3000 + k)} INFO ${name} processed batch ${k} of 20: 5000 rows, 0 rejected, 1.2 s`,
        ]);
      lines.push(
        down
          ? [
              t + 4000,
              `${isoStamp(t + 4000)} ERROR ${name} Can't connect to MySQL server on '${downDb.replace(/^mysql:\/\/|:\d+$/g, '')}' (111 Connection refused)`,
            ]
          : [t + 60_000, `${isoStamp(t + 60_000)} INFO ${name} done, wrote outputs`],
      );
    }
    byLog.set(log, lines);
  }
  for (const [log, lines] of byLog) {
    const p = path.join(root, String(nodes.get(log)!.path));
    fs.mkdirSync(path.dirname(p), { recursive: true });
    logBytes += writeChunks(p, lines);
    const last = Math.max(...lines.map((l) => l[0]));
    fs.utimesSync(p, new Date(last), new Date(last));
  }
  // a typical symptom: a data file a failing script writes, the one deepest in its pipeline
  const outputs = map.links.filter(
    (l) => l.kind === 'writes' && failing.has(l.source) && l.target.startsWith('file:/data/sub'),
  );
  outputs.sort(
    (a, b) =>
      Number(/_(\d+)_\d+\.csv$/.exec(a.target)?.[1] ?? 0) -
      Number(/_(\d+)_\d+\.csv$/.exec(b.target)?.[1] ?? 0),
  );
  return { logBytes, symptom: outputs[outputs.length - 1]!.target };
}

async function main() {
  // BENCH_KEEP=DIR keeps (and reuses) the generated world, for profiling; by default it is deleted
  const keep = process.env.BENCH_KEEP;
  const dir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-bench-diagnose-'));
  try {
    const t0 = Date.now();
    const root = path.join(dir, 'root');
    const mapFile = path.join(dir, 'map.json');
    const meta = path.join(dir, 'meta.json');
    if (!keep || !fs.existsSync(meta)) {
      fs.mkdirSync(dir, { recursive: true });
      const map = generateMap();
      map.graph.root = root;
      map.graph.host = 'etl01';
      fs.writeFileSync(mapFile, JSON.stringify(map));
      const built = buildRoot(root, map, 'mysql://db2:3306');
      fs.writeFileSync(meta, JSON.stringify({ ...built, nodes: map.nodes.length, edges: map.links.length }));
    }
    const { logBytes, symptom, nodes, edges } = JSON.parse(fs.readFileSync(meta, 'utf8'));
    console.log(
      `generated in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${nodes} nodes, ${edges} edges, ${(logBytes / 1e9).toFixed(2)} GB of logs under ROOT`,
    );

    const t1 = Date.now();
    const index = readMapIndex(mapFile);
    const t2 = Date.now();
    let upstream = 0;
    forEachUpstreamNode(index, symptom, () => upstream++);
    const d = await diagnose(index, symptom, { root, now: new Date(NOW) });
    const t3 = Date.now();
    console.log(`symptom ${symptom} (${upstream} nodes upstream)`);
    console.log(
      `load map ${((t2 - t1) / 1000).toFixed(2)} s, diagnose ${((t3 - t2) / 1000).toFixed(2)} s, in-process total ${((t3 - t1) / 1000).toFixed(2)} s`,
    );
    console.log(
      `root cause: ${d.causes[0]?.label ?? '(none)'} (${d.causes[0]?.status}), ${d.causes.length} candidate(s); logs read: ${d.assessment.checked.logs.length}`,
    );
    if (process.env.BENCH_DEBUG)
      for (const c of d.causes.slice(0, 12))
        console.log(`  ${c.status} ${c.node} explains ${c.explains.length}: ${c.summary}`);

    let finalUpstream = 0;
    forEachUpstreamNode(index, FINAL, () => finalUpstream++);
    const t6 = Date.now();
    const worstCase = await diagnose(index, FINAL, { root, now: new Date(NOW) });
    const t7 = Date.now();
    console.log(
      `worst case ${FINAL} (${finalUpstream} nodes upstream): diagnose ${((t7 - t6) / 1000).toFixed(2)} s, with the map load ${((t7 - t6 + t2 - t1) / 1000).toFixed(2)} s; root cause: ${worstCase.causes[0]?.label ?? '(none)'}, ${worstCase.causes.length} candidate(s)`,
    );
    if (process.env.BENCH_DEBUG)
      for (const c of worstCase.causes.slice(0, 8))
        console.log(`  ${c.status} ${c.node} explains ${c.explains.length}: ${c.summary}`);

    const cli = path.resolve('bench/diagnose.child.ts');
    const t4 = Date.now();
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', cli, 'diagnose', FINAL, '--map', mapFile, '--now', new Date(NOW).toISOString()],
      { encoding: 'utf8', maxBuffer: 1 << 30 },
    );
    const t5 = Date.now();
    const ok = r.status === 1 && /Root cause 1 of/.test(r.stdout);
    const cpu = JSON.parse(/BENCH_CPU (.*)/.exec(r.stderr)?.[1] ?? '{"user":0,"system":0}') as {
      user: number;
      system: number;
    };
    console.log(
      `CLI end to end on the worst case (tsx, cold): ${((t5 - t4) / 1000).toFixed(2)} s wall, ${(cpu.user + cpu.system).toFixed(2)} s CPU, exit ${r.status}${ok ? '' : ` UNEXPECTED: ${r.stderr.slice(0, 300)}`}`,
    );
    // the claim is about the command: a cold CLI process on the hardest question
    const worst = t5 - t4;
    console.log(
      worst < 10_000
        ? `PASS: dfmap diagnose answered in ${(worst / 1000).toFixed(2)} s (< 10 s)`
        : `FAIL: dfmap diagnose took ${(worst / 1000).toFixed(2)} s (>= 10 s; CPU ${(cpu.user + cpu.system).toFixed(2)} s, load ${os.loadavg()[0]!.toFixed(1)})`,
    );
    if (worst >= 10_000) process.exitCode = 1;
  } finally {
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
