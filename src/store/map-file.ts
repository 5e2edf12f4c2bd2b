/** Reading and writing map files. */
import fs from 'node:fs';
import type { DataflowGraph } from '../graph/types.js';
import { toNodeLink } from './node-link.js';
import { graphOfNodeLink } from './node-link-graph.js';
import { readMapIndexed } from './read-map-data.js';

export { DEFAULT_MAP_FILE, readMapIndex } from './read-map-data.js';

/** The map in `file` as a graphology map, to edit or render (export, view); read by the one reader. */
export function readMap(file: string): DataflowGraph {
  return graphOfNodeLink(readMapIndexed(file).data);
}

export function serializeMap(g: DataflowGraph): string {
  return `${JSON.stringify(toNodeLink(g), null, 1)}\n`;
}

/** Write atomically (temp file + rename), so a crash never leaves half a map. */
export function writeMap(g: DataflowGraph, file: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, serializeMap(g));
  fs.renameSync(tmp, file);
}
