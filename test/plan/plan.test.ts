import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type FlowIndex, indexNodeLink } from '../../src/graph/flow-index.js';
import { isHousekeepingPath, isLocalData, isRemoteData } from '../../src/plan/places.js';
import { type MigrationPlan, planMigration } from '../../src/plan/plan.js';
import { parseNodeLink } from '../../src/store/node-link.js';
import { seededRandom } from '../../src/util/seeded-random.js';
import { runMain } from '../helpers/run-main.js';

let dir = '';
let seedMap = '';

const run = runMain;

/**
 * An estate of `n` scripts on etl01: pipelines of 3-6 steps through local files, a shared MySQL
 * server, a few files with two writers, a lock shared by two jobs, a state file two scripts feed
 * each other through (a cycle), wrappers that run other scripts, logs everywhere.
 */
function estate(n: number, seed: number): FlowIndex {
  const rand = seededRandom(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const nodes: Array<Record<string, unknown>> = [];
  const links: Array<Record<string, unknown>> = [];
  const script = (i: number) => `script:/opt/etl/p${Math.floor(i / 5)}/s${i}.py`;
  for (let i = 0; i < n; i++) {
    nodes.push({ id: script(i), kind: 'script', path: script(i).slice(7) });
    nodes.push({
      id: `job:/etc/cron.d/etl:${i + 1}`,
      kind: 'job',
      schedule: `${i % 60} ${i % 5} * * *`,
      scheduler: 'cron',
    });
    links.push({ source: `job:/etc/cron.d/etl:${i + 1}`, target: script(i), kind: 'invokes' });
    const log = `file:/var/log/etl/p${Math.floor(i / 5)}.log`;
    if (i % 5 === 0) nodes.push({ id: log, kind: 'file', path: log.slice(5) });
    links.push({ source: script(i), target: log, kind: 'writes' });
  }
  const file = (k: number) => `file:/data/f${k}.csv`;
  for (let k = 0; k < n * 1.5; k++) nodes.push({ id: file(k), kind: 'file', path: `/data/f${k}.csv` });
  for (let i = 0; i < n; i++) {
    // each script writes one or two files and reads from earlier scripts' files (a DAG by index)
    links.push({ source: script(i), target: file(i), kind: 'writes' });
    // now and then two neighbouring steps both write one file (they are tied)
    if (rand() < 0.05 && i > 0) {
      links.push({ source: script(i), target: file(n + i), kind: 'writes' });
      links.push({ source: script(i - 1), target: file(n + i), kind: 'writes' });
    }
    const reads = 1 + Math.floor(rand() * 2);
    for (let r = 0; r < reads && i > 0; r++) {
      const from = Math.max(0, i - 1 - Math.floor(rand() * 8));
      links.push({ source: file(from), target: script(i), kind: 'reads' });
    }
    if (rand() < 0.3) {
      const t = `table:mysql://db01:3306/dw.t${i % 7}`;
      links.push(
        rand() < 0.5
          ? { source: script(i), target: t, kind: 'writes' }
          : { source: t, target: script(i), kind: 'reads' },
      );
    }
    if (rand() < 0.1)
      links.push({ source: 'endpoint:https://api.example.net/v1/rates', target: script(i), kind: 'reads' });
  }
  // a state file two scripts feed each other through (a cycle), a lock, a wrapper
  const a = pick([...Array(n).keys()]);
  const b = (a + 3) % n;
  links.push({ source: script(a), target: 'file:/var/lib/etl/state.json', kind: 'writes' });
  links.push({ source: 'file:/var/lib/etl/state.json', target: script(b), kind: 'reads' });
  links.push({ source: script(b), target: 'file:/var/lib/etl/ack.json', kind: 'writes' });
  links.push({ source: 'file:/var/lib/etl/ack.json', target: script(a), kind: 'reads' });
  links.push({ source: script((a + 7) % n), target: 'file:/var/lock/etl.lock', kind: 'writes' });
  links.push({ source: script((a + 11) % n), target: 'file:/var/lock/etl.lock', kind: 'writes' });
  links.push({ source: script((a + 13) % n), target: script((a + 17) % n), kind: 'invokes' });
  const known = new Set(nodes.map((x) => x.id));
  for (const l of links)
    for (const id of [l.source, l.target] as string[])
      if (!known.has(id)) {
        known.add(id);
        nodes.push({ id, ...(id.startsWith('file:') ? { kind: 'file', path: id.slice(5) } : {}) });
      }
  const data = parseNodeLink({ directed: true, multigraph: false, graph: { host: 'etl01' }, nodes, links });
  return indexNodeLink(data);
}

const scriptsOf = (index: FlowIndex) =>
  [...Array(index.order).keys()].filter((v) => index.nodes[v]?.kind === 'script');

/** Checks that hold for every plan: every script in one wave, producers never after consumers, every crossing edge listed. */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: one pass per property the plan must hold, kept together so a failure names the property
function checkPlan(index: FlowIndex, plan: MigrationPlan, maxWaveSize: number): void {
  const wave = new Map<string, number>();
  for (const w of plan.waves) {
    for (const s of w.scripts) {
      assert.equal(wave.has(s.id), false, `${s.id} is in two waves`);
      wave.set(s.id, w.number);
    }
    if (w.ties.length === 0) assert.ok(w.scripts.length <= maxWaveSize, `wave ${w.number} is over the size`);
  }
  assert.equal(wave.size, plan.scripts);
  const host = String(index.meta.host);
  // every data dependency between moving scripts through local data: producer's wave <= consumer's
  for (let e = 0; e < index.size; e++) {
    const w = index.source[e]!;
    const d = index.target[e]!;
    if (index.nodes[w]?.kind !== 'script' || index.edges[e]?.kind !== 'writes') continue;
    if (!isLocalData(index.nodes[d]!, host) || isHousekeepingPath(index.nodes[d]!)) continue;
    for (let i = index.outStart[d]!; i < index.outStart[d + 1]!; i++) {
      const r = index.target[index.outEdge[i]!]!;
      if (index.nodes[r]?.kind !== 'script') continue;
      assert.ok(
        wave.get(index.keys[w]!)! <= wave.get(index.keys[r]!)!,
        `${index.keys[w]} (wave ${wave.get(index.keys[w]!)}) feeds ${index.keys[r]} (wave ${wave.get(index.keys[r]!)})`,
      );
    }
  }
  // every edge that crosses a wave boundary, or reaches a remote system, is listed by its wave
  const listed = new Set<string>();
  for (const w of plan.waves)
    for (const c of w.interfaces) for (const x of c.edges) listed.add(`${w.number} ${x.source} ${x.target}`);
  for (let e = 0; e < index.size; e++) {
    const s = index.source[e]!;
    const t = index.target[e]!;
    const [proc, data] = index.nodes[s]?.kind === 'script' ? [s, t] : [t, s];
    if (index.nodes[proc]?.kind !== 'script' || ['script', 'job'].includes(String(index.nodes[data]?.kind)))
      continue;
    const node = index.nodes[data]!;
    if (isHousekeepingPath(node)) continue;
    const pw = wave.get(index.keys[proc]!)!;
    const others = new Set<number>();
    for (const list of [
      [index.inStart, index.inEdge, index.source],
      [index.outStart, index.outEdge, index.target],
    ] as const) {
      for (let i = list[0][data]!; i < list[0][data + 1]!; i++) {
        const v = list[2][list[1][i]!]!;
        if (index.nodes[v]?.kind === 'script') others.add(wave.get(index.keys[v]!) ?? -1);
      }
    }
    const crosses = isRemoteData(node, host) || [...others].some((x) => x !== pw);
    if (crosses)
      assert.ok(
        listed.has(`${pw} ${index.keys[s]} ${index.keys[t]}`),
        `crossing edge ${index.keys[s]} -> ${index.keys[t]} is not an interface of wave ${pw}`,
      );
  }
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-plan-'));
  seedMap = path.join(dir, 'seed.json');
  assert.equal((await run('scan', 'examples/seed-server', '-o', seedMap, '-q')).code, 0);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('dfmap plan on the worked example', () => {
  it('orders the waves by data flow and bridges what crosses', async () => {
    const r = await run('plan', '--to', 'etl02', '--map', seedMap, '--at', '2026-11-26T09:00', '--json');
    assert.equal(r.code, 0, r.err);
    const plan = JSON.parse(r.out) as MigrationPlan;
    const waveOf = new Map(plan.waves.flatMap((w) => w.scripts.map((s) => [s.label, w.number])));
    assert.equal(waveOf.size, 6);
    for (const [a, b] of [
      ['1.py', '3.py'],
      ['2.py', '4.py'],
      ['3.py', '5.py'],
      ['4.py', '5.py'],
      ['5.py', '6.py'],
    ])
      assert.ok(waveOf.get(a as string)! <= waveOf.get(b as string)!, `${a} before ${b}`);
    const orders = plan.waves
      .flatMap((w) => w.interfaces)
      .find((c) => c.node.label === 'orders.json' && c.direction === 'out');
    if (waveOf.get('1.py') !== waveOf.get('3.py')) {
      assert.equal(orders?.bridge.method, 'sync');
      assert.match(orders!.bridge.how, /from etl02 back to etl01 after each run of 1\.py/);
    }
    const mysql = plan.waves.flatMap((w) => w.interfaces).filter((c) => c.node.kind === 'table');
    assert.ok(mysql.length >= 4 && mysql.every((c) => c.bridge.method === 'repoint'));
    const first = plan.waves.find((w) => w.scripts.some((s) => s.label === '1.py'))!;
    assert.deepEqual(
      first.jobs.map((j) => [j.schedule, j.nextRun]),
      [['0 1 * * *', '2026-11-27T01:00:00.000Z']],
    );
    checkPlan(await indexOf(seedMap), plan, Number.POSITIVE_INFINITY);
  });

  it('prints Markdown for a change ticket, and the viewer coloured by wave', async () => {
    const md = await run('plan', '--to', 'etl02', '--map', seedMap, '--at', '2026-11-26T09:00');
    assert.equal(md.code, 0, md.err);
    assert.match(md.out, /^# Migration plan: etl01 → etl02$/m);
    assert.match(md.out, /^### Cut-over checklist$/m);
    assert.match(
      md.out,
      /^- \[ \] stop 0 1 \* \* \* 1\.py \(\/var\/spool\/cron\/crontabs\/dataops:9\) on etl01 before its next run 2026-11-27 01:00 UTC$/m,
    );
    const html = path.join(dir, 'plan.html');
    const h = await run('plan', '--to', 'etl02', '--map', seedMap, '--format', 'html', '-o', html);
    assert.equal(h.code, 0, h.err);
    assert.match(fs.readFileSync(html, 'utf8'), /"wave":1/);
  });

  it('writes the expectation for the target, which `dfmap check` compares with its scan', async () => {
    const expected = path.join(dir, 'expected.json');
    assert.equal(
      (await run('plan', '--to', 'etl02', '--map', seedMap, '--expect', expected, '--json')).code,
      0,
    );
    // the target's first scan after the move: the same server, called etl02
    const after = path.join(dir, 'etl02.json');
    assert.equal((await run('scan', 'examples/seed-server', '--host', 'etl02', '-o', after, '-q')).code, 0);
    const ok = await run('check', expected, '--map', after);
    assert.equal(ok.code, 0, ok.out);
    // a target where 6.py did not arrive: check says what is missing
    const partial = path.join(dir, 'partial');
    fs.cpSync('examples/seed-server', partial, { recursive: true });
    fs.rmSync(path.join(partial, 'opt/dataops/6.py'));
    const scanned = path.join(dir, 'partial.json');
    await run('scan', partial, '--host', 'etl02', '-o', scanned, '-q');
    const missing = await run('check', expected, '--map', scanned, '--json');
    assert.equal(missing.code, 1);
    const report = JSON.parse(missing.out);
    assert.ok(
      report.declaredNotFound.some((e: { source: string }) => e.source === 'script:/opt/dataops/6.py'),
    );
  });

  it('an unknown selection or no --to is a usage error', async () => {
    assert.equal((await run('plan', '--map', seedMap)).code, 2);
    assert.equal((await run('plan', '--to', 'x', '--map', seedMap, '--move', 'kind:endpoint')).code, 2);
  });
});

async function indexOf(file: string): Promise<FlowIndex> {
  const { readMapIndexed } = await import('../../src/store/read-map-data.js');
  const { data, index } = readMapIndexed(file);
  return indexNodeLink(data, index);
}

describe('dfmap plan on a generated estate', () => {
  for (const [n, max, seed] of [
    [60, 8, 1],
    [300, 25, 7],
    [800, 40, 11],
  ] as const) {
    it(`${n} scripts, waves of at most ${max}: every dependency ordered, every crossing listed, ties kept`, () => {
      const index = estate(n, seed);
      const plan = planMigration(index, {
        scripts: scriptsOf(index),
        to: 'etl02',
        maxWaveSize: max,
        at: new Date('2026-11-26T09:00:00Z'),
        timeZone: 'UTC',
      });
      assert.ok(plan.waves.length >= n / max / 2, `${plan.waves.length} waves`);
      checkPlan(index, plan, max);
      const waveOf = new Map(plan.waves.flatMap((w) => w.scripts.map((s) => [s.id, w.number])));
      // tied scripts share a wave: writers of one file, a lock, a cycle, a wrapper and its callee
      for (const w of plan.waves)
        for (const t of w.ties) assert.ok(/runs|write|share the lock|feed each other/.test(t), t);
      const lockers = index.keys.filter((_k, v) =>
        [...Array(index.size).keys()].some(
          (e) => index.source[e] === v && index.keys[index.target[e]!] === 'file:/var/lock/etl.lock',
        ),
      );
      assert.equal(new Set(lockers.map((k) => waveOf.get(k))).size, 1);
    });
  }
});
