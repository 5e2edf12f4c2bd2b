/**
 * Paints a scene on a 2D canvas. Level of detail keeps 10,000 nodes fluid: off-screen items are
 * skipped, edges are stroked in a few batched paths, nodes too small to read become plain squares
 * drawn in batches, and labels appear only once they are large enough to read.
 */
import type { Scene, SceneEdge, SceneNode } from './scene.js';
import { FONT, GROUP_FONT } from './scene.js';
import { shapePath } from './shapes.js';

export interface Camera {
  /** World point at the canvas's top-left corner, and pixels per world unit. */
  x: number;
  y: number;
  k: number;
}

export interface NodePaint {
  fill: string;
  stroke: string;
  text: string;
  alpha: number;
  /** A highlight ring around the node. */
  ring?: string;
}

export interface EdgePaint {
  color: string;
  alpha: number;
  width: number;
  /** Painted after (above) the others. */
  top: boolean;
}

export interface Painter {
  node(n: SceneNode): NodePaint;
  edge(e: SceneEdge): EdgePaint;
}

/**
 * A group's box as drawn at zoom `k`: zoomed out, its name keeps a readable size and the box grows
 * to hold it, towards the side with room (edges still leave and enter where the layout put the box).
 */
interface GroupGeometry {
  x: number;
  w: number;
  size: number;
}

/** Free space left and right of a node, up to the nearest node beside it. */
function room(n: SceneNode, all: SceneNode[]): [number, number] {
  let left = Number.POSITIVE_INFINITY;
  let right = Number.POSITIVE_INFINITY;
  for (const m of all) {
    if (m === n || Math.abs(m.y - n.y) >= (m.h + n.h) / 2) continue;
    if (m.x < n.x) left = Math.min(left, n.x - n.w / 2 - (m.x + m.w / 2));
    else right = Math.min(right, m.x - m.w / 2 - (n.x + n.w / 2));
  }
  return [left, right];
}

function groupGeometry(
  ctx: CanvasRenderingContext2D,
  n: SceneNode,
  all: SceneNode[],
  k: number,
): GroupGeometry {
  const size = Math.max(13, MIN_OVERVIEW_PX / k);
  if (size <= 13) return { x: n.x, w: n.w, size };
  ctx.font = groupFont(size);
  const w = Math.max(n.w, ctx.measureText(n.label).width + 24 / k);
  const grow = w - n.w;
  const [left, right] = room(n, all);
  // all of it on one side when that side has room, else shared in proportion to the room
  const toLeft = right >= grow ? 0 : left >= grow ? grow : grow * (left / Math.max(1e-9, left + right));
  return { x: n.x - toLeft + grow / 2, w, size };
}

const groupFont = (px: number) => GROUP_FONT.replace('13px', `${px}px`);

const pathCache = new WeakMap<SceneNode, Path2D>();
function nodePath(n: SceneNode, geo?: GroupGeometry): Path2D {
  if (geo && geo.w !== n.w) return new Path2D(shapePath(n.shape, geo.x, n.y, geo.w, n.h));
  let p = pathCache.get(n);
  if (!p) {
    p = new Path2D(shapePath(n.shape, n.x, n.y, n.w, n.h));
    pathCache.set(n, p);
  }
  return p;
}

/** A label as it was last painted, in canvas pixels (CSS): for the tests, which read what is drawn. */
export interface DrawnLabel {
  id: string;
  text: string;
  /** Font size on screen. */
  px: number;
  x: number;
  y: number;
}

/** Group names and flow counts never shrink below this on screen: the overview reads at its first zoom. */
const MIN_OVERVIEW_PX = 11;

interface View {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function visibleNode(n: SceneNode, v: View): boolean {
  return n.x + n.w / 2 >= v.x0 && n.x - n.w / 2 <= v.x1 && n.y + n.h / 2 >= v.y0 && n.y - n.h / 2 <= v.y1;
}

function edgeInView(e: SceneEdge, v: View): boolean {
  const p = e.points;
  let ax = Number.POSITIVE_INFINITY;
  let ay = Number.POSITIVE_INFINITY;
  let bx = Number.NEGATIVE_INFINITY;
  let by = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < p.length; i += 2) {
    const x = p[i] as number;
    const y = p[i + 1] as number;
    if (x < ax) ax = x;
    if (x > bx) bx = x;
    if (y < ay) ay = y;
    if (y > by) by = y;
  }
  return bx >= v.x0 && ax <= v.x1 && by >= v.y0 && ay <= v.y1;
}

