/**
 * Subsystems (communities) and hosts as groups of map nodes: the overview of a large map and the
 * drill-down both use them. Communities are computed once per page (Louvain, seeded).
 */
import type { DataflowGraph } from '../../../src/graph/types.js';
import { communitiesOf } from '../data/analysis.js';
import type { GroupBy } from '../state/view-state.js';

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
    return fromGroups(
      communitiesOf(this.g).map((c) => ({ id: `group:${c.id}`, name: c.name, members: c.members })),
    );
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
