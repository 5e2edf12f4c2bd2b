/**
 * The command registry: one module per command, each `{ name, register(program, ctx) }`.
 * Add a command by adding one line here.
 */

import { communitiesCommand } from './communities.js';
import { criticalCommand } from './critical.js';
import { diagnoseCommand } from './diagnose.js';
import { downstreamCommand } from './downstream.js';
import { egoCommand } from './ego.js';
import { exportCommand } from './export.js';
import { impactCommand } from './impact.js';
import { lintCommand } from './lint.js';
import { pathCommand } from './path.js';
import { scanCommand } from './scan.js';
import { statsCommand } from './stats.js';
import { statusCommand } from './status.js';
import type { CommandModule } from './types.js';
import { upstreamCommand } from './upstream.js';
import { viewCommand } from './view.js';

export const commands: CommandModule[] = [
  upstreamCommand,
  downstreamCommand,
  impactCommand,
  pathCommand,
  egoCommand,
  communitiesCommand,
  criticalCommand,
  lintCommand,
  statsCommand,
  scanCommand,
  exportCommand,
  viewCommand,
  statusCommand,
  diagnoseCommand,
];
