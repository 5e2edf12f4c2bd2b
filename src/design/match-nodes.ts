/**
 * Which nodes of one map stand for a node of another: the matching `check` and `plan` share with
 * the rest of dfmap. A path with `*` (or a scan's placeholder) matches the concrete paths it
 * stands for, either way round; a table matches by name (`orders` ~ `sales.orders`, case and
 * quotes ignored) on the same server when both maps know it; endpoints by URL.
 */
import { isPattern, patternToRegExp } from '../analyses/select/glob.js';
import type { NodeLinkData } from '../store/node-link.js';

export type Node = NodeLinkData['nodes'][number];
export type Link = NodeLinkData['links'][number];

export type MatchFn = (node: Node) => string[];

interface Candidates {
  byPath: Map<string, string[]>;
  patterns: Array<{ id: string; kind: string; re: RegExp }>;
  tables: Map<string, Array<{ id: string; namespace?: string; name: string }>>;
  byUrl: Map<string, string[]>;
  others: Map<string, string[]>;
  all: Array<{ id: string; kind: string; path?: string; url?: string }>;
}

const tableName = (s: string): string => s.toLowerCase().replace(/["`[\]]/g, '');
const lastPart = (s: string): string => s.slice(s.lastIndexOf('.') + 1);
const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
};

/** A matcher from nodes of any map to the ids of `target`'s nodes that stand for the same thing. */
export function nodeMatcher(target: NodeLinkData): MatchFn {
  const c: Candidates = {
    byPath: new Map(),
    patterns: [],
    tables: new Map(),
    byUrl: new Map(),
    others: new Map(),
    all: [],
  };
  for (const n of target.nodes) {
    const path = typeof n.path === 'string' ? n.path : undefined;
    const url = typeof n.url === 'string' ? n.url : undefined;
    c.all.push({ id: n.id, kind: n.kind, ...(path ? { path } : {}), ...(url ? { url } : {}) });
    if ((n.kind === 'file' || n.kind === 'script' || isDataKind(n.kind)) && path) {
      push(c.byPath, `${group(n.kind)}:${path}`, n.id);
      if (isPattern(path)) c.patterns.push({ id: n.id, kind: group(n.kind), re: patternToRegExp(path) });
    } else if (n.kind === 'table' && typeof n.name === 'string') {
      const name = tableName(n.name);
      push(c.tables, lastPart(name), {
        id: n.id,
        name,
        ...(typeof n.namespace === 'string' ? { namespace: n.namespace } : {}),
      });
    } else if (n.kind === 'endpoint' && url) {
      push(c.byUrl, url, n.id);
      if (isPattern(url)) c.patterns.push({ id: n.id, kind: 'endpoint', re: patternToRegExp(url) });
    } else push(c.others, n.id, n.id);
  }
  const memo = new Map<string, string[]>();
  return (node) => {
    let hit = memo.get(node.id);
    if (!hit) {
      hit = [...new Set(matchOne(c, node))].sort();
      memo.set(node.id, hit);
    }
    return hit;
  };
}

/** Log, lock, pid and temporary files: kept in maps, but never drift unless a design declares them. */
export function isHousekeeping(n: Node): boolean {
  if (n.kind !== 'file' && isDataKind(n.kind)) return true;
  const p = typeof n.path === 'string' ? n.path : '';
  return /^\/var\/log\/|\.(log|lock|pid)(\.\d+)?$|^\/(var\/)?tmp\/|^\/var\/run\/|^\/run\//.test(p);
}

/** Kinds a newer map may give log, lock and temporary files (they match like files). */
function isDataKind(kind: string): boolean {
  return kind === 'log' || kind === 'temp' || kind === 'lock';
}
const group = (kind: string): string => (kind === 'script' ? 'script' : 'file');

function matchOne(c: Candidates, node: Node): string[] {
  const path = typeof node.path === 'string' ? node.path : undefined;
  if ((node.kind === 'file' || node.kind === 'script' || isDataKind(node.kind)) && path)
    return matchPath(c, group(node.kind), path);
  if (node.kind === 'table' && typeof node.name === 'string')
    return matchTable(c, node.name, typeof node.namespace === 'string' ? node.namespace : undefined);
  if (node.kind === 'endpoint' && typeof node.url === 'string') {
    const url = node.url;
    const out = [...(c.byUrl.get(url) ?? [])];
    for (const p of c.patterns) if (p.kind === 'endpoint' && p.re.test(url)) out.push(p.id);
    return out;
  }
  return c.others.get(node.id) ?? [];
}

function matchPath(c: Candidates, g: string, path: string): string[] {
  const out = [...(c.byPath.get(`${g}:${path}`) ?? [])];
  for (const p of c.patterns) if (p.kind === g && p.re.test(path)) out.push(p.id);
  if (isPattern(path)) {
    const re = patternToRegExp(path);
    for (const t of c.all) if (t.path && group(t.kind) === g && re.test(t.path)) out.push(t.id);
  }
  return out;
}

function matchTable(c: Candidates, raw: string, ns: string | undefined): string[] {
  const name = tableName(raw);
  return (c.tables.get(lastPart(name)) ?? [])
    .filter((t) => (ns && t.namespace ? ns === t.namespace : true))
    .filter((t) => t.name === name || t.name.endsWith(`.${name}`) || name.endsWith(`.${t.name}`))
    .map((t) => t.id);
}
