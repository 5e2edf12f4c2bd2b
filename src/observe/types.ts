/**
 * What a trace or an audit log says a run did, in the vocabulary extract/ uses (NodeSpec, Evidence),
 * so graph/ can merge observed facts with static ones. Nothing here knows the map.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { Evidence } from '../model/evidence.js';
import type { EdgeKind } from '../model/kinds.js';
import type { NodeSpec } from '../model/node.js';

/** The job a run belongs to, before the map is known: `job:?` plus the command line. */
export const RUN_JOB_KEY = 'job:?';

/** How a file was opened, from open(2) flags or audit's a1/a2. */
export interface OpenMode {
  write: boolean;
  read: boolean;
  create: boolean;
  truncate: boolean;
  append: boolean;
  directory: boolean;
}

/**
 * One system call, reduced to what matters, from either reader. `path` is as the process named it
 * (maybe relative); `dir` is the directory a relative path starts from when the input says (a -y fd
 * decoration, audit's CWD record), as the host saw it.
 */
export type SysEvent =
  | { type: 'exec'; pid: number; path: string; argv: string[]; argvTruncated?: boolean; dir?: string; at: At }
  | { type: 'fork'; pid: number; child: number; at: At }
  | { type: 'chdir'; pid: number; path: string; dir?: string; at: At }
  | { type: 'chroot'; pid: number; path: string; at: At }
  | { type: 'open'; pid: number; path: string; mode: OpenMode; error?: string; dir?: string; at: At }
  | { type: 'rename'; pid: number; from: string; to: string; dir?: string; toDir?: string; at: At }
  | { type: 'unlink'; pid: number; path: string; dir?: string; at: At }
  | { type: 'connect'; pid: number; address: SocketAddress; error?: string; at: At }
  | { type: 'exit'; pid: number; at: At };

export type SocketAddress = { family: 'inet'; host: string; port: number } | { family: 'unix'; path: string };

/** Where an event was read: the trace file and line, the syscall name, and when it happened. */
export interface At {
  file: string;
  line: number;
  syscall: string;
  /** ISO time when the trace has absolute times; otherwise undefined. */
  time?: string;
  /** For audit: the process's parent and names, which audit repeats on every record. */
  ppid?: number;
  comm?: string;
  exe?: string;
  cwd?: string;
}

/** An observed edge, aggregated over every time it was seen in a run. */
export interface ObservedFact {
  /** `job:?` (RUN_JOB_KEY) stands for the run's job, bound by the merge. */
  from: NodeSpec;
  to: NodeSpec;
  kind: EdgeKind;
  /** The first sighting: trace file:line, syscall and flags, the process (redacted). */
  evidence: Evidence;
  count: number;
  firstSeen?: string;
  lastSeen?: string;
  /** An open that failed with ENOENT: the input was expected and missing, not read. */
  missing?: boolean;
  /** A connect whose direction the trace cannot tell (the request is not traced). */
  direction?: 'unknown';
}

/** All that one job's process tree did, over every run of it in the input. */
export interface ObservedRun {
  /** The command line the job ran (redacted): the root of the traced tree or the cron/systemd child. */
  command: string;
  /** A map job key, when the caller knows it (`dfmap trace --job`). */
  job?: string;
  /** How many times the job ran (root processes seen). */
  runs: number;
  firstSeen?: string;
  lastSeen?: string;
  /** Server paths of the scripts the run executed. */
  scripts: string[];
  facts: ObservedFact[];
  /** Where it was read from (trace files). */
  sources: string[];
}

export interface ObservedBatch {
  runs: ObservedRun[];
  diagnostics: Diagnostic[];
  /** Lines read and events kept, for the summary. */
  stats: { lines: number; events: number; noise: number };
}
