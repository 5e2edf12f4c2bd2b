/**
 * The map on disk: NetworkX node-link JSON (`networkx.node_link_data` / `node_link_graph`).
 *   {"directed": true, "multigraph": false, "graph": {...}, "nodes": [{"id": ...}], "links": [...]}
 * Maps made elsewhere load too: an `edges` key instead of `links`, any string ids, missing kinds
 * (inferred from the id), missing evidence.
 */
import { createGraph } from '../graph/build.js';
import { type DataflowGraph, type MapAttributes, SCHEMA_VERSION } from '../graph/types.js';
import { ConfigError } from '../model/errors.js';
import { type EdgeKind, isEdgeKind, isNodeKind, type NodeKind } from '../model/kinds.js';
import type { EdgeAttributes, NodeAttributes } from '../model/node.js';

interface MapShape {
  graph: Record<string, unknown>;
  nodes: unknown[];
  links?: unknown[];
  edges?: unknown[];
}

/**
 * The top level of a node-link map. Checked by hand, like the elements: zod was the only thing
 * that made every command load it (~0.1 s of start-up), and a shape this small needs no schema.
 */
function checkShape(data: unknown, file: string): MapShape {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw notNodeLink(
      file,
      '',
      `expected an object, got ${Array.isArray(data) ? 'an array' : data === null ? 'null' : typeof data}`,
    );
  }
  const m = data as Record<string, unknown>;
  for (const key of ['directed', 'multigraph'] as const) {
    if (m[key] !== undefined && typeof m[key] !== 'boolean')
      throw notNodeLink(file, ` at ${key}`, 'expected true or false');
  }
  const graph = m.graph ?? {};
  if (typeof graph !== 'object' || graph === null || Array.isArray(graph))
    throw notNodeLink(file, ' at graph', 'expected an object');
  if (!Array.isArray(m.nodes))
    throw notNodeLink(file, ' at nodes', m.nodes === undefined ? 'missing' : 'expected an array');
  for (const key of ['links', 'edges'] as const) {
    if (m[key] !== undefined && !Array.isArray(m[key]))
      throw notNodeLink(file, ` at ${key}`, 'expected an array');
  }
  const shape: MapShape = { graph: graph as Record<string, unknown>, nodes: m.nodes };
  if (m.links !== undefined) shape.links = m.links as unknown[];
  if (m.edges !== undefined) shape.edges = m.edges as unknown[];
  return shape;
}

export interface NodeLinkData {
  directed: true;
  multigraph: false;
  graph: MapAttributes;
  nodes: Array<{ id: string } & NodeAttributes>;
  links: Array<{ source: string; target: string } & EdgeAttributes>;
}

