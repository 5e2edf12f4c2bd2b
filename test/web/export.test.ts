/**
 * `dfmap export --format html`: one file, opened from disk (file://) with no server, works like the
 * served viewer, makes no network request, and shows hostile node names as text.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { html, loadViewerAssets, viewerHtml } from '../../src/export/formats/html.js';
import type { DataflowGraph } from '../../src/graph/types.js';
import { readMap } from '../../src/store/map-file.js';
import { type Browser, ensureViewerBuilt, launchBrowser, screenshot, waitReady } from './browser.js';
import { clickNode, probe, search } from './viewer-page.js';
import { EXPORT_UPSTREAM } from './worked-example.js';

const WORKED = path.resolve(import.meta.dirname, 'fixtures/worked-example.json');
const EXPORT = 'file:/data/export/combined_export.json';
const IMG = '/data/in/<img src=x onerror=alert(1)>.csv';
const DROP = '"; DROP TABLE x;--';
const SCRIPT = '/opt/etl/<script>alert(2)</script>.py';

/** The worked example plus nodes whose names are markup and SQL. */
function hostileMap(): DataflowGraph {
  const g = readMap(WORKED);
  const ev = (line: number) => ({
    file: SCRIPT,
    line,
    construct: `open('${IMG}')`,
    method: 'static' as const,
    snippet: `open("${IMG}") # ${DROP}`,
  });
  g.addNode(`script:${SCRIPT}`, { kind: 'script', path: SCRIPT, label: '<script>alert(2)</script>.py' });
  g.addNode(`file:${IMG}`, { kind: 'file', path: IMG, label: '<img src=x onerror=alert(1)>.csv' });
  g.addNode(`table:${DROP}`, { kind: 'table', name: DROP, label: DROP });
  g.addDirectedEdge(`file:${IMG}`, `script:${SCRIPT}`, {
    kind: 'reads',
    confidence: 'exact',
    method: 'static',
    evidence: [ev(3)],
  });
  g.addDirectedEdge(`script:${SCRIPT}`, `table:${DROP}`, {
    kind: 'writes',
    confidence: 'exact',
    method: 'static',
    evidence: [ev(4)],
  });
  return g;
}

describe('the single-file HTML export, opened from disk', () => {
  let browser: Browser;
  let dir: string;
  const dialogs: string[] = [];
  const requests: string[] = [];

  async function open(g: DataflowGraph, name: string): Promise<Page> {
    const file = path.join(dir, name);
    fs.writeFileSync(file, viewerHtml(g, loadViewerAssets(), { title: 'dfmap test' }));
    const page = await browser.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    await waitReady(page);
    return page;
  }

  before(async () => {
    ensureViewerBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-html-'));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is one file: the exporter inlines the app, styles, worker and map', async () => {
    const text = (await html.export(readMap(WORKED), {})) as string;
    assert.equal(typeof text, 'string');
    assert.doesNotMatch(text, /<script[^>]+src=|<link[^>]+href=/i, 'no external script or stylesheet');
    assert.match(text, /<script type="application\/json" id="dfmap-map">/);
    assert.match(text, /Content-Security-Policy/);
  });

  it('works like the served viewer, with no server and no network', async () => {
    const page = await open(readMap(WORKED), 'worked-example.html');
    const ids = JSON.parse(fs.readFileSync(WORKED, 'utf8'))
      .nodes.map((n: { id: string }) => n.id)
      .sort();
    assert.deepEqual((await probe(page)).visible.sort(), ids);
    await search(page, 'combined_export');
    assert.equal((await probe(page)).selected, EXPORT);
    await page.mouse.click(5, 300);
    await waitReady(page);
    await clickNode(page, EXPORT);
    await page.waitForFunction(
      (id) => (window as unknown as { dfmapViewer: { selected(): string } }).dfmapViewer.selected() === id,
      EXPORT,
    );
    assert.deepEqual((await probe(page)).up, EXPORT_UPSTREAM);
    assert.match((await page.textContent('#panel')) ?? '', /\/opt\/dataops\/6\.py:28/);
    await screenshot(page, 'export-worked-example.png');
    const remote = requests.filter((u) => !/^(file|blob|data):/.test(u));
    assert.deepEqual(remote, [], 'every request stays inside the file');
    await page.close();
  });

  it('shows names that are markup or SQL as text, and runs none of it', async () => {
    const page = await open(hostileMap(), 'hostile.html');
    for (const [query, id, title] of [
      ['<img', `file:${IMG}`, '<img src=x onerror=alert(1)>.csv'],
      ['DROP TABLE', `table:${DROP}`, DROP],
      ['<script>', `script:${SCRIPT}`, '<script>alert(2)</script>.py'],
    ] as const) {
      await search(page, query);
      assert.equal((await probe(page)).selected, id);
      assert.equal(await page.textContent('#panel-title'), title);
    }
    const panel = (await page.textContent('#panel')) ?? '';
    assert.ok(panel.includes(`open("${IMG}") # ${DROP}`), 'evidence shown verbatim');
    const injected = await page.evaluate(() => ({
      imgs: document.querySelectorAll('img').length,
      handlers: document.querySelectorAll('[onerror], [onload]').length,
      // only the three the exporter writes: the map (JSON), the worker (base64) and the app
      scripts: Array.from(document.querySelectorAll('script'), (s) => s.id || s.type),
    }));
    assert.deepEqual(injected, {
      imgs: 0,
      handlers: 0,
      scripts: ['dfmap-map', 'dfmap-layout-worker', 'module'],
    });
    await screenshot(page, 'export-hostile-names.png');

    // the SVG download: well-formed, the names as text
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#svg-btn')]);
    const svg = fs.readFileSync((await download.path()) as string, 'utf8');
    const parsed = await page.evaluate((s) => {
      const doc = new DOMParser().parseFromString(s, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror') !== null,
        foreign: doc.querySelectorAll('img, script, foreignObject').length,
        texts: Array.from(doc.querySelectorAll('text, title'), (t) => t.textContent),
      };
    }, svg);
    assert.equal(parsed.error, false);
    assert.equal(parsed.foreign, 0);
    assert.ok(parsed.texts.includes(DROP));
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#png-btn')]);
    const bytes = fs.readFileSync((await png.path()) as string);
    assert.deepEqual([...bytes.subarray(1, 4)], [...Buffer.from('PNG')]);
    assert.deepEqual(dialogs, [], 'no alert ran');
    await page.close();
  });
});
