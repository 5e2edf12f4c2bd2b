/**
 * Health as node attributes (`health: {status, summary, since}`), so a stored or exported map, and the
 * viewer, can colour nodes by it (`dfmap export --format html --status`). graphology's `.assign` style.
 */
import type { DataflowGraph } from '../graph/types.js';
import type { HealthReport } from './types.js';

export interface HealthAttribute {
  status: string;
  summary: string;
  since?: string;
}

export function assignHealth(g: DataflowGraph, report: HealthReport): void {
  for (const [node, h] of report.nodes) {
    if (!g.hasNode(node)) continue;
    const attr: HealthAttribute = { status: h.status, summary: h.summary };
    if (h.since) attr.since = h.since;
    g.setNodeAttribute(node, 'health', attr);
  }
  g.setAttribute('healthAt', report.now);
}
