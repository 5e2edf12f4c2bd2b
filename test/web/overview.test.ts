/**
 * The overview of a large scanned map (issue 11): the benchmark's generated server of 1,000 scripts
 * (about 3,400 nodes), scanned with the scan API and exported as HTML, opened in a real browser.
 * Before, five of its subsystems were all called "sales.items", the overview was a mass of routed
 * edges with no label readable at the first zoom, and drilling in gave a force layout. Now every
 * subsystem is labelled at the first zoom with a distinct name, only the strongest flows are drawn
 * (with their counts) until the "show all flows" control is pressed, a subsystem opens laid out
 * left to right, and log files are dimmed and hidden by one control.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { generateServer } from '../../bench/generate-server.js';
import { loadViewerAssets, viewerHtml } from '../../src/export/formats/html.js';
import { scan } from '../../src/scan/scan.js';
import { type Browser, ensureViewerBuilt, launchBrowser, screenshot, waitReady } from './browser.js';
import { clickNode, probe } from './viewer-page.js';

interface Label {
  id: string;
  text: string;
  px: number;
  x: number;
  y: number;
}
interface Flows {
  drawn: number;
  strongest: number;
  total: number;
}
interface OverviewProbe {
  labelsDrawn(): Label[];
  flows(): Flows | undefined;
  layoutUsed(): string | undefined;
  paintOf(id: string): { alpha: number } | undefined;
}

const labelsDrawn = (page: Page) =>
  page.evaluate(() => (window as unknown as { dfmapViewer: OverviewProbe }).dfmapViewer.labelsDrawn());
const flows = (page: Page) =>
  page.evaluate(() => (window as unknown as { dfmapViewer: OverviewProbe }).dfmapViewer.flows());
const layoutUsed = (page: Page) =>
  page.evaluate(() => (window as unknown as { dfmapViewer: OverviewProbe }).dfmapViewer.layoutUsed());
const alpha = (page: Page, id: string) =>
  page.evaluate(
    (n) => (window as unknown as { dfmapViewer: OverviewProbe }).dfmapViewer.paintOf(n)?.alpha,
    id,
  );

/** A group's name as drawn, without its size: `mysql://db0 (323)` -> `mysql://db0`. */
const nameOf = (label: string) => label.replace(/ \(\d+\)$/, '');

