/**
 * The scan cache: a re-scan of an unchanged server reuses every extraction and makes the same map
 * byte for byte (but the scan's time); a change to a file that an extraction read besides its
 * script (an INI file's values, an imported module) re-extracts that script; a new dfmap version
 * or other options re-extract everything; nothing secret is stored.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { ExtractionCache } from '../../src/scan/extraction-cache.js';
import { type ScanOptions, scan } from '../../src/scan/scan.js';
import { serializeMap } from '../../src/store/map-file.js';
import { runMain } from '../helpers/run-main.js';

const FIXTURE = new URL('../fixtures/servers/archive-relay/root/', import.meta.url).pathname;
const dirs: string[] = [];
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function copyRoot(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-scan-cache-'));
  dirs.push(dir);
  const root = path.join(dir, 'root');
  fs.cpSync(FIXTURE, root, { recursive: true });
  return root;
}

/** The cache as a plain map, counting what was asked of it. */
function memoryCache(version = 'test 1'): ExtractionCache & { entries: Map<string, string>; puts: number } {
  const entries = new Map<string, string>();
  return {
    version,
    entries,
    puts: 0,
    async get(keys) {
      return new Map(keys.filter((k) => entries.has(k)).map((k) => [k, entries.get(k)!]));
    },
    async put(batch) {
      this.puts += batch.length;
      for (const [k, v] of batch) entries.set(k, v);
    },
  };
}

/** The map as written, without the time of the scan. */
async function mapOf(opts: ScanOptions) {
  const r = await scan(opts);
  r.graph.setAttribute('scannedAt', 'T');
  return { text: serializeMap(r.graph), cache: r.cache, diagnostics: r.diagnostics };
}

const edit = (root: string, file: string, from: string, to: string) => {
  const p = path.join(root, file);
  const text = fs.readFileSync(p, 'utf8');
  assert.ok(text.includes(from), `${file} has ${from}`);
  fs.writeFileSync(p, text.replace(from, to));
};

for (const workers of [0, 1]) {
  describe(`the scan cache (${workers ? 'worker threads' : 'main thread'})`, () => {
    it('re-scans an unchanged server from the cache into the same map, byte for byte', async () => {
      const root = copyRoot();
      const cache = memoryCache();
      const fresh = await mapOf({ root, workers });
      const first = await mapOf({ root, workers, cache });
      const second = await mapOf({ root, workers, cache });
      assert.equal(first.text, fresh.text);
      assert.equal(second.text, fresh.text);
      assert.ok(first.cache!.misses >= 3, `scripts extracted: ${JSON.stringify(first.cache)}`);
      assert.equal(first.cache!.hits, 0);
      assert.deepEqual(second.cache, { hits: first.cache!.misses, misses: 0, stale: 0 });
      // one entry a script, and one for the crontab's command line (parsed like a script)
      assert.equal(cache.entries.size, first.cache!.misses + 1);
    });

    it('extracts a script again when a file it read has changed (INI values, an imported module)', async () => {
      const root = copyRoot();
      const cache = memoryCache();
      await mapOf({ root, workers, cache });
      edit(root, 'opt/relay/relay.ini', 'partner.example-freight.com', 'mirror.example-freight.com');
      const changed = await mapOf({ root, workers, cache });
      assert.equal(changed.text, (await mapOf({ root, workers })).text);
      assert.match(changed.text, /mirror\.example-freight\.com/);
      assert.doesNotMatch(changed.text, /partner\.example-freight\.com\/exports/);
      assert.equal(changed.cache!.stale, 1, JSON.stringify(changed.cache));
      assert.equal(changed.cache!.misses, 1);
      // the imported module is read by the importer's extraction: changing it re-extracts that
      edit(root, 'opt/relay/jobs/relaylog.py', "'relay-run.log'", "'relay-moved.log'");
      const moved = await mapOf({ root, workers, cache });
      assert.equal(moved.text, (await mapOf({ root, workers })).text);
      assert.match(moved.text, /relay-moved\.log/);
      assert.ok(moved.cache!.stale >= 1, JSON.stringify(moved.cache));
      // and now it is in the cache again
      const again = await mapOf({ root, workers, cache });
      assert.equal(again.cache!.misses, 0);
      assert.equal(again.text, moved.text);
    });
  });
}

