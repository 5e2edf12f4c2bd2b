/**
 * Node-link elements in, validated map out, a batch at a time: what parseNodeLink does to whole
 * arrays and what readMapIndexed does while a large file streams past. Besides the map it keeps
 * what an analysis index needs anyway (node numbers by id, the two ends of every link as numbers,
 * the links grouped by source), so nothing is looked up twice.
 */
import type { MapAttributes } from '../graph/types.js';
import { ConfigError } from '../model/errors.js';
import { EDGE_KINDS as EDGE_KIND_LIST, NODE_KINDS as NODE_KIND_LIST } from '../model/kinds.js';
import type { EdgeAttributes, NodeAttributes } from '../model/node.js';
import { dropDuplicateLinks } from './drop-duplicate-links.js';
import { inferEdgeKind, inferKind, labelFor } from './infer-kind.js';
import { createStringSharer } from './share-strings.js';
import { validateLinkAttributes, validateNodeAttributes } from './validate-map.js';

const NODE_KINDS: ReadonlySet<unknown> = new Set(NODE_KIND_LIST);
const EDGE_KINDS: ReadonlySet<unknown> = new Set(EDGE_KIND_LIST);

export interface NodeLinkData {
  directed: true;
  multigraph: false;
  graph: MapAttributes;
  nodes: Array<{ id: string } & NodeAttributes>;
  links: Array<{ source: string; target: string } & EdgeAttributes>;
}

/** Node numbers and link ends, as the analysis index wants them (FlowIndex's own layout). */
export interface NodeLinkIndex {
  /** Node number by id. */
  ids: Map<string, number>;
  /** Source and target node numbers, by link number. */
  source: Int32Array;
  target: Int32Array;
  /** Links by source: outEdge[outStart[v] .. outStart[v + 1]), in link order. */
  outStart: Int32Array;
  outEdge: Int32Array;
}

export interface BuiltNodeLink {
  data: NodeLinkData;
  index: NodeLinkIndex;
}

export interface NodeLinkBuilder {
  addNodes(batch: readonly unknown[]): void;
  /** Links must come after all nodes. `key` is the array's name, for messages. */
  addLinks(batch: readonly unknown[], key: string): void;
  finish(graph: MapAttributes): BuiltNodeLink;
}

export type Node = NodeLinkData['nodes'][number];
export type Link = NodeLinkData['links'][number];

export interface BuilderOptions {
  /** Copy elements, leaving them as they were; else complete them in place (fresh JSON nobody holds). */
  copy?: boolean;
  /** Point strings a map repeats at one copy (worth its time on large maps only). */
  shareStrings?: boolean;
}

export function createNodeLinkBuilder(file: string, opts: BuilderOptions = {}): NodeLinkBuilder {
  const copy = opts.copy === true;
  const ids = new Map<string, number>();
  const nodes: Node[] = [];
  const links: Link[] = [];
  let rawNodes = 0;
  let rawLinks = 0;
  let source: Int32Array = new Int32Array(0);
  let target: Int32Array = new Int32Array(0);
  // links come sorted or grouped by source: the last lookup usually answers the next
  let lastSource: string | undefined;
  let lastS: number | undefined;
  const share = opts.shareStrings && !copy ? createStringSharer() : undefined;

  // the common case (an object with a string id and a known kind) without a call: small maps are
  // read once, mostly before the JIT has compiled anything
  const addNodes = (batch: readonly unknown[]): void => {
    for (let k = 0; k < batch.length; k++, rawNodes++) {
      const raw = batch[k] as Record<string, unknown>;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        throw notNodeLink(file, ` at nodes.${rawNodes}`, 'expected an object');
      const rawId = raw.id;
      const id = typeof rawId === 'string' ? rawId : idOf(rawId, file, 'nodes', rawNodes, 'id');
      if (ids.has(id)) continue;
      validateNodeAttributes(raw, id, file);
      const attrs = (copy ? { ...raw } : raw) as Node;
      if (rawId !== id) attrs.id = id;
      if (!NODE_KINDS.has(attrs.kind)) attrs.kind = inferKind(id, attrs);
      if (share) share.node(attrs, id);
      if (attrs.label === undefined) attrs.label = labelFor(id, attrs);
      ids.set(id, nodes.length);
      nodes.push(attrs);
    }
  };

  // biome-ignore lint/complexity/noExcessiveCognitiveComplexity: the checks of each link are inline on purpose (see addNodes)
  const addLinks = (batch: readonly unknown[], key: string): void => {
    if (source.length < links.length + batch.length) {
      const grown = Math.max(links.length + batch.length, 2 * source.length);
      source = resized(source, grown);
      target = resized(target, grown);
    }
    for (let k = 0; k < batch.length; k++, rawLinks++) {
      const raw = batch[k] as Record<string, unknown>;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        throw notNodeLink(file, ` at ${key}.${rawLinks}`, 'expected an object');
      const rs = raw.source;
      const rt = raw.target;
      const s = typeof rs === 'string' ? rs : idOf(rs, file, key, rawLinks, 'source');
      const t = typeof rt === 'string' ? rt : idOf(rt, file, key, rawLinks, 'target');
      if (s !== lastSource) {
        lastSource = s;
        lastS = ids.get(s);
      }
      const si = lastS;
      const ti = ids.get(t);
      if (si === undefined || ti === undefined) {
        throw new ConfigError(
          `${file}: link ${rawLinks} refers to node '${si === undefined ? s : t}', which is not in "nodes".`,
          { hint: 'every source and target must be the id of a node' },
        );
      }
      validateLinkAttributes(raw, s, t, file);
      const attrs = (copy ? { ...raw } : raw) as Link;
      const from = nodes[si]!;
      const to = nodes[ti]!;
      // the node's own id string: a link's copy of it is garbage once replaced (~100 MB per 1M links)
      attrs.source = from.id;
      attrs.target = to.id;
      if (!EDGE_KINDS.has(attrs.kind)) attrs.kind = inferEdgeKind(attrs.kind, from.kind, to.kind);
      attrs.confidence ??= 'exact';
      attrs.method ??= 'declared';
      const evidence = attrs.evidence;
      if (!Array.isArray(evidence)) attrs.evidence = [];
      else if (share) share.evidence(evidence, from, to);
      source[links.length] = si;
      target[links.length] = ti;
      links.push(attrs);
    }
  };

  const finish = (graph: MapAttributes): BuiltNodeLink => {
    const index = { ids, ...dropDuplicateLinks(nodes.length, links, source, target) };
    return { data: { directed: true, multigraph: false, graph, nodes, links }, index };
  };

  return { addNodes, addLinks, finish };
}

function resized(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

export function notNodeLink(file: string, where: string, what: string): ConfigError {
  return new ConfigError(`${file}: not a node-link map${where}: ${what}.`, {
    hint: 'a map is the JSON `dfmap scan` writes, or networkx.node_link_data(G) dumped with json.dump',
  });
}

/** An id as a string; where it sits (`links.3.source`) is spelled out only for the error. */
function idOf(raw: unknown, file: string, array: string, i: number, field: string): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number') return String(raw);
  throw notNodeLink(
    file,
    ` at ${array}.${i}.${field}`,
    raw === undefined ? 'missing' : 'expected a string or a number',
  );
}
