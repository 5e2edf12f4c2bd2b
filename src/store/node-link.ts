/**
 * The map on disk: NetworkX node-link JSON (`networkx.node_link_data` / `node_link_graph`).
 *   {"directed": true, "multigraph": false, "graph": {...}, "nodes": [{"id": ...}], "links": [...]}
 * Maps made elsewhere load too: an `edges` key instead of `links`, any string ids, missing kinds
 * (inferred from the id), missing evidence.
 */
import { type DataflowGraph, type MapAttributes, SCHEMA_VERSION } from '../graph/types.js';
import { ConfigError } from '../model/errors.js';
import {
  type BuiltNodeLink,
  createNodeLinkBuilder,
  type NodeLinkData,
  notNodeLink,
} from './node-link-builder.js';

export { inferKind } from './infer-kind.js';
export type { BuiltNodeLink, NodeLinkData } from './node-link-builder.js';

export interface MapShape {
  graph: Record<string, unknown>;
  nodes: unknown[];
  links?: unknown[];
  edges?: unknown[];
}

/**
 * The top level of a node-link map. Checked by hand, like the elements: zod was the only thing
 * that made every command load it (~0.1 s of start-up), and a shape this small needs no schema.
 */
export function checkShape(data: unknown, file: string): MapShape {
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

export function toNodeLink(g: DataflowGraph): NodeLinkData {
  const nodes = g
    .mapNodes((id, attrs) => ({ id, ...attrs }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // links by source and target written together, each joined once (not in every comparison);
  // the comparison is the one maps have always been sorted with, so their order is the same
  const keyed = g.mapEdges((_e, attrs, source, target) => ({
    k: source + target,
    l: { source, target, ...attrs },
  }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : 1));
  return { directed: true, multigraph: false, graph: g.getAttributes(), nodes, links: keyed.map((x) => x.l) };
}

/**
 * Validate node-link data and fill in what maps made elsewhere leave out (kinds, labels, edge
 * confidence/method/evidence), without building a graph: the analyses index this directly, which
 * is several times faster than graphology on large maps. With `inPlace` the parsed objects are
 * reused (for freshly parsed JSON nobody else holds); otherwise they are copied.
 */
export function parseNodeLink(data: unknown, file = '<map>', opts: { inPlace?: boolean } = {}): NodeLinkData {
  return buildNodeLink(data, file, opts).data;
}

/** parseNodeLink, with the node numbers and link ends the analysis index is made of. */
export function buildNodeLink(
  data: unknown,
  file = '<map>',
  opts: { inPlace?: boolean } = {},
): BuiltNodeLink {
  const m = checkShape(data, file);
  checkVersion(m, file);
  const builder = createNodeLinkBuilder(file, { copy: opts.inPlace !== true });
  builder.addNodes(m.nodes);
  builder.addLinks(m.links ?? m.edges ?? [], m.links ? 'links' : 'edges');
  return builder.finish(m.graph as MapAttributes);
}

export function checkVersion(m: MapShape, file: string): void {
  const version = m.graph.schemaVersion;
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    throw new ConfigError(
      `${file}: map format version ${version} is newer than this dfmap reads (${SCHEMA_VERSION}).`,
      {
        hint: 'upgrade dfmap, or rescan with this version',
      },
    );
  }
}
