import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateMap } from '../../bench/viewer.generate.js';
import { fastLayered } from '../../web/src/layout/fast-layered.js';

const node = (id: string) => ({ id, width: 80, height: 26 });
const edge = (source: string, target: string) => ({ id: `${source}>${target}`, source, target });

describe('fastLayered: the layered layout of large views', () => {
  it('puts a flow left to right, a source next to what reads it', () => {
    const r = fastLayered(['job', 'script', 'out', 'report', 'feed'].map(node), [
      edge('job', 'script'),
      edge('script', 'out'),
      edge('out', 'report'),
      edge('feed', 'report'),
    ]);
    const x = (id: string) => (r.positions[id] as [number, number])[0];
    assert.ok(x('job') < x('script') && x('script') < x('out') && x('out') < x('report'));
    // the feed only report reads sits in the layer before report, not with the jobs at the far left
    assert.equal(x('feed'), x('out'));
  });

  it('lays out a cycle, and routes every edge from its source to its target', () => {
    const edges = [edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('a', 'c')];
    const r = fastLayered(['a', 'b', 'c'].map(node), edges);
    for (const e of edges) {
      const pts = r.routes[e.id] as number[];
      const [sx, sy] = r.positions[e.source] as [number, number];
      const [tx, ty] = r.positions[e.target] as [number, number];
      assert.ok(Math.abs((pts[0] as number) - sx) <= 40 && pts[1] === sy, `${e.id} leaves its source`);
      assert.ok(
        Math.abs((pts.at(-2) as number) - tx) <= 40 && pts.at(-1) === ty,
        `${e.id} ends at its target`,
      );
    }
  });

  it('never puts two nodes of a layer on top of each other', () => {
    const data = generateMap(800);
    const nodes = data.nodes.map((n) => node(String(n.id)));
    const r = fastLayered(
      nodes,
      data.links.map((l) => edge(String(l.source), String(l.target))),
    );
    const byX = new Map<number, number[]>();
    for (const [x, y] of Object.values(r.positions)) byX.set(x, [...(byX.get(x) ?? []), y]);
    for (const ys of byX.values()) {
      ys.sort((a, b) => a - b);
      for (let i = 1; i < ys.length; i++) assert.ok((ys[i] as number) - (ys[i - 1] as number) >= 26);
    }
    assert.equal(Object.keys(r.positions).length, 800);
  });
});
