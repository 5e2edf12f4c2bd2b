/**
 * Whole scans in the scan cache, in a real SQLite catalog over real files: a re-scan of an
 * unchanged server reuses the stored scan and writes the fresh scan's map byte for byte (but the
 * scan's time); a changed script, a changed file a script read, a new crontab, a removed script, a
 * script that appears where a job ran a missing one, and a changed option each give the fresh
 * scan's map; the catalog keeps nothing secret.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { openSqliteCatalog } from '../../src/catalog/sqlite-store.js';
import type { CatalogStore } from '../../src/catalog/types.js';
import type { ExtractionCache } from '../../src/scan/extraction-cache.js';
import { type ScanOptions, scan } from '../../src/scan/index.js';
import { serializeMap } from '../../src/store/map-file.js';
import { mapFileString } from '../../src/store/map-text.js';
import { runMain } from '../helpers/run-main.js';

const FIXTURE = new URL('../fixtures/servers/archive-relay/root/', import.meta.url).pathname;
const dirs: string[] = [];
const stores: CatalogStore[] = [];
after(async () => {
  for (const s of stores) await s.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A copy of the fixture server, and a SQLite catalog beside it. */
function server(): { root: string; db: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-scan-results-'));
  dirs.push(dir);
  const root = path.join(dir, 'root');
  fs.cpSync(FIXTURE, root, { recursive: true });
  return { root, db: path.join(dir, 'catalog.db') };
}

/** The catalog as the scan's cache, as `dfmap scan --catalog` gives it (cli/scan-catalog.ts). */
function catalogCache(db: string, version = 'test 1'): ExtractionCache {
  const store = openSqliteCatalog(db);
  stores.push(store);
  return {
    version,
    get: (keys) => store.cacheGet(keys),
    put: (entries) => store.cachePut(entries),
    getScanAccesses: (key) => store.scanAccessesGet(key),
    getScanResult: (key) => store.scanResultGet(key),
    putScan: (key, s) => store.scanResultPut(key, s),
  };
}

/** The map as written, without the time of the scan. */
async function mapOf(opts: ScanOptions) {
  const r = await scan({ workers: 0, ...opts });
  r.graph.setAttribute('scannedAt', 'T');
  return { text: serializeMap(r.graph), cache: r.cache, diagnostics: r.diagnostics };
}

/** Scan with the cache, and check the map is what a scan without it makes now. */
async function rescanMatchesFresh(opts: ScanOptions) {
  const cached = await mapOf(opts);
  const { cache: _, ...rest } = opts;
  assert.equal(cached.text, (await mapOf(rest)).text);
  return cached;
}

/** A stored scan's bytes: the length it inflates to (6 bytes), the SHA-1 of the rest (20), then Brotli. */
const storedText = (blob: Buffer) => brotliDecompressSync(blob.subarray(26)).toString();
const storedBlob = (text: string) => {
  const length = Buffer.alloc(6);
  length.writeUIntBE(Buffer.byteLength(text), 0, 6);
  const packed = brotliCompressSync(text);
  return Buffer.concat([length, createHash('sha1').update(packed).digest(), packed]);
};

const write = (root: string, file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
};

const edit = (root: string, file: string, from: string, to: string) => {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  assert.ok(text.includes(from), `${file} has ${from}`);
  write(root, file, text.replace(from, to));
};

