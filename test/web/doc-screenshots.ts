/**
 * The screenshots in docs/img, made the way a person sees them: the exported HTML opened in Debian's
 * chromium, one node selected with a real click. Not a test; run it after changing the viewer:
 *
 *   npx tsx scripts/dfmap-dev.ts scan examples/seed-server -o /tmp/seed.json
 *   npx tsx scripts/dfmap-dev.ts export --format html --map /tmp/seed.json -o /tmp/seed.html
 *   node examples/stale-story/prepare.mjs /tmp/stale-story
 *   npx tsx scripts/dfmap-dev.ts scan /tmp/stale-story -o /tmp/stale-story.json
 *   npx tsx scripts/dfmap-dev.ts export --format html --status --map /tmp/stale-story.json \
 *     --now 2026-11-26T09:00 -o /tmp/stale-story.html
 *   npx tsx test/web/doc-screenshots.ts /tmp/seed.html docs/img/viewer-seed.png
 *   npx tsx test/web/doc-screenshots.ts /tmp/stale-story.html docs/img/viewer-stale-story.png
 *
 * The large-map overview (the benchmark's generated server of 2,000 scripts, 6,797 nodes), as it
 * first opens, nothing clicked (NODE-ID `none`):
 *
 *   npx tsx -e "import('./bench/generate-server.ts').then((m) => m.generateServer('/tmp/bench2000', 2000, 800))"
 *   npx tsx scripts/dfmap-dev.ts scan /tmp/bench2000 -o /tmp/bench2000.json
 *   npx tsx scripts/dfmap-dev.ts export --format html --map /tmp/bench2000.json -o /tmp/bench2000.html
 *   npx tsx test/web/doc-screenshots.ts /tmp/bench2000.html docs/img/viewer-overview.png none
 */
import { pathToFileURL } from 'node:url';
import { launchBrowser, waitReady } from './browser.js';
import { clickNode } from './viewer-page.js';

const [html, png, node = 'file:/data/export/combined_export.json'] = process.argv.slice(2);
if (!html || !png) {
  console.error('usage: npx tsx test/web/doc-screenshots.ts PAGE.html OUT.png [NODE-ID | none]');
  process.exit(2);
}
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1500, height: 860 });
  await page.goto(pathToFileURL(html).href);
  await waitReady(page, 120_000);
  if (node !== 'none') {
    await clickNode(page, node);
    await page.waitForFunction(
      (id) => (window as unknown as { dfmapViewer: { selected(): string } }).dfmapViewer.selected() === id,
      node,
    );
  }
  await page.mouse.move(1, 1);
  await page.screenshot({ path: png });
} finally {
  await browser.close();
}
