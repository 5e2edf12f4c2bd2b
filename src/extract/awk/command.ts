/**
 * `awk` on a shell command line. `awk -f prog.awk ARGS` runs an awk script (an invocation, its
 * `-v` assignments and operands bound as the callee's arguments; the callee reads the operands).
 * `awk 'PROGRAM' in.csv > out.csv` runs a program written inline: the calling script reads the
 * operands, and what the program itself writes (`print > "x"`, `getline < f`, `system()`) is the
 * calling script's too, with the shell's variables, directory and line.
 */

import { runScript } from '../kit/walk.js';
import type { CommandCall, CommandResolver } from '../shell/commands/types.js';
import type { Value } from '../shell/value.js';
import type { ScriptContext } from '../types.js';
import { awkHooks } from './extract.js';

interface AwkCommandLine {
  progFiles: Value[];
  program?: Value;
  /** `-v name=value` as two words each, then the operands (files and `name=value`). */
  args: Value[];
  operands: Value[];
}

function parseAwkArgs(argv: Value[]): AwkCommandLine {
  const out: AwkCommandLine = { progFiles: [], args: [], operands: [] };
  const assigns: Value[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const t = (argv[i] as Value).text;
    if (t === '--') {
      i++;
      break;
    }
    if (!t.startsWith('-') || t === '-') break;
    const next = argv[i + 1];
    if ((t === '-f' || t === '--file') && next) {
      out.progFiles.push(next);
      i++;
    } else if (t.startsWith('--file=') || (t.startsWith('-f') && t.length > 2)) {
      const v = argv[i] as Value;
      out.progFiles.push({ ...v, text: t.replace(/^--file=|^-f/, '') });
    } else if ((t === '-v' || t === '--assign') && next) {
      assigns.push({ text: '-v', resolved: false }, next);
      i++;
    } else if (t.startsWith('-v') && t.length > 2) {
      assigns.push({ text: '-v', resolved: false }, { ...(argv[i] as Value), text: t.slice(2) });
    } else if ((t === '-e' || t === '--source') && next) {
      out.program = next;
      i++;
    } else if (/^-[Fi]$|^--(field-separator|include)$/.test(t)) {
      i++;
    }
  }
  if (out.progFiles.length === 0 && !out.program && argv[i]) out.program = argv[i++];
  out.operands = argv.slice(i);
  out.args = [...assigns, ...out.operands];
  return out;
}

export function resolveAwk(call: CommandCall): void {
  const run = call.run;
  const line = parseAwkArgs(call.argv.slice(1));
  const base = call.name.slice(call.name.lastIndexOf('/') + 1);
  for (const prog of line.progFiles) {
    run.emitInvoke(
      { path: prog.text, args: line.args.map((a) => a.text), interpreter: base, language: 'awk' },
      call.node,
      `${base} -f ${prog.text.slice(prog.text.lastIndexOf('/') + 1)}`,
      prog,
    );
  }
  if (!line.program) return;
  for (const f of line.operands) {
    if (!/^[A-Za-z_]\w*=/.test(f.text)) run.emitRead(f, call.node, `${base} input`);
  }
  if (line.program.text.includes('*') && !line.program.text.includes('"')) return;
  const ctx: ScriptContext = {
    ...run.ctx,
    // the program's edges are the calling file's (a script, or the crontab of a cron line)
    path: run.evidence(call.node, 'awk').file,
    text: line.program.text,
    language: 'awk',
    cwd: run.cwd,
    env: run.exportedEnv(call.inlineEnv),
    // operands are read by the caller above; bindInline gives the program its -v values and ARGV
    args: [],
  };
  const out = runScript(
    ctx,
    { ...awkHooks, prelude: (r) => bindInline(r, line) },
    'awk',
    (text) => {
      run.runNested(text, call.node);
      return { reads: [], writes: [], invokes: [], diagnostics: [] };
    },
    run.line(call.node) - 1,
  );
  run.merge(out);
}

/** awk, gawk, mawk, nawk, busybox awk: programs in files and inline. */
export const awkCommands: CommandResolver = {
  id: 'awk',
  title: 'awk programs: -f files run as scripts, inline programs walked in the calling script',
  commands: { awk: resolveAwk, gawk: resolveAwk, mawk: resolveAwk, nawk: resolveAwk },
  emits: ['reads', 'writes', 'invokes'],
};

/** The inline program's ARGV and -v variables, without reading the operands a second time. */
function bindInline(r: Parameters<NonNullable<typeof awkHooks.prelude>>[0], line: AwkCommandLine): void {
  const str = (text: string, via: boolean) => ({ k: 'str' as const, s: text, via });
  for (let i = 0; i + 1 < line.args.length; i += 2) {
    if (line.args[i]?.text !== '-v') break;
    const m = /^([A-Za-z_]\w*)=(.*)$/s.exec(line.args[i + 1]?.text ?? '');
    if (m) r.scope.set(m[1] as string, str(m[2] as string, line.args[i + 1]?.resolved ?? false));
  }
  const files = line.operands
    .filter((o) => !/^[A-Za-z_]\w*=/.test(o.text))
    .map((o) => str(o.text, o.resolved));
  r.scope.set('ARGV', { k: 'list', items: [str('awk', false), ...files] });
}
