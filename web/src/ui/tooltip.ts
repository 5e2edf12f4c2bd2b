/** The hover card: a node's full name and kind, as text. */
import { HEALTH_STYLES, type HealthStatus } from '../health.js';
import { KIND_STYLES } from '../kinds.js';
import type { SceneNode } from '../render/scene.js';
import { append, clear, h } from './dom.js';

export class Tooltip {
  readonly el = h('div', { id: 'tooltip', role: 'tooltip', hidden: true });

  /** `status`: shown when the view is coloured by health. */
  show(n: SceneNode | undefined, x: number, y: number, status?: HealthStatus): void {
    if (!n) {
      this.el.hidden = true;
      return;
    }
    clear(this.el);
    append(
      this.el,
      h('div', { className: 'tt-kind' }, KIND_STYLES[n.kind].title),
      h('div', {}, n.title),
      status ? h('div', { className: 'tt-health' }, HEALTH_STYLES[status].title) : null,
    );
    this.el.hidden = false;
    const w = this.el.offsetWidth;
    this.el.style.left = `${Math.min(x + 14, window.innerWidth - w - 8)}px`;
    this.el.style.top = `${y + 14}px`;
  }
}
