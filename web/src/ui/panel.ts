/**
 * The side panel: everything known about the selected node (kind, path, schedule in words and as
 * written, evidence file:line with the line's text, degrees, impact, subsystem), with its lineage as
 * clickable lists. With nothing selected it summarises the map.
 */

import { scheduleInWords } from '../../../src/analyses/schedule/in-words.js';
import type { DataflowGraph, EdgeSources } from '../../../src/graph/types.js';
import type { Evidence } from '../../../src/model/evidence.js';
import { fullName, nodeLabel } from '../data/graph.js';
import { HEALTH_ORDER, HEALTH_STYLES, statusOf } from '../health.js';
import { KIND_STYLES } from '../kinds.js';
import type { ViewState } from '../state/view-state.js';
import type { Highlight } from '../view/highlight.js';
import type { VisibleGraph } from '../view/types.js';
import { append, clear, h } from './dom.js';
import { healthSection } from './health-panel.js';
import { mapSummary } from './summary.js';

export interface PanelActions {
  select(id: string | undefined): void;
  focus(id: string | undefined, radius: number): void;
  impact(on: boolean): void;
}

export interface PanelContext {
  g: DataflowGraph;
  state: ViewState;
  vis: VisibleGraph | undefined;
  highlight: Highlight;
  /** The map carries health (exported or served with --status). */
  hasHealth: boolean;
  communityName(id: string): string | undefined;
  criticality(id: string): number | undefined;
}

const LIST_LIMIT = 40;

function row(term: string, ...value: Array<Node | string>): HTMLElement[] {
  return [h('dt', {}, term), h('dd', {}, ...value)];
}

/** A list dot: the kind's colours, or the node's health colours when the view is coloured by health. */
function dot(ctx: PanelContext, id: string, kind: string): HTMLElement {
  if (ctx.state.colorBy !== 'health') return h('span', { className: `dot kind-${kind}` });
  const st = HEALTH_STYLES[statusOf(ctx.g, id)];
  return h('span', {
    className: 'dot',
    title: st.title,
    style: `background:${st.fill};border-color:${st.stroke}`,
  });
}

function nodeLink(ctx: PanelContext, id: string, actions: PanelActions): HTMLElement {
  const g = ctx.g;
  const a = g.getNodeAttributes(id);
  return h(
    'button',
    {
      type: 'button',
      className: 'link',
      title: fullName(id, a),
      'data-id': id,
      onclick: () => actions.select(id),
    },
    dot(ctx, id, a.kind),
    nodeLabel(g, id),
  );
}

function nodeList(
  ctx: PanelContext,
  title: string,
  ids: Set<string>,
  cls: string,
  actions: PanelActions,
): HTMLElement {
  // coloured by health, the worst come first: what upstream is broken is what one looks for
  const rank = (id: string) =>
    ctx.state.colorBy === 'health' ? HEALTH_ORDER.indexOf(statusOf(ctx.g, id)) : 0;
  const sorted = [...ids].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const items = sorted.slice(0, LIST_LIMIT).map((id) => h('li', {}, nodeLink(ctx, id, actions)));
  const more =
    sorted.length > LIST_LIMIT
      ? h('li', { className: 'more' }, `…and ${sorted.length - LIST_LIMIT} more`)
      : null;
  return h(
    'details',
    { className: `lineage ${cls}`, open: sorted.length > 0 && sorted.length <= 25 },
    h('summary', {}, `${title} (${sorted.length})`),
    h('ul', {}, ...items, more),
  );
}

function evidenceItem(e: Evidence): HTMLElement {
  return h(
    'li',
    {},
    h('span', { className: 'loc' }, `${e.file}:${e.line}`),
    ' ',
    h('span', { className: 'construct' }, e.construct),
    e.snippet ? h('code', {}, e.snippet) : null,
  );
}

/** Where the edge was learned: read in the code, seen in traced runs (how often, when last), or both. */
function sourcesBadge(sources: EdgeSources | undefined): HTMLElement | null {
  if (!sources) return null;
  const parts: string[] = [];
  if (sources.static) parts.push('static');
  if (sources.declared) parts.push('declared');
  const o = sources.observed;
  if (o) {
    const seen =
      o.count > 0 ? `observed ${o.count}× in ${o.runs} run${o.runs === 1 ? '' : 's'}` : 'missing when run';
    parts.push(o.lastSeen ? `${seen}, last ${o.lastSeen.slice(0, 16).replace('T', ' ')}` : seen);
  }
  const only = o && !sources.static && !sources.declared ? ' sources-observed-only' : '';
  return h('span', { className: `sources${only}`, title: 'where this edge was learned' }, parts.join(' + '));
}

function evidenceSection(ctx: PanelContext, id: string, actions: PanelActions): HTMLElement {
  const g = ctx.g;
  const items: HTMLElement[] = [];
  const add = (edge: string, other: string, arrow: string) => {
    const a = g.getEdgeAttributes(edge);
    items.push(
      h(
        'li',
        { className: 'edge' },
        h(
          'div',
          { className: 'edge-head' },
          h('span', { className: `ekind ekind-${a.kind}` }, `${a.kind} ${arrow}`),
          ' ',
          nodeLink(ctx, other, actions),
          h('span', { className: 'conf' }, a.confidence),
          sourcesBadge(a.sources as EdgeSources | undefined),
        ),
        a.evidence.length
          ? h('ul', { className: 'evidence' }, ...a.evidence.map(evidenceItem))
          : h('div', { className: 'none' }, 'no evidence recorded'),
      ),
    );
  };
  g.forEachInEdge(id, (e, _a, src) => add(e, src, '←'));
  g.forEachOutEdge(id, (e, _a, _s, dst) => add(e, dst, '→'));
  return h('section', { className: 'evidence-list' }, h('h3', {}, 'Evidence'), h('ul', {}, ...items));
}

