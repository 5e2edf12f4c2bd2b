/**
 * Node-link data as a graphology graph, for the commands that edit or render the map (scan, export,
 * view). Kept apart from node-link.ts so the analyses, which read maps into their own index, never
 * load graphology.
 */
import { createGraph } from '../graph/build.js';
import type { DataflowGraph } from '../graph/types.js';
import type { EdgeAttributes, NodeAttributes } from '../model/node.js';
import { type NodeLinkData, parseNodeLink } from './node-link.js';
import { checkGraphId } from './validate-map.js';

/** Parse node-link data into a graph; every problem names the file. */
export function fromNodeLink(data: unknown, file = '<map>'): DataflowGraph {
  return graphOfNodeLink(parseNodeLink(data, file), file);
}

/** Validated node-link data (parseNodeLink's, or the map reader's) as a graph. */
export function graphOfNodeLink({ graph, nodes, links }: NodeLinkData, file = '<map>'): DataflowGraph {
  const g = createGraph(graph);
  for (const { id, ...attrs } of nodes) {
    checkGraphId(id, file);
    g.addNode(id, attrs as NodeAttributes);
  }
  for (const { source, target, ...attrs } of links)
    g.addDirectedEdge(source, target, attrs as EdgeAttributes);
  return g;
}
