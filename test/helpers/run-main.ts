/** Run the CLI in this process (src/cli/main.ts) and collect what it prints, for tests of commands. */
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export interface MainRun {
  code: number;
  out: string;
  err: string;
}

export async function runMain(...argv: string[]): Promise<MainRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), color: false, interactive: false };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
