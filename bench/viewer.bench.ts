/**
 * `npm run bench:viewer`: the viewer in headless chromium on generated maps of 100, 1,000 and
 * 10,000 nodes (served by `dfmap view`'s server, and as the single-file export), measured inside the
 * page: navigation start -> first interactive frame (laid out and painted), and click -> highlighted
 * frame. Large maps open on an overview, so there the click first drills down (click -> drilled view
 * ready), then selects a node. Median of RUNS page loads. Targets (issue 5): 1,000 nodes < 2 s,
 * 10,000 < 5 s, worked example HTML < 2 MB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { loadViewerAssets, viewerHtml } from '../src/export/formats/html.js';
import { startServer } from '../src/server/server.js';
import { readMap } from '../src/store/map-file.js';
import { fromNodeLink } from '../src/store/node-link-graph.js';
import { CHROMIUM, ensureViewerBuilt, launchBrowser, waitReady } from '../test/web/browser.js';
import { probe } from '../test/web/viewer-page.js';
import { generateMap } from './viewer.generate.js';

const SIZES = [100, 1_000, 10_000];
const RUNS = Number(process.env.RUNS ?? 3);
const WORKED = path.resolve(import.meta.dirname, '../test/web/fixtures/worked-example.json');

interface Sample {
  firstFrame: number;
  drill?: number;
  click: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const readyAt = (page: Page) =>
  page.evaluate(() => (window as unknown as { dfmapViewer: { readyAt: number } }).dfmapViewer.readyAt);

async function clickAndWait(page: Page, id: string, until: 'ready' | 'selected'): Promise<number> {
  const pos = await page.evaluate(
    (n) =>
      (
        window as unknown as { dfmapViewer: { screenPosition(id: string): { x: number; y: number } } }
      ).dfmapViewer.screenPosition(n),
    id,
  );
  const t0 = Date.now();
  await page.mouse.click(pos.x, pos.y);
  if (until === 'selected') {
    await page.waitForFunction(
      (n) =>
        (
          window as unknown as { dfmapViewer: { selected(): string; lastClickMs?: number } }
        ).dfmapViewer.selected() === n &&
        (window as unknown as { dfmapViewer: { lastClickMs?: number } }).dfmapViewer.lastClickMs !==
          undefined,
      id,
      { polling: 10 },
    );
    return (await probe(page)).lastClickMs ?? Date.now() - t0;
  }
  await page.waitForFunction(() => !document.body.dataset.busy, null, { polling: 10 });
  await waitReady(page);
  return Date.now() - t0;
}

async function measure(page: Page, url: string): Promise<Sample> {
  await page.goto(url);
  await waitReady(page, 120_000);
  const firstFrame = await readyAt(page);
  let p = await probe(page);
  let drill: number | undefined;
  while (p.overview) {
    const group = p.visible.find((id) => id.startsWith('group:')) as string;
    drill = (drill ?? 0) + (await clickAndWait(page, group, 'ready'));
    p = await probe(page);
  }
  const script = p.visible.find((id) => id.startsWith('script:')) ?? (p.visible[0] as string);
  const click = await clickAndWait(page, script, 'selected');
  return { firstFrame, drill, click };
}

/** "Show every node" on the largest map: all nodes on the canvas, force layout streaming in. */
async function measureAll(page: Page, url: string): Promise<{ ready: number; paint: number; click: number }> {
  await page.goto(`${url}#all=1`);
  await waitReady(page, 180_000);
  const ready = await readyAt(page);
  const paints: number[] = [];
  const box = await page.locator('#stage canvas').boundingBox();
  for (let i = 0; i < 6; i++) {
    await page.mouse.move((box?.x ?? 0) + 300 + i * 20, (box?.y ?? 0) + 300);
    await page.mouse.wheel(0, i % 2 ? 200 : -200);
    await page.waitForTimeout(80);
    paints.push(
      await page.evaluate(
        () => (window as unknown as { dfmapViewer: { lastPaintMs: number } }).dfmapViewer.lastPaintMs,
      ),
    );
  }
  const p = await probe(page);
  const script = p.visible.find((id) => id.startsWith('script:')) as string;
  const click = await clickAndWait(page, script, 'selected');
  return { ready, paint: median(paints), click };
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const chromium = (() => {
    try {
      return fs
        .readFileSync('/usr/lib/chromium/chromium', { encoding: 'latin1' })
        .match(/Chrome\/([\d.]+)/)?.[1];
    } catch {
      return undefined;
    }
  })();
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, chromium ${chromium ?? CHROMIUM}`;
}

const fmt = (ms: number | undefined) => (ms === undefined ? '–' : `${Math.round(ms)} ms`);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MB`;

async function main(): Promise<void> {
  ensureViewerBuilt();
  const assets = loadViewerAssets();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-bench-viewer-'));
  const browser = await launchBrowser();
  const rows: string[] = [];
  try {
    const worked = viewerHtml(readMap(WORKED), assets);
    console.error(`worked example HTML export: ${mb(Buffer.byteLength(worked))}`);
    for (const n of SIZES) {
      const data = generateMap(n);
      const g = fromNodeLink(data);
      const html = viewerHtml(g, assets);
      const file = path.join(dir, `map-${n}.html`);
      fs.writeFileSync(file, html);
      const server = await startServer(g);
      const served: Sample[] = [];
      const exported: Sample[] = [];
      for (let r = 0; r < RUNS; r++) {
        const page = await browser.newPage();
        served.push(await measure(page, server.url));
        exported.push(await measure(page, pathToFileURL(file).href));
        await page.close();
      }
      await server.close();
      const m = (xs: Sample[], k: keyof Sample) => {
        const v = xs.map((s) => s[k]).filter((x): x is number => x !== undefined);
        return v.length ? median(v) : undefined;
      };
      rows.push(
        `| ${n.toLocaleString('en')} | ${data.links.length.toLocaleString('en')} | ${fmt(m(served, 'firstFrame'))} | ${fmt(m(exported, 'firstFrame'))} | ${fmt(m(served, 'drill'))} | ${fmt(m(served, 'click'))} | ${mb(Buffer.byteLength(html))} |`,
      );
      console.error(rows.at(-1));
    }
    console.log(`Machine: ${machine()}; median of ${RUNS} loads.\n`);
    console.log(
      '| nodes | edges | first interactive frame (view) | (HTML export, file://) | click → drilled view | click → highlighted frame | HTML export size |',
    );
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of rows) console.log(r);
    console.log(`\nWorked example (31 nodes) HTML export: ${mb(Buffer.byteLength(worked))}.`);
    const largest = SIZES.at(-1) as number;
    const page = await browser.newPage();
    const all = await measureAll(page, pathToFileURL(path.join(dir, `map-${largest}.html`)).href);
    await page.close();
    console.log(
      `"Show every node" on ${largest.toLocaleString('en')} nodes: laid out and painted after ${fmt(all.ready)}, ` +
        `${fmt(all.paint)} per frame while zooming, click → highlighted frame ${fmt(all.click)}.`,
    );
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
