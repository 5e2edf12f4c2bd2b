/** Where the view is: the whole map or its overview, a host, a subsystem, a focus, filters. */
import type { App } from '../app.js';
import { nodeLabel } from '../data/graph.js';
import type { ViewState } from '../state/view-state.js';
import { h } from './dom.js';

type Change = (p: Partial<ViewState>) => void;

const sep = () => h('span', { className: 'sep' }, '›');

function crumb(text: string, current: boolean, onclick: () => void): HTMLElement {
  return current
    ? h('span', { className: 'crumb current' }, text)
    : h('button', { type: 'button', className: 'crumb', onclick }, text);
}

export function breadcrumb(app: App, change: Change): Node[] {
  const s = app.state;
  const out: Node[] = [];
  const atRoot = !s.group && !s.focus && !s.host;
  const root = app.vis?.overview && atRoot ? 'Overview' : 'Whole map';
  out.push(crumb(root, atRoot, () => change({ group: undefined, focus: undefined, host: undefined })));
  if (s.host) {
    out.push(
      sep(),
      crumb(`host ${s.host}`, !s.group && !s.focus, () => change({ group: undefined, focus: undefined })),
    );
  }
  if (s.group) {
    const gr = app.groupings.get('community').groups.get(s.group);
    out.push(
      sep(),
      crumb(`subsystem ${gr?.name ?? s.group} (${gr?.members.length ?? 0})`, !s.focus, () =>
        change({ focus: undefined }),
      ),
    );
  }
  if (s.focus && app.g.hasNode(s.focus)) {
    const label = nodeLabel(app.g, s.focus);
    out.push(
      sep(),
      crumb(`neighbours of ${label} (radius ${s.radius})`, true, () => undefined),
      h(
        'button',
        {
          type: 'button',
          className: 'chip',
          title: 'leave focus',
          onclick: () => change({ focus: undefined }),
        },
        '×',
      ),
    );
  }
  const subsystem = s.subsystem ? app.groupings.get('community').groups.get(s.subsystem)?.name : undefined;
  const filters = [
    s.hiddenKinds.length ? `hiding ${s.hiddenKinds.join(', ')}` : '',
    s.showNonData ? '' : 'hiding logs, locks, temp files',
    subsystem ? `subsystem ${subsystem}` : '',
  ].filter(Boolean);
  if (filters.length) {
    out.push(
      h('span', { className: 'filters-note' }, ` · ${filters.join(' · ')} `),
      h(
        'button',
        {
          type: 'button',
          className: 'chip',
          onclick: () => change({ hiddenKinds: [], subsystem: undefined, showNonData: true }),
        },
        'clear filters',
      ),
    );
  }
  return out;
}
