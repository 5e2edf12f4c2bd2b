import type { Command } from 'commander';
import type { Io } from '../io.js';

export interface CliContext {
  io: Io;
  /** Set the process exit code (the last call wins; main returns it). */
  setExit(code: number): void;
}

export interface CommandModule {
  name: string;
  register(program: Command, ctx: CliContext): void;
}
