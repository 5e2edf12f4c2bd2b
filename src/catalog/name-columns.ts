/**
 * The columns a node is found by without loading the map: what resolve-node's rules compare
 * (the key, the name, the label, a trailing segment, a URL's host). A lookup by these returns a
 * superset of the nodes a name could mean; the selection itself then decides among them.
 */
import type { NameTerms, NodeRow } from './types.js';

type Columns = Pick<NodeRow, 'kind' | 'label' | 'lname' | 'tail' | 'uhost' | 'partial'>;

export function nameColumns(key: string, a: Record<string, unknown>): Columns {
  const kind = typeof a.kind === 'string' ? a.kind : 'unknown';
  const name = str(a.path) ?? str(a.url) ?? str(a.name) ?? key;
  const url = str(a.url) ?? str(a.namespace);
  return {
    kind,
    label: str(a.label) ?? name,
    lname: name.toLowerCase(),
    tail: lastSegment(name, kind === 'table').toLowerCase(),
    uhost: url ? firstHostLabel(url) : '',
    partial: a.partial === true || name.includes('*'),
  };
}

/** The terms to look a name up by (resolve-node.ts: key, identity, suffix). */
export function nameTerms(name: string): NameTerms {
  const wanted = name.length > 1 && name.endsWith('/') ? name.slice(0, -1) : name;
  const lower = wanted.toLowerCase();
  const tails = new Set([lastSegment(lower, false), lastSegment(lower, true)]);
  return { key: name, lname: lower, label: wanted, tails: [...tails], uhost: lower.split('.')[0] ?? lower };
}

function lastSegment(name: string, dotted: boolean): string {
  const slash = name.replace(/\/+$/, '');
  const base = slash.slice(slash.lastIndexOf('/') + 1);
  return dotted ? base.slice(base.lastIndexOf('.') + 1) : base;
}

function firstHostLabel(url: string): string {
  const m = /^[a-z][\w+.-]*:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/?#]+)/i.exec(url);
  return m?.[1] ? (m[1].toLowerCase().split('.')[0] ?? '') : '';
}

function str(x: unknown): string | undefined {
  return typeof x === 'string' && x !== '' ? x : undefined;
}
