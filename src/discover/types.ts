/** What a scheduler discoverer finds: jobs, each a command to run with its context. */

import type { DataRef } from '../extract/types.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { NodeSpec } from '../model/node.js';
import type { ServerFs } from '../util/server-fs.js';

export interface Job {
  /** The job node (kind `job`, with schedule, command, user, scheduler, source, line). */
  node: NodeSpec;
  /** The command as shell text (cron) or the ExecStart= line (systemd, shell-like). */
  command: string;
  /** cron: text after an unescaped `%`, fed to the command's stdin. */
  stdin?: string;
  env: Record<string, string>;
  cwd: string;
  user: string;
  /** Where the command is written. */
  at: { file: string; line: number };
  /** Data the scheduler itself moves for the job: StandardOutput=append:FILE, EnvironmentFile=. */
  reads: DataRef[];
  writes: DataRef[];
}

export interface Discovery {
  jobs: Job[];
  diagnostics: Diagnostic[];
}

export interface Discoverer {
  id: string;
  title: string;
  discover(fs: ServerFs): Discovery;
}
