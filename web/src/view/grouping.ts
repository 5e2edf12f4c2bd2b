/**
 * Subsystems (communities) and hosts as groups of map nodes: the overview of a large map and the
 * drill-down both use them. Communities are computed once per page (Louvain, seeded).
 */
import type { DataflowGraph } from '../../../src/graph/types.js';
import { communitiesOf, hasPlan } from '../data/analysis.js';
import type { GroupBy } from '../state/view-state.js';
import { nameGroups, nameTokens } from './group-names.js';

export interface Group {
  /** `group:c3` or `group:host:etl01`. */
  id: string;
  name: string;
  members: string[];
}

export interface Grouping {
  groups: Map<string, Group>;
  groupOf: Map<string, string>;
}

function fromGroups(list: Group[]): Grouping {
  const groups = new Map<string, Group>();
  const groupOf = new Map<string, string>();
  for (const gr of list) {
    groups.set(gr.id, gr);
    for (const m of gr.members) groupOf.set(m, gr.id);
  }
  return { groups, groupOf };
}

export function hostOf(g: DataflowGraph, node: string): string {
  const h = g.getNodeAttribute(node, 'host');
  return typeof h === 'string' && h ? h : String(g.getAttribute('host') ?? 'unknown host');
}

export class Groupings {
  private cache = new Map<GroupBy, Grouping>();
  constructor(private readonly g: DataflowGraph) {}

  get(by: GroupBy): Grouping {
    let gr = this.cache.get(by);
    if (!gr) {
      gr = by === 'host' ? this.hosts() : this.communities();
      this.cache.set(by, gr);
    }
    return gr;
  }

  private communities(): Grouping {
    const list: Group[] = communitiesOf(this.g).map((c) => ({
      id: `group:${c.id}`,
      name: c.name,
      members: c.members,
    }));
    if (!hasPlan(this.g)) nameCommunities(this.g, list);
    placeLeftOut(this.g, list);
    return fromGroups(list);
  }

  private hosts(): Grouping {
    const by = new Map<string, string[]>();
    this.g.forEachNode((n) => {
      const h = hostOf(this.g, n);
      const l = by.get(h);
      if (l) l.push(n);
      else by.set(h, [n]);
    });
    return fromGroups([...by].map(([h, members]) => ({ id: `group:host:${h}`, name: h, members })));
  }
}

/** Each group named by what distinguishes it (group-names.ts), from its members and its edges. */
function nameCommunities(g: DataflowGraph, list: Group[]): void {
  const groupOf = new Map<string, number>();
  list.forEach((gr, i) => {
    for (const m of gr.members) groupOf.set(m, i);
  });
  // a member weighs 1 + the edges it has inside its group: the table every script reads counts most
  const inside = new Map<string, number>();
  g.forEachEdge((_e, _a, s, t) => {
    const gs = groupOf.get(s);
    if (gs === undefined || gs !== groupOf.get(t)) return;
    inside.set(s, (inside.get(s) ?? 0) + 1);
    inside.set(t, (inside.get(t) ?? 0) + 1);
  });
  const names = nameGroups(
    list.map((gr) => ({
      id: gr.id,
      fallback: gr.name,
      members: gr.members.map((m) => ({
        tokens: nameTokens(g.getNodeAttributes(m)),
        weight: 1 + (inside.get(m) ?? 0),
      })),
    })),
  );
  for (const gr of list) gr.name = names.get(gr.id) ?? gr.name;
}

/**
 * Logs, lock and temporary files are in no community (they would glue unrelated jobs together):
 * each joins the group most of its neighbours are in, so drilling into a group still shows them.
 */
function placeLeftOut(g: DataflowGraph, list: Group[]): void {
  const groupOf = new Map<string, Group>();
  for (const gr of list) for (const m of gr.members) groupOf.set(m, gr);
  const orphans: string[] = [];
  g.forEachNode((n) => {
    if (groupOf.has(n)) return;
    const votes = new Map<Group, number>();
    g.forEachNeighbor(n, (m) => {
      const gr = groupOf.get(m);
      if (gr) votes.set(gr, (votes.get(gr) ?? 0) + 1);
    });
    let top: Group | undefined;
    for (const [gr, v] of votes) if (!top || v > (votes.get(top) ?? 0)) top = gr;
    if (top) top.members.push(n);
    else orphans.push(n);
  });
  if (orphans.length) list.push({ id: 'group:other', name: 'logs, locks, temp files', members: orphans });
}
