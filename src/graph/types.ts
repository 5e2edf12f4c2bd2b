import type { DirectedGraph } from 'graphology';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Evidence } from '../model/evidence.js';
import type { Confidence, EdgeKind, Method } from '../model/kinds.js';
import type { EdgeAttributes, NodeAttributes, NodeSpec } from '../model/node.js';

export const SCHEMA_VERSION = 1;

export interface MapAttributes {
  /** dfmap's map format version; a reader refuses newer ones. */
  schemaVersion?: number;
  tool?: string;
  toolVersion?: string;
  /** The host the map describes. */
  host?: string;
  root?: string;
  scannedAt?: string;
  /** The server's time zone (IANA name): schedules run and logs are written in it. */
  timeZone?: string;
  /** Every diagnostic of the scan: problems found on the server are data. */
  warnings?: Diagnostic[];
  [attr: string]: unknown;
}

export type DataflowGraph = DirectedGraph<NodeAttributes, EdgeAttributes, MapAttributes>;

export interface EdgeFact {
  from: NodeSpec;
  to: NodeSpec;
  kind: EdgeKind;
  evidence: Evidence;
  confidence: Confidence;
  method?: Method;
}

export interface ScanFacts {
  nodes: NodeSpec[];
  edges: EdgeFact[];
  diagnostics: Diagnostic[];
  meta: MapAttributes;
}

/**
 * What graph/ needs of an observed run (observe/ produces it; the shapes match structurally, so
 * neither folder imports the other).
 */
export interface ObservedEdgeInput {
  from: NodeSpec;
  to: NodeSpec;
  kind: EdgeKind;
  evidence: Evidence;
  count: number;
  firstSeen?: string;
  lastSeen?: string;
  missing?: boolean;
  direction?: 'unknown';
}

export interface ObservedRunInput {
  command: string;
  job?: string;
  runs: number;
  firstSeen?: string;
  lastSeen?: string;
  scripts: string[];
  facts: ObservedEdgeInput[];
  sources: string[];
}

/** Where an edge was learned, with counts: `static` evidence found, `observed` sightings over traced runs. */
export interface EdgeSources {
  static?: { count: number };
  observed?: { count: number; runs: number; firstSeen?: string; lastSeen?: string; missing?: number };
  declared?: { count: number };
}
