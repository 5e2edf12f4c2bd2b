/** Health and diagnosis: what the server recorded about each node, and from a symptom to its root cause. */
export { type Assessment, assessHealth } from './assess.js';
export { healthAttributes } from './assign.js';
export {
  type ChainStep,
  type Diagnosis,
  diagnose,
  type SymptomKind,
} from './diagnose/diagnose.js';
export { DEFAULT_PROBE_TIMEOUT_MS } from './probe/probe.js';
export { formatDay } from './time/format.js';
export { parseNow } from './time/parse-now.js';
export { readServerZone } from './time/server-zone.js';
export * from './types.js';