describe('whole scans in the scan cache', () => {
  it('re-scans an unchanged server from the stored scan into the fresh map, byte for byte', async () => {
    const { root, db } = server();
    const cache = catalogCache(db);
    const first = await rescanMatchesFresh({ root, cache });
    assert.equal(first.cache!.whole, undefined);
    assert.ok(first.cache!.misses >= 3, JSON.stringify(first.cache));
    const again = await rescanMatchesFresh({ root, cache });
    assert.deepEqual(again.cache, { hits: first.cache!.misses, misses: 0, stale: 0, whole: true });
    assert.equal(again.text, first.text);
    assert.deepEqual(again.diagnostics, first.diagnostics);
    // with worker threads too (the stored scan was made on the main thread)
    const threaded = await rescanMatchesFresh({ root, cache, workers: 1 });
    assert.equal(threaded.cache!.whole, true);
  });

  it('gives the stored map as its file holds it, and builds a graph only when asked (then the text is gone)', async () => {
    const { root, db } = server();
    const cache = catalogCache(db);
    const fresh = await mapOf({ root, cache });
    const again = await scan({ root, cache, workers: 0 });
    assert.equal(again.cache?.whole, true);
    const text = again.text;
    assert.ok(text && again.summary, 'a reused scan carries its text and summary');
    text.attributes.scannedAt = 'T';
    assert.equal(mapFileString(text), fresh.text);
    assert.equal(again.summary.edges, JSON.parse(fresh.text).links.length);
    // asking for the graph makes it the map: whoever asked may change it
    assert.equal(again.graph.getAttribute('scannedAt'), 'T');
    assert.equal(serializeMap(again.graph), fresh.text);
    assert.equal(again.text, undefined);
    assert.equal(again.summary, undefined);
  });

  it('keeps names in any script (accents, emoji) as they were', async () => {
    const { root, db } = server();
    const cache = catalogCache(db);
    edit(
      root,
      'opt/relay/bin/pull_bundle.sh',
      'set -e\n',
      'set -e\ncp /srv/relay/über.csv "/srv/relay/café 😀.csv"\n',
    );
    const first = await rescanMatchesFresh({ root, cache });
    assert.match(first.text, /café 😀\.csv/);
    const again = await rescanMatchesFresh({ root, cache });
    assert.equal(again.cache!.whole, true);
    assert.equal(again.text, first.text);
  });

  it('scans again when a script changed, and stores the new scan', async () => {
    const { root, db } = server();
    const cache = catalogCache(db);
    await mapOf({ root, cache });
    edit(root, 'opt/relay/bin/pull_bundle.sh', 'set -e\n', 'set -e\ndate > /srv/relay/started\n');
    const changed = await rescanMatchesFresh({ root, cache });
    assert.equal(changed.cache!.whole, undefined);
    // the other scripts come from the per-script cache
    assert.equal(changed.cache!.misses, 1, JSON.stringify(changed.cache));
    assert.match(changed.text, /\/srv\/relay\/started/);
    const again = await rescanMatchesFresh({ root, cache });
    assert.equal(again.cache!.whole, true);
    assert.equal(again.text, changed.text);
  });

  for (const workers of [0, 1])
    it(`scans again when a file a script read changed (INI values), though the scripts did not (${workers ? 'worker threads' : 'main thread'})`, async () => {
      const { root, db } = server();
      const cache = catalogCache(db);
      await mapOf({ root, cache, workers });
      edit(root, 'opt/relay/relay.ini', 'partner.example-freight.com', 'mirror.example-freight.com');
      const changed = await rescanMatchesFresh({ root, cache, workers });
      assert.equal(changed.cache!.whole, undefined);
      assert.match(changed.text, /mirror\.example-freight\.com/);
    });

  it('still sees a change to what a script read when the stored scan was made from per-script hits', async () => {
    const { root, db } = server();
    const cache = catalogCache(db);
    await mapOf({ root, cache });
    // a new comment in the crontab: the whole scan runs again, every script from the per-script cache
    edit(root, 'var/spool/cron/crontabs/relay', 'MAILTO', '# nightly\nMAILTO');
    const hits = await rescanMatchesFresh({ root, cache });
    assert.equal(hits.cache!.misses, 0, JSON.stringify(hits.cache));
    // the scan stored then must list what those extractions read (the INI file), though it read none itself
    edit(root, 'opt/relay/relay.ini', 'partner.example-freight.com', 'mirror.example-freight.com');
    const changed = await rescanMatchesFresh({ root, cache });
    assert.equal(changed.cache!.whole, undefined);
    assert.match(changed.text, /mirror\.example-freight\.com/);
  });

  it('scans again when a new crontab appears (a new file in a directory it listed)', async () => {
    const { root, db } = server();
    const cache = catalogCache(db);
    const before = await mapOf({ root, cache });
    write(root, 'etc/cron.d/archive', '30 4 * * * root /opt/relay/bin/archive.sh\n');
    write(root, 'opt/relay/bin/archive.sh', '#!/bin/sh\ntar czf /srv/relay/archive.tgz /srv/relay/keep\n');
    const added = await rescanMatchesFresh({ root, cache });
    assert.equal(added.cache!.whole, undefined);
    assert.notEqual(added.text, before.text);
    assert.match(added.text, /\/srv\/relay\/archive\.tgz/);
  });

  it('scans again when a script is removed, and when a missing script appears', async () => {
    const { root, db } = server();
    const cache = catalogCache(db);
    await mapOf({ root, cache });
    fs.rmSync(path.join(root, 'opt/relay/jobs/roll_dumps.pl'));
    const removed = await rescanMatchesFresh({ root, cache });
    assert.equal(removed.cache!.whole, undefined);
    assert.ok(removed.diagnostics.some((d) => d.code === 'script-missing'));
    assert.equal((await rescanMatchesFresh({ root, cache })).cache!.whole, true);
    // the job ran a script that was missing: its appearing (a stat that now finds it) is a change
    write(
      root,
      'opt/relay/jobs/roll_dumps.pl',
      '#!/usr/bin/perl\nopen(my $f, ">", "/srv/relay/rolled.txt");\n',
    );
    const back = await rescanMatchesFresh({ root, cache });
    assert.equal(back.cache!.whole, undefined);
    assert.match(back.text, /\/srv\/relay\/rolled\.txt/);
    assert.ok(!back.diagnostics.some((d) => d.code === 'script-missing'));
  });

  it('reuses the stored scan when a data file a script names only grew (its type is what was asked)', async () => {
    const { root, db } = server();
    const cache = catalogCache(db);
    write(root, 'srv/relay/keep/incoming.dump', 'day one\n');
    const first = await mapOf({ root, cache });
    fs.appendFileSync(path.join(root, 'srv/relay/keep/incoming.dump'), 'day two\n');
    const grown = await rescanMatchesFresh({ root, cache });
    assert.equal(grown.cache!.whole, true);
    assert.equal(grown.text, first.text);
  });

  it('scans again when who may read a script changed (a job user no longer can: its lines are withheld)', async () => {
    const { root, db } = server();
    const cache = catalogCache(db);
    const before = await rescanMatchesFresh({ root, cache });
    // the crontab is relay's: once relay cannot read the script, the map must not quote it
    const script = path.join(root, 'opt/relay/jobs/roll_dumps.pl');
    fs.chownSync(script, 0, 0);
    fs.chmodSync(script, 0o600);
    const withheld = await rescanMatchesFresh({ root, cache });
    assert.equal(withheld.cache!.whole, undefined);
    assert.notEqual(withheld.text, before.text);
  });

  it('keys stored scans by their options and versions', async () => {
    const { root, db } = server();
    const cache = catalogCache(db);
    await mapOf({ root, cache });
    assert.equal((await mapOf({ root, cache })).cache!.whole, true);
    const other = [
      { root, cache, host: 'relay02' },
      { root, cache, include: ['/opt/relay/jobs'] },
      { root, cache, maxFileBytes: 100_000 },
      { root, cache, budgetMs: 4000 },
      { root, cache, toolVersion: '9.9.9' },
      { root, cache: catalogCache(db, 'test 2') },
    ];
    for (const opts of other) {
      const r = await rescanMatchesFresh(opts);
      assert.equal(r.cache!.whole, undefined, JSON.stringify({ ...opts, cache: undefined }));
    }
    assert.match((await mapOf(other[0]!)).text, /relay02/);
    // each is stored under its own key: the first options still find theirs
    assert.equal((await mapOf({ root, cache })).cache!.whole, true);
    assert.equal((await mapOf(other[1]!)).cache!.whole, true);
  });

  it('stores no secret: the stored scan is the redacted map', async () => {
    const { root, db } = server();
    const cache = catalogCache(db);
    await mapOf({ root, cache });
    assert.ok(fs.readFileSync(path.join(root, 'opt/relay/relay.ini'), 'utf8').includes('changeme'));
    const c = new Database(db, { readonly: true });
    const rows = c.prepare('SELECT accesses, result FROM scan_results').all() as Array<{
      accesses: string;
      result: Buffer;
    }>;
    c.close();
    assert.equal(rows.length, 1);
    for (const r of rows) {
      const result = storedText(r.result);
      assert.doesNotMatch(result, /changeme/);
      assert.doesNotMatch(r.accesses, /changeme/);
      assert.match(result, /partner\.example-freight\.com/);
    }
  });

  it('scans again, and stores anew, when the stored scan is damaged', async () => {
    const { root, db } = server();
    const cache = catalogCache(db);
    const first = await mapOf({ root, cache });
    let c = new Database(db);
    // not compressed data at all, then compressed text that is not a stored scan's
    c.prepare("UPDATE scan_results SET result = X'00ff'").run();
    c.close();
    const broken = await rescanMatchesFresh({ root, cache });
    assert.equal(broken.cache!.whole, undefined);
    assert.equal(broken.text, first.text);
    c = new Database(db);
    c.prepare('UPDATE scan_results SET result = ?').run(storedBlob('{"attributes": {}}\n"nodes": [['));
    c.close();
    const again = await rescanMatchesFresh({ root, cache });
    assert.equal(again.cache!.whole, undefined);
    assert.equal(again.text, first.text);
    assert.equal((await mapOf({ root, cache })).cache!.whole, true);
    // one byte of the compressed map changed: its digest says so before anything inflates
    c = new Database(db);
    const kept = (c.prepare('SELECT result FROM scan_results').get() as { result: Buffer }).result;
    kept.writeUInt8(kept.readUInt8(kept.length - 1) ^ 0x01, kept.length - 1);
    c.prepare('UPDATE scan_results SET result = ?').run(kept);
    c.close();
    const flipped = await rescanMatchesFresh({ root, cache });
    assert.equal(flipped.cache!.whole, undefined);
    assert.equal(flipped.text, first.text);
  });

  it('never stores a scan whose extraction ran out of its time budget', async () => {
    const { root, db } = server();
    const cache = catalogCache(db);
    const late = await mapOf({ root, cache, budgetMs: 0 });
    assert.ok(late.diagnostics.some((d) => d.code === 'parse-timeout'));
    assert.equal((await mapOf({ root, cache, budgetMs: 0 })).cache!.whole, undefined);
  });
});

