/**
 * Health as node attributes (`health: {status, summary, since, evidence, ...}`), so a stored or
 * exported map, and the viewer, can colour nodes by it and show what each status rests on
 * (`dfmap export --format html --status`). graphology's `.assign` style.
 */
import type { DataflowGraph } from '../graph/types.js';
import type { HealthEvidence, HealthReport } from './types.js';

/** How many observations of a node are stored: the viewer's panel lists these. */
const MAX_EVIDENCE = 3;

export interface HealthAttribute {
  status: string;
  summary: string;
  since?: string;
  evidence: HealthEvidence[];
  lastChange?: string;
  expected?: string;
  derivedFrom?: string[];
}

export function assignHealth(g: DataflowGraph, report: HealthReport): void {
  for (const [node, h] of report.nodes) {
    if (!g.hasNode(node)) continue;
    const attr: HealthAttribute = {
      status: h.status,
      summary: h.summary,
      evidence: h.evidence.slice(0, MAX_EVIDENCE).map((e) => ({ ...e })),
    };
    if (h.since) attr.since = h.since;
    if (h.lastChange) attr.lastChange = h.lastChange;
    if (h.expected) attr.expected = h.expected;
    if (h.derivedFrom?.length) attr.derivedFrom = [...h.derivedFrom];
    g.setNodeAttribute(node, 'health', attr);
  }
  g.setAttribute('healthAt', report.now);
  g.setAttribute('healthTimeZone', report.timeZone);
}
