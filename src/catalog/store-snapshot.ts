/**
 * A map into the catalog as one snapshot: every node under its fleet key (fleet-key.ts), every
 * edge between fleet keys, in one transaction. Credentials never reach the catalog: the map was
 * redacted by the scan, and the origin and options are redacted again here.
 */
import type { NodeLinkData } from '../store/node-link.js';
import { redactText, redactUrl } from '../util/redact.js';
import { assembleMap } from './assemble.js';
import { CatalogError } from './errors.js';
import { fleetContext, remoteScriptOf, toFleetNode } from './fleet-key.js';
import { flowPack } from './flow-pack.js';
import { nameColumns } from './name-columns.js';
import {
  type CatalogStore,
  type EdgeRow,
  type NodeRow,
  SNAPSHOT_FORMAT,
  type SnapshotInfo,
} from './types.js';

export interface StoreOptions {
  /** The host the map describes (default: the map's `graph.host`). */
  host?: string;
  /** How the map got here: `scan`, `import FILE`, `ssh://user@host`. */
  origin: string;
  options?: Record<string, unknown>;
  /**
   * A digest of the map's nodes and links and of what decides their rows besides the host
   * (the version that made them, the mounts): a snapshot of the host with the same one is shared.
   */
  content?: string;
}

type NewNode = Omit<NodeRow, 'snapshot'>;
type NewEdge = Omit<EdgeRow, 'snapshot'>;

export async function storeSnapshot(
  store: CatalogStore,
  map: NodeLinkData,
  opts: StoreOptions,
): Promise<SnapshotInfo> {
  return storeSnapshotOf(store, map.graph, () => map, opts);
}

/**
 * Store a map given its attributes and a way to get the rest: with `content`, a snapshot that
 * shares the rows of an earlier one of the host with the same content needs no more than that.
 */
export async function storeSnapshotOf(
  store: CatalogStore,
  graph: NodeLinkData['graph'],
  load: () => NodeLinkData,
  opts: StoreOptions,
): Promise<SnapshotInfo> {
  const host = opts.host ?? (typeof graph.host === 'string' ? graph.host : undefined);
  if (!host) {
    throw new CatalogError('the map does not say which host it describes.', { hint: 'pass --host NAME' });
  }
  const { host: _h, ...meta } = graph;
  const scannedAt =
    typeof graph.scannedAt === 'string' ? new Date(graph.scannedAt).toISOString() : new Date().toISOString();
  const snap = {
    host: host.toLowerCase(),
    scannedAt,
    ...(typeof graph.toolVersion === 'string' ? { toolVersion: graph.toolVersion } : {}),
    format: SNAPSHOT_FORMAT,
    ...(typeof graph.root === 'string' ? { root: graph.root } : {}),
    origin: redactUrl(redactText(opts.origin)),
    options: redactOptions(opts.options ?? {}),
    meta,
  };
  const stored = (id: number, nodes: number, edges: number): SnapshotInfo => ({
    ...snap,
    id,
    storedAt: new Date().toISOString(),
    nodes,
    edges,
  });
  // the rows' layout is part of what they hold
  const content = opts.content ? `${SNAPSHOT_FORMAT} ${opts.content}` : undefined;
  if (content) {
    const shared = await store.shareSnapshot({ ...snap, content });
    if (shared) return { ...stored(shared.id, shared.nodes, shared.edges), rowsOf: shared.rowsOf };
  }
  const { nodes, edges } = toRows(load(), host);
  const id = await store.writeSnapshot(
    { ...snap, ...(content ? { content } : {}) },
    nodes,
    edges,
    flowPack({ nodes, edges }),
  );
  return stored(id, nodes.length, edges.length);
}

/** The rows of one host's map: nodes under fleet keys, edges between them, remote scripts joined. */
export function toRows(map: NodeLinkData, host: string): { nodes: NewNode[]; edges: NewEdge[] } {
  const ctx = fleetContext(host, map.graph.mounts);
  const keyOf = new Map<string, string>();
  const nodes = new Map<string, NewNode>();
  const addNode = (key: string, attrs: Record<string, unknown>) => {
    if (nodes.has(key)) return;
    const a = attrs.host !== undefined && attrs.host !== ctx.host ? { ...attrs, placeholder: true } : attrs;
    nodes.set(key, { key, ...nameColumns(key, a), attrs: JSON.stringify(a) });
  };
  for (const n of map.nodes) {
    const { id, ...attrs } = n;
    const f = toFleetNode(id, attrs as Record<string, unknown>, ctx);
    keyOf.set(id, f.key);
    addNode(f.key, f.attrs);
  }
  const edges = new Map<string, NewEdge>();
  const addEdge = (source: string, target: string, kind: string, attrs: Record<string, unknown>) => {
    const id = `${source}\u0000${target}\u0000${kind}`;
    if (!edges.has(id)) edges.set(id, { source, target, kind, attrs: JSON.stringify(attrs) });
  };
  for (const l of map.links) {
    const { source, target, ...attrs } = l;
    const s = keyOf.get(source) ?? source;
    const t = keyOf.get(target) ?? target;
    addEdge(s, t, String(attrs.kind), attrs);
    if (t.startsWith('host:')) joinRemoteScript(s, attrs, addNode, addEdge);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** `ssh HOST /opt/x/run.sh`: the script invokes HOST's script (a placeholder until HOST is scanned). */
function joinRemoteScript(
  source: string,
  attrs: Record<string, unknown>,
  addNode: (key: string, attrs: Record<string, unknown>) => void,
  addEdge: (s: string, t: string, kind: string, attrs: Record<string, unknown>) => void,
): void {
  const evidence = Array.isArray(attrs.evidence) ? (attrs.evidence as Array<{ construct?: string }>) : [];
  for (const ev of evidence) {
    const remote = remoteScriptOf(ev.construct);
    if (!remote) continue;
    const key = `script://${remote.host}${remote.path}`;
    addNode(key, {
      kind: 'script',
      path: remote.path,
      host: remote.host,
      label: remote.path.slice(remote.path.lastIndexOf('/') + 1),
    });
    addEdge(source, key, 'invokes', { ...attrs, kind: 'invokes', joined: 'ssh' });
  }
}

function redactOptions(options: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) {
    if (/passw|secret|token|key|identity/i.test(k)) continue; // ssh -i paths and passphrases are not history
    out[k] = typeof v === 'string' ? redactUrl(redactText(v)) : v;
  }
  return out;
}

/** A map of one host in the fleet's terms (fleet keys, remote scripts joined), without storing it. */
export function toFleetMap(map: NodeLinkData, host: string): NodeLinkData {
  const { nodes, edges } = toRows(map, host);
  const snap: SnapshotInfo = {
    id: 0,
    host: host.toLowerCase(),
    scannedAt: typeof map.graph.scannedAt === 'string' ? map.graph.scannedAt : '',
    storedAt: '',
    format: SNAPSHOT_FORMAT,
    origin: 'file',
    options: {},
    nodes: nodes.length,
    edges: edges.length,
  };
  return assembleMap(
    [snap],
    nodes.map((n) => ({ ...n, snapshot: 0 })),
    edges.map((e) => ({ ...e, snapshot: 0 })),
    {
      warnings: map.graph.warnings ?? [],
    },
  );
}
