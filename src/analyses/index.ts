/**
 * dfmap's analyses as a library: every function takes a map (a graphology DataflowGraph, or a
 * FlowIndex of one) and returns plain, JSON-ready data. Names follow graphology's grammar.
 */
export { type CutStructure, findCutStructure } from './articulation.js';
export { type Betweenness, type BetweennessOptions, betweenness } from './betweenness.js';
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
export { type Dominators, dominatorRoots, dominators } from './dominators.js';
export { countDownstreamNodes, downstream, forEachDownstreamNode } from './downstream.js';
export { type EgoNetwork, type EgoNode, egoGraph, egoNetwork } from './ego.js';
export {
  type FlowIndex,
  type FlowInput,
  indexFlow,
  indexNodeLink,
  type NodeLinkLike,
  toFlowIndex,
} from './flow-index.js';
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
export { type PageRankOptions, pagerank } from './pagerank.js';
export { countReachableLabels, type ReachCounts } from './reach-counts.js';
export { type Components, stronglyConnectedComponents } from './scc.js';
export * from './schedule/index.js';
export * from './select/index.js';
export { type DataPath, type ShortestPathsResult, shortestPaths } from './shortest-paths.js';
export { type Hub, type MapStats, mapStats } from './stats.js';
export { type Direction, forEachEdgeOf, type Traversal, traverse } from './traverse.js';
export { connectedComponents, toUndirected, type UndirectedIndex } from './undirected.js';
export { countUpstreamNodes, forEachUpstreamNode, upstream } from './upstream.js';
