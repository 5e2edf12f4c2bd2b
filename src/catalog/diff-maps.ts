/**
 * What changed between two maps (two snapshots, two map files, or two hosts): nodes and edges
 * added and removed, and those whose schedule, confidence or evidence changed. Both sides are
 * compared under fleet keys, so a map file and a catalog snapshot compare like for like; renames
 * (`etl01=etl02` for a host, `/opt/old=/opt/new` for a path prefix) apply to side A first, for
 * servers whose names or paths moved in an uplift.
 */
import type { NodeLinkData } from '../store/node-link.js';

export interface Rename {
  from: string;
  to: string;
}

export interface NodeChange {
  key: string;
  kind: string;
  changes: Record<string, [unknown, unknown]>;
}

export interface EdgeRef {
  source: string;
  target: string;
  kind: string;
}

export interface EdgeChange extends EdgeRef {
  changes: Record<string, [unknown, unknown]>;
}

export interface MapDiff {
  a: string;
  b: string;
  same: boolean;
  nodes: {
    added: Array<{ key: string; kind: string }>;
    removed: Array<{ key: string; kind: string }>;
    changed: NodeChange[];
  };
  edges: { added: EdgeRef[]; removed: EdgeRef[]; changed: EdgeChange[] };
}

/** The node attributes whose change is news (labels and layout hints are not). */
const NODE_ATTRS = [
  'kind',
  'schedule',
  'command',
  'user',
  'scheduler',
  'missing',
  'partial',
  'language',
  'url',
  'namespace',
];
const EDGE_ATTRS = ['confidence', 'method'];

export function diffMaps(
  a: NodeLinkData,
  b: NodeLinkData,
  names: { a: string; b: string },
  renames: Rename[] = [],
): MapDiff {
  const rename = renamer(renames);
  const nodesA = new Map(a.nodes.map((n) => [rename(n.id), n as unknown as Record<string, unknown>]));
  const nodesB = new Map(b.nodes.map((n) => [n.id, n as unknown as Record<string, unknown>]));
  const nodes: MapDiff['nodes'] = { added: [], removed: [], changed: [] };
  for (const [key, n] of nodesB) if (!nodesA.has(key)) nodes.added.push({ key, kind: String(n.kind) });
  for (const [key, n] of nodesA) {
    const other = nodesB.get(key);
    if (!other) {
      nodes.removed.push({ key, kind: String(n.kind) });
      continue;
    }
    const changes = compare(n, other, NODE_ATTRS, rename);
    if (changes) nodes.changed.push({ key, kind: String(n.kind), changes });
  }
  const edgeKey = (s: string, t: string, k: string) => `${s}\u0000${t}\u0000${k}`;
  const edgesA = new Map(
    a.links.map((l) => [
      edgeKey(rename(l.source), rename(l.target), l.kind),
      l as unknown as Record<string, unknown>,
    ]),
  );
  const edgesB = new Map(
    b.links.map((l) => [edgeKey(l.source, l.target, l.kind), l as unknown as Record<string, unknown>]),
  );
  const ref = (id: string): EdgeRef => {
    const [source, target, kind] = id.split('\u0000') as [string, string, string];
    return { source, target, kind };
  };
  const edges: MapDiff['edges'] = { added: [], removed: [], changed: [] };
  for (const id of edgesB.keys()) if (!edgesA.has(id)) edges.added.push(ref(id));
  for (const [id, l] of edgesA) {
    const other = edgesB.get(id);
    if (!other) {
      edges.removed.push(ref(id));
      continue;
    }
    const changes = compare(l, other, EDGE_ATTRS, rename) ?? {};
    const ea = evidenceOf(l, rename);
    const eb = evidenceOf(other, rename);
    if (ea !== eb) changes.evidence = [ea, eb];
    if (Object.keys(changes).length > 0) edges.changed.push({ ...ref(id), changes });
  }
  const byKey = <T extends { key: string }>(xs: T[]) => xs.sort((x, y) => (x.key < y.key ? -1 : 1));
  const byEnds = <T extends EdgeRef>(xs: T[]) =>
    xs.sort((x, y) => (edgeKey(x.source, x.target, x.kind) < edgeKey(y.source, y.target, y.kind) ? -1 : 1));
  byKey(nodes.added);
  byKey(nodes.removed);
  byKey(nodes.changed);
  byEnds(edges.added);
  byEnds(edges.removed);
  byEnds(edges.changed);
  const same = [nodes.added, nodes.removed, nodes.changed, edges.added, edges.removed, edges.changed].every(
    (x) => x.length === 0,
  );
  return { a: names.a, b: names.b, same, nodes, edges };
}

