/**
 * `--json` output is written a piece at a time (a hub's downstream is hundreds of MB); the text
 * must stay exactly what JSON.stringify(value, null, 2) gives.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { LazyList } from '../../src/analyses/lazy-list.js';
import { type Io, printJson } from '../../src/cli/io.js';

function printed(value: unknown): { text: string; writes: number; longest: number } {
  const out: string[] = [];
  const io: Io = {
    out: (t) => out.push(t.endsWith('\n') ? t : `${t}\n`),
    err: () => {},
    color: false,
    interactive: false,
  };
  printJson(io, value);
  return { text: out.join(''), writes: out.length, longest: Math.max(...out.map((t) => t.length)) };
}

it('prints the same text as JSON.stringify(value, null, 2), whatever the value', () => {
  const values: unknown[] = [
    {
      direction: 'downstream',
      roots: [{ id: 'a', kind: 'table' }],
      nodes: [],
      edges: [{ source: 'a', target: 'b', evidence: [{ line: 3 }] }],
    },
    {
      a: undefined,
      b: () => 1,
      c: [undefined, () => 2, null, 'x\ny', { d: { e: [1, [2, 3]] } }],
      f: new Date(0),
      g: {},
    },
    { nested: { list: [1, 2] }, empty: [], text: 'quote " and \\ and \u2028' },
    { only: undefined },
    {},
    [],
    [1, { a: [2] }],
    'text',
    42,
    null,
    { toJSON: () => ({ replaced: [1, 2] }) },
  ];
  for (const v of values) {
    assert.equal(printed(v).text, `${JSON.stringify(v, null, 2)}\n`);
    // the same values among enough others to be streamed
    if (v && typeof v === 'object' && !Array.isArray(v) && !('toJSON' in v)) {
      const big = { ...v, many: Array.from({ length: 6000 }, (_, i) => ({ i })) };
      assert.equal(printed(big).text, `${JSON.stringify(big, null, 2)}\n`);
    }
  }
});

it('streams large arrays nested in objects too (impact groups what it affects by kind), with the same text', () => {
  const refs = (kind: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({ id: `${kind}:${i}`, kind, tags: [i] }));
  const value = {
    at: '2026-03-10T12:00:00.000Z',
    affected: {
      script: refs('script', 30_000),
      table: refs('table', 250),
      file: refs('file', 3),
      none: undefined,
    },
    deeper: { level: { list: refs('file', 900), empty: [], f: () => 1, d: new Date(0) } },
    small: { list: refs('job', 2) },
    jobs: refs('job', 20_000),
  };
  const r = printed(value);
  assert.equal(r.text, `${JSON.stringify(value, null, 2)}\n`);
  assert.ok(r.longest < 128 * 1024, `the longest write is ${r.longest} characters`);
});

it('writes lists made as they are read (LazyList) as their items, a batch at a time, with the same text', () => {
  let made = 0;
  const lazy = (kind: string, n: number) =>
    new LazyList(n, (i) => {
      made++;
      return { id: `${kind}:${i}`, kind, runs: [i] };
    });
  const value = {
    at: '2026-03-10T12:00:00.000Z',
    affected: { script: lazy('script', 30_000), table: lazy('table', 250), none: lazy('file', 0) },
    jobs: lazy('job', 7_001),
    tiny: { list: lazy('job', 2) },
  };
  const want = `${JSON.stringify(value, null, 2)}\n`;
  made = 0;
  const r = printed(value);
  assert.equal(r.text, want);
  // every item made once: the printer never asked a list for all of them at once and again
  assert.equal(made, 30_000 + 250 + 7_001 + 2);
  assert.ok(r.longest < 128 * 1024, `the longest write is ${r.longest} characters`);
  // on its own, and empty
  assert.equal(printed(lazy('file', 6_000)).text, `${JSON.stringify(lazy('file', 6_000), null, 2)}\n`);
  assert.equal(printed(lazy('file', 0)).text, '[]\n');
});

it('writes a large answer in pieces under 128 KB (no string of V8 large-object size), each ending a line', () => {
  const nodes = Array.from({ length: 40_000 }, (_, i) => ({
    id: `table:t${i}`,
    kind: 'table',
    label: `t${i}`,
    depth: 1,
  }));
  const value = { direction: 'downstream', nodes, edges: nodes.map((n) => ({ source: 'a', target: n.id })) };
  const r = printed(value);
  assert.equal(r.text, `${JSON.stringify(value, null, 2)}\n`);
  assert.ok(r.writes > 3, `${r.writes} writes`);
  assert.ok(r.longest < 128 * 1024, `the longest write is ${r.longest} characters`);
});
