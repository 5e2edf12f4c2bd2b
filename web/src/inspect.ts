/**
 * `window.dfmapViewer`: a read-only probe for the browser tests and the benchmark (and for people
 * debugging a map in the console). It reports what is drawn; it changes nothing.
 */
import type { App } from './app.js';

export interface ViewerProbe {
  ready: boolean;
  readyAt: number;
  layoutMs: number;
  lastClickMs: number | undefined;
  /** Duration of the last canvas paint. */
  lastPaintMs: number;
  overview: boolean;
  visibleNodes(): string[];
  /** Map nodes drawn (members of what is visible). */
  shownMapNodes(): string[];
  selected(): string | undefined;
  highlighted(): { up: string[]; down: string[]; impact: string[] };
  screenPosition(id: string): { x: number; y: number } | undefined;
  /** The node's box on screen (CSS pixels), where the canvas draws it. */
  screenBox(id: string): { x: number; y: number; w: number; h: number } | undefined;
  /** The colours the node is painted with now (fill, border, highlight ring). */
  paintOf(id: string): { fill: string; stroke: string; ring?: string; alpha: number } | undefined;
  colorBy(): string;
  /** The layout the current view was drawn with. */
  layoutUsed(): string | undefined;
  /** The labels the last frame drew (nodes' names, overview flows' counts): text, font size and centre on screen. */
  labelsDrawn(): Array<{ id: string; text: string; px: number; x: number; y: number }>;
  /** The overview's flows between groups: drawn now, the strongest, all. */
  flows(): { drawn: number; strongest: number; total: number } | undefined;
}

export function installProbe(app: App): void {
  const probe: ViewerProbe = {
    get ready() {
      return app.ready;
    },
    get readyAt() {
      return app.readyAt;
    },
    get layoutMs() {
      return app.layoutMs;
    },
    get lastClickMs() {
      return app.lastClickMs;
    },
    get lastPaintMs() {
      return app.view.lastPaintMs;
    },
    get overview() {
      return app.vis?.overview ?? false;
    },
    visibleNodes: () => [...(app.scene?.byId.keys() ?? [])],
    shownMapNodes: () => [...(app.vis?.nodes.values() ?? [])].flatMap((v) => v.members),
    selected: () => app.state.selected,
    highlighted: () => ({
      up: [...app.highlight.up].sort(),
      down: [...app.highlight.down].sort(),
      impact: [...app.highlight.impactNodes].sort(),
    }),
    screenPosition: (id) => app.view.screenPosition(app.vis?.repOf.get(id) ?? id),
    screenBox: (id) => {
      const rep = app.vis?.repOf.get(id) ?? id;
      const n = app.scene?.byId.get(rep);
      const c = app.view.screenPosition(rep);
      if (!n || !c) return undefined;
      const k = app.view.camera.k;
      return { x: c.x - (n.w * k) / 2, y: c.y - (n.h * k) / 2, w: n.w * k, h: n.h * k };
    },
    paintOf: (id) => {
      const n = app.scene?.byId.get(app.vis?.repOf.get(id) ?? id);
      if (!n) return undefined;
      const { fill, stroke, ring, alpha } = app.currentPainter().node(n);
      return ring ? { fill, stroke, ring, alpha } : { fill, stroke, alpha };
    },
    colorBy: () => app.state.colorBy,
    layoutUsed: () => app.layoutUsed,
    labelsDrawn: () => app.view.lastLabels.map((l) => ({ ...l })),
    flows: () => {
      const f = app.vis?.flows;
      if (!f || !app.scene) return undefined;
      return { drawn: app.scene.edges.length, ...f };
    },
  };
  (window as unknown as { dfmapViewer: ViewerProbe }).dfmapViewer = probe;
}
