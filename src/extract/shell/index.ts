/**
 * Shell: script files (`*.sh`, bash/sh shebangs) and shell command strings found elsewhere (cron
 * lines, ExecStart=, `os.system(...)`, `subprocess.run(..., shell=True)`, Perl `system`).
 */
import { warning } from '../../model/diagnostic.js';
import { parseWithBudget } from '../parse/tree-sitter.js';
import type { Extraction, Extractor, ScriptContext } from '../types.js';
import { ShellRun, type ShellState } from './interpreter.js';

export interface ShellCommandOptions {
  /** A scheduler's command line: redirections are marked as writes of the script it runs. */
  markRedirects?: boolean;
  /** Prefix for evidence constructs, e.g. `cron line`. */
  where?: string;
  /** Shell state to continue from (variables set earlier in the same script). */
  state?: ShellState;
}

function runShell(
  text: string,
  ctx: ScriptContext,
  file: string,
  line: number,
  opts: ShellCommandOptions,
): Extraction {
  const tree = parseWithBudget(ctx.parsers.bash, text, ctx.budgetMs);
  if (!tree) {
    return {
      reads: [],
      writes: [],
      invokes: [],
      diagnostics: [
        warning('parse-timeout', `${file}:${line}: shell parse ran out of its time budget; skipped`, {
          file,
          line,
        }),
      ],
    };
  }
  try {
    const run = new ShellRun(
      ctx,
      opts.state ?? ShellRun.initialState(ctx),
      {
        markRedirects: opts.markRedirects ?? false,
        file,
        lineOffset: line - 1,
        ...(opts.where ? { where: opts.where } : {}),
      },
      text,
    );
    run.run(tree.rootNode);
    return run.out;
  } finally {
    tree.delete();
  }
}

/** A shell command string found at `at` (a cron line, a unit file, a Python call). */
export function extractShellCommand(
  command: string,
  ctx: ScriptContext,
  at: { file: string; line: number },
  opts: ShellCommandOptions = {},
): Extraction {
  return runShell(command, ctx, at.file, at.line, opts);
}

export const shellExtractor: Extractor = {
  id: 'shell',
  title: 'Shell scripts (bash, sh, ksh) through tree-sitter-bash',
  languages: ['shell'],
  extract: (ctx) => runShell(ctx.text, ctx, ctx.path, 1, {}),
};
