/**
 * Commands that run another command: the inner argv goes back to the dispatcher, so
 * `flock -n /tmp/x.lock nice -n 10 timeout 2h python3 /opt/x.py` finds /opt/x.py.
 */

import { parseOptions } from '../options.js';
import type { Value } from '../value.js';
import type { CommandCall, CommandResolver, Handler } from './types.js';

function handOn(call: CommandCall, argv: Value[]): void {
  if (argv.length === 0) return;
  call.run.dispatch({ ...call, name: argv[0]?.text ?? '', argv });
}

/** Skip leading options of a wrapper; `valued` lists short options that take a value. */
function afterOptions(args: Value[], valued: string, longValued: string[] = []): Value[] {
  let i = 0;
  while (i < args.length) {
    const t = (args[i] as Value).text;
    if (t === '--') return args.slice(i + 1);
    if (!t.startsWith('-') || t === '-') break;
    if (t.startsWith('--')) {
      if (!t.includes('=') && longValued.includes(t.slice(2))) i++;
    } else if (t.length === 2 && valued.includes(t[1] as string)) i++;
    i++;
  }
  return args.slice(i);
}

/** `bash -c 'cmd'` style: the string is shell, parsed and walked. */
function runShellString(call: CommandCall, text: string, rest: Value[]): void {
  // `sh -c 'cmd "$1"' sh ARG`
  call.run.runNested(text, call.node, rest.length > 1 ? rest.slice(1) : undefined);
}

/** Leading `NAME=value` words become the inner command's environment; the rest is the command. */
function takeAssignments(call: CommandCall, args: Value[]): Value[] {
  let i = 0;
  while (i < args.length && /^[A-Za-z_]\w*=/.test((args[i] as Value).text)) {
    const t = (args[i] as Value).text;
    const eq = t.indexOf('=');
    call.inlineEnv.set(t.slice(0, eq), { text: t.slice(eq + 1), resolved: (args[i] as Value).resolved });
    i++;
  }
  return args.slice(i);
}

const plain: Handler = (call) => handOn(call, afterOptions(call.argv.slice(1), ''));

