/** Reading and writing map files. */
import type { DataflowGraph } from '../graph/types.js';
import { type MapText, mapFileParts, mapFileString } from './map-text.js';
import { graphOfNodeLink } from './node-link-graph.js';
import { readMapIndexed } from './read-map-data.js';
import { type SafeWriteOptions, writeFileSafely } from './safe-write.js';

export { DEFAULT_MAP_FILE, readMapIndex } from './read-map-data.js';

/** The map in `file` as a graphology map, to edit or render (export, view); read by the one reader. */
export function readMap(file: string): DataflowGraph {
  return graphOfNodeLink(readMapIndexed(file).data, file);
}

/** The map file's text (map-text.ts lays it out, so a map kept as text is written the same). */
export function serializeMap(m: DataflowGraph | MapText): string {
  return mapFileString(m);
}

/** Write atomically and exclusively, 0600 unless the map existed (see safe-write.ts), a piece at a time. */
export function writeMap(g: DataflowGraph | MapText, file: string, opts: SafeWriteOptions = {}): void {
  writeFileSafely(file, mapFileParts(g), opts);
}
