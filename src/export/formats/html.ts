/**
 * The viewer as ONE self-contained HTML file: the map, the app, its styles and the layout worker all
 * inlined, so it opens from disk (file://) with no server and no network, and can be attached to a
 * ticket. A Content-Security-Policy in the page forbids every network request.
 *
 * The one exporter that reads files: dfmap's own built viewer (dist/web, made by `npm run build:web`),
 * never anything from the scanned server. `dfmap view` serves the same assets (src/server).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { DataflowGraph } from '../../graph/types.js';
import { ConfigError } from '../../model/errors.js';
import { toNodeLink } from '../../store/node-link.js';
import { localDirname, localJoin } from '../../util/paths.js';
import type { Exporter, ExportOptions } from '../types.js';

export interface ViewerAssets {
  /** The served page (references app.js and app.css). */
  indexHtml: string;
  appJs: string;
  appCss: string;
  /** The layout worker (ELK + ForceAtlas2), a classic script. */
  workerJs: string;
}

const ASSET_FILES = {
  indexHtml: 'index.html',
  appJs: 'app.js',
  appCss: 'app.css',
  workerJs: 'layout-worker.js',
};

/** dist/web of this dfmap install: found from this module's own location, src/ (tsx) or dist/src/. */
export function viewerAssetsDir(): string {
  let dir = localDirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = localJoin(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'dfmap') {
      return localJoin(dir, 'dist', 'web');
    }
    dir = localDirname(dir);
  }
  return localJoin(localDirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'dist', 'web');
}

const loaded = new Map<string, ViewerAssets>();

export function loadViewerAssets(dir = viewerAssetsDir()): ViewerAssets {
  const hit = loaded.get(dir);
  if (hit) return hit;
  const read = (name: string) => {
    try {
      return fs.readFileSync(localJoin(dir, name), 'utf8');
    } catch (err) {
      throw new ConfigError(`${localJoin(dir, name)}: the viewer is not built.`, {
        hint: 'run `npm run build` (or `npm run build:web`) in the dfmap checkout',
        cause: err,
      });
    }
  };
  const assets = Object.fromEntries(
    Object.entries(ASSET_FILES).map(([k, file]) => [k, read(file)]),
  ) as unknown as ViewerAssets;
  loaded.set(dir, assets);
  return assets;
}

/** JSON that is safe inside <script>: no `<`, `>` or `&` can end the block or open a comment. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** JavaScript that is safe inside <script>: `</script` and `<!--` written so the HTML parser passes them. */
export function scriptSafeJs(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const workerCache = new Map<string, string>();
function gzippedBase64(code: string): string {
  let out = workerCache.get(code);
  if (!out) {
    out = gzipSync(code, { level: 9 }).toString('base64');
    workerCache.set(code, out);
  }
  return out;
}

export function viewerHtml(g: DataflowGraph, assets: ViewerAssets, opts: ExportOptions = {}): string {
  const app = scriptSafeJs(assets.appJs);
  const hash = createHash('sha256').update(app).digest('base64');
  // no connect-src, no default sources: the page cannot reach any network
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${hash}'`,
    'worker-src blob:',
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const title = escapeHtml(opts.title ?? 'dfmap');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="dfmap">
<title>${title}</title>
<style>${assets.appCss.replace(/<\/(style)/gi, '<\\/$1')}</style>
</head>
<body>
<div id="app"><p class="loading">Loading the map…</p></div>
<script type="application/json" id="dfmap-map">${scriptSafeJson(toNodeLink(g))}</script>
<script type="application/octet-stream" id="dfmap-layout-worker">${gzippedBase64(assets.workerJs)}</script>
<script type="module">${app}</script>
</body>
</html>
`;
}

export const html: Exporter = {
  id: 'html',
  title: 'Interactive viewer in one HTML file (opens from disk, no server)',
  extension: 'html',
  mediaType: 'text/html',
  output: 'binary',
  export: (g, opts) => viewerHtml(g, loadViewerAssets(), opts),
};
