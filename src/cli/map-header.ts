/**
 * Every answer names the map it comes from and the host it describes (issue 11): a map file found
 * by a rule the user may not remember (DFMAP_MAP, a dfmap.json in a parent directory) or a
 * catalog must never answer anonymously. In text, one first line; under --json, a `map` field
 * added to the answer (an added field: consumers of the old shape keep working).
 */
import type { FlowShape } from '../graph/flow-index.js';
import { localRelative, localResolve } from '../util/paths.js';
import { stripUserInfo } from '../util/redact.js';
import { colors, type Io, setJsonHeader } from './io.js';

/** Where an answer's map came from, as `--json` prints it under `map`. */
export interface MapHeader {
  /** The map file as given (`-` for stdin), or the catalog (without credentials). */
  source: string;
  kind: 'file' | 'stdin' | 'catalog';
  /** The host the map describes; null when it does not say (a map made elsewhere). */
  host: string | null;
  /** The directory the host's files were read from; null when not recorded or several hosts. */
  root: string | null;
  /** A catalog joining several hosts: each of them. */
  hosts?: string[];
  /** A catalog: the snapshots read. */
  snapshots?: number[];
  /** A catalog read `--as-of`. */
  asOf?: string;
}

const sources = new WeakMap<FlowShape, MapHeader>();

/** Record where this index was read from (the loaders call it). */
export function noteMapSource(index: FlowShape, header: MapHeader): void {
  sources.set(index, header);
}

/** The header of an index's answers: what its loader noted, else what the map itself says. */
export function mapHeaderOf(index: FlowShape, root?: string): MapHeader {
  const noted = sources.get(index);
  const meta = index.meta;
  const base: MapHeader = noted ?? {
    source: 'map',
    kind: 'file',
    host: typeof meta.host === 'string' ? meta.host : null,
    root: typeof meta.root === 'string' ? meta.root : null,
  };
  return root === undefined ? base : { ...base, root };
}

/** The header of a map file (or stdin) from its attributes. */
export function fileHeader(file: string, meta: FlowShape['meta']): MapHeader {
  return {
    source: file,
    kind: file === '-' ? 'stdin' : 'file',
    host: typeof meta.host === 'string' && meta.host !== '' ? meta.host : null,
    root: typeof meta.root === 'string' && meta.root !== '' ? meta.root : null,
  };
}

/** A path under the working directory is shown relative to it, as git does: the README reproduces. */
function shownPath(p: string): string {
  const abs = localResolve(p);
  const rel = localRelative(process.cwd(), abs);
  if (rel === '') return '.';
  return rel.startsWith('..') || localResolve(rel) !== abs ? p : rel;
}

/** `map: dfmap.json  host: etl01  root: examples/seed-server` */
export function formatMapHeader(h: MapHeader): string {
  const source =
    h.kind === 'catalog'
      ? `catalog ${h.source}${h.snapshots?.length === 1 ? `, snapshot ${h.snapshots[0]}` : ''}${h.asOf ? `, as of ${h.asOf}` : ''}`
      : h.kind === 'stdin'
        ? '- (stdin)'
        : h.source;
  const parts = [`map: ${source}`];
  if (h.hosts && h.hosts.length > 1) parts.push(`hosts: ${h.hosts.join(', ')}`);
  else parts.push(`host: ${h.host ?? 'not recorded'}`);
  if (h.root !== null) parts.push(`root: ${shownPath(h.root)}`);
  return parts.join('  ');
}

export interface AnnounceOptions {
  json?: boolean | undefined;
  /** The answer itself goes to stdout as a file (`-o -`): the header goes to stderr. */
  stdoutIsData?: boolean | undefined;
  /** The root actually read, when a flag overrode the map's. */
  root?: string | undefined;
}

/**
 * Name the map of this answer: the first line of text, or the `map` field of the JSON that
 * printJson writes for this run.
 */
export function announceMap(io: Io, index: FlowShape, opts: AnnounceOptions = {}): MapHeader {
  const header = mapHeaderOf(index, opts.root);
  if (opts.json) setJsonHeader(io, { map: header });
  else if (opts.stdoutIsData) io.err(`dfmap: ${formatMapHeader(header)}`);
  else io.out(colors(io).dim(formatMapHeader(header)));
  return header;
}

/** A catalog location as printed: never its password. */
export function catalogShown(where: string): string {
  return stripUserInfo(where);
}
