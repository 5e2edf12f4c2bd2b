/**
 * Collapsing: tables into their database, files into their directory. A directory with a single
 * visible file stays expanded (the folder would only hide its name).
 */
import type { DataflowGraph } from '../../../src/graph/types.js';
import type { ViewState } from '../state/view-state.js';

export interface CollapseTarget {
  id: string;
  kind: 'database' | 'directory';
  label: string;
  title: string;
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i > 0 ? p.slice(0, i) : '/';
}

/** The database a table belongs to: its `contains` parent, else its namespace. */
function databaseOf(g: DataflowGraph, table: string): CollapseTarget | undefined {
  for (const parent of g.inNeighbors(table)) {
    const a = g.getNodeAttributes(parent);
    if (a.kind === 'database') {
      const name = String(a.url ?? a.label ?? parent);
      return { id: parent, kind: 'database', label: String(a.label ?? name), title: name };
    }
  }
  const ns = g.getNodeAttribute(table, 'namespace');
  if (typeof ns !== 'string' || !ns) return undefined;
  return { id: `database:${ns}`, kind: 'database', label: ns, title: ns };
}

export function collapseTarget(
  g: DataflowGraph,
  keep: Set<string>,
  s: ViewState,
): Map<string, CollapseTarget> {
  const out = new Map<string, CollapseTarget>();
  if (s.collapseTables) {
    for (const n of keep) {
      if (g.getNodeAttribute(n, 'kind') !== 'table') continue;
      const db = databaseOf(g, n);
      if (db) out.set(n, db);
    }
  }
  if (s.collapseFiles) {
    const byDir = new Map<string, string[]>();
    for (const n of keep) {
      const a = g.getNodeAttributes(n);
      if (a.kind !== 'file' || typeof a.path !== 'string') continue;
      const d = dirname(a.path);
      const l = byDir.get(d);
      if (l) l.push(n);
      else byDir.set(d, [n]);
    }
    for (const [d, files] of byDir) {
      if (files.length < 2) continue;
      const t: CollapseTarget = { id: `dir:${d}`, kind: 'directory', label: `${d}/`, title: `${d}/` };
      for (const f of files) out.set(f, t);
    }
  }
  return out;
}
