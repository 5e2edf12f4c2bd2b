/**
 * Which unhealthy neighbour accounts for a node's problem. A failing writer explains a stale output;
 * a database that is down explains the table on it and the script that could not connect; a missing
 * input explains the script that read it, unless the script's own error names something else.
 * Stale data does not make a script crash, so a stale input never explains a failing script: that is
 * a second, independent problem.
 */

import type { FlowIndex } from '../../graph/flow-index.js';
import { findEdge, forEachInNeighbor, nodeAttributes } from '../../graph/keyed.js';
import { matchSignature } from '../logs/signatures.js';
import { sameHost } from '../nodes/data-health.js';
import { probeTargetOf } from '../probe/target.js';
import { isUnhealthy, type NodeHealth } from '../types.js';

function hostOf(g: FlowIndex, node: string): string | undefined {
  const a = nodeAttributes(g, node);
  let url = typeof a.url === 'string' ? a.url : typeof a.namespace === 'string' ? a.namespace : undefined;
  if (a.kind === 'table' && typeof a.namespace === 'string') url = a.namespace;
  if (!url) return undefined;
  const t = probeTargetOf(url);
  return 'target' in t ? t.target.host.toLowerCase() : undefined;
}

/** Does the failing script's own error point away from `input` (another path, another host)? */
function errorNamesSomethingElse(g: FlowIndex, script: NodeHealth, input: string): boolean {
  const text = script.evidence[0]?.text;
  if (!text) return false;
  const sig = matchSignature(text);
  if (!sig) return false;
  const a = nodeAttributes(g, input);
  if (sig.kind === 'no-such-file' && typeof a.path === 'string') {
    const named = /['"`]?(\/[^\s'"`:,)]+)/.exec(
      text.slice(text.search(/No such file|FileNotFound|cannot access|ENOENT/)),
    )?.[1];
    if (!named) return false;
    const pattern = new RegExp(`^${a.path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    return !pattern.test(named);
  }
  if ((sig.kind === 'connect' || sig.kind === 'dns') && sig.host) {
    const h = hostOf(g, input);
    return h !== undefined && !sameHost(h, sig.host);
  }
  return false;
}

/** Does `up` (a direct predecessor of `node`, or a node it was derived from) explain its problem? */
export function explains(g: FlowIndex, up: NodeHealth, node: NodeHealth): boolean {
  if (!isUnhealthy(up.status) || !isUnhealthy(node.status)) return false;
  if (node.derivedFrom?.includes(up.node)) return true;
  const edge = findEdge(g, up.node, node.node);
  if (edge < 0) return false;
  const kind = g.edges[edge]!.kind;
  if (kind === 'writes')
    return (
      (up.status === 'failing' || up.status === 'missing') &&
      (node.status === 'stale' || node.status === 'missing')
    );
  if (kind === 'contains') return up.status === 'down';
  if (kind === 'invokes')
    return (
      up.status === 'failing' && node.status === 'failing' && !node.evidence.some((e) => e.source === 'log')
    );
  if (kind === 'reads' && node.status === 'failing') {
    if (up.status !== 'missing' && up.status !== 'down') return false;
    return !errorNamesSomethingElse(g, node, up.node);
  }
  return false;
}

/** For every unhealthy node, the unhealthy nodes that explain it (predecessors and derivedFrom). */
export function explanationLinks(g: FlowIndex, health: Map<string, NodeHealth>): Map<string, string[]> {
  const links = new Map<string, string[]>();
  for (const h of health.values()) {
    if (!isUnhealthy(h.status)) continue;
    const ups = new Set<string>(h.derivedFrom ?? []);
    forEachInNeighbor(g, h.node, (p) => ups.add(p));
    const by: string[] = [];
    for (const u of ups) {
      const uh = health.get(u);
      if (uh && explains(g, uh, h)) by.push(u);
    }
    links.set(h.node, by);
  }
  return links;
}
