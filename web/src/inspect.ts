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
  };
  (window as unknown as { dfmapViewer: ViewerProbe }).dfmapViewer = probe;
}
