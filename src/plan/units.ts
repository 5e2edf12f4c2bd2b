/**
 * What must move together. Scripts are tied into one unit, with the reason, when the state between
 * them cannot be bridged while old and new both run:
 *   - a caller and the scripts it runs (`invokes`);
 *   - several writers of one file or local table (a file cannot be synced from two sides);
 *   - scripts sharing a lock or pid file (mutual exclusion only works on one machine);
 *   - scripts in a data-flow cycle (each would wait for a bridge from the other).
 * A job always moves with its script.
 */
import type { FlowIndex } from '../graph/flow-index.js';
import { isHousekeepingPath, isLocalData } from './places.js';

export interface Unit {
  id: number;
  /** Node numbers of the scripts (and their jobs). */
  scripts: number[];
  jobs: number[];
  /** Why these scripts are tied, one line each (empty for a unit of one script). */
  ties: string[];
}

class UnionFind {
  private parent: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }
  find(x: number): number {
    let r = x;
    while (this.parent[r]! !== r) r = this.parent[r]!;
    while (this.parent[x]! !== r) {
      const next = this.parent[x]!;
      this.parent[x] = r;
      x = next;
    }
    return r;
  }
  union(a: number, b: number): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return false;
    this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
    return true;
  }
}

/** Units of the moving scripts (`moving`: node numbers of scripts). */
export function tieUnits(index: FlowIndex, moving: ReadonlySet<number>, host: string | undefined): Unit[] {
  const uf = new UnionFind(index.order);
  const ties = new Map<number, string[]>();
  const note = (a: number, b: number, why: string) => {
    if (!uf.union(a, b)) return;
    const list = ties.get(a) ?? [];
    list.push(why);
    ties.set(a, list);
  };
  const label = (v: number) => String(index.nodes[v]?.label ?? index.keys[v]);
  for (let e = 0; e < index.size; e++) {
    const s = index.source[e]!;
    const t = index.target[e]!;
    if (index.edges[e]?.kind === 'invokes' && moving.has(s) && moving.has(t))
      note(s, t, `${label(s)} runs ${label(t)}`);
  }
  for (let v = 0; v < index.order; v++) {
    const node = index.nodes[v]!;
    if (!isLocalData(node, host)) continue;
    const shared = /\.(lock|pid)$/.test(String(node.path ?? '')) || String(node.kind) === 'lock';
    // several scripts appending to one log is no shared state: each host keeps its own log
    if (isHousekeepingPath(node) && !shared) continue;
    const writers = neighbours(index, v, 'in').filter((w) => moving.has(w));
    const touching = shared
      ? [...writers, ...neighbours(index, v, 'out').filter((w) => moving.has(w))]
      : writers;
    const why = shared ? 'share the lock' : 'write';
    for (let i = 1; i < touching.length; i++)
      note(
        touching[0]!,
        touching[i]!,
        `${label(touching[0]!)} and ${label(touching[i]!)} ${why} ${label(v)}`,
      );
  }
  tieCycles(index, moving, host, uf, note);
  return collect(index, moving, uf, ties);
}

/** Scripts that feed each other through local data move together (Tarjan on the script graph). */
function tieCycles(
  index: FlowIndex,
  moving: ReadonlySet<number>,
  host: string | undefined,
  uf: UnionFind,
  note: (a: number, b: number, why: string) => void,
): void {
  const succ = new Map<number, number[]>();
  for (const s of moving) {
    const next = new Set<number>();
    for (const d of neighbours(index, s, 'out')) {
      // only local data ties: a remote table read and written by two jobs is bridged by both using it
      if (!isLocalData(index.nodes[d]!, host) || isHousekeepingPath(index.nodes[d]!)) continue;
      for (const r of neighbours(index, d, 'out')) if (moving.has(r) && r !== s) next.add(r);
    }
    succ.set(s, [...next]);
  }
  for (const comp of tarjan([...moving], (v) => succ.get(v) ?? [])) {
    if (comp.length < 2) continue;
    const names = comp.map((v) => String(index.nodes[v]?.label ?? index.keys[v]));
    for (let i = 1; i < comp.length; i++) {
      if (uf.find(comp[0]!) !== uf.find(comp[i]!))
        note(comp[0]!, comp[i]!, `${names.join(', ')} feed each other (a cycle)`);
    }
  }
}

function collect(
  index: FlowIndex,
  moving: ReadonlySet<number>,
  uf: UnionFind,
  ties: Map<number, string[]>,
): Unit[] {
  const byRoot = new Map<number, Unit>();
  const sorted = [...moving].sort((a, b) => (index.keys[a]! < index.keys[b]! ? -1 : 1));
  for (const s of sorted) {
    const r = uf.find(s);
    let u = byRoot.get(r);
    if (!u) {
      u = { id: byRoot.size, scripts: [], jobs: [], ties: [] };
      byRoot.set(r, u);
    }
    u.scripts.push(s);
    u.ties.push(...(ties.get(s) ?? []));
    for (const j of neighbours(index, s, 'in')) if (index.nodes[j]?.kind === 'job') u.jobs.push(j);
  }
  for (const u of byRoot.values()) u.ties = [...new Set(u.ties)];
  return [...byRoot.values()];
}

/** Node numbers at the other end of v's out- or in-edges (not `contains`). */
export function neighbours(index: FlowIndex, v: number, dir: 'in' | 'out'): number[] {
  const start = dir === 'out' ? index.outStart : index.inStart;
  const list = dir === 'out' ? index.outEdge : index.inEdge;
  const out: number[] = [];
  for (let i = start[v]!; i < start[v + 1]!; i++) {
    const e = list[i]!;
    if (index.edges[e]?.kind === 'contains') continue;
    out.push(dir === 'out' ? index.target[e]! : index.source[e]!);
  }
  return out;
}

/** Strongly connected components of a small graph (recursive Tarjan; units are few). */
export function tarjan(nodes: number[], succ: (v: number) => number[]): number[][] {
  const num = new Map<number, number>();
  const low = new Map<number, number>();
  const stack: number[] = [];
  const on = new Set<number>();
  const out: number[][] = [];
  let counter = 0;
  const visit = (v: number) => {
    num.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    on.add(v);
    for (const w of succ(v)) {
      if (!num.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, num.get(w)!));
    }
    if (low.get(v) === num.get(v)) {
      const comp: number[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      out.push(comp);
    }
  };
  for (const v of nodes) if (!num.has(v)) visit(v);
  return out;
}
