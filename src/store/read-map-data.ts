/**
 * Reading a map for the analyses: validated node-link data plus the node numbers and link ends
 * the index is built from. Nothing here loads graphology (that is ~10 ms of every query's start).
 */
import fs from 'node:fs';
import { ConfigError } from '../model/errors.js';
import { type BuiltNodeLink, buildNodeLink, type NodeLinkData } from './node-link.js';
import { readLargeJsonObject } from './read-large-json.js';
import { streamNodeLink } from './stream-node-link.js';

/** Where `dfmap scan` writes the map, and where every other command looks for it. */
export const DEFAULT_MAP_FILE = 'dfmap.json';

/**
 * The map as validated node-link data, without building a graphology graph: what the analyses
 * index directly (several times faster to load on large maps than readMap).
 */
export function readMapData(file: string): NodeLinkData {
  return readMapIndexed(file).data;
}

/** readMapData, with the node numbers and link ends it found: indexNodeLink takes them as they are. */
export function readMapIndexed(file: string): BuiltNodeLink {
  // above this size, validate while streaming, so the whole text and a second copy of the map are
  // never held; anything wrong is reported by parsing it whole, as for small maps
  if (fileSize(file) > LARGE_MAP_BYTES) {
    const streamed = streamNodeLink(file);
    if (streamed) return streamed;
    return buildNodeLink(readLargeJsonObject(file) ?? readMapJson(file), file, { inPlace: true });
  }
  return buildNodeLink(readMapJson(file), file, { inPlace: true });
}

const LARGE_MAP_BYTES = 64 * 1024 * 1024;

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0; // readMapJson reports the problem
  }
}

/** The whole map file parsed as JSON; a missing file or bad JSON is a ConfigError naming it. */
export function readMapJson(file: string): unknown {
  let text: string;
  try {
    // `-`: the map on stdin (`dfmap scan ROOT -o - | dfmap stats --map -`)
    text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new ConfigError(`${file}: cannot read the map (${code}).`, {
      hint: code === 'ENOENT' ? 'run `dfmap scan ROOT` first, or pass --map FILE' : undefined,
      cause: err,
    });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: not JSON (${(err as Error).message}).`, {
      hint: 'a map is the JSON file `dfmap scan` writes',
      cause: err,
    });
  }
}
