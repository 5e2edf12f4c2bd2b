/**
 * The vocabulary of health: what the server itself recorded about each node of the map at a time T.
 * Every status carries the evidence it rests on (a log line, an mtime, a probe), so a person can check it.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { NodeKind } from '../model/kinds.js';

/**
 * - `down`: a database or endpoint that refused, timed out or does not resolve (probe or a log says so);
 * - `failing`: a job or script whose last scheduled run left an error, or no trace at all;
 * - `missing`: a file that does not exist;
 * - `stale`: a file (or table) older than its producers' last scheduled run;
 * - `degraded`: written on time, but from inputs that are stale, missing or down;
 * - `unknown`: nothing on the server tells (a table without credentials, a database not probed);
 * - `ok`: the records say it is fine.
 */
export const HEALTH_STATUSES = ['down', 'failing', 'missing', 'stale', 'degraded', 'unknown', 'ok'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** Worst first; `unknown` ranks just above `ok` so it never hides a real problem. */
export function statusRank(s: HealthStatus): number {
  return HEALTH_STATUSES.length - HEALTH_STATUSES.indexOf(s);
}

export const isUnhealthy = (s: HealthStatus): boolean => s !== 'ok' && s !== 'unknown';
/** Unhealthy by itself, not only because something upstream is. */
export const isPrimaryProblem = (s: HealthStatus): boolean => isUnhealthy(s) && s !== 'degraded';

export type EvidenceSource =
  | 'mtime'
  | 'schedule'
  | 'syslog'
  | 'mail'
  | 'journal'
  | 'log'
  | 'probe'
  | 'derived';

/** One observation a status rests on. */
export interface HealthEvidence {
  source: EvidenceSource;
  /** Server path of the file the observation comes from (a log, the file itself). */
  file?: string;
  /** 1-based line in that file, when known (reading backwards from the end of a huge log does not count lines). */
  line?: number;
  /** Byte offset in the (decompressed) file, when the line number is not known. */
  offset?: number;
  /** When the observed thing happened (ISO 8601, UTC). */
  time?: string;
  /** What was seen, short and redacted: the log line, `mtime 2024-11-23T02:04:00Z`, `greeting 10.11.6-MariaDB`. */
  text: string;
}

export interface NodeHealth {
  node: string;
  kind: NodeKind;
  label: string;
  status: HealthStatus;
  /** One line for people: `STALE: last written Nov 23 02:04, 5.py runs daily 02:00`. */
  summary: string;
  evidence: HealthEvidence[];
  /** Files: modification time; scripts/jobs: the last run's start (ISO). */
  lastChange?: string;
  /** When it should last have changed or run: the producers' last scheduled run (ISO). */
  expected?: string;
  /** Failing since the first failed run in the current streak; stale since the expected update it missed. */
  since?: string;
  /** Databases/endpoints: what a probe learnt. */
  probe?: ProbeResult;
  /** The status came from elsewhere (a table from its database, an output from its inputs). */
  derivedFrom?: string[];
}

export interface ProbeResult {
  target: string;
  host: string;
  port: number;
  protocol: 'mysql' | 'postgres' | 'http' | 'https' | 'tcp';
  up: boolean;
  /** `refused`, `timeout`, `dns`, `reset`, `protocol`, `tls`, ... when down; absent when up. */
  reason?: string;
  /** The server's version where the protocol tells without credentials. */
  version?: string;
  /** Free detail: `SSL supported`, `HTTP 200`, `version not told without authentication`. */
  detail: string;
  elapsedMs: number;
}

export interface HealthOptions {
  /** Directory that stands for the server's `/`. */
  root: string;
  /** The time T the health is judged at. */
  now: Date;
  /** Make network probes to the databases and endpoints the map names. Off by default. */
  probe?: boolean;
  /** Probe `localhost`/loopback targets too (they name the scanned server, not this machine). */
  probeLoopback?: boolean;
  /** `journalctl -o json` exports to read. */
  journals?: string[];
  /** Server time zone override (IANA); otherwise read from ROOT. */
  timeZone?: string;
  /** Connect and read bound of each probe, ms. */
  probeTimeoutMs?: number;
  /** Only these nodes (and what they need) are assessed; all when absent. */
  nodes?: Iterable<string>;
  /** Bound on how far back each log is read, bytes (a 10 GB log must not take minutes). */
  maxLogBytes?: number;
}

export interface HealthReport {
  now: string;
  timeZone: string;
  root: string;
  nodes: Map<string, NodeHealth>;
  /** What was read or probed, for "what I checked". */
  checked: CheckedSummary;
  /** Directories ROOT lacks entirely (no log, or no data file of the map): copy them with their times. */
  notCopied?: string[];
  diagnostics: Diagnostic[];
}

export interface CheckedSummary {
  files: number;
  runs: number;
  probes: number;
  logs: string[];
  notProbed: number;
}
