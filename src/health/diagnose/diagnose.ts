/**
 * `dfmap diagnose NODE`: from a symptom, walk upstream and name the root-cause candidates: unhealthy
 * nodes that nothing unhealthy upstream explains, ranked by how much of the observed damage they
 * explain. Each comes with the chain from the symptom back to it, one step a node, with evidence; and
 * the weaknesses that let the failure through unnoticed (a consumer that ran on stale inputs).
 */

import { forEachUpstreamNode } from '../../analyses/upstream.js';
import type { FlowIndex } from '../../graph/flow-index.js';
import { nodeAttributes } from '../../graph/keyed.js';
import { type Assessment, assessHealth } from '../assess.js';
import { numberEvidence } from '../logs/evidence-lines.js';
import type { Weakness } from '../nodes/degraded.js';
import {
  type HealthEvidence,
  type HealthOptions,
  type HealthStatus,
  isPrimaryProblem,
  isUnhealthy,
  type NodeHealth,
  statusRank,
} from '../types.js';
import { chainTo } from './chain.js';
import { explanationLinks } from './explain.js';

export type SymptomKind = 'stale' | 'missing' | 'failing' | 'down';

export interface ChainStep {
  node: string;
  label: string;
  kind: string;
  status: HealthStatus;
  summary: string;
  evidence?: HealthEvidence;
}

export interface RootCause {
  node: string;
  label: string;
  status: HealthStatus;
  summary: string;
  /** Unhealthy nodes upstream of the symptom (and the symptom) this cause accounts for. */
  explains: string[];
  /** Does its damage reach the symptom through the chain of explanations? */
  explainsSymptom: boolean;
  /** Symptom first, cause last. */
  chain: ChainStep[];
}

export interface Diagnosis {
  symptom: ChainStep & { reported?: SymptomKind };
  healthy: boolean;
  causes: RootCause[];
  weaknesses: Weakness[];
  /** Nodes judged upstream of the symptom, by status. */
  counts: Partial<Record<HealthStatus, number>>;
  assessment: Assessment;
}

export interface DiagnoseOptions extends HealthOptions {
  symptom?: SymptomKind;
}

function step(h: NodeHealth): ChainStep {
  const s: ChainStep = { node: h.node, label: h.label, kind: h.kind, status: h.status, summary: h.summary };
  if (h.evidence[0]) s.evidence = h.evidence[0];
  return s;
}

/** Everything the symptom's problem can be traced to, through explanation links (transitively). */
function damageOf(cause: string, links: Map<string, string[]>): Set<string> {
  const reverse = new Map<string, string[]>();
  for (const [n, ups] of links) for (const u of ups) reverse.set(u, [...(reverse.get(u) ?? []), n]);
  const seen = new Set<string>();
  const queue = [cause];
  while (queue.length) {
    const n = queue.shift()!;
    for (const d of reverse.get(n) ?? []) if (!seen.has(d)) seen.add(d) && queue.push(d);
  }
  return seen;
}

function applySymptom(h: NodeHealth, symptom: SymptomKind | undefined): NodeHealth {
  if (!symptom || isUnhealthy(h.status)) return h;
  return { ...h, status: symptom, summary: `reported ${symptom}; the records show: ${h.summary}` };
}

export async function diagnose(g: FlowIndex, symptom: string, opts: DiagnoseOptions): Promise<Diagnosis> {
  const closure = new Set<string>([symptom]);
  forEachUpstreamNode(g, symptom, (n) => closure.add(n));
  const assessment = await assessHealth(g, { ...opts, nodes: closure });
  const health = assessment.nodes;
  const own = health.get(symptom) ?? {
    node: symptom,
    kind: nodeAttributes(g, symptom).kind,
    label: String(nodeAttributes(g, symptom).label ?? symptom),
    status: 'unknown' as const,
    summary: 'not judged',
    evidence: [],
  };
  const reported = applySymptom(own, opts.symptom);
  health.set(symptom, reported);
  const links = explanationLinks(g, health);
  const unhealthy = [...health.values()].filter((h) => isUnhealthy(h.status));
  let candidates = unhealthy.filter(
    (h) => (isPrimaryProblem(h.status) || h.node === symptom) && (links.get(h.node) ?? []).length === 0,
  );
  // Explanations that go round in a circle leave no unexplained node: fall back to every primary problem.
  if (candidates.length === 0) candidates = unhealthy.filter((h) => isPrimaryProblem(h.status));
  const causes = candidates.map((c): RootCause => {
    const damage = damageOf(c.node, links);
    const chain = chainTo(g, health, symptom, c.node, closure) ?? [c.node];
    return {
      node: c.node,
      label: c.label,
      status: c.status,
      summary: c.summary,
      explains: [...damage],
      explainsSymptom: c.node === symptom || damage.has(symptom),
      chain: chain.map((n) =>
        step(health.get(n) ?? { ...own, node: n, label: n, status: 'unknown', summary: 'not judged' }),
      ),
    };
  });
  causes.sort(
    (a, b) =>
      Number(b.explainsSymptom) - Number(a.explainsSymptom) ||
      b.explains.length - a.explains.length ||
      statusRank(b.status) - statusRank(a.status) ||
      a.label.localeCompare(b.label),
  );
  // the chains are what people read: their evidence gets line numbers even in big logs
  numberEvidence(
    opts.root,
    causes.flatMap((c) => c.chain.map((s) => s.evidence).filter((e): e is HealthEvidence => e !== undefined)),
  );
  const onChains = new Set(causes.flatMap((c) => c.chain.map((s) => s.node)));
  const counts: Partial<Record<HealthStatus, number>> = {};
  for (const h of health.values()) counts[h.status] = (counts[h.status] ?? 0) + 1;
  return {
    symptom: { ...step(reported), ...(opts.symptom ? { reported: opts.symptom } : {}) },
    healthy: unhealthy.length === 0,
    causes,
    // the weaknesses on the way from a cause to the symptom first: those are the ones that hid it
    weaknesses: [
      ...assessment.weaknesses.filter((w) => onChains.has(w.script)),
      ...assessment.weaknesses.filter((w) => !onChains.has(w.script) && closure.has(w.script)),
    ],
    counts,
    assessment,
  };
}
