/**
 * The scan cache one level up: a whole scan's finished result, kept with the list of every
 * filesystem access the scan made (discovery, every script, every file an extractor looked at,
 * every path it probed) and what each showed. A re-scan with the same inputs checks every access
 * again (reads and hashes each file, lists each directory, stats each path: no modification time
 * is trusted) and, when all show the same, returns the stored result: nothing is discovered,
 * parsed, redacted or built, and neither the tree-sitter runtime nor the extraction threads start.
 * Any difference falls back to the scan itself, with the per-script cache (extraction-cache.ts).
 *
 * The inputs that key a stored scan: ROOT, the options (host, --include, byte limit, per-file
 * budget), dfmap's version and the cache's version. The result is the built map, which is
 * redacted (sanitize.ts) before it is built: the catalog holds no secret the map does not. A scan
 * whose diagnostics depend on the machine's load (a parse out of time) is not stored.
 */
import { createHash, hash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { brotliCompressSync, brotliDecompress, constants } from 'node:zlib';
import { type MapSummary, summarizeMap } from '../graph/summary.js';
import type { DataflowGraph, MapAttributes } from '../graph/types.js';
import { type Diagnostic, warning } from '../model/diagnostic.js';
import { graphOfMapText, type MapText, mapTextOf } from '../store/map-text.js';
import { startAccessCheck, storeAccesses } from './access-check.js';
import { type CacheCounts, type ExtractionCache, UNSTABLE } from './extraction-cache.js';
import type { ScanOptions, ScanResult } from './scan.js';

/** Paths checked on this thread before the stored map is fetched (the scan's first reads). */
const DISCOVERY_FIRST = 200;

/** Bump when the stored shape or the way keys and accesses are made changes. */
const FORMAT = 4;

/** A cache that can keep whole scans. */
type WholeScanCache = ExtractionCache &
  Required<Pick<ExtractionCache, 'getScanAccesses' | 'getScanResult' | 'putScan'>>;

const canKeepScans = (c: ExtractionCache | undefined): c is WholeScanCache =>
  c?.getScanAccesses !== undefined && c.getScanResult !== undefined && c.putScan !== undefined;

/**
 * Scan ROOT, or answer from the stored scan with the same inputs when nothing it read has changed.
 * `fresh` is the scan itself (scan.ts), loaded only when needed.
 */
export async function scanOrReuse(
  opts: ScanOptions,
  fresh: (opts: ScanOptions) => Promise<ScanResult>,
): Promise<ScanResult> {
  const cache = opts.cache;
  if (!canKeepScans(cache)) return fresh(opts);
  const key = scanKeyOf(opts, cache.version);
  const problems: Diagnostic[] = [];
  const read = <T>(get: (key: string) => Promise<T | undefined>) =>
    get(key).catch((err: unknown) => {
      problems.push(failed('read', err));
      return undefined;
    });
  const accesses = await read((k) => cache.getScanAccesses(k));
  if (accesses !== undefined) {
    const at = { root: opts.root, ...(opts.maxFileBytes ? { maxBytes: opts.maxFileBytes } : {}), accesses };
    // every file is read and hashed, here and, where a core is left beside the one that inflates
    // the stored map, by a thread of its own (access-check.ts; on two cores it only costs CPU)
    const check = startAccessCheck(at, availableParallelism() > 2 ? undefined : Number.POSITIVE_INFINITY);
    // first, here, what the scan read first (the hostname, crontabs, units): a changed schedule
    // is seen before the stored map is fetched
    check.help(DISCOVERY_FIRST);
    const stored = check.failed() ? undefined : await read((k) => cache.getScanResult(k));
    // the stored map inflates on libuv's pool while this thread checks the rest with the other
    const result = stored === undefined || check.failed() ? undefined : reuse(stored);
    if (result) check.help();
    else check.stop();
    const [same, reused] = await Promise.all([check.answer, result]);
    if (same && reused) return reused;
  }
  // stored again below unless the cache failed (a scan with a cache warning is not stored)
  const r = await fresh({ ...opts, record: true });
  const seen = r.accesses;
  delete r.accesses;
  r.diagnostics.push(...problems);
  if (seen && !r.diagnostics.some((d) => UNSTABLE.has(d.code))) {
    const kept = keep(r);
    try {
      await cache.putScan(key, { accesses: storeAccesses(seen), result: kept.blob });
      // the map as stored, so the scan's map and snapshot can be told from the next one's by their digest
      return new StoredScan(kept.text, kept.head, {
        diagnostics: r.diagnostics,
        cache: r.cache,
        graph: r.graph,
      });
    } catch (err) {
      r.diagnostics.push(failed('write', err));
    }
  }
  return r;
}

/** The key of a scan's inputs: ROOT, the options that change what it finds, and the versions. */
export function scanKeyOf(opts: ScanOptions, cacheVersion: string): string {
  const inputs = [
    FORMAT,
    cacheVersion,
    opts.toolVersion ?? '',
    opts.root,
    opts.host ?? '',
    opts.include ?? [],
    opts.maxFileBytes ?? 0,
    opts.budgetMs ?? 0,
  ];
  return createHash('sha256').update(JSON.stringify(inputs)).digest('base64url');
}

/** A stored scan: the head (JSON, one line), then the map's body as its file holds it. */
interface StoredHead {
  attributes: MapAttributes;
  summary: MapSummary;
  /** Scripts the scan extracted or took from the per-script cache. */
  scripts: number;
  /** SHA-1 of the body: the map's identity (two scans with one digest found the same map). */
  body: string;
}

/** Brotli at this quality: a map's body, all indentation and repeated keys, is read back in milliseconds. */
const QUALITY = 4;

/**
 * The map, compressed (about a fiftieth of its file), after the length it inflates to: a
 * decompression given room for all of it at once is several times faster than one that grows.
 */
function keep(r: ScanResult): { blob: Uint8Array; text: MapText; head: StoredHead } {
  const text = mapTextOf(r.graph);
  const head: StoredHead = {
    attributes: text.attributes,
    summary: summarizeMap(r.graph),
    scripts: (r.cache?.hits ?? 0) + (r.cache?.misses ?? 0),
    body: bodyDigest(text.body),
  };
  const raw = Buffer.concat([Buffer.from(`${JSON.stringify(head)}\n`), text.body]);
  const packed = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUIntBE(raw.length, 0, LENGTH_BYTES);
  return { blob: Buffer.concat([length, packedDigest(packed), packed]), text, head };
}

const LENGTH_BYTES = 6;
const DIGEST_BYTES = 20;

/**
 * The stored scan as this scan's result: the same map but the time of the scan (none if it is
 * damaged). The compressed bytes are checked against their digest (a fiftieth of the map to hash);
 * they inflate on libuv's thread pool, into a buffer given room for all of it at once.
 */
async function reuse(stored: Uint8Array): Promise<ScanResult | undefined> {
  try {
    const buf = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
    const length = buf.readUIntBE(0, LENGTH_BYTES);
    const digest = buf.subarray(LENGTH_BYTES, LENGTH_BYTES + DIGEST_BYTES);
    const packed = buf.subarray(LENGTH_BYTES + DIGEST_BYTES);
    if (!packedDigest(packed).equals(digest)) return undefined;
    const raw = await inflate(packed, { chunkSize: Math.max(length + 1, 1024) });
    if (raw.length !== length) return undefined;
    const eol = raw.indexOf(0x0a);
    const head = JSON.parse(raw.subarray(0, eol).toString('utf8')) as StoredHead;
    if (!isStoredHead(head)) return undefined;
    const body = raw.subarray(eol + 1);
    const attributes = { ...head.attributes, scannedAt: new Date().toISOString() };
    return new StoredScan({ attributes, body }, head, {
      diagnostics: [...(attributes.warnings ?? [])],
      cache: { hits: head.scripts, misses: 0, stale: 0, whole: true },
    });
  } catch {
    return undefined; // scanned again, and stored anew
  }
}

const inflate = (packed: Buffer, opts: { chunkSize: number }) =>
  new Promise<Buffer>((done, fail) =>
    brotliDecompress(packed, opts, (err, raw) => (err ? fail(err) : done(raw))),
  );

/** A head as keep() writes it (a blob whose digest holds but whose text is not dfmap's is scanned again). */
function isStoredHead(h: unknown): h is StoredHead {
  const x = h as Partial<StoredHead> | null;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof x.attributes === 'object' &&
    typeof x.summary === 'object' &&
    typeof x.scripts === 'number' &&
    typeof x.body === 'string'
  );
}

