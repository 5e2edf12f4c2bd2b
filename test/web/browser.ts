/**
 * A real browser for the viewer tests and the benchmark: Debian's chromium driven by playwright-core
 * (never a test tool's own browser download, which these machines cannot fetch), headless, with a
 * fresh profile directory that is removed afterwards.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.DFMAP_CHROMIUM ?? '/usr/bin/chromium';
export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium).`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1400, height: 860 },
    acceptDownloads: true,
  });
  return {
    context,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

let viewerBuilt = process.env.DFMAP_VIEWER_BUILT === '1';

/**
 * The viewer bundle (dist/web) from the current web/ sources. scripts/run-tests.mjs builds it once at
 * the start of a run and says so in DFMAP_VIEWER_BUILT; a test file run on its own builds it here,
 * once per process, so a browser test never sees a bundle older than web/.
 */
export function ensureViewerBuilt(): void {
  if (viewerBuilt) return;
  execFileSync('npm', ['run', '--silent', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
  viewerBuilt = true;
}

/** Wait until the viewer has laid out and painted its current view. */
export async function waitReady(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    () => (window as unknown as { dfmapViewer?: { ready: boolean } }).dfmapViewer?.ready === true,
    null,
    {
      timeout,
      polling: 50,
    },
  );
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({ path: file });
  return file;
}
