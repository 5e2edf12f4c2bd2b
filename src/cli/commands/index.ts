/**
 * The command registry: one module per command, each `{ name, register(program, ctx) }`.
 * Add a command by adding one line here.
 */
import { scanCommand } from './scan.js';
import type { CommandModule } from './types.js';

export const commands: CommandModule[] = [scanCommand];
