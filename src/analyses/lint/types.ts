/** The lint contract: a rule is a plain object (knip's style) that returns hazards. */

import type { FlowIndex } from '../../graph/flow-index.js';
import type { EdgeRef, NodeRef } from '../describe.js';

export const HAZARD_LEVELS = ['info', 'warning', 'error'] as const;
export type HazardLevel = (typeof HAZARD_LEVELS)[number];

export interface Hazard {
  rule: string;
  level: HazardLevel;
  message: string;
  /** The nodes involved. */
  nodes: NodeRef[];
  /** The edges involved, with their evidence (file:line). */
  edges: EdgeRef[];
  hint?: string;
}

/** The rules, in report order (lint/index.ts maps each to its implementation). */
export const LINT_RULE_IDS = [
  'missing-script',
  'cycle',
  'write-collision',
  'schedule-order',
  'unscheduled-script',
  'external-input',
  'unread-output',
  'partial-edge',
] as const;
export type LintRuleId = (typeof LINT_RULE_IDS)[number];

export interface LintResult {
  hazards: Hazard[];
  counts: Record<HazardLevel, number>;
}

export interface LintContext {
  index: FlowIndex;
  /** "Now", for schedule comparisons. */
  at: Date;
  tz?: string;
}

export interface LintRule {
  id: string;
  title: string;
  level: HazardLevel;
  run(ctx: LintContext): Hazard[];
}

export function levelRank(level: HazardLevel): number {
  return HAZARD_LEVELS.indexOf(level);
}