function schedules(g: DataflowGraph, id: string): HTMLElement[] {
  const jobs =
    g.getNodeAttribute(id, 'kind') === 'job'
      ? [id]
      : g.inNeighbors(id).filter((n) => g.getNodeAttribute(n, 'kind') === 'job');
  return jobs.flatMap((j) => {
    const s = g.getNodeAttribute(j, 'schedule');
    if (typeof s !== 'string') return [];
    const words = scheduleInWords(s);
    return row('Schedule', h('span', { className: 'words' }, words ?? 'as written'), ' ', h('code', {}, s));
  });
}

function details(ctx: PanelContext, id: string): HTMLElement[] {
  const { g, highlight: hl } = ctx;
  const a = g.getNodeAttributes(id);
  const dl = h('dl', {});
  append(dl, ...row('Kind', KIND_STYLES[a.kind]?.title ?? a.kind));
  const name = fullName(id, a);
  if (a.kind !== 'job')
    append(dl, ...row(a.kind === 'table' ? 'Table' : a.url ? 'URL' : 'Path', h('code', {}, name)));
  append(dl, ...schedules(g, id));
  for (const [k, label] of [
    ['command', 'Command'],
    ['user', 'User'],
    ['scheduler', 'Scheduler'],
    ['language', 'Language'],
    ['source', 'Defined in'],
  ] as const) {
    const v = a[k];
    if (typeof v === 'string' && v)
      append(dl, ...row(label, h('code', {}, k === 'source' && a.line ? `${v}:${a.line}` : v)));
  }
  if (a.partial) append(dl, ...row('Note', 'part of the name is unknown (*)'));
  if (a.missing) append(dl, ...row('Note', 'named by a job but missing on the server'));
  append(dl, ...row('Degree', `${g.inDegree(id)} in, ${g.outDegree(id)} out`));
  const impactText = hl.impact
    ? `${hl.impact.size} nodes, ${hl.outputs.length} final output${hl.outputs.length === 1 ? '' : 's'}`
    : `${hl.downstream.size} downstream nodes`;
  append(dl, ...row('Impact', h('span', { id: 'impact-count' }, impactText)));
  const c = ctx.criticality(id);
  if (c !== undefined) append(dl, ...row('Criticality', c.toFixed(2)));
  const community = ctx.communityName(id);
  if (community) append(dl, ...row('Subsystem', community));
  return [dl];
}

function controls(ctx: PanelContext, id: string, actions: PanelActions): HTMLElement {
  const radius = h('input', {
    type: 'number',
    min: 1,
    max: 10,
    value: ctx.state.radius,
    id: 'ego-radius',
    'aria-label': 'radius',
  });
  radius.addEventListener('change', () => actions.focus(id, Number(radius.value) || 1));
  const focused = ctx.state.focus === id;
  return h(
    'div',
    { className: 'actions' },
    h(
      'button',
      {
        type: 'button',
        id: 'focus-btn',
        onclick: () => actions.focus(focused ? undefined : id, Number(radius.value) || 1),
      },
      focused ? 'Leave focus' : 'Focus neighbours',
    ),
    h('label', {}, ' radius ', radius),
    h(
      'button',
      {
        type: 'button',
        id: 'impact-btn',
        className: ctx.state.impact ? 'on' : '',
        onclick: () => actions.impact(!ctx.state.impact),
      },
      'What breaks if this fails?',
    ),
    h('button', { type: 'button', onclick: () => actions.select(undefined) }, 'Clear'),
  );
}

export function renderPanel(el: HTMLElement, ctx: PanelContext, actions: PanelActions): void {
  clear(el);
  const id = ctx.state.selected;
  if (!id || !ctx.g.hasNode(id)) {
    append(el, ...mapSummary(ctx.g, ctx.vis));
    return;
  }
  const a = ctx.g.getNodeAttributes(id);
  const hl = ctx.highlight;
  const impactBlock = hl.impact
    ? h(
        'section',
        { className: 'impact' },
        h(
          'h3',
          {},
          `If this fails: ${hl.outputs.length} final output${hl.outputs.length === 1 ? '' : 's'} go stale`,
        ),
        h(
          'ul',
          {},
          ...hl.outputs
            .sort()
            .slice(0, LIST_LIMIT)
            .map((o) => h('li', {}, nodeLink(ctx, o, actions))),
        ),
      )
    : null;
  append(
    el,
    h(
      'header',
      {},
      h('span', { className: `badge kind-${a.kind}` }, a.kind),
      h('h2', { id: 'panel-title' }, nodeLabel(ctx.g, id)),
    ),
    h('div', { className: 'node-id' }, id),
    healthSection(ctx, id, (d) => nodeLink(ctx, d, actions)),
    ...details(ctx, id),
    controls(ctx, id, actions),
    impactBlock,
    nodeList(ctx, 'Upstream', hl.upstream, 'up', actions),
    nodeList(ctx, 'Downstream', hl.downstream, 'down', actions),
    evidenceSection(ctx, id, actions),
  );
}
