/**
 * `make [-C DIR] [-f FILE] [VAR=value] [TARGET...]`: make runs a Makefile, which is a script of
 * its own (extract/make walks its recipes). The call is an invocation of the Makefile from make's
 * directory, with the goals and `VAR=value` overrides as its arguments.
 */
import type { Value } from '../value.js';
import type { CommandCall, CommandResolver, Handler } from './types.js';

const MAKEFILES = ['GNUmakefile', 'makefile', 'Makefile'];

interface MakeArgs {
  dir: string;
  file?: string;
  /** Goals and `VAR=value` overrides, in order. */
  rest: string[];
  dryRun: boolean;
}

/** An option's value at `args[i]`, if the word is one of `names`: `-C DIR`, `-CDIR`, `--directory=DIR`. */
export function optionValue(
  args: Value[],
  i: number,
  names: string[],
): { value: string; next: number } | undefined {
  const t = (args[i] as Value).text;
  for (const n of names) {
    if (t === n) return { value: args[i + 1]?.text ?? '', next: i + 1 };
    if (n.length === 2 && t.startsWith(n)) return { value: t.slice(2), next: i };
    if (n.startsWith('--') && t.startsWith(`${n}=`)) return { value: t.slice(n.length + 1), next: i };
  }
  return undefined;
}

function parseMakeArgs(call: CommandCall): MakeArgs | undefined {
  let dir = call.run.cwd;
  let file: string | undefined;
  const rest: string[] = [];
  let dryRun = false;
  const args = call.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const t = (args[i] as Value).text;
    const c = optionValue(args, i, ['-C', '--directory']);
    if (c) {
      if (c.value.startsWith('*')) return undefined;
      dir = c.value.startsWith('/') ? c.value : `${dir}/${c.value}`;
      i = c.next;
      continue;
    }
    const f = optionValue(args, i, ['-f', '--file', '--makefile']);
    if (f) {
      file = f.value;
      i = f.next;
      continue;
    }
    if (
      t === '--dry-run' ||
      t === '--just-print' ||
      t === '--question' ||
      /^-[a-zA-Z]*[nq][a-zA-Z]*$/.test(t)
    )
      dryRun = true;
    if (/^-[jlIWo]$/.test(t))
      i++; // -j N, -l N, -I DIR, -W F, -o F take a value
    else if (!t.startsWith('-')) rest.push(t);
  }
  return { dir: dir.replace(/\/+$/, '') || '/', ...(file ? { file } : {}), rest, dryRun };
}

export const make: Handler = (call) => {
  const run = call.run;
  const a = parseMakeArgs(call);
  if (!a?.dir.startsWith('/')) {
    run.note(call.node, 'unresolved-path', 'make: its directory is not known statically; not followed');
    return;
  }
  if (a.dryRun) return;
  const candidates = a.file
    ? [a.file.startsWith('/') ? a.file : `${a.dir}/${a.file}`]
    : MAKEFILES.map((m) => `${a.dir}/${m}`);
  const path = candidates.find((c) => !c.includes('*') && run.ctx.fs.isFile(c));
  if (!path) {
    run.warn(call.node, 'makefile-missing', `make: no ${a.file ?? 'Makefile'} in ${a.dir} under ROOT`);
    return;
  }
  runTaskFile(call, path, 'make', a.dir, a.rest);
};

/**
 * A file of tasks a runner reads (a Makefile, a Rakefile): an invocation of it as a script of its
 * own language, from the runner's directory, with the goals and settings as its arguments.
 */
export function runTaskFile(
  call: CommandCall,
  path: string,
  runner: 'make' | 'rake',
  cwd: string,
  goals: string[],
): void {
  call.run.emitInvoke(
    {
      path,
      args: goals,
      interpreter: runner,
      language: runner === 'make' ? 'make' : 'ruby',
      cwd,
      env: call.run.exportedEnv(call.inlineEnv),
    },
    call.node,
    `${runner} ${goals.join(' ')}`.trim(),
    { text: path, resolved: true },
  );
}

export const makeCommands: CommandResolver = {
  id: 'make',
  title: 'make: runs a Makefile (a script of its own) with its goals',
  emits: ['invokes'],
  commands: { make, gmake: make },
};
