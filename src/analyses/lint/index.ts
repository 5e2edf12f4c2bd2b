/**
 * Lint: the weaknesses of the setup, before anything fails. Each rule is one file; the registry
 * is this record (add a rule by adding one line).
 */
import type { FlowIndex } from '../../graph/flow-index.js';
import { cycles } from './cycles.js';
import { externalInputs } from './external-inputs.js';
import { missingScripts } from './missing-scripts.js';
import { partialEdges } from './partial-edges.js';
import { scheduleOrder } from './schedule-order.js';
import {
  HAZARD_LEVELS,
  type Hazard,
  type HazardLevel,
  LINT_RULE_IDS,
  type LintResult,
  type LintRule,
  type LintRuleId,
  levelRank,
} from './types.js';
import { unreadOutputs } from './unread-outputs.js';
import { unscheduledScripts } from './unscheduled-scripts.js';
import { writeCollisions } from './write-collisions.js';

export {
  type HazardLevel,
  LINT_RULE_IDS,
  type LintResult,
  type LintRule,
  type LintRuleId,
  levelRank,
} from './types.js';

export function isRuleId(id: string): id is LintRuleId {
  return (LINT_RULE_IDS as readonly string[]).includes(id);
}

export const lintRules: Record<LintRuleId, LintRule> = {
  'missing-script': missingScripts,
  cycle: cycles,
  'write-collision': writeCollisions,
  'schedule-order': scheduleOrder,
  'unscheduled-script': unscheduledScripts,
  'external-input': externalInputs,
  'unread-output': unreadOutputs,
  'partial-edge': partialEdges,
};

export interface LintOptions {
  at?: Date;
  tz?: string;
  /** Run only these rules (ids). */
  rules?: readonly string[];
  /** Called before each rule runs, for progress on large maps. */
  onRule?: (rule: string, done: number, total: number) => void;
}

export function lint(index: FlowIndex, opts: LintOptions = {}): LintResult {
  const ctx = { index, at: opts.at ?? new Date(), ...(opts.tz ? { tz: opts.tz } : {}) };
  const ids = opts.rules ?? LINT_RULE_IDS;
  const hazards = ids.flatMap((id, i) => {
    opts.onRule?.(id, i, ids.length);
    return isRuleId(id) ? lintRules[id].run(ctx) : [];
  });
  const counts: Record<HazardLevel, number> = { error: 0, warning: 0, info: 0 };
  for (const h of hazards) counts[h.level]++;
  return { hazards: worstFirst(hazards), counts };
}

/**
 * Worst first, then by rule order, keeping each rule's own order: a stable sort on (level, rule),
 * done as a counting sort, since a large map has hundreds of thousands of hazards and a handful
 * of keys.
 */
function worstFirst(hazards: Hazard[]): Hazard[] {
  const order: readonly string[] = LINT_RULE_IDS;
  const rules = order.length + 1; // indexOf gives -1 for a rule not in the list: it sorts first
  const keys = new Int32Array(hazards.length);
  const start = new Int32Array((HAZARD_LEVELS.length + 1) * rules + 1);
  hazards.forEach((h, i) => {
    const key = (HAZARD_LEVELS.length - 1 - levelRank(h.level)) * rules + order.indexOf(h.rule) + 1;
    keys[i] = key;
    start[key + 1]!++;
  });
  for (let k = 1; k < start.length; k++) start[k]! += start[k - 1]!;
  const sorted = new Array<Hazard>(hazards.length);
  hazards.forEach((h, i) => {
    sorted[start[keys[i]!]!++] = h;
  });
  return sorted;
}

/** Does any hazard reach `level`? (for --fail-on) */
export function failsAt(result: LintResult, level: HazardLevel): boolean {
  return result.hazards.some((h) => levelRank(h.level) >= levelRank(level));
}
