/**
 * Units -> waves, ordered so that every wave's inputs are already on the target or bridged:
 *   1. the unit graph: unit A -> unit B when A writes local data that B reads;
 *   2. units of one subsystem (Louvain community) are grouped while the grouping keeps the graph
 *      acyclic (a merge that would make A wait for B and B for A is refused);
 *   3. groups in topological order, producers first; a group over --max-wave-size is cut along
 *      its own topological order (a unit is never cut: its scripts are tied).
 * So a producer's wave is never after its consumer's: data flows from moved to not-yet-moved jobs
 * through bridges, never the other way round.
 */
import type { FlowIndex } from '../graph/flow-index.js';
import { isHousekeepingPath, isLocalData } from './places.js';
import { neighbours, tarjan, type Unit } from './units.js';

export interface WaveDraft {
  units: Unit[];
  /** The subsystem most of the wave's scripts belong to. */
  community: number;
}

/** Unit-level data dependencies through local data. */
export function unitGraph(
  index: FlowIndex,
  units: Unit[],
  host: string | undefined,
): Map<number, Set<number>> {
  const unitOf = new Map<number, number>();
  for (const u of units) for (const s of u.scripts) unitOf.set(s, u.id);
  const succ = new Map<number, Set<number>>(units.map((u) => [u.id, new Set<number>()]));
  for (const u of units) {
    for (const s of u.scripts) {
      for (const d of neighbours(index, s, 'out')) {
        const node = index.nodes[d]!;
        if (!isLocalData(node, host) || isHousekeepingPath(node)) continue;
        for (const r of neighbours(index, d, 'out')) {
          const ru = unitOf.get(r);
          if (ru !== undefined && ru !== u.id) succ.get(u.id)!.add(ru);
        }
      }
    }
  }
  return succ;
}

/**
 * Tying writers together can close a cycle between units (A writes x for C, C writes y for B, and
 * A and B write one file): the units on such a cycle become one.
 */
export function mergeUnitCycles(units: Unit[], succ: Map<number, Set<number>>): Unit[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const out: Unit[] = [];
  for (const comp of tarjan(
    units.map((u) => u.id),
    (u) => [...(succ.get(u) ?? [])],
  )) {
    const members = comp.map((id) => byId.get(id)!).sort((a, b) => a.id - b.id);
    if (members.length === 1) {
      out.push(members[0]!);
      continue;
    }
    const merged: Unit = {
      id: members[0]!.id,
      scripts: members.flatMap((m) => m.scripts),
      jobs: members.flatMap((m) => m.jobs),
      ties: [...members.flatMap((m) => m.ties), 'their tied scripts feed each other (a cycle between them)'],
    };
    out.push(merged);
  }
  return out.sort((a, b) => a.id - b.id);
}

/** Order units into waves. `communityOf` gives each script's subsystem. */
export function orderWaves(
  units: Unit[],
  succ: Map<number, Set<number>>,
  communityOf: (script: number) => number,
  maxWaveSize: number,
): WaveDraft[] {
  const unitCommunity = new Map(units.map((u) => [u.id, majority(u.scripts.map(communityOf))]));
  const group = new Map(units.map((u) => [u.id, u.id]));
  const byCommunity = new Map<number, number[]>();
  for (const u of units) {
    const c = unitCommunity.get(u.id)!;
    byCommunity.set(c, [...(byCommunity.get(c) ?? []), u.id]);
  }
  for (const members of byCommunity.values()) {
    for (const m of members.slice(1)) {
      const before = new Map(group);
      const target = group.get(members[0]!)!;
      const from = group.get(m)!;
      for (const [k, g] of group) if (g === from) group.set(k, target);
      if (hasCycle(units, succ, group)) for (const [k, g] of before) group.set(k, g);
    }
  }
  const unitById = new Map(units.map((u) => [u.id, u]));
  const groups = [...new Set(group.values())];
  const groupSucc = (g: number) => {
    const out = new Set<number>();
    for (const u of units) if (group.get(u.id) === g) for (const s of succ.get(u.id)!) out.add(group.get(s)!);
    out.delete(g);
    return [...out];
  };
  const waves: WaveDraft[] = [];
  for (const g of topological(groups, groupSucc)) {
    const members = units.filter((u) => group.get(u.id) === g).map((u) => u.id);
    const inner = topological(members, (u) => [...succ.get(u)!].filter((x) => members.includes(x)));
    let current: Unit[] = [];
    let size = 0;
    for (const id of inner) {
      const u = unitById.get(id)!;
      if (current.length > 0 && size + u.scripts.length > maxWaveSize) {
        waves.push({ units: current, community: unitCommunity.get(current[0]!.id)! });
        current = [];
        size = 0;
      }
      current.push(u);
      size += u.scripts.length;
    }
    if (current.length > 0) waves.push({ units: current, community: unitCommunity.get(current[0]!.id)! });
  }
  return waves;
}

function hasCycle(units: Unit[], succ: Map<number, Set<number>>, group: Map<number, number>): boolean {
  const gs = new Map<number, Set<number>>();
  for (const u of units) {
    const g = group.get(u.id)!;
    const set = gs.get(g) ?? new Set<number>();
    for (const s of succ.get(u.id)!) if (group.get(s) !== g) set.add(group.get(s)!);
    gs.set(g, set);
  }
  return tarjan([...gs.keys()], (g) => [...(gs.get(g) ?? [])]).some((c) => c.length > 1);
}

/** Kahn's algorithm, smallest id first among the ready (stable output). */
function topological(nodes: number[], succ: (v: number) => number[]): number[] {
  const indeg = new Map(nodes.map((v) => [v, 0]));
  for (const v of nodes) for (const w of succ(v)) if (indeg.has(w)) indeg.set(w, indeg.get(w)! + 1);
  const ready = nodes.filter((v) => indeg.get(v) === 0).sort((a, b) => a - b);
  const out: number[] = [];
  while (ready.length > 0) {
    const v = ready.shift()!;
    out.push(v);
    for (const w of succ(v)) {
      if (!indeg.has(w)) continue;
      indeg.set(w, indeg.get(w)! - 1);
      if (indeg.get(w) === 0) {
        ready.push(w);
        ready.sort((a, b) => a - b);
      }
    }
  }
  // what is left is on a cycle (units already hold cycles, so this is a safety net)
  for (const v of nodes) if (!out.includes(v)) out.push(v);
  return out;
}

function majority(xs: number[]): number {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best = xs[0] ?? 0;
  for (const [x, n] of counts)
    if (n > (counts.get(best) ?? 0) || (n === counts.get(best) && x < best)) best = x;
  return best;
}
