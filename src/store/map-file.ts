/** Reading and writing map files. */
import type { DataflowGraph } from '../graph/types.js';
import { toNodeLink } from './node-link.js';
import { fromNodeLink } from './node-link-graph.js';
import { readMapJson } from './read-map-data.js';
import { type SafeWriteOptions, writeFileSafely } from './safe-write.js';

export { DEFAULT_MAP_FILE, readMapData, readMapIndexed } from './read-map-data.js';

export function readMap(file: string): DataflowGraph {
  return fromNodeLink(readMapJson(file), file);
}

export function serializeMap(g: DataflowGraph): string {
  return `${JSON.stringify(toNodeLink(g), null, 1)}\n`;
}

/** Write atomically and exclusively, 0600 unless the map existed (see safe-write.ts). */
export function writeMap(g: DataflowGraph, file: string, opts: SafeWriteOptions = {}): void {
  writeFileSafely(file, serializeMap(g), opts);
}
