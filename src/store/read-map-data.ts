/**
 * The one reader of map files: validated node-link data plus the node numbers and link ends the
 * index is built from. Maps over 64 MB are validated while they stream past (stream-node-link.ts,
 * decision 002); smaller ones, and shapes streaming cannot follow, are parsed whole. Nothing here
 * loads graphology (that is ~10 ms of every query's start): map-file.ts builds a graphology map
 * from what this reads, for the commands that edit or render one.
 */
import fs from 'node:fs';
import { type FlowIndex, indexNodeLink } from '../graph/flow-index.js';
import { ConfigError } from '../model/errors.js';
import { designToNodeLink, isDesignFile } from './design-yaml.js';
import { type BuiltNodeLink, buildNodeLink, type NodeLinkData } from './node-link.js';
import { streamNodeLink } from './stream-node-link.js';

/** Where `dfmap scan` writes the map, and where every other command looks for it. */
export const DEFAULT_MAP_FILE = 'dfmap.json';

/** The map in `file`, validated, with the node numbers and link ends indexNodeLink takes as they are. */
export function readMapIndexed(file: string): BuiltNodeLink {
  // above this size, validate while streaming, so the whole text and a second copy of the map are
  // never held; anything wrong is reported by parsing it whole, as for small maps
  const streamed = fileSize(file) > LARGE_MAP_BYTES ? streamNodeLink(file) : undefined;
  return streamed ?? buildNodeLink(readMapJson(file), file, { inPlace: true });
}

/** The map in `file` as validated node-link data (design/, plan/: they read attributes, not paths). */
export function readMapData(file: string): NodeLinkData {
  return readMapIndexed(file).data;
}

/** The map in `file` as the analyses' index. */
export function readMapIndex(file: string): FlowIndex {
  const { data, index } = readMapIndexed(file);
  return indexNodeLink(data, index);
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
  if (isDesignFile(file)) return designToNodeLink(text, file);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: not JSON (${(err as Error).message}).`, {
      hint: 'a map is the JSON file `dfmap scan` writes',
      cause: err,
    });
  }
}