function compare(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  attrs: string[],
  rename: (s: string) => string,
): Record<string, [unknown, unknown]> | undefined {
  const out: Record<string, [unknown, unknown]> = {};
  for (const k of attrs) {
    const x = typeof a[k] === 'string' ? rename(a[k] as string) : a[k];
    const y = b[k];
    if (JSON.stringify(x ?? null) !== JSON.stringify(y ?? null)) out[k] = [a[k] ?? null, y ?? null];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Evidence as `file:line construct` lines, sorted: the same finding in the same place is no change. */
function evidenceOf(l: Record<string, unknown>, rename: (s: string) => string): string {
  const ev = Array.isArray(l.evidence) ? (l.evidence as Array<Record<string, unknown>>) : [];
  return ev
    .map((e) => `${rename(String(e.file ?? ''))}:${String(e.line ?? '')} ${String(e.construct ?? '')}`)
    .sort()
    .join('\n');
}

/** `old=new` pairs: a path prefix when it starts with `/`, else a host name (whole words only). */
export function parseRename(text: string): Rename | undefined {
  const i = text.indexOf('=');
  if (i <= 0 || i === text.length - 1) return undefined;
  return { from: text.slice(0, i), to: text.slice(i + 1) };
}

export function renamer(renames: Rename[]): (s: string) => string {
  if (renames.length === 0) return (s) => s;
  const rules = renames.map(({ from, to }) => {
    const esc = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = from.startsWith('/')
      ? new RegExp(`${esc}(?=/|$|:)`, 'g')
      : new RegExp(`(?<=//|@|^|host:)${esc}(?=[/:]|$)`, 'gi');
    return (s: string) => s.replace(re, to);
  });
  return (s) => rules.reduce((acc, r) => r(acc), s);
}

/**
 * Both sides in one map for the viewer (`dfmap view --diff`): B's nodes and edges, plus A's removed
 * ones, each marked `diff: added | removed | changed`; the graph's `diff` says what was compared.
 */
export function diffMap(a: NodeLinkData, b: NodeLinkData, d: MapDiff, renames: Rename[] = []): NodeLinkData {
  const rename = renamer(renames);
  const mark = new Map<string, string>();
  for (const n of d.nodes.added) mark.set(n.key, 'added');
  for (const n of d.nodes.removed) mark.set(n.key, 'removed');
  for (const n of d.nodes.changed) mark.set(n.key, 'changed');
  const edgeMark = new Map<string, string>();
  const ek = (e: EdgeRef) => `${e.source}\u0000${e.target}\u0000${e.kind}`;
  for (const e of d.edges.added) edgeMark.set(ek(e), 'added');
  for (const e of d.edges.removed) edgeMark.set(ek(e), 'removed');
  for (const e of d.edges.changed) edgeMark.set(ek(e), 'changed');
  const nodes = b.nodes.map((n) => (mark.has(n.id) ? { ...n, diff: mark.get(n.id) } : n));
  for (const n of a.nodes) {
    const id = rename(n.id);
    if (mark.get(id) === 'removed') nodes.push({ ...n, id, diff: 'removed' });
  }
  const links = b.links.map((l) => {
    const m = edgeMark.get(ek(l));
    return m ? { ...l, diff: m } : l;
  });
  for (const l of a.links) {
    const e = { source: rename(l.source), target: rename(l.target), kind: l.kind };
    if (edgeMark.get(ek(e)) === 'removed') links.push({ ...l, ...e, diff: 'removed' });
  }
  const counts = {
    nodes: { added: d.nodes.added.length, removed: d.nodes.removed.length, changed: d.nodes.changed.length },
    edges: { added: d.edges.added.length, removed: d.edges.removed.length, changed: d.edges.changed.length },
  };
  return {
    ...b,
    graph: { ...b.graph, host: b.graph.host, diff: { a: d.a, b: d.b, ...counts } },
    nodes,
    links,
  };
}
