/**
 * `dfmap plan --format html`: the viewer opens coloured by wave, each wave a named subsystem.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { type Browser, ensureViewerBuilt, launchBrowser, screenshot, waitReady } from './browser.js';

async function run(...argv: string[]): Promise<number> {
  const io: Io = { out: () => {}, err: () => {}, color: false, interactive: false };
  return main(argv, io);
}

describe('the migration plan in the viewer', () => {
  let browser: Browser;
  let dir: string;

  before(async () => {
    ensureViewerBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-plan-html-'));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('renders a design like any map', async () => {
    const html = path.join(dir, 'design.html');
    assert.equal(
      await run('export', '--format', 'html', '--map', 'examples/design/dfmap.design.yaml', '-o', html),
      0,
    );
    const page = await browser.newPage();
    await page.goto(pathToFileURL(html).href);
    await waitReady(page);
    const shown = await page.evaluate(() =>
      (window as unknown as { dfmapViewer: { shownMapNodes(): string[] } }).dfmapViewer.shownMapNodes(),
    );
    for (const id of [
      'script:/opt/dataops/3.py',
      'table:mysql://db01:3306/sales.orders',
      'file:/data/export/combined_export.json',
    ])
      assert.ok(shown.includes(id), `${id} is drawn`);
    await screenshot(page, 'design-worked-example.png');
  });

  it('opens coloured by wave, with the waves as named subsystems', async () => {
    const map = path.join(dir, 'seed.json');
    const html = path.join(dir, 'plan.html');
    assert.equal(await run('scan', 'examples/seed-server', '-o', map, '-q'), 0);
    assert.equal(await run('plan', '--to', 'etl02', '--map', map, '--format', 'html', '-o', html), 0);
    const plan = JSON.parse(
      await (async () => {
        const out: string[] = [];
        await main(['plan', '--to', 'etl02', '--map', map, '--json'], {
          out: (t) => out.push(t),
          err: () => {},
          color: false,
          interactive: false,
        });
        return out.join('\n');
      })(),
    ) as { waves: Array<{ number: number; scripts: Array<{ id: string }> }> };
    const page = await browser.newPage();
    await page.goto(pathToFileURL(html).href);
    await waitReady(page);
    const view = await page.evaluate(() => {
      const v = (window as unknown as { dfmapViewer: { colorBy(): string } }).dfmapViewer;
      return { colorBy: v.colorBy() };
    });
    assert.equal(view.colorBy, 'subsystem');
    const first = plan.waves[0]!.scripts[0]!.id;
    const last = plan.waves.at(-1)!.scripts[0]!.id;
    const fills = await page.evaluate(
      ([a, b]) => {
        const v = (
          window as unknown as { dfmapViewer: { paintOf(id: string): { fill: string } | undefined } }
        ).dfmapViewer;
        return [v.paintOf(a!)?.fill, v.paintOf(b!)?.fill];
      },
      [first, last],
    );
    assert.ok(fills[0] && fills[1], `both scripts are painted: ${fills}`);
    assert.notEqual(fills[0], fills[1], 'the first and the last wave have their own colours');
    assert.match((await page.content()) ?? '', /wave 1: /);
    await screenshot(page, 'plan-waves.png');
  });
});
