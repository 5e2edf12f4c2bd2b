/**
 * Small hand-made maps for tests: `job('0 5 * * *', 'export.py')` and edges as
 * `[from, to]` pairs of node specs, with evidence at a made-up line.
 */
import { createGraph, mergeEdge, mergeNode } from '../../src/graph/build.js';
import type { DataflowGraph } from '../../src/graph/types.js';
import { toFileNode, toJobNode, toScriptNode, toTableNode } from '../../src/model/keys.js';
import type { Confidence, EdgeKind } from '../../src/model/kinds.js';
import type { NodeSpec } from '../../src/model/node.js';

export const s = (name: string, extra: Partial<NodeSpec['attrs']> = {}): NodeSpec =>
  toScriptNode(`/opt/etl/${name}`, extra);
export const f = (path: string): NodeSpec => toFileNode(path);
export const t = (name: string): NodeSpec => toTableNode(name);
let line = 0;
export const job = (schedule: string, script: string, scheduler = 'cron'): NodeSpec =>
  toJobNode('/etc/crontab', ++line, { schedule, scheduler, label: `${schedule} ${script}` });

export type EdgeSpec = [NodeSpec, NodeSpec, EdgeKind?, Confidence?];

export function buildMap(edges: EdgeSpec[], nodes: NodeSpec[] = []): DataflowGraph {
  const g = createGraph({ host: 'etl01' });
  for (const n of nodes) mergeNode(g, n);
  edges.forEach(([from, to, kind, confidence], i) => {
    const inferred: EdgeKind =
      kind ??
      (from.attrs.kind === 'job' || (from.attrs.kind === 'script' && to.attrs.kind === 'script')
        ? 'invokes'
        : from.attrs.kind === 'script'
          ? 'writes'
          : 'reads');
    const file = (inferred === 'reads' ? to : from).attrs.path ?? '/etc/crontab';
    mergeEdge(g, {
      from,
      to,
      kind: inferred,
      confidence: confidence ?? 'exact',
      evidence: { file: String(file), line: i + 1, construct: inferred, method: 'static' },
    });
  });
  return g;
}
