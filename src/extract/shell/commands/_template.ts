/**
 * Template for a new command resolver: copy to `src/extract/shell/commands/<id>.ts`, rename, fill
 * in, then add it to `commandResolvers` in index.ts and write one test per construct in
 * test/extract/shell/ (a snippet in, node keys out). A resolver only reads the call (argv with
 * unknown parts as `*`, stdin, inline environment) and reports through `call.run` (ShellApi):
 * emitRead/emitWrite for data, emitInvoke for a script it runs, dispatch for an inner command.
 * It never executes anything and never edits the walk's state except through the setters.
 */
import { flag, parseOptions } from '../options.js';
import type { CommandCall, CommandResolver } from './types.js';

/** `report-tool --input FILE --output FILE [FILE...]` (an example: reads inputs, writes one output). */
function reportTool(call: CommandCall): void {
  const p = parseOptions(call.argv.slice(1), { short: 'io', long: ['input', 'output'] });
  const input = flag(p, 'i', 'input');
  if (input) call.run.emitRead(input, call.node, 'report-tool --input');
  for (const f of p.operands) call.run.emitRead(f, call.node, 'report-tool');
  const output = flag(p, 'o', 'output');
  if (output) call.run.emitWrite(output, call.node, 'report-tool --output');
}

export const templateCommands: CommandResolver = {
  id: 'template',
  title: 'Template (not registered)',
  emits: ['reads', 'writes'],
  commands: { 'report-tool': reportTool },
};
