/**
 * dfmap's own fixture server for the constructs found on real servers (issue 10): a crontab, a
 * bash wrapper, a Python job with an INI file, imported modules and inherited classes, and a Perl
 * job with Getopt::Long and s///. The scan is checked against truth.json the way the scorer in
 * ../shared reads it, and the map's size is pinned.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { scan } from '../../src/scan/index.js';

const SERVER = new URL('../fixtures/servers/archive-relay/', import.meta.url).pathname;

interface TruthEdge {
  from: string;
  to: string;
  optional?: boolean;
}
interface Truth {
  scheduled: Array<{ script: string; schedule: string }>;
  edges: TruthEdge[];
  not_edges: TruthEdge[];
}
const truth = JSON.parse(readFileSync(`${SERVER}truth.json`, 'utf8')) as Truth;

/** Truth key of a map node (script:/file: path, table: bare lower-case name, endpoint: url). */
function keyOf(attrs: Record<string, unknown>): string | undefined {
  switch (attrs.kind) {
    case 'script':
    case 'file':
      return `${attrs.kind}:${String(attrs.path)}`;
    case 'table':
      return `table:${String(attrs.name).toLowerCase()}`;
    case 'endpoint':
      return `endpoint:${String(attrs.url)}`;
    default:
      return undefined;
  }
}

/** A truth `*` stands for anything within one path segment; endpoints match by prefix. */
function matches(truthKey: string, toolKey: string): boolean {
  if (truthKey.startsWith('endpoint:')) return toolKey === truthKey || toolKey.startsWith(`${truthKey}/`);
  const re = new RegExp(
    `^${truthKey
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]*')}$`,
  );
  return re.test(toolKey);
}

const same = (t: TruthEdge, e: [string, string]): boolean => matches(t.from, e[0]) && matches(t.to, e[1]);

test('archive-relay: every required edge found, nothing outside the truth, no trap, exact size', async () => {
  const { graph } = await scan({ root: `${SERVER}root` });
  const edges: Array<[string, string]> = [];
  const scheduled: Array<[string, string]> = [];
  graph.forEachEdge((_e, a, s, t, sa, ta) => {
    if (sa.kind === 'job' && ta.kind === 'script') scheduled.push([String(sa.schedule), String(ta.path)]);
    const from = keyOf(sa);
    const to = keyOf(ta);
    if (from && to && a.kind !== 'contains') edges.push([from, to]);
    assert.ok(s && t);
  });
  assert.deepEqual(
    scheduled,
    truth.scheduled.map((x) => [x.schedule, x.script]),
  );
  const missing = truth.edges.filter((t) => !t.optional && !edges.some((e) => same(t, e)));
  assert.deepEqual(missing, []);
  const extra = edges.filter((e) => !truth.edges.some((t) => same(t, e)));
  assert.deepEqual(extra, []);
  const traps = edges.filter((e) => truth.not_edges.some((t) => same(t, e)));
  assert.deepEqual(traps, []);
  // 24 required and 5 optional truth edges, each found once
  assert.equal(edges.length, 29);
  const kinds: Record<string, number> = {};
  graph.forEachNode((_n, a) => {
    kinds[String(a.kind)] = (kinds[String(a.kind)] ?? 0) + 1;
  });
  assert.deepEqual(kinds, { job: 1, script: 5, file: 14, table: 3, database: 1, endpoint: 3 });
});

test('archive-relay: the secrets in the INI file appear nowhere in the map', async () => {
  const { graph } = await scan({ root: `${SERVER}root` });
  assert.ok(!JSON.stringify(graph.export()).includes('changeme'));
});
