/**
 * The panel's health block (maps exported or served with --status): the node's status, since when,
 * the evidence it rests on (file:line and the line itself) and the nodes it was derived from.
 */
import type { DataflowGraph } from '../../../src/graph/types.js';
import {
  evidencePlace,
  formatHealthTime,
  HEALTH_STYLES,
  type HealthStatus,
  healthOf,
  summaryParts,
} from '../health.js';
import type { ViewState } from '../state/view-state.js';
import { h } from './dom.js';

export interface HealthPanelContext {
  g: DataflowGraph;
  state: ViewState;
  hasHealth: boolean;
}

export function statusBadge(s: HealthStatus): HTMLElement {
  const st = HEALTH_STYLES[s];
  return h(
    'span',
    { className: 'status', id: 'health-status', style: `background:${st.fill};border-color:${st.stroke}` },
    st.title,
  );
}

/** Status, since when, the evidence (file:line and the line) and what it was derived from. */
export function healthSection(
  ctx: HealthPanelContext,
  id: string,
  link: (id: string) => HTMLElement,
): HTMLElement | null {
  if (!ctx.hasHealth) return null;
  const { g } = ctx;
  const hs = healthOf(g, id);
  const at = g.getAttribute('healthAt');
  const judged =
    typeof at === 'string' && !Number.isNaN(Date.parse(at))
      ? h('p', { className: 'meta' }, `as the server's records showed at ${formatHealthTime(at, g)}`)
      : null;
  if (!hs) {
    return h(
      'section',
      { className: 'health', id: 'health', 'data-status': 'unknown' },
      h('h3', {}, 'Health: ', statusBadge('unknown')),
      judged,
    );
  }
  const since = hs.since ? ` since ${formatHealthTime(hs.since, g)}` : '';
  const parts = summaryParts(hs.summary);
  const items = hs.evidence.map((e) => {
    const place = evidencePlace(e);
    return h(
      'li',
      {},
      place ? h('span', { className: 'loc' }, place) : null,
      // an mtime's text already says when
      e.time && e.source !== 'mtime'
        ? h('span', { className: 'when' }, ` ${formatHealthTime(e.time, g)}`)
        : null,
      h('code', {}, e.text),
    );
  });
  return h(
    'section',
    { className: 'health', id: 'health', 'data-status': hs.status },
    h(
      'h3',
      {},
      'Health: ',
      statusBadge(hs.status),
      h('span', { id: 'health-since' }, `${parts.note ? ` ${parts.note}` : ''}${since}`),
    ),
    h('p', { className: 'summary', id: 'health-summary' }, parts.detail),
    items.length ? h('ul', { className: 'evidence', id: 'health-evidence' }, ...items) : null,
    hs.derivedFrom.length
      ? h('p', { className: 'because' }, 'because of ', ...hs.derivedFrom.map(link))
      : null,
    judged,
  );
}
