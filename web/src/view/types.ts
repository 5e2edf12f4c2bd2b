/** The graph the viewer draws: map nodes, or aggregates standing for several of them. */
import type { EdgeKind } from '../../../src/model/kinds.js';
import type { ViewKind } from '../kinds.js';

export interface VNode {
  /** A map node id, `group:ID` (a subsystem or host) or `dir:/path` (collapsed files). */
  id: string;
  kind: ViewKind;
  /** Short, drawn on the node. */
  label: string;
  /** Full path, qualified name or URL, shown on hover. */
  title: string;
  /** The map nodes it stands for (itself for a plain node). */
  members: string[];
  /** Community id, for colour by subsystem and force-layout seeding. */
  community?: string;
  /** A log, lock or temporary file (or a directory of only those): drawn dimmed. */
  nonData?: boolean;
}

export interface VEdge {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  /** How many map edges it stands for (aggregates). */
  count: number;
  /** Into or out of a log, lock or temporary file: drawn faint. */
  nonData?: boolean;
  /** An overview flow beyond the strongest: drawn on request, left out of the layout. */
  minor?: boolean;
}

export interface VisibleGraph {
  nodes: Map<string, VNode>;
  edges: VEdge[];
  /** Map node -> the visible node that shows it (itself, its directory, database or group). */
  repOf: Map<string, string>;
  /** True when the nodes are subsystems or hosts (a large map's first view). */
  overview: boolean;
  /** Map nodes left out by filters, focus or drill-down. */
  hidden: number;
  /** Overview: how many flows between groups are the strongest (drawn by default), of how many. */
  flows?: { strongest: number; total: number };
}
