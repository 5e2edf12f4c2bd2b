/**
 * NetworkX node-link JSON: the same format as the map itself (`networkx.node_link_graph(data,
 * edges="links")` reads it; NetworkX < 3.4 reads `links` by default). Exporting a filtered or
 * anonymized map gives a map dfmap can read again.
 */
import type { DataflowGraph } from '../../graph/types.js';
import { toNodeLink } from '../../store/node-link.js';
import type { Exporter } from '../types.js';

export function toNodeLinkJson(g: DataflowGraph): string {
  return `${JSON.stringify(toNodeLink(g), null, 1)}\n`;
}

export const json: Exporter = {
  id: 'json',
  title: 'NetworkX node-link JSON',
  extension: 'json',
  mediaType: 'application/json',
  output: 'text',
  export: (g) => toNodeLinkJson(g),
};
