/** The hover card: a node's full name and kind, as text. */
import { KIND_STYLES } from '../kinds.js';
import type { SceneNode } from '../render/scene.js';
import { h } from './dom.js';

export class Tooltip {
  readonly el = h('div', { id: 'tooltip', role: 'tooltip', hidden: true });

  show(n: SceneNode | undefined, x: number, y: number): void {
    if (!n) {
      this.el.hidden = true;
      return;
    }
    this.el.replaceChildren(
      h('div', { className: 'tt-kind' }, KIND_STYLES[n.kind].title),
      h('div', {}, n.title),
    );
    this.el.hidden = false;
    const w = this.el.offsetWidth;
    this.el.style.left = `${Math.min(x + 14, window.innerWidth - w - 8)}px`;
    this.el.style.top = `${y + 14}px`;
  }
}
