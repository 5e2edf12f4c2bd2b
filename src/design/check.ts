/**
 * Drift between a design (what should be) and a map (what a scan or a trace found):
 *   - declared but not found: an edge of the design with no edge between matching nodes in the map;
 *   - found but not declared: an edge of the map that no design edge accounts for (with its evidence);
 *   - schedules that differ: a declared job whose script runs on another schedule, or not at all;
 *     a scheduled job the design does not declare.
 * Job -> script and database -> table edges are compared as schedules and not at all; log, lock,
 * pid and temporary files are never drift unless the design declares them.
 */
import type { Evidence } from '../model/evidence.js';
import type { NodeLinkData } from '../store/node-link.js';
import { isHousekeeping, type Link, type MatchFn, type Node, nodeMatcher } from './match-nodes.js';

export interface DriftEdge {
  source: string;
  target: string;
  kind: string;
  /** For declared edges: the design's line; for found edges: where the scan found them. */
  evidence: Evidence[];
}

export interface ScheduleDrift {
  script: string;
  /** The design's schedule, or undefined for a job the design does not declare. */
  declared?: string;
  /** The schedules the map has for the script (empty: it is not scheduled at all). */
  found: string[];
  evidence: Evidence[];
}

export interface DriftReport {
  design: { source: string; host?: string };
  map: { source: string; host?: string };
  /** Design edges with a matching edge in the map. */
  matched: number;
  declaredNotFound: DriftEdge[];
  foundNotDeclared: DriftEdge[];
  schedules: ScheduleDrift[];
  /** true when any list above is not empty. */
  drift: boolean;
}

const SKIPPED_KINDS = new Set(['contains']);

/** Compare a design with a map. `sources` name them in the report (file names). */
export function checkDesign(
  design: NodeLinkData,
  found: NodeLinkData,
  sources: { design: string; map: string },
): DriftReport {
  const dNodes = byId(design);
  const fNodes = byId(found);
  const toFound = nodeMatcher(found);
  const foundEdges = new Map<string, Link>();
  for (const l of found.links) foundEdges.set(`${l.source}\0${l.target}`, l);
  const accounted = new Set<string>();
  const declaredNotFound: DriftEdge[] = [];
  let matched = 0;
  for (const l of design.links) {
    if (!isFlowEdge(l, dNodes)) continue;
    const hits = matchingEdges(l, dNodes, toFound, foundEdges);
    if (hits.length === 0) declaredNotFound.push(driftEdge(l));
    else {
      matched++;
      for (const h of hits) accounted.add(h);
    }
  }
  // a found edge is declared when the design has an edge between nodes matching its ends
  const toDesign = nodeMatcher(design);
  const designEdges = new Set(design.links.map((l) => `${l.source}\0${l.target}`));
  const foundNotDeclared: DriftEdge[] = [];
  for (const l of found.links) {
    const key = `${l.source}\0${l.target}`;
    if (accounted.has(key) || !isFlowEdge(l, fNodes)) continue;
    const s = fNodes.get(l.source);
    const t = fNodes.get(l.target);
    if (!s || !t || isHousekeeping(s) || isHousekeeping(t)) continue;
    if (anyPair(toDesign(s), toDesign(t), (a, b) => designEdges.has(`${a}\0${b}`))) continue;
    foundNotDeclared.push(driftEdge(l));
  }
  const schedules = compareSchedules(design, found, dNodes, fNodes, toFound, toDesign);
  return {
    design: { source: sources.design, ...hostOf(design) },
    map: { source: sources.map, ...hostOf(found) },
    matched,
    declaredNotFound,
    foundNotDeclared,
    schedules,
    drift: declaredNotFound.length + foundNotDeclared.length + schedules.length > 0,
  };
}

function compareSchedules(
  design: NodeLinkData,
  found: NodeLinkData,
  dNodes: Map<string, Node>,
  fNodes: Map<string, Node>,
  toFound: MatchFn,
  toDesign: MatchFn,
): ScheduleDrift[] {
  const out: ScheduleDrift[] = [];
  const foundJobs = jobsByScript(found, fNodes);
  const designJobs = jobsByScript(design, dNodes);
  for (const [script, jobs] of designJobs) {
    const node = dNodes.get(script);
    if (!node) continue;
    const scheduled = toFound(node).flatMap((id) => foundJobs.get(id) ?? []);
    const foundSchedules = [...new Set(scheduled.map((j) => norm(j.schedule)))].sort();
    for (const j of jobs) {
      if (foundSchedules.includes(norm(j.schedule))) continue;
      out.push({
        script,
        declared: j.schedule,
        found: foundSchedules,
        evidence: scheduled.flatMap((x) => x.evidence).concat(j.evidence),
      });
    }
  }
  // scheduled in the map, but the design declares no job for the script
  for (const [script, jobs] of foundJobs) {
    const node = fNodes.get(script);
    if (!node || isHousekeeping(node)) continue;
    const declared = toDesign(node).some((id) => designJobs.has(id));
    if (declared) continue;
    out.push({
      script,
      found: [...new Set(jobs.map((j) => norm(j.schedule)))].sort(),
      evidence: jobs.flatMap((j) => j.evidence),
    });
  }
  return out;
}

interface JobRef {
  schedule: string;
  evidence: Evidence[];
}

function jobsByScript(m: NodeLinkData, nodes: Map<string, Node>): Map<string, JobRef[]> {
  const out = new Map<string, JobRef[]>();
  for (const l of m.links) {
    const job = nodes.get(l.source);
    const script = nodes.get(l.target);
    if (job?.kind !== 'job' || script?.kind !== 'script' || typeof job.schedule !== 'string') continue;
    const ev: Evidence[] =
      typeof job.source === 'string'
        ? [
            {
              file: job.source,
              line: typeof job.line === 'number' ? job.line : 0,
              construct: 'schedule',
              method: l.method,
            },
          ]
        : [];
    const list = out.get(script.id) ?? [];
    list.push({ schedule: job.schedule, evidence: ev });
    out.set(script.id, list);
  }
  return out;
}

const norm = (s: string): string => s.trim().replace(/\s+/g, ' ');

function isFlowEdge(l: Link, nodes: Map<string, Node>): boolean {
  if (SKIPPED_KINDS.has(l.kind)) return false;
  return nodes.get(l.source)?.kind !== 'job';
}

function matchingEdges(
  l: Link,
  dNodes: Map<string, Node>,
  toFound: MatchFn,
  foundEdges: Map<string, Link>,
): string[] {
  const s = dNodes.get(l.source);
  const t = dNodes.get(l.target);
  if (!s || !t) return [];
  const out: string[] = [];
  for (const a of toFound(s))
    for (const b of toFound(t)) if (foundEdges.has(`${a}\0${b}`)) out.push(`${a}\0${b}`);
  return out;
}

function anyPair(as: string[], bs: string[], test: (a: string, b: string) => boolean): boolean {
  for (const a of as) for (const b of bs) if (test(a, b)) return true;
  return false;
}

const driftEdge = (l: Link): DriftEdge => ({
  source: l.source,
  target: l.target,
  kind: l.kind,
  evidence: l.evidence ?? [],
});

function byId(m: NodeLinkData): Map<string, Node> {
  return new Map(m.nodes.map((n) => [n.id, n]));
}

function hostOf(m: NodeLinkData): { host?: string } {
  return typeof m.graph.host === 'string' ? { host: m.graph.host } : {};
}