function traceEdge(ctx: CanvasRenderingContext2D, p: number[], radius: number): void {
  ctx.moveTo(p[0] as number, p[1] as number);
  const n = p.length / 2;
  for (let i = 1; i < n - 1; i++) {
    ctx.arcTo(
      p[2 * i] as number,
      p[2 * i + 1] as number,
      p[2 * i + 2] as number,
      p[2 * i + 3] as number,
      radius,
    );
  }
  ctx.lineTo(p[p.length - 2] as number, p[p.length - 1] as number);
}

function traceArrow(ctx: CanvasRenderingContext2D, p: number[], size: number): void {
  const x = p[p.length - 2] as number;
  const y = p[p.length - 1] as number;
  const a = Math.atan2(y - (p[p.length - 3] as number), x - (p[p.length - 4] as number));
  ctx.moveTo(x, y);
  ctx.lineTo(x - size * Math.cos(a - 0.4), y - size * Math.sin(a - 0.4));
  ctx.lineTo(x - size * Math.cos(a + 0.4), y - size * Math.sin(a + 0.4));
  ctx.closePath();
}

function drawEdges(ctx: CanvasRenderingContext2D, scene: Scene, painter: Painter, v: View, k: number): void {
  const batches = new Map<string, { paint: EdgePaint; edges: SceneEdge[] }>();
  for (const e of scene.edges) {
    if (!edgeInView(e, v)) continue;
    const paint = painter.edge(e);
    const key = `${paint.top ? 1 : 0}|${paint.color}|${paint.alpha}|${paint.width}`;
    const b = batches.get(key);
    if (b) b.edges.push(e);
    else batches.set(key, { paint, edges: [e] });
  }
  const ordered = [...batches.values()].sort((a, b) => Number(a.paint.top) - Number(b.paint.top));
  const arrows = k > 0.25;
  for (const { paint, edges } of ordered) {
    ctx.globalAlpha = paint.alpha;
    ctx.strokeStyle = paint.color;
    ctx.fillStyle = paint.color;
    ctx.lineWidth = paint.width / Math.max(k, 0.5);
    ctx.beginPath();
    for (const e of edges) traceEdge(ctx, e.points, 6);
    ctx.stroke();
    if (arrows) {
      ctx.beginPath();
      for (const e of edges) traceArrow(ctx, e.points, 7);
      ctx.fill();
    }
  }
  ctx.globalAlpha = 1;
}

function drawNodes(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  painter: Painter,
  v: View,
  k: number,
  out: DrawnLabel[],
): void {
  const shown = scene.nodes.filter((n) => visibleNode(n, v));
  const paints = new Map<SceneNode, NodePaint>();
  for (const n of shown) paints.set(n, painter.node(n));
  // dimmed first, so highlighted nodes sit on top
  shown.sort((a, b) => (paints.get(a)?.alpha ?? 1) - (paints.get(b)?.alpha ?? 1));
  const detailed = shown.length < 3000 || k * 14 >= 8;
  const groups = new Map<SceneNode, GroupGeometry>();
  for (const n of shown) if (n.kind === 'group') groups.set(n, groupGeometry(ctx, n, scene.nodes, k));
  for (const n of shown) {
    const p = paints.get(n) as NodePaint;
    ctx.globalAlpha = p.alpha;
    ctx.fillStyle = p.fill;
    ctx.strokeStyle = p.stroke;
    if (detailed) {
      const path = nodePath(n, groups.get(n));
      if (p.ring) {
        // a thick outline in the highlight colour, under the node's own fill and border
        ctx.strokeStyle = p.ring;
        ctx.lineWidth = Math.max(5, 4 / k);
        ctx.stroke(path);
        ctx.strokeStyle = p.stroke;
      }
      ctx.fill(path);
      ctx.lineWidth = 1.4 / Math.max(k, 0.5);
      ctx.stroke(path);
    } else {
      const pad = p.ring ? 3 / k : 0;
      ctx.fillStyle = p.ring ?? p.stroke;
      ctx.fillRect(n.x - n.w / 2 - pad, n.y - n.h / 2 - pad, n.w + 2 * pad, n.h + 2 * pad);
    }
  }
  ctx.globalAlpha = 1;
  drawGroupLabels(ctx, groups, paints, v, k, out);
  drawLabels(ctx, scene, shown, paints, v, k, out);
}

/**
 * A group's name is drawn at every zoom (never below MIN_OVERVIEW_PX on screen, spilling past its
 * box when the view is zoomed out): the overview is read by its names.
 */
