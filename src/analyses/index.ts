/**
 * dfmap's analyses as a library: every function takes a map (a graphology DataflowGraph, or a
 * FlowIndex of one) and returns plain, JSON-ready data. Names follow graphology's grammar.
 */

export {
  type FlowIndex,
  type FlowInput,
  indexFlow,
  indexNodeLink,
  type NodeLinkLike,
  toFlowIndex,
} from '../graph/flow-index.js';
export { type CutStructure, findCutStructure } from './algorithms/articulation.js';
export { type Betweenness, type BetweennessOptions, betweenness } from './algorithms/betweenness.js';
export { type Dominators, dominatorRoots, dominators } from './algorithms/dominators.js';
export { type PageRankOptions, pagerank } from './algorithms/pagerank.js';
export { countReachableLabels, type ReachCounts } from './algorithms/reach-counts.js';
export { type Components, stronglyConnectedComponents } from './algorithms/scc.js';
export { type Direction, forEachEdgeOf, type Traversal, traverse } from './algorithms/traverse.js';
export { connectedComponents, toUndirected, type UndirectedIndex } from './algorithms/undirected.js';
export {
  type CommunitiesOptions,
  type CommunitiesResult,
  type Community,
  communities,
} from './communities.js';
export {
  type CriticalNode,
  type CriticalOptions,
  type CriticalResult,
  critical,
  finalOutputs,
} from './critical.js';
export { describeEdge, describeNode, type EdgeRef, type NodeRef, nodeName, nodePath } from './describe.js';
export { countDownstreamNodes, downstream, forEachDownstreamNode } from './downstream.js';
export { type EgoNetwork, type EgoNode, egoGraph, egoNetwork } from './ego.js';
export { type FlowTree, type FlowTreeNode, type FlowTreeOptions, flowTree } from './flow-tree.js';
export {
  type AffectedJob,
  type ImpactOptions,
  type ImpactResult,
  impact,
  isLogFile,
  type StaleOutput,
} from './impact.js';
export { jobsRunning } from './jobs.js';
export * from './lint/index.js';
export * from './schedule/index.js';
export * from './select/index.js';
export { type DataPath, type ShortestPathsResult, shortestPaths } from './shortest-paths.js';
export { type Hub, type MapStats, mapStats } from './stats.js';
export { countUpstreamNodes, forEachUpstreamNode, upstream } from './upstream.js';
