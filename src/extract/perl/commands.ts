/**
 * Commands a Perl script runs: `system`/`exec` (one string = a shell command, a list = argv),
 * backticks and `qx{}`, and pipe opens. The command goes to the shell extractor, which knows what
 * `python3 x.py ARGS`, `psql -c`, `gzip f` or `cp a b` read, write and invoke.
 */
import { warning } from '../../model/diagnostic.js';
import { weakerConfidence } from '../../model/kinds.js';
import { extractShellCommand } from '../shell/index.js';
import type { Extraction } from '../types.js';
import type { PerlSink } from './sink.js';
import { asPath, isKnown, type Value } from './values.js';

/** Single-quote one argv word for the shell, keeping an unknown part as a literal `*`. */
function shellQuote(v: Value): string {
  return `'${asPath(v).replace(/'/g, `'\\''`)}'`;
}

/**
 * Run `argv` as the script would: one element is a shell command line (Perl passes it to
 * `/bin/sh -c` when it has shell metacharacters, and splits it on spaces otherwise, which the
 * shell parser reproduces); several are an argv list, executed without a shell.
 */
export function runCommand(argv: Value[], line: number, construct: string, sink: PerlSink): void {
  if (argv.length === 0) return;
  const first = argv[0] as Value;
  const command = argv.length === 1 ? asPath(first) : argv.map(shellQuote).join(' ');
  if (command.trim() === '' || /^\s*\*\s*$/.test(command)) {
    sink.note('perl-unresolved-command', `${construct}: the command is not known statically`, line);
    return;
  }
  let result: Extraction;
  try {
    result = extractShellCommand(
      command,
      { ...sink.ctx, env: { ...sink.env } },
      { file: sink.ctx.path, line },
      { where: `perl ${construct}` },
    );
  } catch (err) {
    sink.out.diagnostics.push(
      warning('perl-command-failed', `${construct}: could not follow the command: ${String(err)}`, {
        file: sink.ctx.path,
        line,
      }),
    );
    return;
  }
  const viaVar = argv.some((v) => v.viaVar);
  const partial = argv.some((v) => !isKnown(v));
  const weaken = <T extends { confidence: Extraction['reads'][number]['confidence'] }>(
    x: T,
    key: string,
  ): T => {
    let c = x.confidence;
    if (viaVar) c = weakerConfidence(c, 'resolved');
    if (partial && key.includes('*')) c = weakerConfidence(c, 'partial');
    return { ...x, confidence: c };
  };
  for (const r of result.reads) sink.out.reads.push(weaken(r, r.node.key));
  for (const w of result.writes) sink.out.writes.push(weaken(w, w.node.key));
  for (const i of result.invokes) sink.out.invokes.push(weaken(i, [i.path, ...i.args].join(' ')));
  sink.out.diagnostics.push(...result.diagnostics);
}
