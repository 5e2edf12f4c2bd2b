/**
 * The toolbar: view controls bound to the view state. Every control has a label and an id (for
 * keyboard users, screen readers and the browser tests).
 */
import type { NodeKind } from '../../../src/model/kinds.js';
import { KIND_STYLES, LEGEND_KINDS } from '../kinds.js';
import type { ViewState } from '../state/view-state.js';
import { h } from './dom.js';

export interface ToolbarActions {
  change(patch: Partial<ViewState>): void;
  fit(): void;
  savePng(): void;
  saveSvg(): void;
}

export interface ToolbarOptions {
  hosts: string[];
  subsystems: Array<{ id: string; name: string }>;
  /** The map carries health (exported or served with --status). */
  hasHealth: boolean;
  /** How many logs, lock and temporary files the map has. */
  nonData: number;
}

function select(
  id: string,
  label: string,
  options: Array<[string, string]>,
  onChange: (v: string) => void,
): HTMLLabelElement {
  const s = h('select', { id }, ...options.map(([v, t]) => h('option', { value: v }, t)));
  s.addEventListener('change', () => onChange(s.value));
  return h('label', { className: 'ctl' }, label, s);
}

function check(id: string, label: string, onChange: (v: boolean) => void): HTMLLabelElement {
  const c = h('input', { type: 'checkbox', id });
  c.addEventListener('change', () => onChange(c.checked));
  return h('label', { className: 'ctl check' }, c, label);
}

export class Toolbar {
  readonly el: HTMLElement;

  constructor(
    search: HTMLElement,
    opts: ToolbarOptions,
    private readonly actions: ToolbarActions,
  ) {
    const a = actions;
    const kinds = h(
      'details',
      { className: 'filters' },
      h('summary', {}, 'Filters'),
      h(
        'div',
        { className: 'popover' },
        h(
          'fieldset',
          {},
          h('legend', {}, 'Kinds shown'),
          ...LEGEND_KINDS.map((k) => this.kindBox(k as NodeKind)),
          check('show-nondata', `logs, locks, temp files (${opts.nonData}, dimmed)`, (v) =>
            a.change({ showNonData: v }),
          ),
          check('overview-logs', '… counted in the overview too', (v) =>
            a.change({ overviewWithLogs: v, ...(v ? { showNonData: true } : {}) }),
          ),
        ),
        select(
          'filter-host',
          'Host ',
          [['', 'all hosts'], ...opts.hosts.map((x): [string, string] => [x, x])],
          (v) => a.change({ host: v || undefined, group: undefined }),
        ),
        select(
          'filter-subsystem',
          'Subsystem ',
          [['', 'all subsystems'], ...opts.subsystems.map((s): [string, string] => [s.id, s.name])],
          (v) => a.change({ subsystem: v || undefined, group: undefined }),
        ),
      ),
    );
    const display = h(
      'details',
      { className: 'filters' },
      h('summary', {}, 'Display'),
      h(
        'div',
        { className: 'popover' },
        select(
          'layout',
          'Layout ',
          [
            ['layered', 'Layered (left to right)'],
            ['force', 'Force (clusters)'],
          ],
          (v) => a.change({ layout: v === 'force' ? 'force' : 'layered' }),
        ),
        select(
          'group-by',
          'Overview ',
          [
            ['community', 'subsystems'],
            ['host', 'hosts'],
          ],
          (v) => a.change({ groupBy: v === 'host' ? 'host' : 'community', group: undefined }),
        ),
        check('show-invokes', 'invokes edges', (v) => a.change({ showInvokes: v })),
        check('size-crit', 'size by criticality', (v) => a.change({ sizeByCriticality: v })),
        check('collapse-tables', 'tables into database', (v) => a.change({ collapseTables: v })),
        check('collapse-files', 'files into directory', (v) => a.change({ collapseFiles: v })),
      ),
    );
    this.el = h(
      'header',
      { id: 'toolbar' },
      h('strong', { className: 'brand' }, 'dfmap'),
      search,
      h(
        'button',
        {
          type: 'button',
          id: 'overview-btn',
          onclick: () => a.change({ group: undefined, focus: undefined, showAll: false }),
        },
        'Whole map',
      ),
      h(
        'button',
        { type: 'button', id: 'show-all-btn', onclick: () => a.change({ showAll: true, group: undefined }) },
        'Show every node',
      ),
      h('button', { type: 'button', id: 'flows-btn', onclick: () => this.toggleFlows() }, 'Show all flows'),
      kinds,
      display,
      this.colorBy(opts.hasHealth),
      h('span', { className: 'spacer' }),
      h(
        'button',
        { type: 'button', id: 'fit-btn', title: 'Fit to screen (0)', onclick: () => a.fit() },
        'Fit',
      ),
      h('button', { type: 'button', id: 'png-btn', onclick: () => a.savePng() }, 'PNG'),
      h('button', { type: 'button', id: 'svg-btn', onclick: () => a.saveSvg() }, 'SVG'),
    );
  }