const commands: Record<string, Handler> = {
  nice: (call) => handOn(call, afterOptions(call.argv.slice(1), 'n', ['adjustment'])),
  ionice: (call) => handOn(call, afterOptions(call.argv.slice(1), 'cnp', ['class', 'classdata', 'pid'])),
  nohup: plain,
  // `bundle exec CMD ARGS` runs CMD with the Gemfile's gems; other bundle commands run nothing of the server's
  bundle: (call) => {
    const args = call.argv.slice(1);
    const i = args.findIndex((a) => !a.text.startsWith('-'));
    if (args[i]?.text === 'exec') handOn(call, afterOptions(args.slice(i + 1), '', ['gemfile']));
  },
  time: (call) => handOn(call, afterOptions(call.argv.slice(1), 'fo', ['format', 'output'])),
  chronic: plain,
  setsid: plain,
  // `command -v X` / `command -V X` only say where X is; `command X` runs it
  command: (call) => {
    if (!call.argv.slice(1).some((a) => /^-[pvV]*[vV]/.test(a.text))) plain(call);
  },
  builtin: plain,
  exec: (call) => handOn(call, afterOptions(call.argv.slice(1), 'a')),
  stdbuf: (call) => handOn(call, afterOptions(call.argv.slice(1), 'ioe')),
  timeout: (call) => {
    const rest = afterOptions(call.argv.slice(1), 'sk', ['signal', 'kill-after']);
    handOn(call, rest.slice(1)); // the duration
  },
  flock: (call) => {
    const args = call.argv.slice(1);
    const p = parseOptions(args, { short: 'wEc', long: ['timeout', 'conflict-exit-code', 'command'] });
    const cmd = p.flags.get('c') ?? p.flags.get('command');
    const lock = p.operands[0];
    // `flock -n 200` alone locks an open file descriptor (`exec 200>/tmp/x.lock`), not a file
    const fd = lock && p.operands.length === 1 && !cmd && /^\d+$/.test(lock.text);
    if (lock && !fd) call.run.emitWrite(lock, call.node, 'flock lock file', false, 'heuristic');
    if (cmd?.[0]) return runShellString(call, cmd[0].text, []);
    handOn(call, p.operands.slice(1));
  },
  env: (call) => {
    const args = afterOptions(call.argv.slice(1), 'uCS', ['unset', 'chdir', 'split-string']);
    handOn(call, takeAssignments(call, args));
  },
  // sudo(8): `sudo -u USER VAR=value cmd` sets VAR for cmd, like env
  sudo: (call) => {
    const rest = afterOptions(call.argv.slice(1), 'ugpCDhrtTU', ['user', 'group', 'prompt', 'chdir']);
    handOn(call, takeAssignments(call, rest));
  },
  runuser: (call) => {
    const args = call.argv.slice(1);
    const p = parseOptions(args, { short: 'ugGcs', long: ['user', 'group', 'command', 'shell'] });
    const cmd = p.flags.get('c') ?? p.flags.get('command');
    if (cmd?.[0]) return runShellString(call, cmd[0].text, []);
    handOn(call, p.operands.slice(p.flags.has('u') || p.flags.has('user') ? 0 : 1));
  },
  su: (call) => {
    const p = parseOptions(call.argv.slice(1), { short: 'cgGs', long: ['command', 'group', 'shell'] });
    const cmd = p.flags.get('c') ?? p.flags.get('command');
    if (cmd?.[0]) runShellString(call, cmd[0].text, []);
  },
  xargs: (call) => xargs(call),
  'run-parts': (call) => runParts(call),
  cd: (call) => changeDir(call),
  pushd: (call) => changeDir(call),
  source: (call) => sourceFile(call),
  '.': (call) => sourceFile(call),
  set: (call) => {
    const args = call.argv.slice(1);
    for (const a of args) {
      if (a.text === '-a' || a.text === '-o allexport') call.run.setAllExport(true);
      if (a.text === '+a') call.run.setAllExport(false);
    }
    // `set -- A B` (and `set A B`) replace the positional parameters
    const dashes = args.findIndex((a) => a.text === '--');
    if (dashes >= 0) call.run.setArgs(args.slice(dashes + 1));
    else if (args[0] && !/^[-+]/.test(args[0].text)) call.run.setArgs(args);
  },
  shift: (call) => {
    const n = Number(call.argv[1]?.text ?? '1');
    call.run.setArgs(call.run.args.slice(Number.isFinite(n) ? n : 1));
  },
};

/**
 * `cd DIR`: an unknown part of DIR stays `*` in the working directory, so relative paths after it
 * are partial; a directory that starts unknown (`cd "$X"`, `cd` to an unknown HOME) makes every
 * relative path after it unknown, and no edge is made against a guess.
 */
function changeDir(call: CommandCall): void {
  const args = call.argv.slice(1).filter((a) => !/^-[LPe@]+$/.test(a.text));
  const dir = args[0];
  const run = call.run;
  if (dir?.text === '-') return;
  if (!dir || dir.text === '~') {
    run.setCwd(run.lookup('HOME')?.text ?? '*');
    return;
  }
  if (dir.text.startsWith('*')) {
    run.setCwd('*');
    return;
  }
  run.setCwd(resolveDir(run.cwd, dir.text));
}