describe('the overview of a 3,400-node scanned map', () => {
  let browser: Browser;
  let dir: string;
  let page: Page;
  let order = 0;
  let logs: string[] = [];
  const errors: string[] = [];

  before(async () => {
    ensureViewerBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-overview-'));
    const root = path.join(dir, 'root');
    generateServer(root, 1000, 800);
    const { graph } = await scan({ root });
    order = graph.order;
    logs = graph.filterNodes((_n, a) => a.role === 'log');
    const file = path.join(dir, 'overview.html');
    fs.writeFileSync(file, viewerHtml(graph, loadViewerAssets()));
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href);
    await waitReady(page, 120_000);
  });
  after(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('labels every subsystem at the first zoom, each with a distinct name', async (t) => {
    const p = await probe(page);
    assert.equal(p.overview, true);
    assert.ok(order > 3000 && logs.length >= 500, `${order} nodes, ${logs.length} logs`);
    const groups = p.visible.filter((id) => id.startsWith('group:'));
    assert.ok(groups.length >= 8, `${groups.length} subsystems`);
    const box = await page.locator('#stage canvas').boundingBox();
    assert.ok(box);
    const labels = new Map((await labelsDrawn(page)).map((l) => [l.id, l]));
    for (const id of groups) {
      const l = labels.get(id);
      assert.ok(l, `${id} has a label drawn`);
      assert.ok(l.px >= 10.9, `${l.text} is drawn at ${l.px.toFixed(1)} px`);
      assert.ok(l.x > 0 && l.x < box.width && l.y > 0 && l.y < box.height, `${l.text} is on screen`);
    }
    const names = groups.map((id) => nameOf(labels.get(id)?.text ?? ''));
    t.diagnostic(names.join(' | '));
    assert.equal(new Set(names).size, names.length, `distinct names: ${names.join(', ')}`);
    // the scripts write to db0..db4 by their number (bench/generate-server.ts): five subsystems,
    // once all "sales.items", are named by the database each uses
    for (const db of ['db0', 'db1', 'db2', 'db3', 'db4']) assert.ok(names.includes(`mysql://${db}`), db);
    assert.ok(!names.includes('sales.items'));
    await screenshot(page, 'overview-first-zoom.png');
  });

  it('draws the strongest flows with their counts, and every flow behind one control', async () => {
    const before = (await flows(page)) as Flows;
    assert.equal(before.drawn, before.strongest);
    assert.ok(before.total > before.strongest, `${before.strongest} of ${before.total} flows`);
    const counts = (await labelsDrawn(page)).filter((l) => l.id.includes('\u0000'));
    assert.equal(counts.length, before.drawn, 'each drawn flow carries its count');
    assert.ok(counts.every((l) => Number(l.text) >= 1));
    assert.equal(await page.textContent('#flows-btn'), `Show all ${before.total} flows`);

    await page.click('#flows-btn');
    await page.waitForFunction(
      (n) => (window as unknown as { dfmapViewer: OverviewProbe }).dfmapViewer.flows()?.drawn === n,
      before.total,
    );
    await waitReady(page);
    await screenshot(page, 'overview-all-flows.png');
    await page.click('#flows-btn');
    await page.waitForFunction(
      (n) => (window as unknown as { dfmapViewer: OverviewProbe }).dfmapViewer.flows()?.drawn === n,
      before.strongest,
    );
    await waitReady(page);
  });

  it('opens a subsystem laid out left to right, logs dimmed', async () => {
    const labels = await labelsDrawn(page);
    const db0 = labels.find((l) => nameOf(l.text) === 'mysql://db0');
    assert.ok(db0);
    await clickNode(page, db0.id);
    await page.waitForFunction(() => !document.body.dataset.busy);
    await waitReady(page, 60_000);
    const p = await probe(page);
    assert.equal(p.overview, false);
    assert.ok(p.visible.length > 250, `${p.visible.length} nodes: more than ELK is given`);
    assert.equal(await layoutUsed(page), 'layered');
    const log = p.visible.find((id) => logs.includes(id));
    const script = p.visible.find((id) => id.startsWith('script:'));
    assert.ok(log && script);
    assert.ok(((await alpha(page, log)) ?? 1) < 0.6, `${log} is dimmed`);
    assert.equal(await alpha(page, script), 1);
    await screenshot(page, 'overview-drilled.png');
  });

  it('hides logs with one control, and the overview then counts without them', async () => {
    await page.click('details.filters:has(#show-nondata) summary');
    await page.uncheck('#show-nondata');
    await waitReady(page);
    let p = await probe(page);
    assert.ok(p.visible.length > 0);
    assert.deepEqual(
      p.visible.filter((id) => logs.includes(id)),
      [],
    );
    assert.ok(page.url().includes('logs=0'));
    await page.click('#overview-btn');
    await waitReady(page);
    p = await probe(page);
    assert.equal(p.overview, true);
    assert.equal(p.shown.length, order - logs.length, 'the subsystems count no log');
    await page.check('#show-nondata');
    await waitReady(page);
    p = await probe(page);
    assert.equal(
      p.shown.length,
      order - logs.length,
      'shown again, dimmed; the overview still leaves them out',
    );
    await page.check('#overview-logs');
    await waitReady(page);
    p = await probe(page);
    assert.ok(page.url().includes('with-logs=1'));
    assert.equal(p.shown.length, order, 'counted in the overview, the logs join their writers’ subsystems');
    assert.deepEqual(errors, []);
  });
});
