/**
 * Health as node attributes (`health: {status, summary, since, evidence, ...}`), so a stored or
 * exported map, and the viewer, can colour nodes by it and show what each status rests on
 * (`dfmap export --format html --status`). The caller stores them on the map it writes.
 */
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

/** What to store: a `health` attribute per judged node, and when and in which zone it was judged. */
export interface HealthAttributes {
  nodes: Map<string, HealthAttribute>;
  graph: { healthAt: string; healthTimeZone: string };
}

export function healthAttributes(report: HealthReport): HealthAttributes {
  const nodes = new Map<string, HealthAttribute>();
  for (const [node, h] of report.nodes) {
    const attr: HealthAttribute = {
      status: h.status,
      summary: h.summary,
      evidence: h.evidence.slice(0, MAX_EVIDENCE).map((e) => ({ ...e })),
    };
    if (h.since) attr.since = h.since;
    if (h.lastChange) attr.lastChange = h.lastChange;
    if (h.expected) attr.expected = h.expected;
    if (h.derivedFrom?.length) attr.derivedFrom = [...h.derivedFrom];
    nodes.set(node, attr);
  }
  return { nodes, graph: { healthAt: report.now, healthTimeZone: report.timeZone } };
}
