/** Run the CLI from the sources in this process, capturing what it prints (no build, no spawn). */

import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCli(args: string[], opts: { interactive?: boolean } = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: Io = {
    out: (t) => {
      out += t.endsWith('\n') ? t : `${t}\n`;
    },
    err: (t) => {
      err += t.endsWith('\n') ? t : `${t}\n`;
    },
    color: false,
    interactive: opts.interactive ?? false,
  };
  const code = await main(args, io);
  return { code, out, err };
}
