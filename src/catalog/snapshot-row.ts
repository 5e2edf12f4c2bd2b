import type { SnapshotInfo } from './types.js';

/** A snapshots row as both stores return it (PostgreSQL's BIGINT ids arrive as strings). */
export interface SnapshotRowShape {
  id: number | string;
  host: string;
  scanned_at: string;
  stored_at: string;
  tool_version: string | null;
  format: number;
  root: string | null;
  origin: string;
  options: string;
  nodes: number | string;
  edges: number | string;
}

export function snapshotFromRow(r: SnapshotRowShape): SnapshotInfo {
  return {
    id: Number(r.id),
    host: r.host,
    scannedAt: r.scanned_at,
    storedAt: r.stored_at,
    ...(r.tool_version ? { toolVersion: r.tool_version } : {}),
    format: Number(r.format),
    ...(r.root ? { root: r.root } : {}),
    origin: r.origin,
    options: JSON.parse(r.options) as Record<string, unknown>,
    nodes: Number(r.nodes),
    edges: Number(r.edges),
  };
}
