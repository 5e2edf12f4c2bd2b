/**
 * The viewer's controller: view state -> visible graph -> layout (worker) -> scene -> canvas, and
 * selection -> highlight -> repaint. Structural changes re-lay out; selection only repaints.
 */
import type { DataflowGraph } from '../../src/graph/types.js';
import { criticalityOf, hasPlan } from './data/analysis.js';
import { type DiffStatus, diffOf, groupDiff, mapHasDiff } from './diff.js';
import { type HealthStatus, mapHasHealth, statusOf, worstStatus } from './health.js';
import type { LayoutClient } from './layout/client.js';
import { CanvasView } from './render/canvas-view.js';
import type { Painter } from './render/draw.js';
import { buildScene, layoutInput, type NodeStyleMode, type Scene, type SceneNode } from './render/scene.js';
import { decodeViewState, encodeViewState } from './state/url-state.js';
import { defaultViewState, HIGHLIGHT_ONLY, type ViewState } from './state/view-state.js';
import { Groupings } from './view/grouping.js';
import { computeHighlight, type Highlight, NO_HIGHLIGHT } from './view/highlight.js';
import { createPainter } from './view/painter.js';
import { revealPatch } from './view/reveal.js';
import type { VisibleGraph } from './view/types.js';
import { computeVisible } from './view/visible.js';

/**
 * Larger views use the force layout. Up to 250 nodes the layered layout is ELK's, beyond that our
 * own (layout/fast-layered.ts), so drilling into a subsystem of 1,000 nodes is still left to right.
 */
export const LAYERED_LIMIT = 2500;

export interface AppHooks {
  /** After a structural change has been laid out and painted. */
  rendered(app: App): void;
  /** After any state change (panel, toolbar, status). */
  changed(app: App): void;
  status(text: string): void;
}

export class App {
  state: ViewState;
  vis: VisibleGraph | undefined;
  scene: Scene | undefined;
  highlight: Highlight = NO_HIGHLIGHT;
  readonly groupings: Groupings;
  readonly view: CanvasView;
  layoutMs = 0;
  /** The layout the current view was drawn with. */
  layoutUsed: 'layered' | 'force' | undefined;
  /** Benchmark and test probes: first ready frame, and click-to-paint time. */
  ready = false;
  readyAt = 0;
  lastClickMs: number | undefined;
  private clickAt = 0;
  private pendingReady = false;
  private generation = 0;
  private crit: Map<string, number> | undefined;
  private communityIndex = new Map<string, number>();
  /** The map carries health (`--status`): it opens coloured by it. */
  readonly hasHealth: boolean;
  /** What an empty URL fragment means for this map. */
  readonly defaults: ViewState;
  private visHealth: { vis: VisibleGraph; status: Map<string, HealthStatus> } | undefined;