  /** Colour by kind, subsystem or health; health only means something for a map exported with --status. */
  private colorBy(hasHealth: boolean): HTMLLabelElement {
    const label = select(
      'color-by',
      'Colour ',
      [
        ['kind', 'by kind'],
        ['subsystem', 'by subsystem'],
        ['health', 'by health'],
      ],
      (v) => this.actions.change({ colorBy: v === 'subsystem' || v === 'health' ? v : 'kind' }),
    );
    const health = label.querySelector<HTMLOptionElement>('option[value="health"]');
    if (health && !hasHealth) {
      health.disabled = true;
      health.textContent = 'by health (no data)';
      label.title = 'this map carries no health: export it with --status, or run dfmap view --status';
    }
    return label;
  }

  private kindBox(k: NodeKind): HTMLLabelElement {
    const c = h('input', { type: 'checkbox', 'data-kind': k, id: `kind-${k}` });
    c.addEventListener('change', () => {
      const boxes = this.el.querySelectorAll<HTMLInputElement>('input[data-kind]');
      const hidden = [...boxes].filter((b) => !b.checked).map((b) => b.dataset.kind as NodeKind);
      this.actions.change({ hiddenKinds: hidden });
    });
    return h(
      'label',
      { className: 'ctl check' },
      c,
      h('span', { className: `dot kind-${k}` }),
      KIND_STYLES[k].title,
    );
  }

  private allFlows = false;

  private toggleFlows(): void {
    this.actions.change({ allFlows: !this.allFlows });
  }

  /** Reflect the state in the controls (after a URL change, a drill-down, a reset). */
  sync(
    s: ViewState,
    overview: boolean,
    drilled: boolean,
    flows?: { strongest: number; total: number },
  ): void {
    const q = <T extends HTMLElement>(sel: string) => this.el.querySelector<T>(sel);
    for (const b of this.el.querySelectorAll<HTMLInputElement>('input[data-kind]')) {
      b.checked = !s.hiddenKinds.includes(b.dataset.kind as NodeKind);
    }
    const set = (id: string, v: string) => {
      const el = q<HTMLSelectElement>(`#${id}`);
      if (el) el.value = v;
    };
    set('filter-host', s.host ?? '');
    set('filter-subsystem', s.subsystem ?? '');
    set('layout', s.layout);
    set('color-by', s.colorBy);
    set('group-by', s.groupBy);
    const tick = (id: string, v: boolean) => {
      const el = q<HTMLInputElement>(`#${id}`);
      if (el) el.checked = v;
    };
    tick('show-invokes', s.showInvokes);
    tick('size-crit', s.sizeByCriticality);
    tick('collapse-tables', s.collapseTables);
    tick('collapse-files', s.collapseFiles);
    tick('show-nondata', s.showNonData);
    tick('overview-logs', s.showNonData && s.overviewWithLogs);
    this.allFlows = s.allFlows;
    const flowsBtn = q<HTMLButtonElement>('#flows-btn');
    if (flowsBtn) {
      // only when some flows between groups are left out of the default picture
      flowsBtn.hidden = !overview || !flows || flows.total <= flows.strongest;
      flowsBtn.textContent = s.allFlows
        ? `Strongest ${flows?.strongest ?? 0} flows only`
        : `Show all ${flows?.total ?? 0} flows`;
      flowsBtn.title = s.allFlows
        ? 'draw only the strongest flows between subsystems, with their counts'
        : `${flows?.strongest ?? 0} strongest flows between subsystems drawn; show the other ${(flows?.total ?? 0) - (flows?.strongest ?? 0)} too`;
      flowsBtn.setAttribute('aria-pressed', String(s.allFlows));
    }
    const overviewBtn = q<HTMLButtonElement>('#overview-btn');
    if (overviewBtn) overviewBtn.hidden = !(drilled || s.focus || s.showAll);
    const allBtn = q<HTMLButtonElement>('#show-all-btn');
    if (allBtn) allBtn.hidden = !overview;
  }
}
