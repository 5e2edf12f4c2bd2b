/**
 * The vocabulary of dfmap: what a node and an edge can be.
 *
 * Edges point the way data flows: input -> script (`reads`), script -> output (`writes`),
 * caller -> callee (`invokes`: job -> script, script -> script).
 */

export const NODE_KINDS = [
  'job',
  'script',
  'file',
  'table',
  'database',
  'endpoint',
  'host',
  'unknown',
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** Kinds that can be down (impact of a failure): everything that is not a job or a script. */
export function isResourceKind(kind: unknown): boolean {
  return kind !== 'job' && kind !== 'script' && isNodeKind(kind);
}

/**
 * `contains` is dfmap's addition to the three flow kinds: database -> table. It lets a failure of the
 * database server reach every reader of its tables (docs/decisions/001-contains-edges.md).
 */
export const EDGE_KINDS = ['reads', 'writes', 'invokes', 'contains'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

/** How an edge was learned: read from source (`static`), seen in a run (`trace`), or told (`declared`). */
export const METHODS = ['static', 'trace', 'declared'] as const;
export type Method = (typeof METHODS)[number];

/**
 * How sure we are of an edge's far end, best first:
 * - `exact`: a literal path or name in the source;
 * - `resolved`: through variables, arguments, environment or config;
 * - `partial`: some part is unknown and kept as `*`;
 * - `heuristic`: found by a fallback parser (regular expressions, tolerant SQL scan).
 */
export const CONFIDENCES = ['exact', 'resolved', 'partial', 'heuristic'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export function confidenceRank(c: Confidence): number {
  return CONFIDENCES.indexOf(c);
}

/** The weaker of two confidences (the one further down the list). */
export function weakerConfidence(a: Confidence, b: Confidence): Confidence {
  return confidenceRank(a) >= confidenceRank(b) ? a : b;
}

/**
 * The confidence of an edge to the node with this key: at most `partial` when the key holds a `*`
 * (a part not known statically: a path's, or the server's in `postgres://*:5432`).
 */
export function confidenceToNode(key: string, c: Confidence): Confidence {
  return key.includes('*') ? weakerConfidence(c, 'partial') : c;
}

export function isNodeKind(x: unknown): x is NodeKind {
  return typeof x === 'string' && (NODE_KINDS as readonly string[]).includes(x);
}

export function isEdgeKind(x: unknown): x is EdgeKind {
  return typeof x === 'string' && (EDGE_KINDS as readonly string[]).includes(x);
}