describe('dfmap scan --catalog, twice', () => {
  it('stores the re-scan of an unchanged host as a snapshot sharing the first one’s rows', async () => {
    const { root, db } = server();
    const said: string[] = [];
    for (const flags of [[], [], ['--min-confidence', 'exact'], []]) {
      const r = await runMain('scan', root, '--catalog', db, ...flags);
      assert.equal(r.code, 0, r.err);
      said.push(r.err);
    }
    assert.doesNotMatch(said[0]!, /the same map as/);
    assert.match(
      said[1]!,
      /stored as snapshot 2 of \S+ in .* \(the same map as snapshot 1: its rows are shared\)/,
    );
    assert.doesNotMatch(said[2]!, /the same map as/);
    const show = await runMain('catalog', 'show', '4', '--catalog', db, '--json');
    assert.equal(JSON.parse(show.out).rowsOf, 1);
    const shown = await runMain('catalog', 'show', '4', '--catalog', db);
    assert.match(shown.out, /the same map as snapshot 1: its nodes and edges are shared/);
    const c = new Database(db, { readonly: true });
    const snaps = c.prepare('SELECT id, nodes, edges, rows_of FROM snapshots ORDER BY id').all() as Array<{
      id: number;
      nodes: number;
      edges: number;
      rows_of: number | null;
    }>;
    const owned = (id: number) =>
      (c.prepare('SELECT COUNT(*) AS n FROM nodes WHERE snapshot = ?').get(id) as { n: number }).n;
    // the second and fourth share the first's rows; the edited one (--min-confidence) has its own
    assert.deepEqual(
      snaps.map((x) => x.rows_of),
      [null, snaps[0]!.id, null, snaps[0]!.id],
    );
    assert.deepEqual(
      snaps.map((x) => owned(x.id)),
      [snaps[0]!.nodes, 0, snaps[2]!.nodes, 0],
    );
    assert.equal(snaps[3]!.edges, snaps[0]!.edges);
    assert.ok(snaps[2]!.edges < snaps[0]!.edges);
    c.close();
    // and they answer as the first does
    const diff = await runMain('diff', String(snaps[0]!.id), String(snaps[3]!.id), '--catalog', db);
    assert.equal(diff.code, 0, diff.out);
  });

  it('says the second scan reused the whole stored scan, and writes the same map', async () => {
    const { root, db } = server();
    const out = (f: string) => path.join(path.dirname(root), f);
    const first = await runMain('scan', root, '--catalog', db, '-o', out('a.json'));
    assert.equal(first.code, 0, first.err);
    const second = await runMain('scan', root, '--catalog', db, '-o', out('b.json'));
    assert.equal(second.code, 0, second.err);
    assert.match(
      second.err,
      /scan cache: \d+ scripts reused, 0 extracted \(nothing the scan read had changed\)/,
    );
    const maps = ['a.json', 'b.json'].map((f) =>
      fs.readFileSync(out(f), 'utf8').replace(/"scannedAt": "[^"]*"/, ''),
    );
    assert.equal(maps[0], maps[1]);
    // a reused scan the command edits (--min-confidence) is written from its graph, as a fresh scan's
    for (const [file, flags] of [
      ['c.json', ['--catalog', db]],
      ['d.json', []],
    ] as const) {
      const r = await runMain('scan', root, ...flags, '--min-confidence', 'exact', '-o', out(file));
      assert.equal(r.code, 0, r.err);
    }
    const [edited, fresh] = ['c.json', 'd.json'].map((f) =>
      fs.readFileSync(out(f), 'utf8').replace(/"scannedAt": "[^"]*"/, ''),
    );
    assert.equal(edited, fresh);
    const links = (f: string) => JSON.parse(fs.readFileSync(out(f), 'utf8')).links.length;
    assert.ok(links('c.json') < links('a.json'));
    // and to standard output, as its file held it
    const piped = await runMain('scan', root, '--catalog', db, '-o', '-', '--quiet');
    assert.equal(piped.code, 0, piped.err);
    assert.equal(piped.out.replace(/"scannedAt": "[^"]*"/, '').trimEnd(), maps[0]!.trimEnd());
  });
});
