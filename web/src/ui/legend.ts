/**
 * The legend: each kind's shape (drawn by the same path code), what the colours mean in the current
 * colour mode (kind, or health with how many nodes have each status), and the highlight colours.
 */
import { DIFF_STYLES, type DiffStatus } from '../diff.js';
import { HEALTH_ORDER, HEALTH_STYLES, type HealthStatus } from '../health.js';
import { HIGHLIGHT, KIND_STYLES, LEGEND_KINDS, type ViewKind } from '../kinds.js';
import { shapePath } from '../render/shapes.js';
import type { ColorBy } from '../state/view-state.js';
import { append, clear, h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
/** When colour means something else, shapes alone tell the kind. */
const NEUTRAL = { fill: '#ffffff', stroke: '#475569' };

function glyph(kind: ViewKind, colored: boolean): SVGSVGElement {
  const s = KIND_STYLES[kind];
  const paint = colored ? s : NEUTRAL;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 30 18');
  svg.setAttribute('width', '30');
  svg.setAttribute('height', '18');
  svg.setAttribute('aria-hidden', 'true');
  const p = document.createElementNS(SVG, 'path');
  p.setAttribute('d', shapePath(s.shape, 15, 9, 28, 16));
  p.setAttribute('fill', paint.fill);
  p.setAttribute('stroke', paint.stroke);
  svg.append(p);
  return svg;
}

function swatch(color: string, text: string): HTMLElement {
  return h('li', {}, h('span', { className: 'swatch', style: `background:${color}` }), text);
}

function healthItem(s: HealthStatus, count: number): HTMLElement {
  const st = HEALTH_STYLES[s];
  return h(
    'li',
    { 'data-status': s },
    h('span', { className: 'chip', style: `background:${st.fill};border-color:${st.stroke}` }),
    `${st.title} (${count})`,
    st.hint ? h('span', { className: 'hint' }, st.hint) : null,
  );
}

export class Legend {
  readonly el = h('aside', { id: 'legend', 'aria-label': 'Legend' });
  private key = '';

  constructor(private readonly kinds: Set<string>) {}

  /** Redraw for a colour mode; `counts`: map nodes per health status (health mode). */
  update(colorBy: ColorBy, counts: Map<HealthStatus, number>, diff?: Map<DiffStatus, number>): void {
    const key = `${colorBy}|${[...counts].join()}|${[...(diff ?? [])].join()}`;
    if (key === this.key) return;
    this.key = key;
    const shown = LEGEND_KINDS.filter((k) => this.kinds.has(k));
    const colored = colorBy === 'kind';
    const health =
      colorBy === 'health'
        ? h(
            'ul',
            { className: 'health', 'aria-label': 'Health' },
            ...HEALTH_ORDER.filter((s) => counts.get(s)).map((s) => healthItem(s, counts.get(s) ?? 0)),
          )
        : null;
    const changes = diff
      ? h(
          'ul',
          { className: 'health diff', 'aria-label': 'Changes' },
          ...(['added', 'removed', 'changed'] as const).map((s) =>
            h(
              'li',
              {},
              h('span', {
                className: 'chip',
                style: `background:${DIFF_STYLES[s].fill};border-color:${DIFF_STYLES[s].stroke}`,
              }),
              `${DIFF_STYLES[s].title} (${diff.get(s) ?? 0})`,
            ),
          ),
        )
      : null;
    clear(this.el);
    append(
      this.el,
      changes,
      health,
      h(
        'ul',
        { className: 'kinds' },
        ...shown.map((k) => h('li', { 'data-kind': k }, glyph(k, colored), KIND_STYLES[k].title)),
      ),
      h(
        'ul',
        { className: 'hl' },
        swatch(HIGHLIGHT.upstream, 'upstream (feeds it)'),
        swatch(HIGHLIGHT.downstream, 'downstream (it feeds)'),
        swatch(HIGHLIGHT.impact, 'breaks if it fails'),
      ),
    );
  }
}
