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
  const chosen = new Map<string, { row: NodeRow; attrs: Record<string, unknown>; owner: boolean }>();
  for (const row of nodeRows) {
    const attrs = JSON.parse(row.attrs) as Record<string, unknown>;
    const owner = attrs.placeholder !== true;
    const had = chosen.get(row.key);
    if (!had || (owner && !had.owner)) chosen.set(row.key, { row, attrs, owner });
  }
  const nodes: NodeLinkData['nodes'] = [];
  for (const [key, { row, attrs }] of chosen) {
    if (attrs.host === undefined && isHostLocal(attrs.kind)) attrs.host = hostOf.get(row.snapshot);
    nodes.push({ id: key, ...(attrs as object) } as NodeLinkData['nodes'][number]);
  }
  const seen = new Set<string>();
  const links: NodeLinkData['links'] = [];
  for (const e of edgeRows) {
    const id = `${e.source}\u0000${e.target}\u0000${e.kind}`;
    if (seen.has(id) || !chosen.has(e.source) || !chosen.has(e.target)) continue;
    seen.add(id);
    links.push({
      source: e.source,
      target: e.target,
      ...(JSON.parse(e.attrs) as object),
    } as NodeLinkData['links'][number]);
  }
  const hosts = snapshots.map((s) => s.host);
  const graph: MapAttributes = {
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
  return { directed: true, multigraph: false, graph, nodes, links };
}

function isHostLocal(kind: unknown): boolean {
  return kind === 'job' || kind === 'script' || kind === 'file';
}
