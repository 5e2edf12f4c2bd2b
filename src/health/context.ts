/** What every health judgement needs, built once per assessment. */

import type { FlowIndex } from '../graph/flow-index.js';
import { nodeAttributes } from '../graph/keyed.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { ServerFs } from '../util/server-fs.js';
import type { HealthPlan } from './plan.js';
import type { JobRun } from './runs/judge-job.js';
import type { OwnLogRun } from './runs/own-log.js';
import type { RunSources } from './runs/sources.js';
import type { NodeHealth } from './types.js';

export interface HealthContext {
  g: FlowIndex;
  sfs: ServerFs;
  root: string;
  now: number;
  tz: string;
  plan: HealthPlan;
  sources: RunSources;
  jobRuns: Map<string, JobRun>;
  /** Own-log judgement per script key. */
  ownLogs: Map<string, OwnLogRun>;
  results: Map<string, NodeHealth>;
  /** Directory listings under ROOT, read once per assessment. */
  listings: Map<string, string[]>;
  /** Real paths of directories under ROOT (symlinks resolved), null when missing. */
  realDirs: Map<string, string | null>;
  diagnostics: Diagnostic[];
}

export function labelOf(g: FlowIndex, key: string): string {
  const a = nodeAttributes(g, key);
  return String(a.label ?? a.path ?? a.name ?? a.url ?? key);
}
