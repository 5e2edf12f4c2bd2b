import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildGraph } from '../../src/graph/build.js';
import { edgeSources, globMatch, mergeObserved } from '../../src/graph/merge-observed.js';
import type { EdgeFact, ObservedEdgeInput, ObservedRunInput } from '../../src/graph/types.js';
import { toEndpointNode, toFileNode, toJobNode, toScriptNode, toTableNode } from '../../src/model/keys.js';

const job = toJobNode('/etc/crontab', 7, {
  schedule: '0 2 * * *',
  command: 'python3 /opt/etl/recon.py >> /var/log/recon.log 2>&1',
});
const script = toScriptNode('/opt/etl/recon.py');
const stat = (
  from: EdgeFact['from'],
  to: EdgeFact['to'],
  kind: EdgeFact['kind'],
  line: number,
): EdgeFact => ({
  from,
  to,
  kind,
  confidence: 'exact',
  evidence: { file: '/opt/etl/recon.py', line, construct: 'open()', method: 'static' },
});

function staticMap() {
  return buildGraph({
    nodes: [job],
    edges: [
      stat(job, script, 'invokes', 7),
      stat(script, toFileNode('/data/out/recon_*.csv'), 'writes', 20),
      stat(toTableNode('ledger', 'sqlite:///data/db/app.db'), script, 'reads', 12),
      stat(toEndpointNode('https://rates.example.com/v1/eur'), script, 'reads', 9),
      stat(toFileNode('/data/in/legacy.csv'), script, 'reads', 30),
    ],
    diagnostics: [],
    meta: { host: 'etl01' },
  });
}

const seen = (
  from: ObservedEdgeInput['from'],
  to: ObservedEdgeInput['to'],
  kind: ObservedEdgeInput['kind'],
  extra: Partial<ObservedEdgeInput> = {},
): ObservedEdgeInput => ({
  from,
  to,
  kind,
  count: 1,
  lastSeen: '2026-11-25T02:00:05.000Z',
  evidence: {
    file: '/var/log/audit/audit.log',
    line: 40,
    construct: 'openat O_RDONLY',
    method: 'trace',
    snippet: 'pid 10 python3 /opt/etl/recon.py',
  },
  ...extra,
});

const run = (facts: ObservedEdgeInput[], runs = 1): ObservedRunInput => ({
  command: 'python3 /opt/etl/recon.py >> /var/log/recon.log 2>&1',
  runs,
  scripts: ['/opt/etl/recon.py'],
  facts,
  sources: ['/var/log/audit/audit.log'],
  lastSeen: '2026-11-25T02:00:09.000Z',
});

const JOBQ = { key: 'job:?', attrs: { kind: 'job' as const } };

