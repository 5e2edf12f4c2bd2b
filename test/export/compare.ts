/** Compare a graph read back from a file format with the graph that was exported. */
import assert from 'node:assert/strict';
import type { AbstractGraph } from 'graphology-types';
import type { DataflowGraph } from '../../src/graph/types.js';

/** Attributes as the formats store them: scalars as they are, objects and arrays as JSON text. */
function stored(v: unknown): unknown {
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : v;
}

export interface CompareOptions {
  /** Attributes the format carries elsewhere (GEXF: a node's label is native, an edge's kind too). */
  ignoreNode?: string[];
  ignoreEdge?: string[];
}

export function assertSameGraph(
  back: AbstractGraph,
  original: DataflowGraph,
  opts: CompareOptions = {},
): void {
  assert.equal(back.order, original.order, 'node count');
  assert.equal(back.size, original.size, 'edge count');
  original.forEachNode((key, attrs) => {
    assert.ok(back.hasNode(key), `node ${JSON.stringify(key)} is missing`);
    const got = back.getNodeAttributes(key);
    for (const [k, v] of Object.entries(attrs)) {
      if (opts.ignoreNode?.includes(k)) continue;
      assert.deepEqual(stored(got[k]), stored(v), `node ${JSON.stringify(key)} attribute ${k}`);
    }
  });
  original.forEachEdge((_e, attrs, s, t) => {
    const e = back.edge(s, t);
    assert.ok(e !== undefined, `edge ${s} -> ${t} is missing`);
    const got = back.getEdgeAttributes(e);
    for (const [k, v] of Object.entries(attrs)) {
      if (opts.ignoreEdge?.includes(k)) continue;
      assert.deepEqual(stored(got[k]), stored(v), `edge ${s} -> ${t} attribute ${k}`);
    }
  });
}
