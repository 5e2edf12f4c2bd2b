/**
 * The scan cache: what an extractor found in a script, stored by a key of everything the
 * extraction depends on, so a re-scan of an unchanged server reads its scripts but does not parse
 * them again. The store is injected (the catalog's `scan_cache` table; scan/ never sees the catalog).
 *
 * What one extraction depends on:
 * - the script's bytes, and how it is run: path, arguments, environment, working directory,
 *   language and SQL connection its caller gives it, and the host's name: all in the key;
 * - dfmap itself and the options that change what extractors find (version and build stamp, per-file
 *   budget, byte limit): the key's `salt`;
 * - every other file the extractor looked at (a sourced config, an imported module, a directory
 *   listing): ServerFs records each access and what it showed; an entry is reused only while every
 *   one of them still shows the same, else the script is extracted again and the entry replaced.
 * An extraction whose diagnostics depend on the machine's load (a parse out of time) is not stored.
 * Entries are redacted as the map is (sanitize.ts), so the catalog holds no secret the map does not.
 */
import { createHash } from 'node:crypto';
import type { Extraction } from '../extract/types.js';
import { type Diagnostic, warning } from '../model/diagnostic.js';
import type { FsAccess, ServerFs } from '../util/server-fs.js';
import type { TaskInput, TaskResult } from './extract-task.js';
import { markRedacted, sanitizeExtraction } from './sanitize.js';

/** Where cached extractions live: the catalog gives its `scan_cache` table. */
export interface ExtractionCache {
  /** What identifies this dfmap's extractors (version, and a stamp of the build it runs from). */
  readonly version: string;
  get(keys: string[]): Promise<Map<string, string>>;
  /** Store entries, replacing any under the same key. */
  put(entries: Array<[string, string]>): Promise<void>;
  /**
   * Whole scans (scan-result-cache.ts): the finished result of a scan with these inputs and the
   * list of every filesystem access it made, both as text. A store without them caches per script.
   */
  getScanAccesses?(key: string): Promise<string | undefined>;
  getScanResult?(key: string): Promise<Uint8Array | undefined>;
  /** Store a whole scan, replacing the one under the same key. */
  putScan?(key: string, scan: StoredScan): Promise<void>;
}

/** A whole scan as stored: what it read (JSON of its accesses) and what it found (compressed JSON). */
export interface StoredScan {
  accesses: string;
  result: Uint8Array;
}

export interface CacheCounts {
  /** Scripts whose stored extraction was reused. */
  hits: number;
  /** Scripts extracted (no entry, or a file it read has changed). */
  misses: number;
  /** Of the misses: an entry was there but something it read had changed. */
  stale: number;
  /** The whole scan was reused: nothing it read had changed (scan-result-cache.ts). */
  whole?: boolean;
}

/** Bump when the stored shape or the way keys are made changes. */
const CACHE_FORMAT = 1;
/** Entries written to the store at a time. */
const FLUSH_AT = 500;
/** Diagnostics that depend on the machine's load or a dfmap failure, not on the files. */
export const UNSTABLE = new Set([
  'parse-timeout',
  'python-budget',
  'sql-parser-budget',
  'extractor-failed',
  'extract-timeout',
  'extract-failed',
  'read-timeout',
  'scan-cache-failed',
]);

interface Entry {
  extraction: Extraction;
  accesses: FsAccess[];
}

const sha = (s: string) => createHash('sha256').update(s).digest('base64url');

/** The options besides the script that change what an extraction finds. */
export interface CacheScope {
  host: string;
  budgetMs: number;
  maxBytes: number;
}

/** One scan's use of the cache: lookups, checks of what entries read, and the entries to store. */
export class CacheSession {
  readonly counts: CacheCounts = { hits: 0, misses: 0, stale: 0 };
  readonly diagnostics: Diagnostic[] = [];
  private readonly salt: string;
  /** What each access shows now: a scan sees one state of the server, so each is checked once. */
  private readonly now = new Map<string, string>();
  private pending: Array<[string, string]> = [];
  private broken = false;

  constructor(
    private readonly cache: ExtractionCache,
    private readonly fs: ServerFs,
    scope: CacheScope,
  ) {
    this.salt = JSON.stringify([CACHE_FORMAT, cache.version, scope.host, scope.budgetMs, scope.maxBytes]);
  }

