/**
 * `make [-C DIR] [-f FILE] [VAR=value] [TARGET...]`: make runs a Makefile, which is a script of
 * its own (extract/make walks its recipes). The call is an invocation of the Makefile from make's
 * directory, with the goals and `VAR=value` overrides as its arguments.
 */
import type { Value } from '../value.js';
import type { CommandCall, CommandResolver, Handler } from './types.js';

const MAKEFILES = ['GNUmakefile', 'makefile', 'Makefile'];

/** What a task runner's command line says (make, rake). */
export interface TaskArgs {
  dir: string;
  file?: string;
  /** Goals (tasks) and `VAR=value` overrides, in order. */
  rest: string[];
  dryRun: boolean;
}

/** How one task runner spells its options. */
export interface TaskOptions {
  /** The options naming its task file (`-f`, `--file`, `--makefile`). */
  file: string[];
  /** Whether this word is an option whose value is the next word (`-j N`). */
  valued(word: string): boolean;
  /** Whether this word asks for a dry run or a listing (nothing runs). */
  dryRun(word: string): boolean;
}

/** An option's value at `args[i]`, if the word is one of `names`: `-C DIR`, `-CDIR`, `--directory=DIR`. */
function optionValue(args: Value[], i: number, names: string[]): { value: string; next: number } | undefined {
  const t = (args[i] as Value).text;
  for (const n of names) {
    if (t === n) return { value: args[i + 1]?.text ?? '', next: i + 1 };
    if (n.length === 2 && t.startsWith(n)) return { value: t.slice(2), next: i };
    if (n.startsWith('--') && t.startsWith(`${n}=`)) return { value: t.slice(n.length + 1), next: i };
  }
  return undefined;
}

/**
 * A task runner's command line: `-C DIR` (relative to the caller's directory; undefined when it
 * is not known), the task file, the words that are not options, and whether it only lists or
 * pretends.
 */
export function parseTaskArgs(call: CommandCall, opts: TaskOptions): TaskArgs | undefined {
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
    const f = optionValue(args, i, opts.file);
    if (f) {
      file = f.value;
      i = f.next;
      continue;
    }
    if (opts.dryRun(t)) dryRun = true;
    if (opts.valued(t)) i++;
    else if (!t.startsWith('-')) rest.push(t);
  }
  return { dir: dir.replace(/\/+$/, '') || '/', ...(file ? { file } : {}), rest, dryRun };
}

const MAKE_OPTIONS: TaskOptions = {
  file: ['-f', '--file', '--makefile'],
  // -j N, -l N, -I DIR, -W F, -o F take a value
  valued: (t) => /^-[jlIWo]$/.test(t),
  dryRun: (t) =>
    t === '--dry-run' || t === '--just-print' || t === '--question' || /^-[a-zA-Z]*[nq][a-zA-Z]*$/.test(t),
};

export const make: Handler = (call) => {
  const run = call.run;
  const a = parseTaskArgs(call, MAKE_OPTIONS);
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
