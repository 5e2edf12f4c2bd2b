/** What maps made elsewhere leave out: node and edge kinds, labels. */
import { type EdgeKind, isEdgeKind, isNodeKind, type NodeKind } from '../model/kinds.js';

const SCRIPT_EXT = /\.(py|sh|bash|ksh|zsh|pl|pm|sql|php|rb|js|mjs|ts)$/i;
const DATA_EXT =
  /\.(csv|tsv|txt|json|jsonl|ndjson|xml|xlsx?|parquet|avro|orc|log|dat|gz|bz2|xz|zst|zip|tar|tgz|db|sqlite3?|ya?ml|ini|conf|cfg|pdf|html?|md|bak|tmp|out|err|lock|pid|dump|bin)$/i;
const SLASH = 0x2f;

/** Kind of a node that does not say: a key prefix, a script-like path, a path, or unknown. */
export function inferKind(id: string, attrs: Record<string, unknown>): NodeKind {
  if (isNodeKind(attrs.kind)) return attrs.kind;
  const prefix = keyPrefix(id);
  if (prefix && isNodeKind(prefix) && !isUrlAt(id, prefix.length)) return prefix;
  const p = typeof attrs.path === 'string' ? attrs.path : id;
  if (typeof attrs.schedule === 'string') return 'job';
  if (typeof attrs.url === 'string' || /^[a-z][\w+.-]*:\/\//i.test(id)) return 'endpoint';
  if (p.includes('/')) return SCRIPT_EXT.test(p) ? 'script' : 'file';
  // a bare name is a file only with an extension files have: `sales.orders` stays unknown
  if (SCRIPT_EXT.test(p)) return 'script';
  if (DATA_EXT.test(p)) return 'file';
  return 'unknown';
}

/** The lower-case letters before the first `:` of a key (`file` of `file:/x`), if that is all there is. */
function keyPrefix(id: string): string | undefined {
  const i = id.indexOf(':');
  if (i <= 0) return undefined;
  for (let k = 0; k < i; k++) {
    const c = id.charCodeAt(k);
    if (c < 0x61 || c > 0x7a) return undefined;
  }
  return id.slice(0, i);
}

/** `scheme://` at the start: a URL, not a key whose kind is the scheme. */
const isUrlAt = (id: string, colon: number): boolean =>
  id.charCodeAt(colon + 1) === SLASH && id.charCodeAt(colon + 2) === SLASH;

export function inferEdgeKind(raw: unknown, sourceKind: NodeKind, targetKind: NodeKind): EdgeKind {
  if (isEdgeKind(raw)) return raw;
  const isProc = (k: NodeKind) => k === 'script' || k === 'job';
  if (isProc(sourceKind) && isProc(targetKind)) return 'invokes';
  if (isProc(sourceKind)) return 'writes';
  if (sourceKind === 'database' && targetKind === 'table') return 'contains';
  return 'reads';
}

/** A node's label when the map gives none: the last part of its path, or its name, or its id. */
export function labelFor(id: string, attrs: Record<string, unknown>): string {
  const base = (attrs.path as string | undefined) ?? (attrs.name as string | undefined) ?? id;
  const i = base.lastIndexOf('/');
  return i >= 0 && i < base.length - 1 ? base.slice(i + 1) : base;
}
