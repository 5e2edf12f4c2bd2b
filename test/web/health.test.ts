/**
 * `dfmap export --format html --status`: the stale-export story (examples/stale-story) exported with
 * its health at a fixed time, opened from disk in a real browser. The page opens coloured by health,
 * draws each node in its status's colour (read back from the canvas's pixels and compared with the
 * legend's), and the panel shows the status, since when and the evidence.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { main } from '../../src/cli/main.js';
import { scan } from '../../src/scan/scan.js';
import { writeMap } from '../../src/store/map-file.js';
import { type Browser, ensureViewerBuilt, launchBrowser, ROOT, screenshot, waitReady } from './browser.js';
import { clickNode, probe } from './viewer-page.js';

const NOW = '2026-11-26T09:00';
const FIVE = 'script:/opt/dataops/5.py';
const EXTRACT_A = 'file:/data/extract/extract_a.csv';
const EXPORT = 'file:/data/export/combined_export.json';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function dfmap(...argv: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const io = {
    out: (t: string) => (out += t),
    err: (t: string) => (err += `${t}\n`),
    color: false,
    interactive: false,
  };
  return { code: await main(argv, io), out, err };
}

/** The colour the legend gives a status (the swatch's fill), as `rgb(r, g, b)`. */
function legendColor(page: Page, status: string): Promise<string> {
  return page.$eval(
    `#legend li[data-status="${status}"] .chip`,
    (el) => getComputedStyle(el).backgroundColor,
  );
}

/**
 * The colour most of a node's box is painted in on the canvas, as `rgb(r, g, b)`: its fill (labels and
 * borders are thin; the page background is left out).
 */
function drawnColor(page: Page, id: string): Promise<string> {
  return page.evaluate((node) => {
    type Box = { x: number; y: number; w: number; h: number };
    const v = (window as unknown as { dfmapViewer: { screenBox(id: string): Box | undefined } }).dfmapViewer;
    const box = v.screenBox(node);
    const canvas = document.querySelector<HTMLCanvasElement>('#stage canvas');
    if (!box || !canvas) return 'not drawn';
    const r = canvas.getBoundingClientRect();
    const dpr = canvas.width / r.width;
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    const img = ctx.getImageData(
      Math.round((box.x - r.left) * dpr),
      Math.round((box.y - r.top) * dpr),
      Math.max(1, Math.round(box.w * dpr)),
      Math.max(1, Math.round(box.h * dpr)),
    );
    const counts = new Map<string, number>();
    for (let i = 0; i < img.data.length; i += 4) {
      const c = `rgb(${img.data[i]}, ${img.data[i + 1]}, ${img.data[i + 2]})`;
      if (c !== 'rgb(248, 250, 252)') counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'not drawn';
  }, id);
}

describe('the HTML export with --status, on the stale-export story', () => {
  let browser: Browser;
  let dir: string;
  let html: string;

  before(async () => {
    ensureViewerBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-health-web-'));
    const root = path.join(dir, 'server');
    execFileSync(process.execPath, [path.join(ROOT, 'examples/stale-story/prepare.mjs'), root]);
    const { graph } = await scan({ root });
    const map = path.join(dir, 'story.json');
    writeMap(graph, map);
    html = path.join(dir, 'story.html');
    // no --root: the map says which ROOT it was scanned from
    const r = await dfmap('export', '--format', 'html', '--status', '--map', map, '--now', NOW, '-o', html);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /dfmap: health at 2026-11-26 09:00 .*failing.*\(.*server, not probed\)/);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens coloured by health and draws each node in its status colour', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(html).href);
    await waitReady(page);
    assert.equal(await page.$eval('#color-by', (s) => (s as HTMLSelectElement).value), 'health');
    for (const [id, status] of [
      [FIVE, 'failing'],
      [EXTRACT_A, 'stale'],
      [EXPORT, 'degraded'],
    ] as const) {
      assert.equal(await drawnColor(page, id), await legendColor(page, status), `${id} is drawn ${status}`);
    }
    // three different colours, none of them the kind colours of the view coloured by kind
    const colours = await Promise.all([FIVE, EXTRACT_A, EXPORT].map((id) => drawnColor(page, id)));
    assert.equal(new Set(colours).size, 3);
    await page.selectOption('#color-by', 'kind');
    await waitReady(page);
    assert.notEqual(await drawnColor(page, FIVE), colours[0], 'by kind, 5.py is no longer red');
    assert.match(page.url(), /#.*color=kind/);
    assert.deepEqual(
      requests.filter((u) => !/^(file|blob|data):/.test(u)),
      [],
      'no request leaves the file',
    );
    await page.close();
  });

  it('the panel shows the status, since when and the evidence', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(html).href);
    await waitReady(page);
    await clickNode(page, FIVE);
    await page.waitForSelector('#health');
    assert.equal((await probe(page)).selected, FIVE);
    assert.equal(await page.textContent('#health-status'), 'failing');
    assert.match((await page.textContent('#health-since')) ?? '', /since Nov 24 \d\d:\d\d/);
    const evidence = (await page.textContent('#health-evidence')) ?? '';
    assert.match(evidence, /\/var\/log\/dataops\/5\.log:\d+/);
    assert.match(evidence, /Can't connect to MySQL server on 'db01/);
    // what it was derived from is a link to that node
    await page.click('#health .because button.link');
    await page.waitForFunction(() =>
      (window as unknown as { dfmapViewer: { selected(): string } }).dfmapViewer
        .selected()
        ?.startsWith('database:'),
    );
    assert.equal(await page.textContent('#health-status'), 'down');

    await clickNode(page, EXPORT);
    await page.waitForFunction(
      (id) => (window as unknown as { dfmapViewer: { selected(): string } }).dfmapViewer.selected() === id,
      EXPORT,
    );
    assert.equal(await page.textContent('#health-status'), 'degraded');
    assert.match((await page.textContent('#health-summary')) ?? '', /content from inputs 3 days old/);
    assert.match((await page.textContent('#health-evidence')) ?? '', /\/data\/extract\/extract_a\.csv/);
    await screenshot(page, 'health-stale-story.png');
    await page.close();
  });
});
