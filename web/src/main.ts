/** Entry point: load the map, build the page, start the controller. */
import './style.css';
import { App } from './app.js';
import { toGraph } from './data/graph.js';
import { loadMapData } from './data/load.js';
import { type DiffStatus, diffOf, mapHasDiff } from './diff.js';
import { type HealthStatus, statusOf } from './health.js';
import { installProbe } from './inspect.js';
import { LayoutClient } from './layout/client.js';
import { sceneToSvg } from './render/svg.js';
import { breadcrumb } from './ui/breadcrumb.js';
import { download, h } from './ui/dom.js';
import { Legend } from './ui/legend.js';
import { renderPanel } from './ui/panel.js';
import { SearchBox } from './ui/search.js';
import { Toolbar } from './ui/toolbar.js';
import { Tooltip } from './ui/tooltip.js';
import { hostOf } from './view/grouping.js';
import { countNonData } from './view/non-data.js';

function fileStem(app: App): string {
  const host = app.g.getAttribute('host');
  return `dfmap-${typeof host === 'string' && host ? host.replace(/[^\w.-]+/g, '_') : 'map'}`;
}

async function boot(root: HTMLElement): Promise<void> {
  performance.mark('dfmap:boot');
  // the worker loads ELK (1.6 MB) while the page parses the map
  const layout = new LayoutClient();
  const { data } = await loadMapData();
  performance.mark('dfmap:data');
  const g = toGraph(data);
  performance.mark('dfmap:graph');
  const tooltip = new Tooltip();
  const stage = h('div', { id: 'stage' });
  const panel = h('aside', { id: 'panel', 'aria-live': 'polite' });
  const crumbs = h('nav', { id: 'breadcrumb', 'aria-label': 'Where you are' });
  const status = h('div', { id: 'status', role: 'status' });
  const kinds = new Set<string>();
  const health = new Map<HealthStatus, number>();
  g.forEachNode((n, a) => {
    kinds.add(a.kind);
    const s = statusOf(g, n);
    health.set(s, (health.get(s) ?? 0) + 1);
  });
  const diffCounts = mapHasDiff(g) ? new Map<DiffStatus, number>() : undefined;
  if (diffCounts) {
    g.forEachNode((n) => {
      const d = diffOf(g, n);
      if (d) diffCounts.set(d, (diffCounts.get(d) ?? 0) + 1);
    });
  }
  const legend = new Legend(kinds);
  let app: App;
  const search = new SearchBox(g, (id) => void app.change({ selected: id }));
  const hosts = [...new Set(g.mapNodes((n) => hostOf(g, n)))].sort();
  app = new App(
    g,
    stage,
    {
      rendered: () => {
        document.body.dataset.ready = 'true';
      },
      changed: (a) => {
        renderPanel(panel, a, {
          select: (id) => void a.change({ selected: id }),
          focus: (id, radius) => void a.change({ focus: id, radius, group: undefined }),
          impact: (on) => void a.change({ impact: on }),
        });
        legend.update(a.state.colorBy, health, diffCounts);
        toolbar.sync(a.state, a.vis?.overview ?? false, Boolean(a.state.group), a.vis?.flows);
        crumbs.replaceChildren(...breadcrumb(a, (patch) => void a.change(patch)));
      },
      status: (text) => {
        status.textContent = text;
      },
    },
    (n, x, y) =>
      tooltip.show(n, x, y, n && app.state.colorBy === 'health' ? app.healthStatus(n.id) : undefined),
    layout,
  );
  const subsystems = [...app.groupings.get('community').groups.values()].map((c) => ({
    id: c.id,
    name: `${c.name} (${c.members.length})`,
  }));
  const toolbar = new Toolbar(
    search.el,
    { hosts, subsystems, hasHealth: app.hasHealth, nonData: countNonData(g) },
    {
      change: (patch) => void app.change(patch),
      fit: () => app.view.fit(),
      savePng: () => {
        app.view.paint();
        app.view.canvas.toBlob((b) => b && download(b, `${fileStem(app)}.png`), 'image/png');
      },
      saveSvg: () => {
        if (!app.scene) return;
        const { width, height } = app.view.size;
        const svg = sceneToSvg(app.scene, app.currentPainter(), app.view.camera, width, height);
        download(new Blob([svg], { type: 'image/svg+xml' }), `${fileStem(app)}.svg`);
      },
    },
  );
  legend.update(app.state.colorBy, health, diffCounts);
  stage.append(crumbs, legend.el, status, tooltip.el);
  root.replaceChildren(toolbar.el, h('main', {}, stage, panel));
  installProbe(app);
  await app.start();
}

const root = document.getElementById('app');
if (root) {
  boot(root).catch((err: unknown) => {
    root.replaceChildren(
      h('div', { className: 'fatal' }, h('h1', {}, 'dfmap could not open this map'), h('p', {}, String(err))),
    );
  });
}
