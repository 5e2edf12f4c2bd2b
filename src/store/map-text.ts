/**
 * A map as its file holds it, in two parts: the attributes (`graph`: host, time of the scan, zone,
 * warnings), small and changed freely, and the body (`nodes` and `links`), the bulk of the file.
 * The file is written a node and a link at a time, never as one string: a map of 30 MB made as
 * one string, then as one buffer, was most of the memory (and of the collector's time) at the end
 * of a scan. What is written is byte for byte `JSON.stringify(toNodeLink(g), null, 1)` and a
 * newline, so a body kept from an earlier scan is written again without building a graph.
 */
import type { DataflowGraph, MapAttributes } from '../graph/types.js';
import { toNodeLink } from './node-link.js';
import { graphOfNodeLink } from './node-link-graph.js';

export interface MapText {
  attributes: MapAttributes;
  /** `"nodes": [...],\n "links": [...]` indented as in the file, UTF-8. */
  body: Uint8Array;
}

/** One space per level (NetworkX's node_link_data, readable and diffable). */
const INDENT = 1;

/** The head of the file, up to the body: `{`, the fixed members and the attributes. */
function headOf(attributes: MapAttributes): string {
  // nested one level: every line of the attributes indented once more (JSON strings hold no raw newline)
  return `{\n "directed": true,\n "multigraph": false,\n "graph": ${nested(attributes, '\n ')},\n `;
}

const END = '\n}\n';

function nested(value: unknown, newline: string): string {
  return JSON.stringify(value, null, INDENT).replace(/\n/g, newline);
}

/** Elements stringified together: few calls, and pieces that stay small (no large-object space). */
const PER_PIECE = 256;

/**
 * An array member of the root object, some elements at a time. Each piece is stringified as the
 * member of an object of its own, so JSON.stringify indents the elements as deep as the file
 * holds them; the piece's own opening and closing are cut off.
 */
function* arrayMember(name: 'nodes' | 'links', items: readonly unknown[]): Generator<string> {
  if (items.length === 0) {
    yield `"${name}": []`;
    return;
  }
  const open = `{\n "${name}": [`.length;
  const close = '\n ]\n}'.length;
  for (let i = 0; i < items.length; i += PER_PIECE) {
    const piece = JSON.stringify({ [name]: items.slice(i, i + PER_PIECE) }, null, INDENT);
    // the first piece keeps `"name": [`; the others go on after a comma
    yield i === 0 ? piece.slice('{\n '.length, -close) : `,${piece.slice(open, -close)}`;
  }
  yield '\n ]';
}

/** The body's text, in pieces. */
function* bodyParts(g: DataflowGraph): Generator<string> {
  const { nodes, links } = toNodeLink(g);
  yield* arrayMember('nodes', nodes);
  yield ',\n ';
  yield* arrayMember('links', links);
}

export function mapTextOf(g: DataflowGraph): MapText {
  return { attributes: g.getAttributes(), body: Buffer.from([...bodyParts(g)].join('')) };
}

/** The file's text in pieces, in order, from a graph or from a map kept as text. */
export function* mapFileParts(m: DataflowGraph | MapText): Generator<string | Uint8Array> {
  if ('body' in m) {
    yield headOf(m.attributes);
    yield m.body;
  } else {
    yield headOf(m.getAttributes());
    yield* bodyParts(m);
  }
  yield END;
}

export function mapFileString(m: DataflowGraph | MapText): string {
  return [...mapFileParts(m)]
    .map((p) => (typeof p === 'string' ? p : Buffer.from(p).toString('utf8')))
    .join('');
}

/** The graph of a map's text (the body is dfmap's own output: parsed, not validated again). */
export function graphOfMapText(t: MapText): DataflowGraph {
  const { nodes, links } = JSON.parse(`{${Buffer.from(t.body).toString('utf8')}}`);
  return graphOfNodeLink({ directed: true, multigraph: false, graph: t.attributes, nodes, links });
}
