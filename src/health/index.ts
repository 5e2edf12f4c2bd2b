/** Health and diagnosis: what the server recorded about each node, and from a symptom to its root cause. */
export { type Assessment, assessHealth } from './assess.js';
export { assignHealth } from './assign.js';
export {
  type ChainStep,
  type DiagnoseOptions,
  type Diagnosis,
  diagnose,
  type RootCause,
  type SymptomKind,
} from './diagnose/diagnose.js';
export { type HealthGraph, healthGraph, type MapInput } from './graph-view.js';
export type { Weakness } from './nodes/degraded.js';
export { DEFAULT_PROBE_TIMEOUT_MS, probeTarget } from './probe/probe.js';
export { probeTargetOf } from './probe/target.js';
export { formatDay, formatWhen } from './time/format.js';
export { parseNow } from './time/parse-now.js';
export { readServerZone } from './time/server-zone.js';
export * from './types.js';
