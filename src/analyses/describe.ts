/**
 * Plain, JSON-ready descriptions of nodes and edges: what every analysis returns, so results
 * print, serialise (`--json`) and compare without the index.
 */

import type { FlowIndex, FlowShape } from '../graph/flow-index.js';
import type { Evidence } from '../model/evidence.js';
import { fileRoleOf } from '../model/file-role.js';
import type { Confidence, EdgeKind, NodeKind } from '../model/kinds.js';
import type { EdgeAttributes } from '../model/node.js';

export interface NodeRef {
  id: string;
  kind: NodeKind;
  label: string;
  /** Path, table name or URL: what identifies the node to a person. */
  name: string;
}

export interface EdgeRef {
  source: string;
  target: string;
  kind: EdgeKind;
  confidence: Confidence;
  evidence: Evidence[];
}

/**
 * The identity a person knows a node by: its path, table name, URL, or else its key without the
 * kind (a job's is the file and line that define it).
 */
export function nodeName(index: FlowShape, v: number): string {
  const a = index.nodes[v]!;
  const key = index.keys[v]!;
  if (typeof a.path === 'string') return a.path;
  if (a.kind === 'table' && typeof a.name === 'string') return a.name;
  if (typeof a.url === 'string') return a.url;
  if (typeof a.name === 'string') return a.name;
  // `job:/etc/crontab:12` -> `/etc/crontab:12`, but a key that is a URL (`https://...`) stays whole
  const i = key.indexOf(':');
  const kind = a.kind as unknown;
  return i > 0 &&
    !(key.charCodeAt(i + 1) === SLASH && key.charCodeAt(i + 2) === SLASH) &&
    typeof kind === 'string' &&
    i === kind.length &&
    key.startsWith(kind)
    ? key.slice(i + 1)
    : key;
}

const SLASH = 0x2f;

/** The server path of a file or script, also for maps made elsewhere that keep it only in the id. */
export function nodePath(index: FlowShape, v: number): string | undefined {
  const a = index.nodes[v]!;
  if (typeof a.path === 'string') return a.path;
  if (a.kind !== 'file' && a.kind !== 'script' && a.kind !== 'unknown') return undefined;
  const name = nodeName(index, v);
  return name.startsWith('/') ? name : undefined;
}

// One description per node and edge per index: a lint of a 1M-edge map names the same nodes in
// many hazards, and shared objects keep it well under a gigabyte. Callers must not mutate them.
const nodeRefs = new WeakMap<FlowShape, Array<NodeRef | undefined>>();
const edgeRefs = new WeakMap<FlowIndex, Array<EdgeRef | undefined>>();

/** The description of node or edge `i`, made on first use and kept in the per-index cache. */
function memo<I extends FlowShape, T>(
  caches: WeakMap<I, Array<T | undefined>>,
  index: I,
  size: number,
  i: number,
  make: (index: I, i: number) => T,
): T {
  let cache = caches.get(index);
  if (!cache) {
    cache = new Array<T | undefined>(size);
    caches.set(index, cache);
  }
  let ref = cache[i];
  if (ref === undefined) {
    ref = make(index, i);
    cache[i] = ref;
  }
  return ref;
}

export function describeNode(index: FlowShape, v: number): NodeRef {
  return memo(nodeRefs, index, index.order, v, makeNodeRef);
}

/** A node's description made afresh and not kept (for answers that make one per node once). */
export function describeNodeOnce(index: FlowShape, v: number): NodeRef {
  return makeNodeRef(index, v);
}

function makeNodeRef(index: FlowShape, v: number): NodeRef {
  const name = nodeName(index, v);
  return { id: index.keys[v]!, kind: index.nodes[v]!.kind, label: labelOf(index, v, name), name };
}

/**
 * A node's description with its distance, made afresh and not kept: a hub's downstream holds
 * hundreds of thousands, and a copy of each cached description cost a third of the answer.
 */
export function describeNodeAt(index: FlowShape, v: number, depth: number): NodeRef & { depth: number } {
  const name = nodeName(index, v);
  return { id: index.keys[v]!, kind: index.nodes[v]!.kind, label: labelOf(index, v, name), name, depth };
}

/**
 * Is `text` node v's label (describeNode's)? Asked of every job when a name is resolved: a job's
 * label from its schedule starts with that schedule (jobLabel), so most are ruled out unmade.
 */
export function labelIs(index: FlowShape, v: number, text: string): boolean {
  const a = index.nodes[v]!;
  const name = nodeName(index, v);
  if (
    a.kind === 'job' &&
    typeof a.schedule === 'string' &&
    !(text.startsWith(a.schedule) && text.charCodeAt(a.schedule.length) === SPACE) &&
    (typeof a.label === 'string' ? a.label : name) !== text
  )
    return false;
  return labelOf(index, v, name) === text;
}

const SPACE = 0x20;

function labelOf(index: FlowShape, v: number, name: string): string {
  const a = index.nodes[v]!;
  const label = a.kind === 'job' ? jobLabel(index, v) : undefined;
  return label ?? (typeof a.label === 'string' ? a.label : name);
}

/**
 * A job as `0 2 * * * 5.py`: its schedule and the scripts it starts. A scan's own label is the
 * whole crontab line (`cd /opt/x && /usr/bin/python3 5.py >> /var/log/...`), too long to read.
 */
function jobLabel(index: FlowShape, v: number): string | undefined {
  const a = index.nodes[v]!;
  if (typeof a.schedule !== 'string') return undefined;
  const scripts: string[] = [];
  for (let i = index.outStart[v]!; i < index.outStart[v + 1]!; i++) {
    const e = index.outEdge[i]!;
    const t = index.nodes[index.target[e]!]!;
    if (index.edges[e]!.kind === 'invokes' && typeof t.path === 'string')
      scripts.push(t.path.slice(t.path.lastIndexOf('/') + 1));
  }
  if (scripts.length === 0) return undefined;
  return `${a.schedule} ${scripts.slice(0, 2).join(', ')}${scripts.length > 2 ? ', ...' : ''}`;
}

export function describeEdge(index: FlowIndex, e: number): EdgeRef {
  return memo(edgeRefs, index, index.size, e, makeEdgeRef);
}

/** An edge's description made afresh and not kept (for answers that describe each edge once). */
export function describeEdgeOnce(index: FlowIndex, e: number): EdgeRef {
  return makeEdgeRef(index, e);
}

function makeEdgeRef(index: FlowIndex, e: number): EdgeRef {
  return describeEdgeWith(index, e, index.edges[e]!);
}

/** Edge `e` of an index described with its attributes read elsewhere (graph/flow-part.ts). */
export function describeEdgeWith(index: FlowShape, e: number, a: EdgeAttributes): EdgeRef {
  return {
    source: index.keys[index.source[e]!]!,
    target: index.keys[index.target[e]!]!,
    kind: a.kind,
    confidence: a.confidence,
    evidence: Array.isArray(a.evidence) ? a.evidence : [],
  };
}

/** Compare node descriptions by id, for stable output. */
export const byId = (a: { id: string }, b: { id: string }): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * Files that are not data: logs, lock and pid files, temporary files (the scan's `role`, else what
 * the path says). Outputs, but not ones anybody waits for.
 */
export function isLogFile(index: FlowShape, v: number): boolean {
  return fileRoleOf(index.nodes[v]!) !== undefined;
}
