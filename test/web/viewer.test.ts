/**
 * The viewer served by `dfmap view`, in a real browser, on the worked example: a crontab runs
 * 1.py..6.py; 1.py and 2.py fetch, 3.py and 4.py load MySQL, 5.py extracts, 6.py writes
 * /data/export/combined_export.json.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { type RunningServer, startServer } from '../../src/server/server.js';
import { readMap } from '../../src/store/map-file.js';
import { type Browser, ensureViewerBuilt, launchBrowser, screenshot, waitReady } from './browser.js';
import { allInsideCanvas, clickNode, probe, search } from './viewer-page.js';
import { EXPORT_UPSTREAM } from './worked-example.js';

const WORKED = path.resolve(import.meta.dirname, 'fixtures/worked-example.json');
const map = JSON.parse(fs.readFileSync(WORKED, 'utf8')) as {
  nodes: Array<{ id: string }>;
  links: Array<{
    source: string;
    target: string;
    evidence: Array<{ file: string; line: number; snippet?: string }>;
  }>;
};
const EXPORT = 'file:/data/export/combined_export.json';

describe('dfmap view in a browser (worked example)', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  before(async () => {
    ensureViewerBuilt();
    server = await startServer(readMap(WORKED));
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(server.url);
    await waitReady(page);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows every node of the map, all inside the first view', async () => {
    const p = await probe(page);
    assert.equal(p.overview, false);
    assert.deepEqual([...p.visible].sort(), map.nodes.map((n) => n.id).sort());
    assert.deepEqual(await allInsideCanvas(page, p.visible), []);
    await screenshot(page, 'viewer-worked-example.png');
  });

  it('searching combined_export selects it, with the keyboard', async () => {
    await page.click('#search');
    await page.keyboard.type('json');
    await page.waitForSelector('#search-results li[role="option"]');
    const first = await page.getAttribute('#search-results li[aria-selected="true"]', 'data-id');
    await page.keyboard.press('ArrowDown');
    const second = await page.getAttribute('#search-results li[aria-selected="true"]', 'data-id');
    assert.notEqual(first, second, 'ArrowDown moves to the next result');
    await page.keyboard.press('Escape');
    await search(page, 'combined_export');
    const p = await probe(page);
    assert.equal(p.selected, EXPORT);
    assert.equal(await page.textContent('#panel-title'), 'combined_export.json');
    assert.match(page.url(), /#.*node=file%3A%2Fdata%2Fexport%2Fcombined_export\.json/);
  });

  it('clicking combined_export highlights exactly its upstream', async () => {
    await page.mouse.click(5, 300); // empty canvas: clears the selection
    await waitReady(page);
    assert.equal((await probe(page)).selected, undefined);
    await clickNode(page, EXPORT);
    await page.waitForFunction(
      (id) => (window as unknown as { dfmapViewer: { selected(): string } }).dfmapViewer.selected() === id,
      EXPORT,
    );
    const p = await probe(page);
    assert.deepEqual(p.up, EXPORT_UPSTREAM);
    assert.deepEqual(p.down, [], 'nothing reads the final export');
    await screenshot(page, 'viewer-worked-example-upstream.png');
  });

  it('the side panel shows the evidence: file:line and the line itself', async () => {
    const writes = map.links.find((l) => l.target === EXPORT);
    assert.ok(writes?.evidence[0]?.snippet);
    const ev = writes.evidence[0];
    const panel = (await page.textContent('#panel')) ?? '';
    assert.ok(panel.includes(`${ev.file}:${ev.line}`), 'file:line');
    assert.ok(panel.includes(ev.snippet as string), 'the line of code');
    assert.match(panel, /Upstream \(23\)/);
    assert.match(panel, /1 in, 0 out/);
  });

  it('a job shows its schedule in words and as written', async () => {
    await search(page, '30 2 * * *');
    const panel = (await page.textContent('#panel')) ?? '';
    assert.match(panel, /At 02:30/);
    assert.match(panel, /30 2 \* \* \*/);
  });

  it('the URL carries focus, filters and display options, and a reload restores them', async () => {
    const setHash = async (hash: string) => {
      await page.goto(`${server.url}#${hash}`);
      await page.reload();
      await waitReady(page);
      return probe(page);
    };
    // ego network of 5.py, radius 1: its jobs, inputs and outputs
    let p = await setHash(
      'node=script%3A%2Fopt%2Fdataops%2F5.py&focus=script%3A%2Fopt%2Fdataops%2F5.py&radius=1',
    );
    const around5 = map.links.flatMap((l) =>
      l.source === 'script:/opt/dataops/5.py'
        ? [l.target]
        : l.target === 'script:/opt/dataops/5.py'
          ? [l.source]
          : [],
    );
    assert.deepEqual([...p.visible].sort(), ['script:/opt/dataops/5.py', ...around5].sort());
    assert.equal(p.selected, 'script:/opt/dataops/5.py');
    assert.match((await page.textContent('#breadcrumb')) ?? '', /neighbours of 5\.py \(radius 1\)/);
    // tables collapse into their database, logs into their directory
    p = await setHash('ct=1&cf=1');
    assert.ok(!p.visible.some((id) => id.startsWith('table:')));
    assert.ok(p.visible.includes('database:mysql://db01.northwind.local:3306'));
    assert.ok(p.visible.includes('dir:/var/log/dataops'));
    assert.equal(p.shown.length, map.nodes.length, 'collapsed nodes still stand for every map node');
    // kind filter, force layout, colour by subsystem, size by criticality: still every other node
    p = await setHash('hide=job&layout=force&color=subsystem&crit=1');
    assert.deepEqual(
      [...p.visible].sort(),
      map.nodes
        .map((n) => n.id)
        .filter((id) => !id.startsWith('job:'))
        .sort(),
    );
    await screenshot(page, 'viewer-worked-example-force.png');
    p = await setHash('');
  });

  it('"what breaks" on a table counts the final outputs that go stale', async () => {
    await search(page, 'shop.orders');
    await page.click('#impact-btn');
    await page.waitForSelector('#panel .impact');
    const heading = (await page.textContent('#panel .impact h3')) ?? '';
    const stale = await page.$$eval('#panel .impact li button', (els) =>
      els.map((e) => e.getAttribute('data-id')),
    );
    assert.ok(stale.includes(EXPORT));
    assert.match(heading, new RegExp(`${stale.length} final output`));
    await screenshot(page, 'viewer-worked-example-impact.png');
    assert.deepEqual(dialogs, []);
  });
});