export function toNodeLink(g: DataflowGraph): NodeLinkData {
  const nodes = g
    .mapNodes((id, attrs) => ({ id, ...attrs }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const links = g
    .mapEdges((_e, attrs, source, target) => ({ source, target, ...attrs }))
    .sort((a, b) => (a.source + a.target < b.source + b.target ? -1 : 1));
  return { directed: true, multigraph: false, graph: g.getAttributes(), nodes, links };
}

const SCRIPT_EXT = /\.(py|sh|bash|ksh|zsh|pl|pm|sql|php|rb|js|mjs|ts)$/i;
const DATA_EXT =
  /\.(csv|tsv|txt|json|jsonl|ndjson|xml|xlsx?|parquet|avro|orc|log|dat|gz|bz2|xz|zst|zip|tar|tgz|db|sqlite3?|ya?ml|ini|conf|cfg|pdf|html?|md|bak|tmp|out|err|lock|pid|dump|bin)$/i;

/** Kind of a node that does not say: a key prefix, a script-like path, a path, or unknown. */
export function inferKind(id: string, attrs: Record<string, unknown>): NodeKind {
  if (isNodeKind(attrs.kind)) return attrs.kind;
  const prefix = /^([a-z]+):/.exec(id)?.[1];
  if (prefix && isNodeKind(prefix) && !id.startsWith(`${prefix}://`)) return prefix;
  const p = typeof attrs.path === 'string' ? attrs.path : id;
  if (typeof attrs.schedule === 'string') return 'job';
  if (typeof attrs.url === 'string' || /^[a-z][\w+.-]*:\/\//i.test(id)) return 'endpoint';
  if (p.includes('/')) return SCRIPT_EXT.test(p) ? 'script' : 'file';
  // a bare name is a file only with an extension files have: `sales.orders` stays unknown
  if (SCRIPT_EXT.test(p)) return 'script';
  if (DATA_EXT.test(p)) return 'file';
  return 'unknown';
}

function inferEdgeKind(raw: unknown, sourceKind: NodeKind, targetKind: NodeKind): EdgeKind {
  if (isEdgeKind(raw)) return raw;
  const isProc = (k: NodeKind) => k === 'script' || k === 'job';
  if (isProc(sourceKind) && isProc(targetKind)) return 'invokes';
  if (isProc(sourceKind)) return 'writes';
  if (sourceKind === 'database' && targetKind === 'table') return 'contains';
  return 'reads';
}

/**
 * Validate node-link data and fill in what maps made elsewhere leave out (kinds, labels, edge
 * confidence/method/evidence), without building a graph: the analyses index this directly, which
 * is several times faster than graphology on large maps. With `inPlace` the parsed objects are
 * reused (for freshly parsed JSON nobody else holds); otherwise they are copied.
 */
export function parseNodeLink(data: unknown, file = '<map>', opts: { inPlace?: boolean } = {}): NodeLinkData {
  const m = checkShape(data, file);
  const version = m.graph.schemaVersion;
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    throw new ConfigError(
      `${file}: map format version ${version} is newer than this dfmap reads (${SCHEMA_VERSION}).`,
      {
        hint: 'upgrade dfmap, or rescan with this version',
      },
    );
  }
  const copy = opts.inPlace !== true;
  const index = new Map<string, number>();
  const nodes: NodeLinkData['nodes'] = [];
  for (let i = 0; i < m.nodes.length; i++) {
    const n = element(m.nodes[i], file, `nodes.${i}`);
    const id = idOf(n.id, file, `nodes.${i}.id`);
    if (index.has(id)) continue;
    const attrs = (copy ? { ...n } : n) as { id: string } & NodeAttributes;
    attrs.id = id;
    attrs.kind = inferKind(id, attrs);
    if (attrs.label === undefined) attrs.label = labelFor(id, attrs);
    index.set(id, nodes.length);
    nodes.push(attrs);
  }
  const rawLinks = m.links ?? m.edges ?? [];
  const key = m.links ? 'links' : 'edges';
  const seen = new Set<number>();
  const links: NodeLinkData['links'] = [];
  for (let i = 0; i < rawLinks.length; i++) {
    const l = element(rawLinks[i], file, `${key}.${i}`);
    const source = idOf(l.source, file, `${key}.${i}.source`);
    const target = idOf(l.target, file, `${key}.${i}.target`);
    const si = index.get(source);
    const ti = index.get(target);
    if (si === undefined || ti === undefined) {
      throw new ConfigError(
        `${file}: link ${i} refers to node '${si === undefined ? source : target}', which is not in "nodes".`,
        { hint: 'every source and target must be the id of a node' },
      );
    }
    // a number, not a string, names the pair: hashing 1M concatenated ids costs more than the rest
    const pair = si * nodes.length + ti;
    if (seen.has(pair)) continue;
    seen.add(pair);
    const attrs = (copy ? { ...l } : l) as NodeLinkData['links'][number];
    // the node's own id string: a link's copy of it is garbage once replaced (~100 MB per 1M links)
    attrs.source = (nodes[si] as { id: string }).id;
    attrs.target = (nodes[ti] as { id: string }).id;
    attrs.kind = inferEdgeKind(
      attrs.kind,
      (nodes[si] as NodeAttributes).kind,
      (nodes[ti] as NodeAttributes).kind,
    );
    attrs.confidence ??= 'exact';
    attrs.method ??= 'declared';
    if (!Array.isArray(attrs.evidence)) attrs.evidence = [];
    links.push(attrs);
  }
  return { directed: true, multigraph: false, graph: m.graph as MapAttributes, nodes, links };
}

/** Parse node-link data into a graph; every problem names the file. */
export function fromNodeLink(data: unknown, file = '<map>'): DataflowGraph {
  const { graph, nodes, links } = parseNodeLink(data, file);
  const g = createGraph(graph);
  for (const { id, ...attrs } of nodes) g.addNode(id, attrs as NodeAttributes);
  for (const { source, target, ...attrs } of links)
    g.addDirectedEdge(source, target, attrs as EdgeAttributes);
  return g;
}

function notNodeLink(file: string, where: string, what: string): ConfigError {
  return new ConfigError(`${file}: not a node-link map${where}: ${what}.`, {
    hint: 'a map is the JSON `dfmap scan` writes, or networkx.node_link_data(G) dumped with json.dump',
  });
}

function element(raw: unknown, file: string, where: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw notNodeLink(file, ` at ${where}`, 'expected an object');
  return raw as Record<string, unknown>;
}

function idOf(raw: unknown, file: string, where: string): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number') return String(raw);
  throw notNodeLink(file, ` at ${where}`, raw === undefined ? 'missing' : 'expected a string or a number');
}

function labelFor(id: string, attrs: NodeAttributes): string {
  const base = (attrs.path as string | undefined) ?? (attrs.name as string | undefined) ?? id;
  const i = base.lastIndexOf('/');
  return i >= 0 && i < base.length - 1 ? base.slice(i + 1) : base;
}