describe('the scan cache key', () => {
  it("changes with dfmap's version and with the options that change what extractors find", async () => {
    const root = copyRoot();
    const cache = memoryCache('1.0.0');
    const first = await mapOf({ root, workers: 0, cache });
    assert.equal((await mapOf({ root, workers: 0, cache })).cache!.misses, 0);
    const newer = { ...cache, version: '1.0.1', get: cache.get, put: cache.put.bind(cache) };
    assert.equal((await mapOf({ root, workers: 0, cache: newer })).cache!.hits, 0);
    assert.equal((await mapOf({ root, workers: 0, cache, budgetMs: 4000 })).cache!.hits, 0);
    assert.equal((await mapOf({ root, workers: 0, cache, host: 'relay02' })).cache!.hits, 0);
    assert.equal((await mapOf({ root, workers: 0, cache, maxFileBytes: 100_000 })).cache!.hits, 0);
    assert.equal((await mapOf({ root, workers: 0, cache })).cache!.hits, first.cache!.misses);
  });

  it('stores no secret: entries are redacted as the map is', async () => {
    const root = copyRoot();
    const cache = memoryCache();
    const r = await mapOf({ root, workers: 0, cache });
    assert.ok(fs.readFileSync(path.join(root, 'opt/relay/relay.ini'), 'utf8').includes('changeme'));
    assert.doesNotMatch(r.text, /changeme/);
    for (const v of cache.entries.values()) assert.doesNotMatch(v, /changeme/);
  });

  it('never stores an extraction that ran out of its time budget', async () => {
    const root = copyRoot();
    const cache = memoryCache();
    const r = await mapOf({ root, workers: 0, cache, budgetMs: 0 });
    const late = new Set(
      r.diagnostics.filter((d) => d.code === 'parse-timeout').map((d) => d.location?.file),
    );
    assert.ok(late.size > 0);
    assert.ok(cache.puts <= r.cache!.misses - late.size + 1, `${cache.puts} stored`);
    for (const v of cache.entries.values()) assert.doesNotMatch(v, /parse-timeout/);
  });
});

describe('dfmap scan --catalog', () => {
  it('keeps the cache in the catalog; --no-cache extracts everything again', async () => {
    const root = copyRoot();
    const db = path.join(path.dirname(root), 'catalog.db');
    const first = await runMain('scan', root, '--catalog', db, '-o', path.join(path.dirname(root), 'a.json'));
    assert.equal(first.code, 0, first.err);
    assert.match(first.err, /scan cache: 0 scripts reused, \d+ extracted/);
    const second = await runMain(
      'scan',
      root,
      '--catalog',
      db,
      '-o',
      path.join(path.dirname(root), 'b.json'),
    );
    assert.match(second.err, /scan cache: \d+ scripts reused, 0 extracted/);
    const maps = ['a.json', 'b.json'].map((f) =>
      fs.readFileSync(path.join(path.dirname(root), f), 'utf8').replace(/"scannedAt": "[^"]*"/, ''),
    );
    assert.equal(maps[0], maps[1]);
    const none = await runMain('scan', root, '--catalog', db, '--no-cache', '-o', '-');
    assert.equal(none.code, 0, none.err);
    assert.doesNotMatch(none.err, /scan cache/);
    const c = new Database(db, { readonly: true });
    const rows = c.prepare('SELECT facts FROM scan_cache').all() as Array<{ facts: string }>;
    c.close();
    assert.ok(rows.length >= 3);
    for (const r of rows) assert.doesNotMatch(r.facts, /changeme/);
  });
});
