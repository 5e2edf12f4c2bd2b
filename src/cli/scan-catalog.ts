/**
 * `dfmap scan ROOT --catalog C`: the scan as a snapshot. The host is marked as being scanned for
 * the scan's length, so a second scan of the same host at the same time stops with a clear error
 * instead of doing the work twice; the snapshot is written in one transaction.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { CatalogError } from '../catalog/errors.js';
import { storeSnapshotOf } from '../catalog/store-snapshot.js';
import type { CatalogStore, SnapshotInfo } from '../catalog/types.js';
import type { ExtractionCache } from '../scan/extraction-cache.js';
import type { ScanResult } from '../scan/scan.js';
import type { MapText } from '../store/map-text.js';
import { toNodeLink } from '../store/node-link.js';
import { localJoin } from '../util/paths.js';
import { withCatalog } from './catalog-source.js';
import type { CliContext } from './commands/types.js';
import { VERSION } from './version.js';

/** A scan that has held its host this long without finishing has died (a killed machine). */
const STALE_LOCK_MS = 6 * 60 * 60 * 1000;

export interface CatalogScanFlags {
  host?: string;
  include?: string[];
  maxFileSize?: string;
  minConfidence?: string;
  quiet?: boolean;
  json?: boolean;
  /** `--no-cache`: extract every script again. */
  cache?: boolean;
}

/**
 * A scan as the command finished it: the result, and the map's text and digest as the scan cache
 * kept them when nothing edited the map since (--min-confidence, --observed).
 */
export interface ScannedMap {
  result: ScanResult;
  text?: MapText;
  digest?: string;
}

export async function scanIntoCatalog(
  ctx: CliContext,
  root: string,
  flags: CatalogScanFlags,
  where: string,
  run: (cache?: ExtractionCache) => Promise<ScannedMap>,
  origin = 'scan',
  /** The name to mark as being scanned when ROOT is not a directory (an ssh target's host). */
  lockName?: string,
): Promise<void> {
  const host = (flags.host ?? lockName ?? hostnameUnder(root) ?? 'localhost').toLowerCase();
  const holder = `${process.pid}@${os.hostname()}`;
  await withCatalog(
    where,
    async (store) => {
      const lock = await store.lockHost(host, holder, STALE_LOCK_MS);
      if (!lock.ok) {
        throw new CatalogError(
          `${store.where}: ${host} is being scanned already (by ${lock.holder} since ${lock.since}).`,
          {
            hint: "wait for that scan to finish; a crashed scan's mark is ignored once its process is gone or after 6 hours",
          },
        );
      }
      try {
        const scanned = await run(flags.cache === false ? undefined : scanCache(store));
        const s = await storeScanned(store, scanned, host, flags, origin);
        if (!flags.quiet && !flags.json)
          ctx.io.err(
            `stored as snapshot ${s.id} of ${s.host} in ${store.where}${s.rowsOf !== undefined ? ` (the same map as snapshot ${s.rowsOf}: its rows are shared)` : ''}`,
          );
      } finally {
        await store.unlockHost(host, holder).catch(() => {});
      }
    },
    false,
  );
}

/**
 * A scan as a snapshot. A scan the cache kept is stored from its text: no graph, and no rows when
 * an earlier snapshot of the host found the same map.
 */
async function storeScanned(
  store: CatalogStore,
  { result: r, text, digest }: ScannedMap,
  host: string,
  flags: CatalogScanFlags,
  origin: string,
): Promise<SnapshotInfo> {
  if (text) {
    if (!text.attributes.host || flags.host) text.attributes.host = host;
  } else if (!r.graph.getAttribute('host') || flags.host) r.graph.setAttribute('host', host);
  const attributes = text ? text.attributes : r.graph.getAttributes();
  const options = {
    ...(flags.include?.length ? { include: flags.include } : {}),
    ...(flags.maxFileSize ? { maxFileSize: Number(flags.maxFileSize) } : {}),
    ...(flags.minConfidence ? { minConfidence: flags.minConfidence } : {}),
  };
  const content = text && digest ? contentOf(digest, attributes.mounts) : undefined;
  return storeSnapshotOf(store, attributes, () => ({ ...toNodeLink(r.graph), graph: attributes }), {
    host: String(attributes.host).toLowerCase(),
    origin,
    options,
    ...(content ? { content } : {}),
  });
}

/**
 * What a snapshot's rows are made of besides its host: the map's nodes and links (the digest of
 * its text), the mounts that join its files with other hosts', and the dfmap that turns them into
 * rows (its version and build, as the scan cache keys them).
 */
function contentOf(digest: string, mounts: unknown): string {
  return createHash('sha1')
    .update(JSON.stringify([VERSION, buildStamp(), mounts ?? null, digest]))
    .digest('base64url');
}

/** The catalog's scan_cache table as the scan's cache (scan/ never imports the catalog). */
function scanCache(store: CatalogStore): ExtractionCache {
  return {
    version: `${VERSION} ${buildStamp()}`,
    get: (keys) => store.cacheGet(keys),
    put: (entries) => store.cachePut(entries),
    getScanAccesses: (key) => store.scanAccessesGet(key),
    getScanResult: (key) => store.scanResultGet(key),
    putScan: (key, scan) => store.scanResultPut(key, scan),
  };
}

let stamp: string | undefined;

/**
 * When the code that discovers, extracts and builds last changed (newest modification time and
 * total size of its files, source or build): an edited or rebuilt dfmap under the same version
 * number gets new keys.
 */
function buildStamp(): string {
  if (stamp !== undefined) return stamp;
  let newest = 0;
  let bytes = 0;
  const visit = (dir: URL) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const url = new URL(e.isDirectory() ? `${e.name}/` : e.name, dir);
      if (e.isDirectory()) visit(url);
      else if (e.isFile()) {
        const st = fs.statSync(url);
        newest = Math.max(newest, st.mtimeMs);
        bytes += st.size;
      }
    }
  };
  // discover/, graph/ and store/ too: a stored whole scan is a built map as its file holds it
  // (scan/scan-result-cache.ts); catalog/: a snapshot shares rows made by the same code (contentOf)
  for (const part of [
    '../extract/',
    '../scan/',
    '../util/',
    '../model/',
    '../discover/',
    '../graph/',
    '../store/',
    '../catalog/',
  ])
    visit(new URL(part, import.meta.url));
  stamp = `${Math.round(newest)}-${bytes}`;
  return stamp;
}

function hostnameUnder(root: string): string | undefined {
  try {
    return fs.readFileSync(localJoin(root, 'etc/hostname'), 'utf8').trim().split(/\s+/)[0] || undefined;
  } catch {
    return undefined;
  }
}
