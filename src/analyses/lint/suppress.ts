/**
 * Findings a team has already seen: a baseline (the findings of an earlier run, to report only new
 * ones, as eslint's and detekt's baselines do) and ignore entries (a rule and a selection: findings
 * of that rule about those nodes are accepted). A finding is matched by a stable key, its rule and
 * its node ids: never by message text or evidence lines, which change when a script is edited.
 */
import type { FlowIndex } from '../../graph/flow-index.js';
import { selectNodes } from '../select/select-nodes.js';
import { type Hazard, type HazardLevel, type LintResult, levelRank } from './types.js';

/** `rule node-id node-id...`, node ids sorted: the same finding gives the same key. */
export function hazardKey(h: Pick<Hazard, 'rule' | 'nodes'>): string {
  return [h.rule, ...h.nodes.map((n) => n.id).sort()].join('\u0000');
}

/** One entry of an ignore file: `RULE SELECTION` (`*` for every rule). */
export interface IgnoreEntry {
  rule: string;
  selection: string;
  /** Where it was written, for messages: `FILE:LINE`. */
  where: string;
}

export interface Suppressed {
  /** What is left: the new findings, counted again. */
  result: LintResult;
  /** Findings matched by the baseline. */
  baselined: number;
  /** Findings matched by an ignore entry. */
  ignored: number;
  /** Ignore entries whose selection matches no node of this map (stale entries). */
  unmatched: IgnoreEntry[];
}

/**
 * The findings not in the baseline and not ignored. An entry whose selection matches nothing (or
 * cannot be resolved) is reported as unmatched, not an error: an ignore file outlives the nodes
 * it names, and lint should not fail CI because an accepted file went away.
 */
export function suppressFindings(
  index: FlowIndex,
  result: LintResult,
  opts: { baseline?: ReadonlySet<string>; ignore?: readonly IgnoreEntry[] },
): Suppressed {
  const unmatched: IgnoreEntry[] = [];
  const ignores: Array<{ rule: string; nodes: Set<string> }> = [];
  for (const entry of opts.ignore ?? []) {
    let keys: string[] = [];
    try {
      keys = selectNodes(index, entry.selection).map((v) => index.keys[v]!);
    } catch {
      keys = [];
    }
    if (keys.length === 0) unmatched.push(entry);
    else ignores.push({ rule: entry.rule, nodes: new Set(keys) });
  }
  let baselined = 0;
  let ignored = 0;
  const hazards = result.hazards.filter((h) => {
    if (
      ignores.some((i) => (i.rule === '*' || i.rule === h.rule) && h.nodes.some((n) => i.nodes.has(n.id)))
    ) {
      ignored++;
      return false;
    }
    if (opts.baseline?.has(hazardKey(h))) {
      baselined++;
      return false;
    }
    return true;
  });
  const counts: Record<HazardLevel, number> = { error: 0, warning: 0, info: 0 };
  for (const h of hazards) counts[h.level]++;
  return { result: { hazards, counts }, baselined, ignored, unmatched };
}

/** The baseline file's content for these findings: sorted, with messages for the reader only. */
export function baselineOf(hazards: readonly Hazard[]): BaselineFile {
  const seen = new Set<string>();
  const findings: BaselineFile['findings'] = [];
  for (const h of hazards) {
    const key = hazardKey(h);
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push({
      rule: h.rule,
      nodes: h.nodes.map((n) => n.id).sort(),
      level: h.level,
      message: h.message,
    });
  }
  findings.sort(
    (a, b) =>
      levelRank(b.level) - levelRank(a.level) ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.nodes.join() < b.nodes.join() ? -1 : 1),
  );
  return { kind: BASELINE_KIND, version: 1, findings };
}

export const BASELINE_KIND = 'dfmap-lint-baseline';

export interface BaselineFile {
  kind: typeof BASELINE_KIND;
  version: 1;
  /** `rule` and `nodes` are the key; `level` and `message` are for people reading the file. */
  findings: Array<{ rule: string; nodes: string[]; level: HazardLevel; message: string }>;
}

/** The keys of a baseline's findings. */
export function baselineKeys(file: Pick<BaselineFile, 'findings'>): Set<string> {
  return new Set(
    file.findings.map((f) =>
      hazardKey({ rule: f.rule, nodes: f.nodes.map((id) => ({ id })) as Hazard['nodes'] }),
    ),
  );
}
