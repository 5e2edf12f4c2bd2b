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

  it('puts no node on another, and keeps a large view about as wide as it is tall', () => {
    const data = generateMap(800);
    const nodes = data.nodes.map((n) => node(String(n.id)));
    const r = fastLayered(
      nodes,
      data.links.map((l) => edge(String(l.source), String(l.target))),
    );
    const at = Object.values(r.positions);
    assert.equal(at.length, 800);
    for (let i = 0; i < at.length; i++) {
      for (let j = i + 1; j < at.length; j++) {
        const [ax, ay] = at[i] as [number, number];
        const [bx, by] = at[j] as [number, number];
        assert.ok(Math.abs(ax - bx) >= 80 || Math.abs(ay - by) >= 26, `nodes ${i} and ${j} overlap`);
      }
    }
    const xs = at.map((p) => p[0]);
    const ys = at.map((p) => p[1]);
    const ratio = (Math.max(...xs) - Math.min(...xs)) / (Math.max(...ys) - Math.min(...ys));
    assert.ok(ratio > 0.5 && ratio < 4, `width / height = ${ratio.toFixed(2)}`);
  });
});
