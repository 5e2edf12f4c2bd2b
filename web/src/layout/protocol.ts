/** Messages between the viewer and its layout worker (structured-clone friendly: plain objects). */

export type LayoutAlgorithm = 'layered' | 'force';

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
  /** Community or host: the force layout starts each group in its own circle. */
  group?: string;
}

export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
}

export interface LayoutRequest {
  id: number;
  algorithm: LayoutAlgorithm;
  nodes: LayoutNode[];
  edges: LayoutEdge[];
}

export interface LayoutResult {
  id: number;
  /** false while a force layout is still refining (positions stream in). */
  done: boolean;
  /** Node centres. */
  positions: Record<string, [number, number]>;
  /** Edge routes as flat [x0, y0, x1, y1, ...] (layered only; force edges are straight). */
  routes: Record<string, number[]>;
  ms: number;
  error?: string;
}
