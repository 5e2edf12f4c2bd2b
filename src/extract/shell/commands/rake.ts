/**
 * `rake [-f FILE] [-C DIR] TASK...` (and `bundle exec rake`, `bin/rake`): rake runs a Rakefile,
 * a Ruby script of its own whose named tasks run (extract/ruby walks their blocks). The call is
 * an invocation of the Rakefile from rake's directory (rake looks in the parents too, as it
 * does), with the tasks and `NAME=value` settings as its arguments.
 */
import { dirname } from '../../../util/paths.js';
import type { Value } from '../value.js';
import { optionValue, runTaskFile } from './make.js';
import type { CommandCall, CommandResolver, Handler } from './types.js';

const RAKEFILES = ['rakefile', 'Rakefile', 'rakefile.rb', 'Rakefile.rb'];
/** Other options that take a value (`-I DIR`, `-r LIB`, `-e CODE`, `-R DIR`, `-j N`): skipped with it. */
const VALUED = new Set([
  '-I',
  '--libdir',
  '-r',
  '--require',
  '-e',
  '--execute',
  '-R',
  '--rakelibdir',
  '-j',
  '--jobs',
]);
const DRY_RUN = new Set(['-n', '--dry-run', '-T', '--tasks', '-P', '-D']);

function parse(call: CommandCall): { dir: string; file?: string; rest: string[]; dryRun: boolean } {
  let dir = call.run.cwd;
  let file: string | undefined;
  const rest: string[] = [];
  let dryRun = false;
  const args = call.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const t = (args[i] as Value).text;
    const c = optionValue(args, i, ['-C', '--directory']);
    const f = c ? undefined : optionValue(args, i, ['-f', '--rakefile']);
    if (c) dir = c.value.startsWith('/') ? c.value : `${dir}/${c.value}`;
    if (f) file = f.value;
    const given = c ?? f;
    if (given) {
      i = given.next;
      continue;
    }
    const opt = t.startsWith('--') && t.includes('=') ? t.slice(0, t.indexOf('=')) : t;
    if (VALUED.has(opt)) {
      if (opt === t) i++;
      continue;
    }
    if (DRY_RUN.has(t)) dryRun = true;
    if (!t.startsWith('-')) rest.push(t);
  }
  return { dir: dir.replace(/\/+$/, '') || '/', ...(file ? { file } : {}), rest, dryRun };
}

export const rake: Handler = (call) => {
  const run = call.run;
  const a = parse(call);
  if (!a.dir.startsWith('/') || a.dir.includes('*')) {
    run.note(call.node, 'unresolved-path', 'rake: its directory is not known statically; not followed');
    return;
  }
  if (a.dryRun) return;
  let path: string | undefined;
  if (a.file) path = a.file.startsWith('/') ? a.file : `${a.dir}/${a.file}`;
  else
    for (let d = a.dir; !path; d = dirname(d)) {
      path = RAKEFILES.map((f) => `${d === '/' ? '' : d}/${f}`).find((c) => run.ctx.fs.isFile(c));
      if (d === '/') break;
    }
  if (!path || path.includes('*') || !run.ctx.fs.isFile(path)) {
    run.warn(
      call.node,
      'rakefile-missing',
      `rake: no ${a.file ?? 'Rakefile'} in ${a.dir} or above under ROOT`,
    );
    return;
  }
  runTaskFile(call, path, 'rake', dirname(path), a.rest);
};

export const rakeCommands: CommandResolver = {
  id: 'rake',
  title: 'rake: runs a Rakefile (a Ruby script of its own) with its tasks',
  emits: ['invokes'],
  commands: { rake },
};
