/**
 * A large node-link map, validated while it streams past: each batch of nodes and links goes
 * straight into the builder, so a link's own copies of its node ids and evidence strings are
 * dropped while they are young garbage, and no second structure holds the whole map.
 */
import type { MapAttributes } from '../graph/types.js';
import { ConfigError } from '../model/errors.js';
import { type BuiltNodeLink, checkShape, checkVersion } from './node-link.js';
import { createNodeLinkBuilder } from './node-link-builder.js';
import { type JsonArraySink, type ScanOptions, scanLargeJsonObject } from './read-large-json.js';

/** Thrown when streaming cannot tell what parsing the whole file would: the caller does that. */
class Unstreamable extends Error {}

/**
 * The map in `file`, or undefined when it must be parsed whole instead: not a plain JSON object,
 * a bad element (whole parsing reports the first problem in the usual order), or a shape
 * streaming cannot follow (`edges` before a `links` key that overrides it). A bad top level or a
 * too new version throws the ConfigError parseNodeLink throws.
 */
export function streamNodeLink(file: string, scan: ScanOptions = {}): BuiltNodeLink | undefined {
  const builder = createNodeLinkBuilder(file, { shareStrings: true });
  let nodesDone = false;
  let linksSeen = false;
  let edgesTaken = false;
  // links that come before the nodes are complete wait for them (rare: NetworkX writes nodes first)
  const waiting: Array<[string, unknown[]]> = [];
  // `links` wins over `edges`, as in parseNodeLink; `edges` first and `links` after cannot be undone
  const take = (key: string, items: unknown[]): void => {
    if (key === 'links' && edgesTaken) throw new Unstreamable();
    if (key === 'edges' && linksSeen) return;
    if (key === 'edges') edgesTaken = true;
    builder.addLinks(items, key);
  };
  const sink: JsonArraySink = {
    batch(key, items) {
      if (key === 'nodes') {
        if (nodesDone) throw new Unstreamable();
        builder.addNodes(items);
        return;
      }
      if (key === 'links') linksSeen = true;
      if (nodesDone) take(key, items);
      else waiting.push([key, items]);
    },
    end(key) {
      if (key === 'links') {
        linksSeen = true;
        if (edgesTaken) throw new Unstreamable();
      }
      if (key !== 'nodes') return;
      nodesDone = true;
      for (const [k, items] of waiting) if (k === 'links') take(k, items);
      for (const [k, items] of waiting) if (k === 'edges') take(k, items);
      waiting.length = 0;
    },
  };
  let top: Record<string, unknown> | undefined;
  try {
    top = scanLargeJsonObject(file, sink, scan);
  } catch (err) {
    // a bad element: parsing the whole file finds the first problem in the usual order
    if (err instanceof Unstreamable || err instanceof ConfigError) return undefined;
    throw err;
  }
  if (!top) return undefined;
  // the elements were fine, so a bad shape or version is the first problem, as when parsed whole
  const shape = checkShape(top, file);
  checkVersion(shape, file);
  return builder.finish(shape.graph as MapAttributes);
}
