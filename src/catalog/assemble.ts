/**
 * Rows of several snapshots into one node-link map (the fleet graph, or a part of it). A node that
 * several hosts know is taken from its own host's snapshot when there is one (a later scan fills in
 * the placeholder an earlier one left); an edge several snapshots share is kept once.
 */
import type { MapAttributes } from '../graph/types.js';
import type { NodeLinkData } from '../store/node-link.js';
import type { EdgeRow, NodeRow, SnapshotInfo } from './types.js';

export function assembleMap(
  snapshots: SnapshotInfo[],
  nodeRows: NodeRow[],
  edgeRows: EdgeRow[],
  meta: MapAttributes = {},
): NodeLinkData {
  const hostOf = new Map(snapshots.map((s) => [s.id, s.host]));
  const chosen = new Map<string, { row: NodeRow; node: Record<string, unknown>; owner: boolean }>();
  for (const row of nodeRows) {
    // { id, ...attrs } in one parse: a hub's answer is hundreds of thousands of rows
    const node = JSON.parse(withFirst(`"id":${JSON.stringify(row.key)}`, row.attrs)) as Record<
      string,
      unknown
    >;
    const owner = node.placeholder !== true;
    const had = chosen.get(row.key);
    if (!had || (owner && !had.owner)) chosen.set(row.key, { row, node, owner });
  }
  const nodes: NodeLinkData['nodes'] = [];
  for (const { row, node } of chosen.values()) {
    if (node.host === undefined && isHostLocal(node.kind)) node.host = hostOf.get(row.snapshot);
    nodes.push(node as NodeLinkData['nodes'][number]);
  }
  const seen = new Set<string>();
  const links: NodeLinkData['links'] = [];
  for (const e of edgeRows) {
    const id = `${e.source}\u0000${e.target}\u0000${e.kind}`;
    if (seen.has(id) || !chosen.has(e.source) || !chosen.has(e.target)) continue;
    seen.add(id);
    const ends = `"source":${JSON.stringify(e.source)},"target":${JSON.stringify(e.target)}`;
    links.push(JSON.parse(withFirst(ends, e.attrs)) as NodeLinkData['links'][number]);
  }
  return { directed: true, multigraph: false, graph: fleetGraph(snapshots, meta), nodes, links };
}

/** The graph attributes of a map assembled from these snapshots. */
export function fleetGraph(snapshots: SnapshotInfo[], meta: MapAttributes = {}): MapAttributes {
  const hosts = snapshots.map((s) => s.host);
  return {
    schemaVersion: 1,
    tool: 'dfmap',
    ...(hosts.length === 1 ? { host: hosts[0] } : { host: 'fleet' }),
    hosts,
    snapshots: snapshots.map((s) => ({ id: s.id, host: s.host, scannedAt: s.scannedAt })),
    scannedAt: snapshots
      .map((s) => s.scannedAt)
      .sort()
      .at(-1),
    ...meta,
  };
}

/** A JSON object's text with these members put first (`{"a":1}` + `"id":"x"` -> `{"id":"x","a":1}`). */
export function withFirst(members: string, object: string): string {
  const rest = object.slice(object.indexOf('{') + 1).trimStart();
  return rest.startsWith('}') ? `{${members}}` : `{${members},${rest}`;
}

export function isHostLocal(kind: unknown): boolean {
  return kind === 'job' || kind === 'script' || kind === 'file';
}