describe('mergeObserved', () => {
  test('a concrete name confirms the pattern edge; an SQLite file its tables; a connection its endpoint', () => {
    const g = staticMap();
    const s = mergeObserved(g, [
      run([
        seen(script, toFileNode('/data/out/recon_20261125.csv'), 'writes', { count: 2 }),
        seen(toFileNode('/data/db/app.db'), script, 'reads'),
        seen(toEndpointNode('https://rates.example.com'), script, 'reads', { direction: 'unknown' }),
        seen(JOBQ, script, 'invokes'),
      ]),
    ]);
    assert.deepEqual([s.confirmed, s.added, s.jobsMatched], [4, 0, 1]);
    assert.equal(g.order, 7, 'no new nodes');
    const w = g.getEdgeAttributes(g.edge('script:/opt/etl/recon.py', 'file:/data/out/recon_*.csv') as string);
    assert.deepEqual(edgeSources(w), {
      static: { count: 1 },
      observed: { count: 2, runs: 1, lastSeen: '2026-11-25T02:00:05.000Z' },
    });
    assert.equal(w.evidence.length, 2);
    assert.ok(
      edgeSources(
        g.getEdgeAttributes(
          g.edge('table:sqlite:///data/db/app.db/ledger', 'script:/opt/etl/recon.py') as string,
        ),
      ).observed,
    );
    assert.ok(
      edgeSources(
        g.getEdgeAttributes(
          g.edge('endpoint:https://rates.example.com/v1/eur', 'script:/opt/etl/recon.py') as string,
        ),
      ).observed,
    );
    assert.equal(g.getNodeAttribute('job:/etc/crontab:7', 'observedRuns'), 1);
  });

  test('what confirms nothing is a hidden dependency: an edge with observed sources only', () => {
    const g = staticMap();
    const s = mergeObserved(g, [run([seen(toFileNode('/data/in/fx_from_db_row.csv'), script, 'reads')])]);
    assert.equal(s.added, 1);
    const a = g.getEdgeAttributes(
      g.edge('file:/data/in/fx_from_db_row.csv', 'script:/opt/etl/recon.py') as string,
    );
    assert.equal(a.method, 'trace');
    assert.deepEqual(Object.keys(edgeSources(a)), ['observed']);
  });

  test('merging more runs adds to the counts and keeps the latest time; evidence stays bounded', () => {
    const g = staticMap();
    const f = (t: string) =>
      seen(script, toFileNode('/data/out/recon_20261125.csv'), 'writes', {
        lastSeen: t,
        evidence: { file: `/t/${t}`, line: 1, construct: 'openat', method: 'trace' },
      });
    for (const t of [
      '2026-11-25T02:00:00Z',
      '2026-11-27T02:00:00Z',
      '2026-11-26T02:00:00Z',
      '2026-11-28T02:00:00Z',
      '2026-11-29T02:00:00Z',
    ])
      mergeObserved(g, [run([f(t)])]);
    const a = g.getEdgeAttributes(g.edge('script:/opt/etl/recon.py', 'file:/data/out/recon_*.csv') as string);
    assert.equal(edgeSources(a).observed?.count, 5);
    assert.equal(edgeSources(a).observed?.lastSeen, '2026-11-29T02:00:00Z');
    assert.equal(a.evidence.filter((e) => e.method === 'trace').length, 3);
    assert.equal(g.getNodeAttribute('job:/etc/crontab:7', 'observedRuns'), 5);
  });

  test('a missing input confirms the read as expected-but-absent and adds no edge for an unknown one', () => {
    const g = staticMap();
    const s = mergeObserved(g, [
      run([
        seen(toFileNode('/data/in/legacy.csv'), script, 'reads', { missing: true }),
        seen(toFileNode('/data/in/nope.csv'), script, 'reads', { missing: true }),
      ]),
    ]);
    assert.equal(s.missing, 2);
    assert.equal(g.hasNode('file:/data/in/nope.csv'), false);
    assert.equal(
      edgeSources(
        g.getEdgeAttributes(g.edge('file:/data/in/legacy.csv', 'script:/opt/etl/recon.py') as string),
      ).observed?.missing,
      1,
    );
    assert.equal((g.getAttribute('observedMissing') as unknown[]).length, 1);
  });

  test('a run whose command matches no job gets a job of its own, marked observed', () => {
    const g = staticMap();
    const s = mergeObserved(g, [
      { ...run([seen(JOBQ, script, 'invokes')]), command: 'python3 /opt/etl/recon.py --adhoc' },
    ]);
    assert.deepEqual(s.unmatchedCommands, ['python3 /opt/etl/recon.py --adhoc']);
    assert.equal(
      g.getNodeAttribute('job:observed:python3 /opt/etl/recon.py --adhoc', 'scheduler'),
      'observed',
    );
  });

  test('globMatch: * stays within one path segment', () => {
    assert.equal(globMatch('/data/out/recon_*.csv', '/data/out/recon_20261125.csv'), true);
    assert.equal(globMatch('/data/out/*.csv', '/data/out/sub/x.csv'), false);
    assert.equal(globMatch('/data/(x)+.csv', '/data/(x)+.csv'), true);
  });
});
