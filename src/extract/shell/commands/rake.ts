/**
 * `rake [-f FILE] [-C DIR] TASK...` (and `bundle exec rake`, `bin/rake`): rake runs a Rakefile,
 * a Ruby script of its own whose named tasks run (extract/ruby walks their blocks). The call is
 * an invocation of the Rakefile from rake's directory (rake looks in the parents too, as it
 * does), with the tasks and `NAME=value` settings as its arguments.
 */
import { dirname } from '../../../util/paths.js';
import { parseTaskArgs, runTaskFile, type TaskOptions } from './make.js';
import type { CommandResolver, Handler } from './types.js';

const RAKEFILES = ['rakefile', 'Rakefile', 'rakefile.rb', 'Rakefile.rb'];
/** Options whose value is the next word besides -C and -f (`-I DIR`, `-r LIB`, `-e CODE`, `-R DIR`, `-j N`). */
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

const RAKE_OPTIONS: TaskOptions = {
  file: ['-f', '--rakefile'],
  valued: (t) => VALUED.has(t),
  dryRun: (t) => DRY_RUN.has(t),
};

export const rake: Handler = (call) => {
  const run = call.run;
  const a = parseTaskArgs(call, RAKE_OPTIONS);
  if (!a?.dir.startsWith('/') || a.dir.includes('*')) {
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