/** Integrity, not secrecy (the catalog is the user's own): SHA-1 is the fastest digest at hand. */
const bodyDigest = (body: Uint8Array) => hash('sha1', body, 'base64url');
const packedDigest = (packed: Uint8Array) => hash('sha1', packed, 'buffer') as Buffer;

/**
 * A scan as the cache keeps it: the map as its file holds it, written without a graph, and (when
 * it was reused) a graph built only when one is asked for. From then on the graph is the map
 * (whoever asked may change it), so the text, its summary and its digest are gone.
 */
class StoredScan implements ScanResult {
  readonly diagnostics: Diagnostic[];
  readonly cache?: CacheCounts;
  #text: MapText | undefined;
  #head: StoredHead | undefined;
  #graph: DataflowGraph | undefined;

  constructor(
    text: MapText,
    head: StoredHead,
    r: { diagnostics: Diagnostic[]; cache?: CacheCounts; graph?: DataflowGraph },
  ) {
    this.#text = text;
    this.#head = head;
    this.#graph = r.graph;
    this.diagnostics = r.diagnostics;
    if (r.cache) this.cache = r.cache;
  }

  get graph(): DataflowGraph {
    this.#graph ??= graphOfMapText(this.#text as MapText);
    this.#text = undefined;
    this.#head = undefined;
    return this.#graph;
  }

  get text(): MapText | undefined {
    return this.#text;
  }

  get summary(): MapSummary | undefined {
    return this.#head && { ...this.#head.summary, host: this.#text?.attributes.host };
  }

  get digest(): string | undefined {
    return this.#head?.body;
  }
}

function failed(what: 'read' | 'write', err: unknown): Diagnostic {
  return warning(
    'scan-cache-failed',
    `the scan cache could not be ${what === 'read' ? 'read' : 'written'} (${(err as Error)?.message ?? String(err)}); the scan went on without it`,
    undefined,
    'check the catalog; --no-cache scans without it',
  );
}
