/**
 * The picture in world coordinates: node boxes sized to their labels, edges as polylines. Built once
 * per layout; highlighting only changes how it is painted.
 */
import { KIND_STYLES, type Shape, type ViewKind } from '../kinds.js';
import type { LayoutOutput } from '../layout/client.js';
import type { LayoutEdge, LayoutNode } from '../layout/protocol.js';
import type { VisibleGraph } from '../view/types.js';
import { displayLabel } from './label.js';
import { clipToBox } from './shapes.js';

export type NodeStyleMode = 'boxed' | 'compact';

export interface SceneNode {
  id: string;
  kind: ViewKind;
  shape: Shape;
  label: string;
  title: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Aggregates show how many nodes they stand for. */
  count: number;
  community?: string;
  /** A log, lock or temporary file: drawn dimmed. */
  nonData?: boolean;
}

export interface SceneEdge {
  id: string;
  source: string;
  target: string;
  kind: string;
  count: number;
  /** Flat [x0, y0, x1, y1, ...], ending at the target's border. */
  points: number[];
  nonData?: boolean;
  /** An overview flow beyond the strongest (straight, not laid out). */
  minor?: boolean;
}

export interface Scene {
  mode: NodeStyleMode;
  nodes: SceneNode[];
  edges: SceneEdge[];
  byId: Map<string, SceneNode>;
  bounds: { x0: number; y0: number; x1: number; y1: number };
}

export const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
export const GROUP_FONT = '600 13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const COMPACT = 14;

let measureCtx: CanvasRenderingContext2D | null = null;
function textWidth(text: string, font: string): number {
  measureCtx ??= document.createElement('canvas').getContext('2d');
  if (!measureCtx) return text.length * 7;
  measureCtx.font = font;
  return measureCtx.measureText(text).width;
}

/** Layout input: sizes from labels (boxed) or a fixed glyph (compact), scaled by `scale`. */
export function layoutInput(
  vis: VisibleGraph,
  mode: NodeStyleMode,
  scale: (id: string) => number,
): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
  const nodes: LayoutNode[] = [];
  for (const v of vis.nodes.values()) {
    const s = scale(v.id);
    let w = COMPACT * s;
    let h = COMPACT * s;
    if (mode === 'boxed') {
      const group = v.kind === 'group';
      const label = displayLabel(v.label, v.kind);
      w = Math.max(group ? 90 : 56, textWidth(label, group ? GROUP_FONT : FONT) + (group ? 28 : 24)) * s;
      // a subsystem's box grows with its size, so the big ones stand out in the overview
      h = (group ? 34 + 10 * Math.log10(v.members.length) : 26) * s;
    }
    nodes.push({ id: v.id, width: Math.round(w), height: Math.round(h), group: v.community });
  }
  // the overview's minor flows are drawn over the strongest flows' layout, which stays put
  const edges = vis.edges
    .filter((e) => !e.minor)
    .map((e) => ({ id: e.id, source: e.source, target: e.target }));
  return { nodes, edges };
}

/**
 * A minor overview flow bends out to its left, so two flows between the same column of groups
 * (which a straight line would hide under the boxes) stay visible, and A->B and B->A stay apart.
 */
function bowed(a: [number, number], b: [number, number]): number[] {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy) || 1;
  const bow = Math.min(120, 0.25 * len);
  // control point of a quadratic curve, sampled into a polyline the painter already draws
  const cx = (a[0] + b[0]) / 2 + (dy / len) * bow * 2;
  const cy = (a[1] + b[1]) / 2 - (dx / len) * bow * 2;
  const out: number[] = [];
  for (let i = 0; i <= 10; i++) {
    const t = i / 10;
    const u = 1 - t;
    out.push(u * u * a[0] + 2 * u * t * cx + t * t * b[0], u * u * a[1] + 2 * u * t * cy + t * t * b[1]);
  }
  return out;
}

export function buildScene(
  vis: VisibleGraph,
  input: LayoutNode[],
  layout: LayoutOutput,
  mode: NodeStyleMode,
): Scene {
  const byId = new Map<string, SceneNode>();
  const nodes: SceneNode[] = [];
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const n of input) {
    const v = vis.nodes.get(n.id);
    const p = layout.positions.get(n.id);
    if (!v || !p) continue;
    const sn: SceneNode = {
      id: v.id,
      kind: v.kind,
      shape: KIND_STYLES[v.kind].shape,
      label: displayLabel(v.label, v.kind),
      title: v.title,
      x: p[0],
      y: p[1],
      w: n.width,
      h: n.height,
      count: v.members.length,
      community: v.community,
      ...(v.nonData ? { nonData: true } : {}),
    };
    nodes.push(sn);
    byId.set(sn.id, sn);
    x0 = Math.min(x0, sn.x - sn.w / 2);
    y0 = Math.min(y0, sn.y - sn.h / 2);
    x1 = Math.max(x1, sn.x + sn.w / 2);
    y1 = Math.max(y1, sn.y + sn.h / 2);
  }
  const edges: SceneEdge[] = [];
  for (const e of vis.edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t) continue;
    let points = layout.routes.get(e.id);
    if (!points || points.length < 4) {
      const a = clipToBox(s.x, s.y, s.w, s.h, t.x, t.y);
      const b = clipToBox(t.x, t.y, t.w, t.h, s.x, s.y);
      points = e.minor ? bowed(a, b) : [a[0], a[1], b[0], b[1]];
    }
    edges.push({
      id: e.id,
      source: e.source,
      target: e.target,
      kind: e.kind,
      count: e.count,
      points,
      ...(e.nonData ? { nonData: true } : {}),
      ...(e.minor ? { minor: true } : {}),
    });
  }
  if (nodes.length === 0) {
    x0 = 0;
    y0 = 0;
    x1 = 1;
    y1 = 1;
  }
  return { mode, nodes, edges, byId, bounds: { x0, y0, x1, y1 } };
}
