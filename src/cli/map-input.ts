/**
 * What the analysis commands share: the --map/--json options, loading a map into the analysis
 * index with a progress line on a terminal, turning selections and option values into checked
 * arguments (bad ones are UsageErrors: exit 2).
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { withoutNonData } from '../analyses/data-only.js';
import { selectNodes } from '../analyses/select/select-nodes.js';
import { type FlowIndex, type FlowShape, indexNodeLink } from '../graph/flow-index.js';
import type { FlowPart } from '../graph/flow-part.js';
import { parseNow } from '../health/time/parse-now.js';
import { readServerZone } from '../health/time/server-zone.js';
import { UsageError } from '../model/errors.js';
import { isNodeKind, NODE_KINDS, type NodeKind } from '../model/kinds.js';
import { DEFAULT_MAP_FILE, readMapIndexed } from '../store/read-map-data.js';
import { localDirname, localJoin } from '../util/paths.js';
import {
  addCatalogOptions,
  type CatalogFlags,
  type Focus,
  loadIndexFrom,
  loadShapeFrom,
  withFlowPart,
} from './catalog-source.js';
import type { Io } from './io.js';
import { announceMap, fileHeader, noteMapSource } from './map-header.js';
import { createProgress } from './progress.js';

export interface MapFlags extends CatalogFlags {
  map?: string;
  json?: boolean;
  /** `-o -`: the answer is a file on stdout, so the map's header goes to stderr. */
  output?: string;
  withLogs?: boolean;
}

/** `--with-logs`: keep log, lock and temporary files in the network measures. */
export function addWithLogsOption(cmd: Command): Command {
  return cmd.option(
    '--with-logs',
    'keep log, lock, pid and temporary files (left out of this measure by default)',
  );
}

