/**
 * The Mermaid export drawn by Mermaid itself in a real browser (Debian's chromium through
 * playwright-core): the chart parses, every hostile name shows as text, and no name became an
 * element (no <img>, no <script>, no event handler).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import { toMermaid } from '../../src/export/formats/mermaid.js';
import { CHROMIUM, CHROMIUM_FLAGS } from '../web/browser.js';
import { hostileNames, workedExample } from './maps.js';

const require = createRequire(import.meta.url);
const MERMAID_JS = require.resolve('mermaid/dist/mermaid.min.js');
const skip = fs.existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (apt-get install -y chromium)`;

interface Rendered {
  error?: string;
  texts: string[];
  elements: string[];
  handlers: string[];
  nodes: number;
}

describe('Mermaid draws the export in a browser', { skip }, () => {
  let browser: Browser;
  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  });
  after(async () => browser?.close());

  async function render(chart: string): Promise<Rendered> {
    const page = await browser.newPage();
    try {
      await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
      await page.addScriptTag({ path: MERMAID_JS });
      return await page.evaluate(async (text) => {
        // biome-ignore lint/suspicious/noExplicitAny: the page's global from mermaid.min.js
        const mermaid = (globalThis as any).mermaid;
        mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', maxEdges: 2000 });
        const out = document.getElementById('out')!;
        try {
          out.innerHTML = (await mermaid.render('chart', text)).svg;
        } catch (e) {
          return { error: String(e), texts: [], elements: [], handlers: [], nodes: 0 };
        }
        const all = Array.from(out.querySelectorAll('*'));
        return {
          texts: Array.from(out.querySelectorAll('g.node')).map((n) => n.textContent?.trim() ?? ''),
          elements: [...new Set(all.map((e) => e.tagName.toLowerCase()))],
          handlers: all.flatMap((e) => e.getAttributeNames().filter((a) => a.startsWith('on'))),
          nodes: out.querySelectorAll('g.node').length,
        };
      }, chart);
    } finally {
      await page.close();
    }
  }

  test('the worked example renders with every node', async () => {
    const g = workedExample();
    const r = await render(toMermaid(g));
    assert.equal(r.error, undefined);
    assert.equal(r.nodes, g.order);
    assert.ok(r.texts.includes('combined_export.json'));
  });

  test('hostile names render as their own text and nothing else', async () => {
    const g = hostileNames();
    const r = await render(toMermaid(g));
    assert.equal(r.error, undefined);
    assert.equal(r.nodes, g.order);
    assert.ok(r.texts.includes('<img src=x onerror=alert(1)>.csv'), r.texts.join(' | '));
    assert.ok(r.texts.includes('"; DROP TABLE x;--'));
    assert.ok(r.texts.includes('%%{init: {"securityLevel": "loose"}}%%'));
    assert.deepEqual(r.handlers, []);
    assert.deepEqual(
      r.elements.filter((e) => ['img', 'script', 'iframe', 'b', 'object'].includes(e)),
      [],
    );
  });
});
