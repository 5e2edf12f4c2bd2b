/**
 * The interactive canvas: pan by dragging, zoom with the wheel or +/-, click and hover via a spatial
 * grid (no scan of every node per mouse move), redraws only when something changed.
 */
import { type Camera, type DrawnLabel, drawScene, type Painter } from './draw.js';
import type { Scene, SceneNode } from './scene.js';

export interface CanvasEvents {
  click(id: string | undefined, ev: MouseEvent): void;
  hover(node: SceneNode | undefined, x: number, y: number): void;
  /** After each paint: the time of the frame, for the benchmark. */
  painted?(): void;
}

const CELL = 64;

export class CanvasView {
  readonly canvas: HTMLCanvasElement;
  private ctx: CanvasRenderingContext2D;
  private scene: Scene | undefined;
  private painter: Painter | undefined;
  private cam: Camera = { x: 0, y: 0, k: 1 };
  private grid = new Map<string, SceneNode[]>();
  private frame = 0;
  private drag: { x: number; y: number; cx: number; cy: number; moved: boolean } | undefined;

  constructor(
    private readonly host: HTMLElement,
    private readonly events: CanvasEvents,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'Dataflow map');
    host.append(this.canvas);
    const ctx = this.canvas.getContext('2d');
    if (!ctx) throw new Error('this browser cannot draw on a canvas');
    this.ctx = ctx;
    new ResizeObserver(() => this.resize()).observe(host);
    this.bind();
    this.resize();
  }

  get camera(): Camera {
    return { ...this.cam };
  }

  get size(): { width: number; height: number } {
    return { width: this.host.clientWidth, height: this.host.clientHeight };
  }

  setScene(scene: Scene, painter: Painter, fit: boolean): void {
    this.scene = scene;
    this.painter = painter;
    this.grid = new Map();
    for (const n of scene.nodes) {
      for (const key of this.cells(n.x - n.w / 2, n.y - n.h / 2, n.x + n.w / 2, n.y + n.h / 2)) {
        const l = this.grid.get(key);
        if (l) l.push(n);
        else this.grid.set(key, [n]);
      }
    }
    if (fit) this.fit();
    this.request();
  }

  setPainter(painter: Painter): void {
    this.painter = painter;
    this.request();
  }

  /** Show the whole scene; never zoom in past 1:1 (a 3-node map should not fill the screen). */
  fit(): void {
    if (!this.scene) return;
    const { x0, y0, x1, y1 } = this.scene.bounds;
    const { width, height } = this.size;
    const pad = 24;
    const k = Math.min(
      1.2,
      (width - 2 * pad) / Math.max(1, x1 - x0),
      (height - 2 * pad) / Math.max(1, y1 - y0),
    );
    this.cam = { k, x: (x0 + x1) / 2 - width / 2 / k, y: (y0 + y1) / 2 - height / 2 / k };
    this.request();
  }

  /** Fit these nodes in view if that keeps a scale of at least `minK`; false when it would not. */
  fitNodes(ids: string[], minK: number): boolean {
    let x0 = Number.POSITIVE_INFINITY;
    let y0 = Number.POSITIVE_INFINITY;
    let x1 = Number.NEGATIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    for (const id of ids) {
      const n = this.scene?.byId.get(id);
      if (!n) continue;
      x0 = Math.min(x0, n.x - n.w / 2);
      y0 = Math.min(y0, n.y - n.h / 2);
      x1 = Math.max(x1, n.x + n.w / 2);
      y1 = Math.max(y1, n.y + n.h / 2);
    }
    if (!Number.isFinite(x0)) return false;
    const { width, height } = this.size;
    const pad = 40;
    const k = Math.min(
      1.2,
      (width - 2 * pad) / Math.max(1, x1 - x0),
      (height - 2 * pad) / Math.max(1, y1 - y0),
    );
    if (k < minK) return false;
    this.cam = { k, x: (x0 + x1) / 2 - width / 2 / k, y: (y0 + y1) / 2 - height / 2 / k };
    this.request();
    return true;
  }

  /** Centre a node, zooming in to a readable scale if needed. */
  centerOn(id: string): void {
    const n = this.scene?.byId.get(id);
    if (!n) return;
    const { width, height } = this.size;
    const k = Math.max(this.cam.k, 0.8);
    this.cam = { k, x: n.x - width / 2 / k, y: n.y - height / 2 / k };
    this.request();
  }

  zoom(factor: number, sx = this.size.width / 2, sy = this.size.height / 2): void {
    const k = Math.min(8, Math.max(0.01, this.cam.k * factor));
    const wx = this.cam.x + sx / this.cam.k;
    const wy = this.cam.y + sy / this.cam.k;
    this.cam = { k, x: wx - sx / k, y: wy - sy / k };
    this.request();
  }

  /** Screen position (CSS pixels, relative to the page) of a node's centre, for tests and tooltips. */
  screenPosition(id: string): { x: number; y: number } | undefined {
    const n = this.scene?.byId.get(id);
    if (!n) return undefined;
    const r = this.canvas.getBoundingClientRect();
    return { x: r.left + (n.x - this.cam.x) * this.cam.k, y: r.top + (n.y - this.cam.y) * this.cam.k };
  }

  nodeAt(sx: number, sy: number): SceneNode | undefined {
    const wx = this.cam.x + sx / this.cam.k;
    const wy = this.cam.y + sy / this.cam.k;
    const slack = 3 / this.cam.k;
    const list = this.grid.get(`${Math.floor(wx / CELL)},${Math.floor(wy / CELL)}`) ?? [];
    let best: SceneNode | undefined;
    for (const n of list) {
      if (Math.abs(wx - n.x) <= n.w / 2 + slack && Math.abs(wy - n.y) <= n.h / 2 + slack) best = n;
    }
    return best;
  }

  /** How long the last paint took (ms), for the benchmark. */
  lastPaintMs = 0;
  /** The labels the last paint drew (canvas pixels), for the tests. */
  lastLabels: DrawnLabel[] = [];

  /** Paint now (synchronously): used by the PNG export. */
  paint(): void {
    if (!this.scene || !this.painter) return;
    const { width, height } = this.size;
    const t0 = performance.now();
    this.lastLabels = drawScene(
      this.ctx,
      this.scene,
      this.cam,
      this.painter,
      width,
      height,
      window.devicePixelRatio || 1,
    );
    this.lastPaintMs = performance.now() - t0;
    this.events.painted?.();
  }

  request(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.paint();
    });
  }

  private *cells(x0: number, y0: number, x1: number, y1: number): Generator<string> {
    for (let i = Math.floor(x0 / CELL); i <= Math.floor(x1 / CELL); i++) {
      for (let j = Math.floor(y0 / CELL); j <= Math.floor(y1 / CELL); j++) yield `${i},${j}`;
    }
  }

  private resize(): void {
    const dpr = window.devicePixelRatio || 1;
    const { width, height } = this.size;
    this.canvas.width = Math.max(1, Math.round(width * dpr));
    this.canvas.height = Math.max(1, Math.round(height * dpr));
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.request();
  }

  private local(ev: MouseEvent): [number, number] {
    const r = this.canvas.getBoundingClientRect();
    return [ev.clientX - r.left, ev.clientY - r.top];
  }

  private bind(): void {
    const c = this.canvas;
    c.addEventListener('pointerdown', (ev) => {
      c.setPointerCapture(ev.pointerId);
      this.drag = { x: ev.clientX, y: ev.clientY, cx: this.cam.x, cy: this.cam.y, moved: false };
    });
    c.addEventListener('pointermove', (ev) => {
      const d = this.drag;
      if (d) {
        if (Math.abs(ev.clientX - d.x) + Math.abs(ev.clientY - d.y) > 4) d.moved = true;
        if (d.moved) {
          this.cam = {
            ...this.cam,
            x: d.cx - (ev.clientX - d.x) / this.cam.k,
            y: d.cy - (ev.clientY - d.y) / this.cam.k,
          };
          this.request();
        }
        return;
      }
      const [sx, sy] = this.local(ev);
      const n = this.nodeAt(sx, sy);
      c.style.cursor = n ? 'pointer' : 'grab';
      this.events.hover(n, ev.clientX, ev.clientY);
    });
    c.addEventListener('pointerup', (ev) => {
      const d = this.drag;
      this.drag = undefined;
      if (d?.moved) return;
      const [sx, sy] = this.local(ev);
      this.events.click(this.nodeAt(sx, sy)?.id, ev);
    });
    c.addEventListener('pointerleave', () => this.events.hover(undefined, 0, 0));
    c.addEventListener(
      'wheel',
      (ev) => {
        ev.preventDefault();
        const [sx, sy] = this.local(ev);
        this.zoom(Math.exp(-ev.deltaY * (ev.ctrlKey ? 0.01 : 0.0015)), sx, sy);
      },
      { passive: false },
    );
    c.addEventListener('keydown', (ev) => {
      if (ev.key === '+' || ev.key === '=') this.zoom(1.25);
      else if (ev.key === '-') this.zoom(0.8);
      else if (ev.key === '0') this.fit();
    });
  }
}