/** The map for a network measure: without files that are not data unless `--with-logs`. */
export async function loadDataIndex(io: Io, flags: MapFlags, focus?: Focus): Promise<FlowIndex> {
  const index = await loadIndexFor(io, flags, focus);
  if (flags.withLogs) return index;
  const data = withoutNonData(index);
  const { log, lock, temp } = data.leftOut;
  const parts = [
    log ? `${log} log file${log === 1 ? '' : 's'}` : '',
    lock ? `${lock} lock/pid file${lock === 1 ? '' : 's'}` : '',
    temp ? `${temp} temporary file${temp === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  if (parts.length > 0 && !flags.json) io.err(`dfmap: left out ${parts.join(', ')} (--with-logs keeps them)`);
  return data.index;
}

export const MAP_HELP =
  "the map to read; '-' for stdin (default: $DFMAP_MAP, else dfmap.json here or in a parent directory)";

/**
 * The map a command reads: --map, else $DFMAP_MAP, else the nearest dfmap.json in this directory
 * or a parent (as git finds .git). When it was not named, stderr says which one is used.
 */
export function mapPath(io: Io, flag?: string): string {
  if (flag !== undefined && flag !== '') return flag;
  const env = process.env.DFMAP_MAP;
  if (env) {
    io.err(`dfmap: reading ${env} (from DFMAP_MAP)`);
    return env;
  }
  const found = findUpward(DEFAULT_MAP_FILE);
  if (found === undefined) return DEFAULT_MAP_FILE; // reading it reports that there is no map
  io.err(`dfmap: reading ${found} (no --map given)`);
  return found;
}

/**
 * The nearest file of this name in the working directory or a parent (as git finds .git): the
 * name alone when it is here, else its full path. dfmap.json and .dfmaplintignore are found so.
 */
export function findUpward(name: string): string | undefined {
  for (let dir = process.cwd(); ; ) {
    const file = localJoin(dir, name);
    if (fs.existsSync(file)) return dir === process.cwd() ? name : file;
    const parent = localDirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function addMapOptions(cmd: Command): Command {
  return addCatalogOptions(cmd.option('--map <file>', MAP_HELP)).option(
    '--json',
    'print the exact result as JSON',
  );
}

/**
 * loadIndex, or the catalog with --catalog (only what `focus` reaches, when given); the answer's
 * first line (or its JSON's `map` field) names the map and its host.
 */
export async function loadIndexFor(io: Io, flags: MapFlags, focus?: Focus): Promise<FlowIndex> {
  const index = await loadIndexFrom(io, flags, loadIndex, focus);
  announceMap(io, index, { json: flags.json, stdoutIsData: flags.output === '-' });
  return index;
}

/** withFlowPart (catalog-source.ts) from a map file or the catalog, announced as loadIndexFor does. */
export async function withFlowPartFor<R>(
  io: Io,
  flags: MapFlags,
  focus: Focus,
  use: (part: FlowPart) => Promise<R>,
): Promise<R> {
  return withFlowPart(io, flags, loadIndex, focus, async (part) => {
    announceMap(io, part.index, { json: flags.json, stdoutIsData: flags.output === '-' });
    return use(part);
  });
}

/** loadIndexFor for a question that reads only edges' kinds (catalog-source.ts's loadShapeFrom). */
export async function loadShapeFor(io: Io, flags: MapFlags, focus: Focus): Promise<FlowShape> {
  const index = await loadShapeFrom(io, flags, loadIndex, focus);
  announceMap(io, index, { json: flags.json, stdoutIsData: flags.output === '-' });
  return index;
}

export function addSelectOptions(cmd: Command): Command {
  return cmd.option('--exclude <selection>', 'leave out these nodes (same syntax as NODE)');
}

export const SELECTION_HELP = `
Naming nodes: a path (/data/export/x.json), its end (x.json, export/x.json), a table (shop.orders,
orders), a URL, or a full id (file:/data/x.json). A concrete file finds the pattern it instantiates
(/data/out/recon_20261125.xlsx finds /data/out/recon_*.xlsx). dbt's selection syntax works too:
+NODE (and its upstream), NODE+ (and its downstream), 2+NODE+1 (depth-limited), @NODE, space for
union, comma for intersection, kind:table, host:etl01, path:/data/export/*, name:shop.*.`;

/** Load a map for the analyses; on a terminal, say what is happening while a large one loads. */
export function loadIndex(io: Io, flag?: string): FlowIndex {
  const file = mapPath(io, flag);
  let bytes = 0;
  try {
    bytes = fs.statSync(file).size;
  } catch {
    // readMapIndexed reports a missing file with a hint
  }
  const progress = createProgress(bytes > 8_000_000 ? io : { ...io, interactive: false }, `loading ${file}`);
  progress.update(0, 2, `reading ${Math.round(bytes / 1e6)} MB`);
  const { data, index: known } = readMapIndexed(file);
  progress.update(1, 2, `indexing ${data.nodes.length} nodes, ${data.links.length} edges`);
  const index = indexNodeLink(data, known);
  progress.done();
  noteMapSource(index, fileHeader(file, index.meta));
  return index;
}

/** Node numbers a command's NODE arguments select; selecting nothing is a usage error. */
export function selectArgs(index: FlowShape, args: readonly string[], exclude?: string): number[] {
  const nodes = selectNodes(index, args, exclude ? { exclude } : {});
  if (nodes.length === 0) {
    throw new UsageError(
      `'${args.join(' ')}' selects no nodes${exclude ? ` once '${exclude}' is excluded` : ''}.`,
      {
        hint: 'check the selector (kind:, host:, path:, name:) against `dfmap stats`',
      },
    );
  }
  return nodes;
}

export function keysOf(index: FlowShape, nodes: readonly number[]): string[] {
  return nodes.map((v) => index.keys[v]!);
}

/** A non-negative whole number option. */
export function parseCount(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  // digits only: Number('') is 0 and Number('0x10') is 16, neither what the user meant
  const n = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`${option} '${value}' is not a whole number.`, { hint: `e.g. ${option} 2` });
  return n;
}

export function parsePositive(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`${option} '${value}' is not a positive number.`, { hint: `e.g. ${option} 1` });
  return n;
}

export function parseKinds(value: string | undefined): NodeKind[] | undefined {
  if (value === undefined) return undefined;
  const kinds = value
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  for (const k of kinds) {
    if (!isNodeKind(k))
      throw new UsageError(`--kind '${k}' is not a node kind.`, {
        hint: `kinds are ${NODE_KINDS.join(', ')}`,
      });
  }
  return kinds as NodeKind[];
}

/**
 * The server's time zone: `--tz`, else the one the scan recorded, else the one under the map's
 * ROOT (maps scanned before the zone was recorded), else UTC.
 */
export function mapZone(index: FlowShape, tz?: string): string {
  const flag = checkTimeZone(tz);
  if (flag) return flag;
  if (typeof index.meta.timeZone === 'string' && isZone(index.meta.timeZone)) return index.meta.timeZone;
  const root = index.meta.root;
  if (typeof root === 'string' && fs.existsSync(root)) return readServerZone(root).timeZone;
  return 'UTC';
}

const isZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** `--at`: an ISO time or `YYYY-MM-DD HH:MM`; without an offset, in the server's zone. */
export function parseAt(value: string | undefined, zone = 'UTC'): Date {
  try {
    return parseNow(value, zone);
  } catch {
    throw new UsageError(`--at '${value}' is not a time.`, {
      hint: "use ISO 8601, e.g. --at '2026-03-10T12:00' or '2026-03-10 12:00' (the server's zone)",
    });
  }
}

export function checkTimeZone(tz: string | undefined): string | undefined {
  if (tz === undefined) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new UsageError(`--tz '${tz}' is not a time zone.`, {
      hint: 'use an IANA name such as UTC or Europe/Berlin',
    });
  }
  return tz;
}
