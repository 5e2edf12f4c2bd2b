/** Reading and writing map files. */
import type { DataflowGraph } from '../graph/types.js';
import { toNodeLink } from './node-link.js';
import { graphOfNodeLink } from './node-link-graph.js';
import { readMapIndexed } from './read-map-data.js';
import { type SafeWriteOptions, writeFileSafely } from './safe-write.js';

export { DEFAULT_MAP_FILE, readMapIndex } from './read-map-data.js';

/** The map in `file` as a graphology map, to edit or render (export, view); read by the one reader. */
export function readMap(file: string): DataflowGraph {
  return graphOfNodeLink(readMapIndexed(file).data, file);
}

export function serializeMap(g: DataflowGraph): string {
  return `${JSON.stringify(toNodeLink(g), null, 1)}\n`;
}

/** Write atomically and exclusively, 0600 unless the map existed (see safe-write.ts). */
export function writeMap(g: DataflowGraph, file: string, opts: SafeWriteOptions = {}): void {
  writeFileSafely(file, serializeMap(g), opts);
}
