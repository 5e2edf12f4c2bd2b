/**
 * A map as its file holds it, in two parts: the attributes (`graph`: host, time of the scan, zone,
 * warnings), small and changed freely, and the body (`nodes` and `links`), the bulk of the file, as
 * UTF-8 bytes. A map written from the parts is byte for byte the map serializeMap writes from the
 * graph, so a body kept from an earlier scan is written again without building a graph.
 */
import type { DataflowGraph, MapAttributes } from '../graph/types.js';
import { toNodeLink } from './node-link.js';
import { graphOfNodeLink } from './node-link-graph.js';

export interface MapText {
  attributes: MapAttributes;
  /** `"nodes": [...],\n "links": [...]` indented as in the file, UTF-8. */
  body: Uint8Array;
}

/** serializeMap's layout: one space per level (NetworkX's node_link_data, readable and diffable). */
const INDENT = 1;

export function mapTextOf(g: DataflowGraph): MapText {
  const { graph, nodes, links } = toNodeLink(g);
  const whole = JSON.stringify({ nodes, links }, null, INDENT);
  // `{\n "nodes": ...\n}`: the members as they sit one level deep in the file
  return { attributes: graph, body: Buffer.from(whole.slice('{\n '.length, -'\n}'.length)) };
}

/** The head of the file, up to the body: `{`, the fixed members and the attributes. */
function headOf(attributes: MapAttributes): string {
  // nested one level: every line of the attributes indented once more (JSON strings hold no raw newline)
  const graph = JSON.stringify(attributes, null, INDENT).replace(/\n/g, '\n ');
  return `{\n "directed": true,\n "multigraph": false,\n "graph": ${graph},\n `;
}

/** The file's bytes, in order (head, body, end), to write without joining them. */
export function mapFileChunks(t: MapText): Uint8Array[] {
  return [Buffer.from(headOf(t.attributes)), t.body, Buffer.from('\n}\n')];
}

export function mapFileString(t: MapText): string {
  return `${headOf(t.attributes)}${Buffer.from(t.body).toString('utf8')}\n}\n`;
}

/** The graph of a map's text (the body is dfmap's own output: parsed, not validated again). */
export function graphOfMapText(t: MapText): DataflowGraph {
  const { nodes, links } = JSON.parse(`{${Buffer.from(t.body).toString('utf8')}}`);
  return graphOfNodeLink({ directed: true, multigraph: false, graph: t.attributes, nodes, links });
}
