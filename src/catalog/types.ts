/**
 * The catalog's vocabulary: snapshots of maps, the rows they are stored as, and the one interface
 * both stores (SQLite embedded, PostgreSQL for teams) meet. Every method is async so the two are
 * interchangeable; the SQLite store simply answers at once.
 */

import type { PackChunk, TextChunk } from './flow-pack.js';

/**
 * The snapshot layout this dfmap writes; a catalog holding a newer one is refused, not misread.
 * 2: rows and a flow pack (schema 5). A snapshot shares rows only with one of its own format (the
 * format is part of its content key), so the first scan of an unchanged host after an upgrade
 * stores rows with a pack, and the scans after it share those.
 */
export const SNAPSHOT_FORMAT = 2;

export interface SnapshotInfo {
  id: number;
  host: string;
  /** ISO time of the scan (the map's `scannedAt`, else when it was stored). */
  scannedAt: string;
  storedAt: string;
  toolVersion?: string;
  format: number;
  root?: string;
  /** How it got here: `scan`, `import FILE`, `ssh://user@host` (never credentials). */
  origin: string;
  /** Scan options worth knowing later (include dirs, max file size...). */
  options: Record<string, unknown>;
  nodes: number;
  edges: number;
  /** The snapshot whose rows this one shares: it found the same map (schema 4). */
  rowsOf?: number;
}

export interface NewSnapshot extends Omit<SnapshotInfo, 'id' | 'storedAt' | 'nodes' | 'edges' | 'rowsOf'> {
  /** The map's graph attributes (warnings, mounts...). */
  meta: Record<string, unknown>;
  /** A digest of what its rows will hold: a later snapshot of the host with the same one shares them. */
  content?: string;
}

/** A node as stored: its fleet key, the columns names are looked up by, the attributes as JSON. */
export interface NodeRow {
  snapshot: number;
  key: string;
  kind: string;
  label: string;
  /** The node's name lowercased (path, URL, table name): `identity` lookups. */
  lname: string;
  /** The last segment of the name (basename, a table's last dot part), lowercased. */
  tail: string;
  /** The first label of a URL's host, lowercased (`db01`). */
  uhost: string;
  partial: boolean;
  attrs: string;
}

export interface EdgeRow {
  snapshot: number;
  source: string;
  target: string;
  kind: string;
  attrs: string;
}

export interface NameTerms {
  key: string;
  lname: string;
  label: string;
  tails: string[];
  uhost: string;
}

export interface SnapshotFilter {
  host?: string;
  /** Only snapshots scanned at or before this ISO time. */
  asOf?: string;
}

/** A whole scan as the scan cache keeps it: what it read (JSON) and what it found (compressed). */
export interface StoredScanRow {
  accesses: string;
  result: Uint8Array;
}

/** A snapshot stored to share an earlier one's rows: its id, and how many it shares. */
export interface SharedSnapshot {
  id: number;
  nodes: number;
  edges: number;
  /** The snapshot holding the rows. */
  rowsOf: number;
}

/** What the catalog stores and answers: SQLite and PostgreSQL alike. */
export interface CatalogStore {
  /** The catalog's address with any credentials removed: safe to print. */
  readonly where: string;
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Store a snapshot, its rows and its flow pack in one transaction: all of it, or nothing. A
   * pack chunk's bytes may be reused for the next: the store copies them before asking for it.
   */
  writeSnapshot(
    snap: NewSnapshot,
    nodes: Omit<NodeRow, 'snapshot'>[],
    edges: Omit<EdgeRow, 'snapshot'>[],
    pack?: Iterable<PackChunk>,
  ): Promise<number>;
  /**
   * Store a snapshot that shares the rows of the latest snapshot of its host with the same
   * `content`, in one transaction; undefined (nothing stored) when there is none.
   */
  shareSnapshot(snap: NewSnapshot & { content: string }): Promise<SharedSnapshot | undefined>;
  listSnapshots(filter?: SnapshotFilter): Promise<SnapshotInfo[]>;
  snapshotMeta(id: number): Promise<Record<string, unknown>>;
  /** Delete snapshots; rows another snapshot shares go to the first of those. */
  deleteSnapshots(ids: number[]): Promise<void>;
  /** Nodes of these snapshots: all, or those with these keys. */
  nodes(snapshots: number[], keys?: string[]): Promise<NodeRow[]>;
  /** Nodes that a name could mean (a superset; the selection itself decides). */
  candidates(snapshots: number[], terms: NameTerms): Promise<NodeRow[]>;
  /**
   * Edges of these snapshots: all, or those leaving (`out`) or entering (`in`) these keys (at
   * most `limit` of them).
   */
  edges(snapshots: number[], keys?: string[], direction?: 'in' | 'out', limit?: number): Promise<EdgeRow[]>;
  /**
   * How many edges leave (`out`) or enter (`in`) these keys in the rows holding these snapshots,
   * counting no further than `cap`: a walk learns it is past its budget without reading the rows.
   */
  edgeCount(snapshots: number[], keys: string[], direction: 'in' | 'out', cap: number): Promise<number>;
  /**
   * Chunks of a part of the flow pack holding a snapshot's rows (flow-pack.ts), by chunk number:
   * all, or these. Empty when it has none (stored before schema 5).
   */
  flowPack(snapshot: number, part: string, chunks?: number[]): Promise<Map<number, Uint8Array>>;
  /**
   * Chunks of a text part of the pack (`nodes`, `edges`), by chunk number: as flowPack gives them,
   * or their texts already decoded by the server (PostgreSQL: text is half the bytes of hex).
   */
  flowTexts(snapshot: number, part: 'nodes' | 'edges', chunks: number[]): Promise<Map<number, TextChunk>>;
  /** Mark a host as being scanned; false (and who holds it) when another scan does. */
  lockHost(
    host: string,
    holder: string,
    staleAfterMs: number,
  ): Promise<{ ok: true } | { ok: false; holder: string; since: string }>;
  unlockHost(host: string, holder: string): Promise<void>;
  /** The scan cache (scan/extraction-cache.ts): stored extractions by key. */
  cacheGet(keys: string[]): Promise<Map<string, string>>;
  /** Store scan cache entries, replacing any under the same key (what they read had changed). */
  cachePut(entries: Array<[string, string]>): Promise<void>;
  /** What a whole scan in the scan cache read (scan/scan-result-cache.ts), by the key of its inputs. */
  scanAccessesGet(key: string): Promise<string | undefined>;
  /** What that scan found. */
  scanResultGet(key: string): Promise<Uint8Array | undefined>;
  /** Store a whole scan, replacing the one under the same key (one per host's ROOT and options). */
  scanResultPut(key: string, row: StoredScanRow): Promise<void>;
  close(): Promise<void>;
}
