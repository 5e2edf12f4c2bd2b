/**
 * The search box: fuzzy over names, paths, tables and URLs; arrow keys move through the results,
 * Enter selects, Escape closes; `/` anywhere focuses it. An ARIA combobox, so screen readers follow.
 */
import type { DataflowGraph } from '../../../src/graph/types.js';
import { fullName, nodeLabel } from '../data/graph.js';
import { KIND_STYLES } from '../kinds.js';
import { clear, h } from './dom.js';
import { fuzzySearch, type SearchItem } from './fuzzy.js';

export class SearchBox {
  readonly el: HTMLElement;
  private input: HTMLInputElement;
  private list: HTMLUListElement;
  private items: SearchItem[];
  private results: string[] = [];
  private active = -1;
  private open = false;
  /** Closing on blur waits for a click on a result; typing again must not be closed by it. */
  private closing: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly g: DataflowGraph,
    private readonly onSelect: (id: string) => void,
  ) {
    this.items = g.mapNodes((id, a) => ({ id, fields: [nodeLabel(g, id), fullName(id, a), id] }));
    this.input = h('input', {
      type: 'search',
      id: 'search',
      placeholder: 'Search name, path, table…  (/)',
      autocomplete: 'off',
      spellcheck: 'false',
      role: 'combobox',
      'aria-expanded': 'false',
      'aria-controls': 'search-results',
      'aria-autocomplete': 'list',
    });
    this.list = h('ul', { id: 'search-results', role: 'listbox', hidden: true });
    this.el = h('div', { className: 'search' }, this.input, this.list);
    this.input.addEventListener('input', () => this.update());
    this.input.addEventListener('keydown', (ev) => this.key(ev));
    this.input.addEventListener('focus', () => this.cancelClose());
    this.input.addEventListener('blur', () => {
      this.cancelClose();
      this.closing = setTimeout(() => this.close(), 150);
    });
    document.addEventListener('keydown', (ev) => {
      const target = ev.target as HTMLElement | null;
      if (ev.key === '/' && target?.tagName !== 'INPUT' && target?.tagName !== 'SELECT') {
        ev.preventDefault();
        this.input.focus();
      }
    });
  }

  private cancelClose(): void {
    if (this.closing !== undefined) clearTimeout(this.closing);
    this.closing = undefined;
  }

  private update(): void {
    this.cancelClose();
    const q = this.input.value;
    this.results = q.trim() ? fuzzySearch(this.items, q).map((r) => r.id) : [];
    this.open = q.trim() !== '';
    this.active = this.results.length ? 0 : -1;
    this.render();
  }

  private render(): void {
    clear(this.list);
    this.results.forEach((id, i) => {
      const a = this.g.getNodeAttributes(id);
      const li = h(
        'li',
        {
          id: `search-opt-${i}`,
          role: 'option',
          'aria-selected': i === this.active ? 'true' : 'false',
          'data-id': id,
          onmousedown: (ev: Event) => {
            ev.preventDefault();
            this.choose(i);
          },
        },
        h('span', { className: `badge kind-${a.kind}` }, KIND_STYLES[a.kind]?.title.split(' ')[0] ?? a.kind),
        h('span', { className: 'name' }, nodeLabel(this.g, id)),
        h('span', { className: 'full' }, fullName(id, a)),
      );
      this.list.append(li);
    });
    if (this.open && this.results.length === 0) this.list.append(h('li', { className: 'empty' }, 'No match'));
    const open = this.list.childElementCount > 0;
    this.list.hidden = !open;
    this.input.setAttribute('aria-expanded', String(open));
    if (this.active >= 0) this.input.setAttribute('aria-activedescendant', `search-opt-${this.active}`);
    else this.input.removeAttribute('aria-activedescendant');
    this.list.children[this.active]?.scrollIntoView({ block: 'nearest' });
  }

  private key(ev: KeyboardEvent): void {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      if (!this.results.length) return;
      const step = ev.key === 'ArrowDown' ? 1 : -1;
      this.active = (this.active + step + this.results.length) % this.results.length;
      this.render();
    } else if (ev.key === 'Enter') {
      ev.preventDefault();
      if (this.active >= 0) this.choose(this.active);
    } else if (ev.key === 'Escape') {
      this.input.value = '';
      this.close();
    }
  }

  private choose(i: number): void {
    const id = this.results[i];
    if (id === undefined) return;
    this.close();
    this.input.blur();
    this.onSelect(id);
  }

  private close(): void {
    this.open = false;
    this.results = [];
    this.active = -1;
    this.render();
  }
}