function drawGroupLabels(
  ctx: CanvasRenderingContext2D,
  groups: Map<SceneNode, GroupGeometry>,
  paints: Map<SceneNode, NodePaint>,
  v: View,
  k: number,
  out: DrawnLabel[],
): void {
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  for (const [n, geo] of groups) {
    const p = paints.get(n) as NodePaint;
    ctx.globalAlpha = p.alpha;
    ctx.fillStyle = p.text;
    ctx.font = groupFont(geo.size);
    ctx.fillText(n.label, geo.x, n.y, geo.w - 8 / k);
    out.push({ id: n.id, text: n.label, px: geo.size * k, x: (geo.x - v.x0) * k, y: (n.y - v.y0) * k });
  }
  ctx.globalAlpha = 1;
}

function drawLabels(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  shown: SceneNode[],
  paints: Map<SceneNode, NodePaint>,
  v: View,
  k: number,
  out: DrawnLabel[],
): void {
  if (k * 12 < 6.5) return;
  ctx.textBaseline = 'middle';
  if (scene.mode === 'boxed') {
    ctx.textAlign = 'center';
    ctx.font = FONT;
    for (const n of shown) {
      if (n.kind === 'group') continue;
      const p = paints.get(n) as NodePaint;
      ctx.globalAlpha = p.alpha;
      ctx.fillStyle = p.text;
      ctx.fillText(n.label, n.x, n.y + (n.shape === 'cylinder' ? 2 : 0), n.w - 8);
      out.push({ id: n.id, text: n.label, px: 12 * k, x: (n.x - v.x0) * k, y: (n.y - v.y0) * k });
    }
  } else {
    // beside compact glyphs, skipping labels that would overlap one already drawn
    ctx.textAlign = 'left';
    ctx.font = FONT;
    const taken: Array<[number, number, number, number]> = [];
    const limit = 600;
    for (const n of shown) {
      if (taken.length >= limit) break;
      if (n.kind === 'group') continue;
      const w = ctx.measureText(n.label).width;
      const box: [number, number, number, number] = [n.x + n.w / 2 + 3, n.y - 7, w, 14];
      if (
        taken.some(
          (t) =>
            box[0] < t[0] + t[2] && t[0] < box[0] + box[2] && box[1] < t[1] + t[3] && t[1] < box[1] + box[3],
        )
      ) {
        continue;
      }
      taken.push(box);
      const p = paints.get(n) as NodePaint;
      ctx.globalAlpha = p.alpha;
      ctx.fillStyle = p.text;
      ctx.fillText(n.label, box[0], n.y);
      out.push({ id: n.id, text: n.label, px: 12 * k, x: (box[0] - v.x0) * k, y: (n.y - v.y0) * k });
    }
  }
  ctx.globalAlpha = 1;
}

/** The overview's flow counts, on every drawn flow but the minor ones, readable at every zoom. */
function drawEdgeCounts(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  v: View,
  k: number,
  out: DrawnLabel[],
): void {
  const size = Math.max(11, MIN_OVERVIEW_PX / k);
  ctx.font = `600 ${size}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const pad = size * 0.7;
  for (const e of scene.edges) {
    if (e.minor) continue;
    const i = Math.floor(e.points.length / 4) * 2;
    const x = ((e.points[i] as number) + (e.points[i + 2] ?? (e.points[i] as number))) / 2;
    const y = ((e.points[i + 1] as number) + (e.points[i + 3] ?? (e.points[i + 1] as number))) / 2;
    const text = String(e.count);
    const w = ctx.measureText(text).width + pad;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(x - w / 2, y - size * 0.72, w, size * 1.44);
    ctx.fillStyle = '#334155';
    ctx.fillText(text, x, y);
    out.push({ id: e.id, text, px: size * k, x: (x - v.x0) * k, y: (y - v.y0) * k });
  }
}

/** Draw the scene into a canvas of `width` x `height` CSS pixels at device ratio `dpr`. */
export function drawScene(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  cam: Camera,
  painter: Painter,
  width: number,
  height: number,
  dpr: number,
): DrawnLabel[] {
  const labels: DrawnLabel[] = [];
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#f8fafc';
  ctx.fillRect(0, 0, width * dpr, height * dpr);
  ctx.setTransform(cam.k * dpr, 0, 0, cam.k * dpr, -cam.x * cam.k * dpr, -cam.y * cam.k * dpr);
  const v: View = { x0: cam.x, y0: cam.y, x1: cam.x + width / cam.k, y1: cam.y + height / cam.k };
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  drawEdges(ctx, scene, painter, v, cam.k);
  const overview = scene.nodes.some((n) => n.kind === 'group');
  if (overview) drawEdgeCounts(ctx, scene, v, cam.k, labels);
  drawNodes(ctx, scene, painter, v, cam.k, labels);
  return labels;
}