  constructor(
    readonly g: DataflowGraph,
    stage: HTMLElement,
    private readonly hooks: AppHooks,
    private readonly hover: (n: SceneNode | undefined, x: number, y: number) => void,
    private readonly layout: LayoutClient,
  ) {
    this.hasHealth = mapHasHealth(g);
    // a migration plan opens coloured by wave (its waves are the subsystems), health by health
    this.defaults = defaultViewState(this.hasHealth ? 'health' : hasPlan(g) ? 'subsystem' : 'kind');
    this.state = this.decode(location.hash);
    this.groupings = new Groupings(g);
    let i = 0;
    for (const id of this.groupings.get('community').groups.keys()) this.communityIndex.set(id, i++);
    this.view = new CanvasView(stage, {
      click: (id) => this.clicked(id),
      hover: (n, x, y) => this.hover(n, x, y),
      painted: () => this.painted(),
    });
    window.addEventListener('hashchange', () => {
      if (location.hash.replace(/^#/, '') !== encodeViewState(this.state, this.defaults))
        void this.setState(this.decode(location.hash));
    });
  }

  private decode(hash: string): ViewState {
    const s = decodeViewState(hash, this.defaults);
    if (s.colorBy === 'health' && !this.hasHealth) s.colorBy = 'kind';
    return s;
  }

  /** A visible node's health status: its own, or an aggregate's worst member's. */
  healthStatus(id: string): HealthStatus {
    const vis = this.vis;
    if (!vis) return 'unknown';
    if (this.visHealth?.vis !== vis) this.visHealth = { vis, status: new Map() };
    const memo = this.visHealth.status;
    let s = memo.get(id);
    if (s === undefined) {
      const members = vis.nodes.get(id)?.members ?? [id];
      s = worstStatus(members.filter((m) => this.g.hasNode(m)).map((m) => statusOf(this.g, m)));
      memo.set(id, s);
    }
    return s;
  }

  criticality(id: string): number | undefined {
    if (!this.state.sizeByCriticality) return undefined;
    this.crit ??= criticalityOf(this.g);
    return this.crit.get(id);
  }

  communityName(id: string): string | undefined {
    const c = this.groupings.get('community');
    const gid = c.groupOf.get(id);
    return gid ? c.groups.get(gid)?.name : undefined;
  }

  async start(): Promise<void> {
    await this.rebuild(true);
  }

  /** Apply a change; a selection the view does not show first changes the view to show it. */
  async change(patch: Partial<ViewState>, opts: { center?: boolean } = { center: true }): Promise<void> {
    let next = { ...this.state, ...patch };
    if (patch.selected && this.vis)
      next = { ...next, ...revealPatch(this.g, this.vis, next, this.groupings, patch.selected) };
    if (patch.selected === undefined && 'selected' in patch) next.impact = false;
    await this.setState(next);
    if (patch.selected && opts.center) this.showSelection();
  }

  /** Bring the selection and its lineage into view (all of it when it fits at a readable scale). */
  private showSelection(): void {
    const rep = this.state.selected ? this.vis?.repOf.get(this.state.selected) : undefined;
    if (!rep || !this.scene) return;
    const ids = [rep, ...this.highlight.up, ...this.highlight.down];
    if (!this.view.fitNodes(ids, 0.55)) this.view.centerOn(rep);
  }

  private async setState(next: ViewState): Promise<void> {
    const prev = this.state;
    this.state = next;
    const hash = encodeViewState(next, this.defaults);
    if (location.hash.replace(/^#/, '') !== hash)
      history.replaceState(null, '', hash ? `#${hash}` : location.pathname + location.search);
    const changed = (Object.keys(next) as Array<keyof ViewState>).filter(
      (k) => JSON.stringify(prev[k]) !== JSON.stringify(next[k]),
    );
    if (changed.some((k) => !HIGHLIGHT_ONLY.includes(k))) await this.rebuild(false);
    else this.repaint();
  }

  private clicked(id: string | undefined): void {
    this.clickAt = performance.now();
    this.hover(undefined, 0, 0);
    const node = id ? this.vis?.nodes.get(id) : undefined;
    if (node?.kind === 'group' && id) {
      const host = id.startsWith('group:host:') ? id.slice('group:host:'.length) : undefined;
      void this.change(
        host ? { host, group: undefined, selected: undefined } : { group: id, selected: undefined },
      );
      return;
    }
    const target = node && node.members.length === 1 ? node.members[0] : id;
    void this.change({ selected: target }, { center: false });
  }

  private painted(): void {
    if (this.clickAt) {
      this.lastClickMs = performance.now() - this.clickAt;
      this.clickAt = 0;
    }
    if (this.pendingReady) {
      this.pendingReady = false;
      this.ready = true;
      if (!this.readyAt) this.readyAt = performance.now();
      this.hooks.rendered(this);
    }
  }

  private scale(id: string): number {
    if (!this.state.sizeByCriticality) return 1;
    const v = this.vis?.nodes.get(id);
    const c = Math.max(0, ...(v?.members ?? [id]).map((m) => this.criticality(m) ?? 0));
    return 1 + 1.2 * c;
  }

  currentPainter(): Painter {
    return createPainter(
      this.highlight,
      this.state.colorBy,
      this.communityIndex,
      (id) => this.healthStatus(id),
      mapHasDiff(this.g) ? (id) => this.diffStatus(id) : undefined,
    );
  }

  /** A visible node's change in a diff map: its own, or its members'. */
  diffStatus(id: string): DiffStatus | undefined {
    const members = this.vis?.nodes.get(id)?.members ?? [id];
    return groupDiff(members.map((m) => diffOf(this.g, m)));
  }

  private repaint(): void {
    if (!this.vis) return;
    this.highlight = computeHighlight(this.g, this.vis, this.state.selected, this.state.impact);
    this.view.setPainter(this.currentPainter());
    this.hooks.changed(this);
  }

  private async rebuild(first: boolean): Promise<void> {
    const gen = ++this.generation;
    this.ready = false;
    if (this.state.sizeByCriticality && !this.crit) {
      this.hooks.status('Measuring criticality (impact, dominators, betweenness)…');
      await new Promise((r) => requestAnimationFrame(r));
      if (gen !== this.generation) return;
    }
    performance.mark('dfmap:visible-start');
    const vis = computeVisible(this.g, this.state, this.groupings);
    performance.mark('dfmap:visible-done');
    this.vis = vis;
    this.highlight = computeHighlight(this.g, vis, this.state.selected, this.state.impact);
    const tooBig = vis.nodes.size > LAYERED_LIMIT;
    const mode: NodeStyleMode = this.state.layout === 'force' || tooBig ? 'compact' : 'boxed';
    const input = layoutInput(vis, mode, (id) => this.scale(id));
    this.hooks.changed(this);
    this.hooks.status(`Laying out ${vis.nodes.size} nodes…`);
    document.body.dataset.busy = 'true';
    let shown = false;
    const out = await this.layout.run(
      mode === 'boxed' ? 'layered' : 'force',
      input.nodes,
      input.edges,
      (partial) => {
        if (gen !== this.generation) return;
        this.scene = buildScene(vis, input.nodes, partial, mode);
        this.view.setScene(this.scene, this.currentPainter(), !shown);
        shown = true;
      },
    );
    if (gen !== this.generation) return;
    performance.mark('dfmap:layout-done');
    this.layoutMs = out.ms;
    this.layoutUsed = mode === 'boxed' ? 'layered' : 'force';
    this.scene = buildScene(vis, input.nodes, out, mode);
    this.pendingReady = true;
    this.view.setScene(this.scene, this.currentPainter(), !shown || first || mode === 'boxed');
    delete document.body.dataset.busy;
    const note =
      tooBig && this.state.layout === 'layered' ? ` (over ${LAYERED_LIMIT} nodes: force layout)` : '';
    this.hooks.status(
      `${vis.nodes.size} nodes, ${vis.edges.length} edges shown, laid out in ${Math.round(out.ms)} ms${note}`,
    );
    this.hooks.changed(this);
  }
}
