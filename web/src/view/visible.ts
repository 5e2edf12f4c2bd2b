/**
 * From the whole map and the view state to what is drawn: filters, ego focus, drill-down, collapsing,
 * and the overview that keeps a large map from opening as a hairball.
 */
import type { DataflowGraph } from '../../../src/graph/types.js';
import { egoOf } from '../data/analysis.js';
import { fullName, nodeLabel } from '../data/graph.js';
import type { ViewKind } from '../kinds.js';
import type { ViewState } from '../state/view-state.js';
import { collapseTarget } from './collapse.js';
import { flowLimit, strongestFlows } from './flows.js';
import { type Grouping, type Groupings, hostOf } from './grouping.js';
import { isNonData } from './non-data.js';
import type { VEdge, VisibleGraph, VNode } from './types.js';

/** Above this many nodes the first view shows subsystems or hosts, not every node. */
export const OVERVIEW_LIMIT = 300;

function candidates(g: DataflowGraph, s: ViewState, groupings: Groupings): Set<string> {
  const hidden = new Set<string>(s.hiddenKinds);
  const community = groupings.get('community');
  const keep = new Set<string>();
  g.forEachNode((n, a) => {
    if (hidden.has(a.kind)) return;
    if (!s.showNonData && isNonData(g, n)) return;
    if (s.host && hostOf(g, n) !== s.host) return;
    if (s.subsystem && community.groupOf.get(n) !== s.subsystem) return;
    keep.add(n);
  });
  if (s.focus && g.hasNode(s.focus)) {
    const ego = egoOf(g, s.focus, s.radius);
    for (const n of keep) if (!ego.has(n)) keep.delete(n);
    keep.add(s.focus);
  }
  if (s.group) {
    const grouping = groupings.get('community');
    for (const n of keep) if (grouping.groupOf.get(n) !== s.group) keep.delete(n);
  }
  return keep;
}

function describe(g: DataflowGraph, members: string[]): string {
  const counts = new Map<string, number>();
  for (const m of members) {
    const k = g.getNodeAttribute(m, 'kind');
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const parts = [...counts].sort((a, b) => b[1] - a[1]).map(([k, c]) => `${c} ${k}${c > 1 ? 's' : ''}`);
  return `${members.length} nodes: ${parts.join(', ')}`;
}

function overviewNodes(g: DataflowGraph, keep: Set<string>, grouping: Grouping, repOf: Map<string, string>) {
  const nodes = new Map<string, VNode>();
  for (const n of keep) {
    const gid = grouping.groupOf.get(n) ?? 'group:none';
    repOf.set(n, gid);
    const v = nodes.get(gid);
    if (v) v.members.push(n);
    else {
      const name = grouping.groups.get(gid)?.name ?? 'ungrouped';
      nodes.set(gid, { id: gid, kind: 'group', label: name, title: name, members: [n], community: gid });
    }
  }
  for (const v of nodes.values()) {
    v.label = `${v.label} (${v.members.length})`;
    v.title = `${v.title}: ${describe(g, v.members)}`;
  }
  return nodes;
}

function detailNodes(
  g: DataflowGraph,
  keep: Set<string>,
  s: ViewState,
  community: Grouping,
  repOf: Map<string, string>,
) {
  const nodes = new Map<string, VNode>();
  const targets = collapseTarget(g, keep, s);
  for (const n of keep) {
    const t = targets.get(n);
    if (t) {
      repOf.set(n, t.id);
      const v = nodes.get(t.id);
      if (v) {
        v.members.push(n);
        // a directory is dimmed only when everything in it is a log, lock or temporary file
        if (v.nonData && !isNonData(g, n)) v.nonData = false;
      } else {
        nodes.set(t.id, {
          id: t.id,
          kind: t.kind as ViewKind,
          label: t.label,
          title: t.title,
          members: [n],
          community: community.groupOf.get(n),
          nonData: isNonData(g, n),
        });
      }
      continue;
    }
    repOf.set(n, n);
    const a = g.getNodeAttributes(n);
    const existing = nodes.get(n);
    if (existing) existing.members.push(n);
    else {
      nodes.set(n, {
        id: n,
        kind: a.kind,
        label: nodeLabel(g, n),
        title: fullName(n, a),
        members: [n],
        community: community.groupOf.get(n),
        nonData: isNonData(g, n),
      });
    }
  }
  for (const v of nodes.values()) {
    if (v.kind === 'directory') v.label = `${v.label} (${v.members.length})`;
  }
  return nodes;
}

function visibleEdges(
  g: DataflowGraph,
  s: ViewState,
  repOf: Map<string, string>,
  nodes: Map<string, VNode>,
): VEdge[] {
  const edges = new Map<string, VEdge>();
  g.forEachEdge((_e, a, src, dst) => {
    if (a.kind === 'invokes' && !s.showInvokes) return;
    const rs = repOf.get(src);
    const rt = repOf.get(dst);
    if (rs === undefined || rt === undefined || rs === rt) return;
    const id = `${rs}\u0000${rt}`;
    const cur = edges.get(id);
    if (cur) {
      cur.count++;
      // an aggregate that carries data is drawn as a flow, not as a job starting a script
      if (cur.kind === 'invokes' && a.kind !== 'invokes') cur.kind = a.kind;
    } else {
      const nonData = Boolean(nodes.get(rs)?.nonData || nodes.get(rt)?.nonData);
      edges.set(id, { id, source: rs, target: rt, kind: a.kind, count: 1, ...(nonData ? { nonData } : {}) });
    }
  });
  return [...edges.values()];
}

/**
 * Hosts first when the map spans several and no host is chosen (a click on a host then filters to
 * it); subsystems otherwise.
 */
export function overviewGrouping(s: ViewState, groupings: Groupings): Grouping {
  const hosts = groupings.get('host');
  return s.groupBy === 'host' && !s.host && hosts.groups.size > 1 ? hosts : groupings.get('community');
}

export function computeVisible(g: DataflowGraph, s: ViewState, groupings: Groupings): VisibleGraph {
  const keep = candidates(g, s, groupings);
  const repOf = new Map<string, string>();
  const grouping = overviewGrouping(s, groupings);
  const overview =
    !s.focus && !s.group && !s.showAll && keep.size > OVERVIEW_LIMIT && grouping.groups.size > 1;
  // logs, locks and temp files are not data flow: the overview leaves them out unless asked
  if (overview && !(s.showNonData && s.overviewWithLogs)) {
    for (const n of keep) if (isNonData(g, n)) keep.delete(n);
  }
  const nodes = overview
    ? overviewNodes(g, keep, grouping, repOf)
    : detailNodes(g, keep, s, groupings.get('community'), repOf);
  const all = visibleEdges(g, s, repOf, nodes);
  const vis: VisibleGraph = { nodes, edges: all, repOf, overview, hidden: g.order - keep.size };
  if (overview) {
    const strong = strongestFlows(all, flowLimit(nodes.size));
    vis.flows = { strongest: strong.size, total: all.length };
    // the others are drawn on request, over the layout of the strongest (it does not move)
    vis.edges = s.allFlows
      ? all.map((e) => (strong.has(e.id) ? e : { ...e, minor: true }))
      : all.filter((e) => strong.has(e.id));
  }
  return vis;
}
