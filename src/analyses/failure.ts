/**
 * What a failure reaches, as opposed to what goes stale. If a database, host, endpoint or a file
 * system goes down, every script that touches it, reading OR writing, fails at its next run (a
 * writer cannot write to a server that is down); the outputs of those scripts then go stale
 * downstream. A database fails with its tables (`contains`), a host with everything on it.
 * Staleness alone only flows downstream (`impact --stale`). See docs/decisions/009-failure-impact.md.
 */

import { assembleFlowIndex, type FlowIndex, type FlowShape } from '../graph/flow-index.js';
import { isResourceKind } from '../model/kinds.js';
import type { EdgeAttributes } from '../model/node.js';
import { hostsOf } from './select/select-nodes.js';

export const isResource = (index: FlowShape, v: number): boolean => isResourceKind(index.nodes[v]!.kind);

/** Members of each host node: nodes whose host (or URL's host) is its name. Built once per index. */
const hostMembers = new WeakMap<FlowShape, Map<number, number[]>>();

function membersOf(index: FlowShape, h: number): number[] {
  let all = hostMembers.get(index);
  if (!all) {
    all = new Map();
    const byName = new Map<string, number>();
    for (let v = 0; v < index.order; v++) {
      if (index.nodes[v]!.kind === 'host') for (const name of hostsOf(index, v)) byName.set(name, v);
    }
    if (byName.size > 0) {
      for (let v = 0; v < index.order; v++) {
        for (const name of hostsOf(index, v)) {
          const host = byName.get(name);
          if (host === undefined || host === v) continue;
          const list = all.get(host) ?? [];
          list.push(v);
          all.set(host, list);
        }
      }
    }
    hostMembers.set(index, all);
  }
  return all.get(h) ?? [];
}

/**
 * The direct consequences of resource `v` failing: `cb(w, true)` for a node that fails with it
 * (a database's tables, a host's members), `cb(w, false)` for a script that touches it and is hit.
 */
export function forEachFailureStep(
  index: FlowShape,
  v: number,
  cb: (w: number, fails: boolean) => void,
): void {
  for (let i = index.outStart[v]!; i < index.outStart[v + 1]!; i++) {
    const e = index.outEdge[i]!;
    const w = index.target[e]!;
    if (index.edges[e]!.kind === 'contains') cb(w, true);
    else if (index.nodes[w]!.kind === 'script') cb(w, false);
  }
  for (let i = index.inStart[v]!; i < index.inStart[v + 1]!; i++) {
    const e = index.inEdge[i]!;
    const w = index.source[e]!;
    if (index.nodes[w]!.kind === 'script' && index.edges[e]!.kind !== 'invokes') cb(w, false);
  }
  if (index.nodes[v]!.kind === 'host') for (const w of membersOf(index, v)) cb(w, isResource(index, w));
}

export interface FailureSpread {
  /** The named nodes and every node that fails with them. */
  failed: number[];
  /** Scripts that touch a failed node and fail at their next run. */
  hit: number[];
}

/** Everything that is down or hit when `nodes` fail (scripts and jobs named stay as they are). */
export function spreadFailure(index: FlowShape, nodes: readonly number[]): FailureSpread {
  const down = new Uint8Array(index.order);
  const isHit = new Uint8Array(index.order);
  const failed: number[] = [];
  const hit: number[] = [];
  const queue = [...nodes];
  for (const v of nodes) down[v] = 1;
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    failed.push(v);
    if (!isResource(index, v)) continue;
    forEachFailureStep(index, v, (w, fails) => {
      if (fails && !down[w]) {
        down[w] = 1;
        queue.push(w);
      } else if (!fails && !isHit[w] && !down[w]) {
        isHit[w] = 1;
        hit.push(w);
      }
    });
  }
  return { failed, hit: hit.filter((w) => !down[w]) };
}

export interface FailureLayer {
  /** The map plus one extra node per resource standing for its failure. */
  index: FlowIndex;
  /** `failNode[v]`: the node whose downstream is what v's failure reaches (v itself for scripts and jobs). */
  failNode: Int32Array;
}

/**
 * The map with a failure layer, for measures that count what each node's failure reaches
 * (critical): F(v) -> v, F(v) -> each script touching v, F(db) -> F(table). Downstream of F(v) in
 * this index is exactly what `impact` of v reaches, so reach counts over it rank by failure impact.
 */
export function withFailureLayer(index: FlowIndex): FailureLayer {
  const n = index.order;
  const failNode = new Int32Array(n);
  let extra = 0;
  for (let v = 0; v < n; v++) failNode[v] = isResource(index, v) ? n + extra++ : v;
  const src: number[] = [];
  const dst: number[] = [];
  for (let v = 0; v < n; v++) {
    const f = failNode[v]!;
    if (f === v) continue;
    src.push(f);
    dst.push(v);
    forEachFailureStep(index, v, (w, fails) => {
      src.push(f);
      dst.push(fails ? failNode[w]! : w);
    });
  }
  const size = index.size + src.length;
  const source = new Int32Array(size);
  const target = new Int32Array(size);
  source.set(index.source);
  target.set(index.target);
  source.set(src, index.size);
  target.set(dst, index.size);
  const keys = index.keys.slice();
  const nodes = index.nodes.slice();
  for (let v = 0; v < n; v++) {
    if (failNode[v] === v) continue;
    keys[failNode[v]!] = `failure:${index.keys[v]}`;
    nodes[failNode[v]!] = index.nodes[v]!;
  }
  const FAILS = { kind: 'reads', confidence: 'exact', method: 'static', evidence: [] } as EdgeAttributes;
  const edges: EdgeAttributes[] = [...index.edges, ...new Array<EdgeAttributes>(src.length).fill(FAILS)];
  const layered = assembleFlowIndex(keys, nodes, index.indexOf, edges, source, target, index.meta);
  return { index: layered, failNode };
}