  /** The key of a script's extraction in this context. */
  keyOf(task: TaskInput, text: string, language: string): string {
    const how = JSON.stringify([
      task.path,
      task.args,
      task.env ?? {},
      task.cwd ?? '',
      task.language ?? '',
      task.sqlContext ?? null,
      task.mode ?? '',
      language,
    ]);
    return sha(`${this.salt}\u0000${how}\u0000${sha(text)}`);
  }

  /** The stored extractions of these keys that still hold (what they read shows the same). */
  async lookup(keys: string[]): Promise<Map<string, Extraction>> {
    const out = new Map<string, Extraction>();
    if (this.broken || keys.length === 0) return out;
    let found: Map<string, string>;
    try {
      found = await this.cache.get(keys);
    } catch (err) {
      this.fail('read', err);
      return out;
    }
    for (const [key, text] of found) {
      const entry = JSON.parse(text) as Entry;
      if (entry.accesses.every((a) => this.shows(a))) {
        // stored redacted: the scan does not redact these facts again
        markRedacted(entry.extraction);
        out.set(key, entry.extraction);
        // what the stored extraction read is part of what this scan read (scan-result-cache.ts)
        if (this.fs.recording) this.fs.noteAccesses(entry.accesses);
      } else this.counts.stale++;
    }
    this.counts.hits += out.size;
    return out;
  }

  private shows(a: FsAccess): boolean {
    const k = JSON.stringify([a.op, a.path, a.max ?? 0, a.head ?? false]);
    let now = this.now.get(k);
    if (now === undefined) {
      now = this.fs.seenNow(a);
      this.now.set(k, now);
    }
    return now === a.seen;
  }

  /** Keep a fresh extraction for the store, unless it depends on more than the files. */
  async remember(key: string, r: TaskResult): Promise<void> {
    this.counts.misses++;
    // an extraction in a worker read through the worker's ServerFs: count it for this scan's too
    if (r.accesses && this.fs.recording) this.fs.noteAccesses(r.accesses);
    if (r.fileDiagnostics.some((d) => UNSTABLE.has(d.code))) return;
    await this.keep(key, r.extraction, r.accesses);
  }

  /**
   * The extractions of a scheduler's command lines (a cron line is parsed like a script): stored
   * ones that still hold, the others made (recording what they read) and kept. Not counted as scripts.
   */
  async commands<T>(
    items: readonly T[],
    keyOf: (item: T) => string,
    make: (item: T) => { extraction?: Extraction; accesses?: FsAccess[] },
  ): Promise<Array<Extraction | undefined>> {
    const keys = items.map(keyOf);
    const counted = { ...this.counts };
    const found = await this.lookup(keys);
    Object.assign(this.counts, counted);
    const out: Array<Extraction | undefined> = [];
    for (let i = 0; i < items.length; i++) {
      const had = found.get(keys[i]!);
      if (had) out.push(had);
      else {
        const r = make(items[i]!);
        out.push(r.extraction);
        await this.keep(keys[i]!, r.extraction, r.accesses);
      }
    }
    return out;
  }

  /** The key of a command line's extraction (what it runs, where it is written, how it is run). */
  commandKeyOf(parts: unknown[]): string {
    return sha(`${this.salt}\u0000${JSON.stringify(['command', ...parts])}`);
  }

  private async keep(key: string, extraction?: Extraction, accesses?: FsAccess[]): Promise<void> {
    if (this.broken || !extraction || !accesses) return;
    if (extraction.diagnostics.some((d) => UNSTABLE.has(d.code))) return;
    // the catalog keeps no more than the map shows: redacted facts, no secret passed to a callee
    const sealed = sanitizeExtraction(extraction);
    if (!sealed) return;
    const entry: Entry = { extraction: sealed, accesses };
    this.pending.push([key, JSON.stringify(entry)]);
    if (this.pending.length >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    const batch = [...new Map(this.pending)];
    this.pending = [];
    if (this.broken || batch.length === 0) return;
    try {
      await this.cache.put(batch);
    } catch (err) {
      this.fail('write', err);
    }
  }

  /** A cache that fails is a warning: the scan goes on, extracting everything. */
  private fail(what: 'read' | 'write', err: unknown): void {
    this.broken = true;
    this.diagnostics.push(
      warning(
        'scan-cache-failed',
        `the scan cache could not be ${what === 'read' ? 'read' : 'written'} (${(err as Error)?.message ?? String(err)}); the scan went on without it`,
        undefined,
        'check the catalog; --no-cache scans without it',
      ),
    );
  }
}
