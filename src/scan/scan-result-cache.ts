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
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { createGraph } from '../graph/build.js';
import type { DataflowGraph, MapAttributes } from '../graph/types.js';
import { type Diagnostic, warning } from '../model/diagnostic.js';
import type { EdgeAttributes, NodeAttributes } from '../model/node.js';
import { checkAccesses, startAccessCheck, toStored } from './access-check.js';
import { type ExtractionCache, UNSTABLE } from './extraction-cache.js';
import type { ScanOptions, ScanResult } from './scan.js';

/** Accesses checked on this thread before the stored map is fetched (the scan's first reads). */
const DISCOVERY_FIRST = 200;

/** Bump when the stored shape or the way keys and accesses are made changes. */
const FORMAT = 1;

interface StoredResult {
  attributes: MapAttributes;
  nodes: Array<[string, NodeAttributes]>;
  edges: Array<[string, string, EdgeAttributes]>;
  /** Scripts the scan extracted or took from the per-script cache. */
  scripts: number;
}

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
    // the files are read and hashed in a thread while this one loads the stored map
    const at = { root: opts.root, ...(opts.maxFileBytes ? { maxBytes: opts.maxFileBytes } : {}), accesses };
    const check = startAccessCheck(at);
    // meanwhile, what the scan read first (the hostname, crontabs, units): a changed schedule
    // is seen here before the stored map is fetched
    if (!checkAccesses(at, DISCOVERY_FIRST)) check.stop();
    const stored = check.failed() ? undefined : await read((k) => cache.getScanResult(k));
    // a change found while the stored map was read: no need to build it
    await new Promise(setImmediate);
    const result = stored === undefined || check.failed() ? undefined : reuse(stored);
    if ((await check.answer) && result) return result;
  }
  // stored again below unless the cache failed (a scan with a cache warning is not stored)
  const r = await fresh({ ...opts, record: true });
  const seen = r.accesses;
  delete r.accesses;
  r.diagnostics.push(...problems);
  if (seen && !r.diagnostics.some((d) => UNSTABLE.has(d.code))) {
    try {
      await cache.putScan(key, { accesses: JSON.stringify(seen.map(toStored)), result: store(r) });
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

const NOT_ASCII = /[\u007f-\uffff]/g;
const escapeChar = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** The map, compressed: a stored scan is about a twentieth of its map (and is read faster so). */
function store(r: ScanResult): Uint8Array {
  const g = r.graph;
  const out: StoredResult = {
    attributes: g.getAttributes(),
    nodes: g.mapNodes((key, attrs) => [key, attrs]),
    edges: g.mapEdges((_e, attrs, source, target) => [source, target, attrs]),
    scripts: (r.cache?.hits ?? 0) + (r.cache?.misses ?? 0),
  };
  // ASCII only (the same JSON once parsed), so it is read back without decoding UTF-8
  return deflateRawSync(JSON.stringify(out).replace(NOT_ASCII, escapeChar), { level: 3 });
}

/** The stored scan as this scan's result: the same map but the time of the scan (none if it is damaged). */
function reuse(stored: Uint8Array): ScanResult | undefined {
  try {
    // ASCII (see store): Latin-1 is a plain copy, no decoding
    const text = inflateRawSync(stored).toString('latin1');
    return reuseStored(JSON.parse(text) as StoredResult);
  } catch {
    return undefined; // scanned again, and stored anew
  }
}

function reuseStored(s: StoredResult): ScanResult {
  const g: DataflowGraph = createGraph();
  g.replaceAttributes({ ...s.attributes, scannedAt: new Date().toISOString() });
  for (const [key, attrs] of s.nodes) g.addNode(key, attrs);
  for (const [source, target, attrs] of s.edges) g.addDirectedEdge(source, target, attrs);
  return {
    graph: g,
    diagnostics: [...(s.attributes.warnings ?? [])],
    cache: { hits: s.scripts, misses: 0, stale: 0, whole: true },
  };
}

function failed(what: 'read' | 'write', err: unknown): Diagnostic {
  return warning(
    'scan-cache-failed',
    `the scan cache could not be ${what === 'read' ? 'read' : 'written'} (${(err as Error)?.message ?? String(err)}); the scan went on without it`,
    undefined,
    'check the catalog; --no-cache scans without it',
  );
}
