/** The panel with nothing selected: what this map is, and how to use the viewer. */
import type { DataflowGraph } from '../../../src/graph/types.js';
import { formatHealthTime, HEALTH_ORDER, HEALTH_STYLES, type HealthStatus, healthOf } from '../health.js';
import { KIND_STYLES } from '../kinds.js';
import { countNonData } from '../view/non-data.js';
import type { VisibleGraph } from '../view/types.js';
import { h } from './dom.js';

/** `Health at Nov 26 09:00: 3 down, 3 failing, ...`, each with its colour; null without health. */
function healthLine(g: DataflowGraph): HTMLElement | null {
  const counts = new Map<HealthStatus, number>();
  let judged = 0;
  g.forEachNode((n) => {
    const s = healthOf(g, n)?.status;
    if (s) judged++;
    counts.set(s ?? 'unknown', (counts.get(s ?? 'unknown') ?? 0) + 1);
  });
  if (judged === 0) return null;
  const at = g.getAttribute('healthAt');
  const when =
    typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? ` at ${formatHealthTime(at, g)}` : '';
  return h(
    'div',
    { className: 'health-counts', id: 'health-counts' },
    h('h3', {}, `Health${when}`),
    h(
      'ul',
      { className: 'counts' },
      ...HEALTH_ORDER.filter((s) => counts.get(s)).map((s) =>
        h(
          'li',
          { 'data-status': s },
          h('span', {
            className: 'dot',
            style: `background:${HEALTH_STYLES[s].fill};border-color:${HEALTH_STYLES[s].stroke}`,
          }),
          `${counts.get(s)} ${HEALTH_STYLES[s].title}`,
        ),
      ),
    ),
  );
}

export function mapSummary(g: DataflowGraph, vis: VisibleGraph | undefined): HTMLElement[] {
  const counts = new Map<string, number>();
  g.forEachNode((_n, a) => counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1));
  const host = g.getAttribute('host');
  const scanned = g.getAttribute('scannedAt');
  const warnings = g.getAttribute('warnings');
  const rows = [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, c]) =>
      h(
        'li',
        {},
        h('span', { className: `dot kind-${k}` }),
        `${c} ${KIND_STYLES[k as keyof typeof KIND_STYLES]?.title ?? k}`,
      ),
    );
  const flows = vis?.flows;
  const hint = vis?.overview
    ? 'This map is large, so it opens on its hosts or subsystems, each named by what sets it apart. Click one to open it. ' +
      (flows && flows.total > flows.strongest
        ? `The arrows are the strongest ${flows.strongest} of the ${flows.total} flows between them, each with how many edges it stands for ("Show all flows" draws the rest).`
        : 'The number on an arrow counts the flows between two of them.')
    : 'Click a node to see what feeds it (blue) and what it feeds (orange). Drag to pan, scroll to zoom, press / to search.';
  const nonData = countNonData(g);
  return [
    h(
      'header',
      {},
      h('h2', { id: 'panel-title' }, typeof host === 'string' && host ? `Map of ${host}` : 'Dataflow map'),
    ),
    h(
      'p',
      { className: 'meta' },
      `${g.order} nodes, ${g.size} edges`,
      typeof scanned === 'string' ? `, scanned ${scanned}` : '',
    ),
    h('ul', { className: 'counts' }, ...rows),
    nonData
      ? h(
          'p',
          { className: 'meta', id: 'nondata-note' },
          `${nonData} of the files are logs, lock or temporary files: drawn dimmed, in no subsystem of their own (Filters hides them).`,
        )
      : null,
    healthLine(g),
    Array.isArray(warnings) && warnings.length
      ? h('p', { className: 'meta' }, `${warnings.length} scan warnings (dfmap lint, dfmap scan output)`)
      : null,
    h('p', { className: 'hint' }, hint),
  ].filter((x): x is HTMLElement => x !== null);
}
