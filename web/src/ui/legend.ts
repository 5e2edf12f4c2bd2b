/** The legend: each kind's shape and colour (drawn by the same path code), and the highlight colours. */
import { HIGHLIGHT, KIND_STYLES, LEGEND_KINDS, type ViewKind } from '../kinds.js';
import { shapePath } from '../render/shapes.js';
import { h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';

function glyph(kind: ViewKind): SVGSVGElement {
  const s = KIND_STYLES[kind];
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 30 18');
  svg.setAttribute('width', '30');
  svg.setAttribute('height', '18');
  svg.setAttribute('aria-hidden', 'true');
  const p = document.createElementNS(SVG, 'path');
  p.setAttribute('d', shapePath(s.shape, 15, 9, 28, 16));
  p.setAttribute('fill', s.fill);
  p.setAttribute('stroke', s.stroke);
  svg.append(p);
  return svg;
}

function swatch(color: string, text: string): HTMLElement {
  return h('li', {}, h('span', { className: 'swatch', style: `background:${color}` }), text);
}

export function legend(kinds: Set<string>): HTMLElement {
  const shown = LEGEND_KINDS.filter((k) => kinds.has(k));
  return h(
    'aside',
    { id: 'legend', 'aria-label': 'Legend' },
    h('ul', {}, ...shown.map((k) => h('li', { 'data-kind': k }, glyph(k), KIND_STYLES[k].title))),
    h(
      'ul',
      { className: 'hl' },
      swatch(HIGHLIGHT.upstream, 'upstream (feeds it)'),
      swatch(HIGHLIGHT.downstream, 'downstream (it feeds)'),
      swatch(HIGHLIGHT.impact, 'breaks if it fails'),
    ),
  );
}
