/**
 * The read-only JSON API: the map and the analyses over it, by node name (resolved the way the CLI
 * resolves names). Every answer is computed from the loaded map; nothing here touches the disk.
 */
import { communities } from '../analyses/communities.js';
import { critical } from '../analyses/critical.js';
import { downstream } from '../analyses/downstream.js';
import { egoNetwork } from '../analyses/ego.js';
import { impact } from '../analyses/impact.js';
import { lint } from '../analyses/lint/index.js';
import { resolveNode } from '../analyses/select/resolve-node.js';
import { upstream } from '../analyses/upstream.js';
import { type FlowIndex, indexFlow } from '../graph/flow-index.js';
import type { DataflowGraph } from '../graph/types.js';
import { DfmapError, UsageError } from '../model/errors.js';
import { toNodeLink } from '../store/node-link.js';

export interface ApiAnswer {
  status: number;
  body: unknown;
}

/** The map the server serves: the graph to send, and its index for the analyses (built once). */
export interface ServedMap {
  graph: DataflowGraph;
  index: FlowIndex;
}

export function servedMap(graph: DataflowGraph): ServedMap {
  return { graph, index: indexFlow(graph) };
}

type Handler = (m: ServedMap, q: URLSearchParams) => unknown;

function nodeParam({ index }: ServedMap, q: URLSearchParams): string {
  const name = q.get('node');
  if (!name) throw new UsageError('missing ?node=NAME.', { hint: 'a node id, path, table or file name' });
  return index.keys[resolveNode(index, name)] as string;
}

function intParam(q: URLSearchParams, name: string, fallback?: number): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 1000)
    throw new UsageError(`?${name} must be a whole number from 0 to 1000.`);
  return n;
}

/** Route name -> handler: `/api/NAME?node=...`. */
export const API_ROUTES: Record<string, Handler> = {
  map: (m) => toNodeLink(m.graph),
  node: (m, q) => {
    const id = nodeParam(m, q);
    const g = m.graph;
    return {
      id,
      ...g.getNodeAttributes(id),
      in: g.mapInEdges(id, (_e, a, s) => ({ source: s, ...a })),
      out: g.mapOutEdges(id, (_e, a, _s, t) => ({ target: t, ...a })),
    };
  },
  upstream: (m, q) => upstream(m.index, nodeParam(m, q), { depth: intParam(q, 'depth') }),
  downstream: (m, q) => downstream(m.index, nodeParam(m, q), { depth: intParam(q, 'depth') }),
  impact: (m, q) => impact(m.index, nodeParam(m, q)),
  ego: (m, q) => egoNetwork(m.index, nodeParam(m, q), { radius: intParam(q, 'radius', 1) }),
  communities: (m) => communities(m.index),
  critical: (m, q) => critical(m.index, { top: intParam(q, 'top', 10) }),
  lint: (m) => lint(m.index),
};

export function answerApi(m: ServedMap, route: string, q: URLSearchParams): ApiAnswer {
  const handler = Object.hasOwn(API_ROUTES, route) ? API_ROUTES[route] : undefined;
  if (!handler) {
    return {
      status: 404,
      body: { error: `no API route '${route}'.`, routes: Object.keys(API_ROUTES).map((r) => `/api/${r}`) },
    };
  }
  try {
    return { status: 200, body: handler(m, q) };
  } catch (err) {
    if (err instanceof DfmapError) {
      const status = err.name === 'NodeNotFoundError' ? 404 : 400;
      return { status, body: { error: err.message, hint: err.hint } };
    }
    throw err;
  }
}
