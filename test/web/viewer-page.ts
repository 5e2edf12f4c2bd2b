/**
 * What the browser tests ask of a viewer page, through the page itself: the read-only probe
 * `window.dfmapViewer`, the DOM, and real mouse and keyboard input.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { waitReady } from './browser.js';

export interface Probe {
  ready: boolean;
  overview: boolean;
  lastClickMs?: number;
  visible: string[];
  shown: string[];
  selected?: string;
  up: string[];
  down: string[];
}

interface ViewerProbe {
  ready: boolean;
  overview: boolean;
  lastClickMs?: number;
  visibleNodes(): string[];
  shownMapNodes(): string[];
  selected(): string | undefined;
  highlighted(): { up: string[]; down: string[] };
}

export function probe(page: Page): Promise<Probe> {
  return page.evaluate(() => {
    const v = (window as unknown as { dfmapViewer: ViewerProbe }).dfmapViewer;
    const h = v.highlighted();
    return {
      ready: v.ready,
      overview: v.overview,
      lastClickMs: v.lastClickMs,
      visible: v.visibleNodes(),
      shown: v.shownMapNodes(),
      selected: v.selected(),
      up: h.up,
      down: h.down,
    };
  });
}

export async function screenPositionOf(page: Page, id: string): Promise<{ x: number; y: number }> {
  const pos = await page.evaluate(
    (n) =>
      (
        window as unknown as { dfmapViewer: { screenPosition(id: string): unknown } }
      ).dfmapViewer.screenPosition(n),
    id,
  );
  assert.ok(pos, `${id} is drawn`);
  return pos as { x: number; y: number };
}

/** Click a node where it is drawn on the canvas (a real mouse click, hit-tested by the viewer). */
export async function clickNode(page: Page, id: string): Promise<void> {
  const { x, y } = await screenPositionOf(page, id);
  await page.mouse.click(x, y);
}

/** Type into the search box and pick the first result with Enter. */
export async function search(page: Page, text: string): Promise<void> {
  await page.click('#search');
  await page.fill('#search', '');
  await page.keyboard.type(text);
  await page.waitForSelector('#search-results li[role="option"]');
  await page.keyboard.press('Enter');
  await waitReady(page);
}

/** Every drawn node's centre lies inside the canvas: the first view shows the whole map. */
export async function allInsideCanvas(page: Page, ids: string[]): Promise<string[]> {
  const box = await page.locator('#stage canvas').boundingBox();
  assert.ok(box);
  const outside: string[] = [];
  for (const id of ids) {
    const p = await screenPositionOf(page, id);
    if (p.x < box.x || p.x > box.x + box.width || p.y < box.y || p.y > box.y + box.height) outside.push(id);
  }
  return outside;
}
