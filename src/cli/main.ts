import { Command, CommanderError } from 'commander';
import { loadCommands } from './commands/index.js';
import type { CliContext, CommandModule } from './commands/types.js';
import { reportError, reportErrorJson, reportUsageJson } from './errors.js';
import { EXIT_FAILURE, EXIT_OK, type Io, processIo } from './io.js';
import { VERSION } from './version.js';

/** Printed after the top-level --help (and compared by test/cli/scan-cli.test.ts). */
export const EXIT_CODES_HELP = `
Exit codes:
  0  done, nothing to report
  1  findings: lint hazards at or above --fail-on, error diagnostics with --strict, unhealthy nodes
  2  dfmap failed: bad arguments, an unreadable or invalid map, an internal error

Environment:
  NO_COLOR  no colour in output (colour is also off when output is not a terminal)
`;

export function buildProgram(
  ctx: CliContext,
  commands: CommandModule[],
  writeErr: (s: string) => void = (s) => ctx.io.err(s.trimEnd()),
): Command {
  const program = new Command('dfmap')
    .description('Map the dataflow network of a server: schedulers -> scripts -> what each reads and writes.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'show stack traces on errors')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.out(s.trimEnd()),
      writeErr,
    });
  for (const c of commands) c.register(program, ctx);
  return program;
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let exit = EXIT_OK;
  const ctx: CliContext = { io, setExit: (c) => (exit = c) };
  // under --json, errors are JSON too: commander's usage messages are caught and reshaped
  const json = argv.includes('--json');
  let usage = '';
  const program = buildProgram(
    ctx,
    await loadCommands(argv),
    json ? (s) => (usage += s) : (s) => io.err(s.trimEnd()),
  );
  for (const sub of program.commands) sub.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exit;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed.
      if (err.exitCode !== 0 && json) return reportUsageJson(io, usage || err.message);
      return err.exitCode === 0 ? EXIT_OK : EXIT_FAILURE;
    }
    return json ? reportErrorJson(io, err) : reportError(io, err, argv.includes('--debug'));
  }
}