function resolveDir(cwd: string, dir: string): string {
  if (dir.startsWith('/')) return dir.replace(/\/+$/, '') || '/';
  if (dir === '~' || dir === '-') return cwd;
  if (!cwd.startsWith('/')) return '*';
  const parts = `${cwd}/${dir}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return `/${out.join('/')}`;
}

/** `source FILE`: read under ROOT and walk it in this shell (its assignments are ours now). */
function sourceFile(call: CommandCall): void {
  const target = call.argv[1];
  if (!target) return;
  const run = call.run;
  run.emitRead(target, call.node, `${call.name} (sourced file)`);
  if (target.text.includes('*')) {
    run.warn(call.node, 'unresolved-source', `cannot resolve sourced file '${target.text}'`);
    return;
  }
  const path = target.text.startsWith('/') ? target.text : resolveDir(run.cwd, target.text);
  const res = run.ctx.fs.readText(path);
  if (!res.ok) {
    run.warn(call.node, 'source-missing', `sourced file ${path} is not under ROOT`);
    return;
  }
  run.sourceText(res.text, path);
}

/** run-parts DIR: every file in DIR whose name run-parts accepts (Debian: [A-Za-z0-9_-]+). */
function runParts(call: CommandCall): void {
  const p = parseOptions(call.argv.slice(1), { long: ['arg', 'umask', 'regex'] });
  const dir = p.operands[0];
  if (!dir || dir.text.includes('*')) return;
  const run = call.run;
  for (const name of run.ctx.fs.list(dir.text)) {
    if (!/^[A-Za-z0-9_-]+$/.test(name)) continue;
    const path = `${dir.text.replace(/\/+$/, '')}/${name}`;
    if (!run.ctx.fs.isFile(path)) continue;
    run.emitInvoke({ path, args: [] }, call.node, 'run-parts', dir);
  }
}

/**
 * `find DIR -name X | xargs [-n1] CMD ARGS`: CMD runs with the listed files as its last
 * arguments (or in place of `-I REPL`); when nothing is known of what is piped in, one `*`.
 */
function xargs(call: CommandCall): void {
  const p = parseOptions(call.argv.slice(1), {
    short: 'aEeIiLlnPsd',
    long: ['max-args', 'max-procs', 'replace', 'delimiter', 'arg-file', 'max-lines'],
  });
  // parseOptions stops at nothing: the command starts at the first operand
  const cmdAt = firstCommandIndex(call.argv.slice(1));
  const cmd = call.argv.slice(1 + cmdAt);
  // `xargs -a LIST CMD`: the items are the lines of LIST, which is read (its lines are unknown)
  const listFile = p.flags.get('a')?.[0] ?? p.flags.get('arg-file')?.[0];
  if (listFile) call.run.emitRead(listFile, call.node, 'xargs -a (argument list)');
  if (cmd.length === 0) return;
  const items = listFile
    ? [{ text: '*', resolved: true }]
    : (call.stdin?.items ?? [{ text: '*', resolved: true }]);
  const repl =
    p.flags.get('I')?.[0]?.text ?? p.flags.get('replace')?.[0]?.text ?? (p.flags.has('i') ? '{}' : undefined);
  for (const item of items) {
    const argv = repl
      ? cmd.map((a) =>
          a.text.includes(repl)
            ? { text: a.text.split(repl).join(item.text), resolved: a.resolved || item.resolved }
            : a,
        )
      : [...cmd, item];
    handOn({ ...call, stdin: undefined }, argv);
  }
}

/** Index of the first word after xargs' own options (those listed take a value). */
function firstCommandIndex(args: Value[]): number {
  let i = 0;
  while (i < args.length) {
    const t = (args[i] as Value).text;
    if (t === '--') return i + 1;
    if (!t.startsWith('-')) return i;
    if (/^-[aEeIiLlnPsd]$/.test(t) && t !== '-i') i++;
    else if (/^--(max-args|max-procs|replace|delimiter|arg-file|max-lines)$/.test(t)) i++;
    i++;
  }
  return i;
}

export const wrapperCommands: CommandResolver = {
  id: 'wrappers',
  title: 'Wrappers and builtins: nice, timeout, flock, sudo, env, bundle exec, xargs, cd, source, set, shift',
  emits: ['invokes', 'shell state'],
  commands,
};
