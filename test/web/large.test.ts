/**
 * A 10,000-node generated map: it opens on an overview (hosts, then subsystems), never on every node;
 * clicks drill down until single nodes are drawn, and a click on one highlights its lineage.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { generateMap } from '../../bench/viewer.generate.js';
import { loadViewerAssets, viewerHtml } from '../../src/export/formats/html.js';
import { fileRoleOf } from '../../src/model/file-role.js';
import { fromNodeLink } from '../../src/store/node-link-graph.js';
import { type Browser, ensureViewerBuilt, launchBrowser, screenshot, waitReady } from './browser.js';
import { clickNode, probe } from './viewer-page.js';

describe('a 10,000-node map in the viewer', () => {
  let browser: Browser;
  let dir: string;

  before(async () => {
    ensureViewerBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-large-'));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens on an overview, drills down with clicks, and highlights a clicked node', async (t) => {
    const data = generateMap(10_000);
    assert.equal(data.nodes.length, 10_000);
    const file = path.join(dir, 'large.html');
    fs.writeFileSync(file, viewerHtml(fromNodeLink(data), loadViewerAssets()));
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href);
    await waitReady(page);
    let p = await probe(page);
    t.diagnostic(
      `first view after ${Math.round(await page.evaluate(() => (window as unknown as { dfmapViewer: { readyAt: number } }).dfmapViewer.readyAt))} ms`,
    );
    assert.equal(p.overview, true);
    assert.ok(p.visible.length <= 50, `overview shows ${p.visible.length} aggregates, not 10,000 nodes`);
    // logs, locks and temp files are left out of the overview (they are not data flow)
    const nonData = data.nodes.filter((n) => fileRoleOf(n) !== undefined).length;
    assert.ok(nonData > 0 && nonData < 10_000);
    assert.equal(p.shown.length, 10_000 - nonData, 'the aggregates stand for every data node');
    await screenshot(page, 'large-overview.png');

    // drill down: click the largest aggregate until plain nodes are drawn
    for (let level = 0; p.overview && level < 3; level++) {
      const target = p.visible.find((id) => id.startsWith('group:'));
      assert.ok(target);
      await clickNode(page, target);
      await page.waitForFunction(() => !document.body.dataset.busy);
      await waitReady(page);
      p = await probe(page);
    }
    assert.equal(p.overview, false);
    assert.ok(
      p.visible.length > 0 && p.visible.length < 1000,
      `${p.visible.length} nodes after drilling down`,
    );
    await screenshot(page, 'large-drilled.png');

    const script = p.visible.find((id) => id.startsWith('script:'));
    assert.ok(script);
    await clickNode(page, script);
    await page.waitForFunction(
      (id) => (window as unknown as { dfmapViewer: { selected(): string } }).dfmapViewer.selected() === id,
      script,
    );
    p = await probe(page);
    assert.ok(p.up.length + p.down.length > 0, 'its lineage lights up');
    t.diagnostic(`click to highlighted frame: ${Math.round(p.lastClickMs ?? -1)} ms`);
    await screenshot(page, 'large-selected.png');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
