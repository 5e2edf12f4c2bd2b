/**
 * `dfmap trace -- CMD`: the one command of dfmap that runs something. It runs CMD (or a job's own
 * command line, `--job`) under `strace -f`, turns the trace into observed facts and merges them into
 * the map. It says what it runs before it runs it.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import readline from 'node:readline';
import type { Command } from 'commander';
import { ConfigError, UsageError } from '../../model/errors.js';
import { DEFAULT_MAP_FILE, writeMap } from '../../store/map-file.js';
import { localJoin, localResolve } from '../../util/paths.js';
import { redactText } from '../../util/redact.js';
import { EXIT_FINDINGS, type Io, printJson } from '../io.js';
import { loadOrCreateMap, mergeBatch, printMergeSummary, readObserved } from '../observe-io.js';
import type { CliContext, CommandModule } from './types.js';

interface TraceFlags {
  map: string;
  output?: string;
  job?: string;
  yes?: boolean;
  root?: string;
  keepTrace?: string;
  json?: boolean;
}

/** What strace records: file, process and network calls, absolute times, fd paths, full strings. */
export const STRACE_ARGS = ['-f', '-ttt', '-y', '-s', '4096', '-e', 'trace=%file,%process,%network'];

export const traceCommand: CommandModule = {
  name: 'trace',
  register(program: Command, ctx: CliContext) {
    program
      .command('trace')
      .description('RUN a command (or a job of the map) under strace and merge what it read and wrote')
      .argument('[command...]', 'the command to run, after --')
      .option('--map <file>', 'the map to update (created when it does not exist)', DEFAULT_MAP_FILE)
      .option('-o, --output <file>', 'write the merged map here instead of over --map')
      .option('--job <job>', "run this job's own command line, as the map records it")
      .option('--yes', 'do not ask before running a job (for scripts)')
      .option(
        '--root <dir>',
        'run inside DIR as / (a copy of a server; the host /usr is bound in; unshare -m -r + chroot)',
      )
      .option('--keep-trace <file>', 'keep the raw strace output here (it is never copied into the map)')
      .option('--json', 'print the merge summary as JSON')
      .addHelpText(
        'after',
        `
Examples:
  dfmap trace -- python3 /opt/etl/load.py          run it, traced, and merge into ./dfmap.json
  dfmap trace --job 'job:/etc/crontab:12' --yes    run that job's command line (sh -c), traced
  dfmap trace --root /srv/copy --job nightly.sh    run a job inside a copy of the server

Running is explicit: nothing else in dfmap executes anything. Needs strace (Debian: apt-get install
strace) and ptrace permission (kernel.yama.ptrace_scope <= 1, or CAP_SYS_PTRACE in a container).
Exit codes: 0 the command succeeded and was merged, 1 it exited non-zero (still merged), 2 failure.`,
      )
      .action(async (command: string[], flags: TraceFlags) => runTrace(ctx, command, flags));
  },
};

async function runTrace(ctx: CliContext, command: string[], flags: TraceFlags): Promise<void> {
  const { io } = ctx;
  checkStrace();
  const g = loadOrCreateMap(flags.map);
  let shell: string;
  let jobKey: string | undefined;
  let user: string | undefined;
  if (flags.job) {
    if (command.length > 0) throw new UsageError('pass either --job or a command, not both.');
    const job = findJob(g, flags.job);
    jobKey = job.key;
    shell = job.command;
    user = job.user;
    if (!flags.yes) await confirm(io, `run job ${job.key} (${redactText(shell)})`);
  } else {
    if (command.length === 0)
      throw new UsageError('nothing to run.', { hint: 'dfmap trace -- CMD [ARGS], or --job JOB' });
    shell = command.map(quote).join(' ');
  }
  const root = flags.root ? prepareRoot(flags.root) : undefined;
  const traceFile =
    flags.keepTrace ?? localJoin(fs.mkdtempSync(localJoin(os.tmpdir(), 'dfmap-trace-')), 'trace');
  const as = root ? undefined : runAs(io, user);
  const argv = root ? chrootArgv(root, shell) : [...(as ?? []), 'sh', '-c', shell];
  if (root && user && user !== 'root')
    io.err(`note: running as root, not ${user}: the mount namespace maps only root`);
  io.err(`running under strace${root ? ` in ${root}` : ''}: ${redactText(shell)}`);
  const started = Date.now();
  const code = await run(['strace', ...STRACE_ARGS, '-o', traceFile, '--', ...argv]);
  const seconds = (Date.now() - started) / 1000;
  // evidence cites the kept trace file, or the run (the temporary trace is deleted)
  const label = flags.keepTrace ?? `dfmap trace ${new Date(started).toISOString()}`;
  const batch = await readObserved(
    [traceFile],
    { ...(root ? { onlyChrooted: true } : { cwd: process.cwd() }), ...(jobKey ? { job: jobKey } : {}) },
    label,
  );
  if (!flags.keepTrace) fs.rmSync(localJoin(traceFile, '..'), { recursive: true, force: true });
  const summary = mergeBatch(g, batch);
  const out = flags.output ?? flags.map;
  writeMap(g, out);
  if (flags.json)
    printJson(io, {
      output: out,
      exitCode: code,
      seconds,
      ...summary,
      stats: batch.stats,
      warnings: batch.diagnostics,
    });
  else {
    io.err(`command exited ${code} after ${seconds.toFixed(2)} s`);
    printMergeSummary(io, batch, summary, io.out);
    io.out(`map written to ${out}`);
  }
  if (code !== 0) ctx.setExit(EXIT_FINDINGS);
}

function checkStrace(): void {
  const v = spawnSync('strace', ['-V'], { encoding: 'utf8' });
  if (v.error || v.status !== 0)
    throw new ConfigError('strace is not installed.', {
      hint: 'install it (Debian: apt-get install strace)',
    });
  const probe = spawnSync('strace', ['-f', '-o', '/dev/null', 'true'], { encoding: 'utf8' });
  if (probe.status !== 0)
    throw new ConfigError(`strace cannot trace here: ${(probe.stderr || '').trim().split('\n')[0]}.`, {
      hint: 'ptrace is not permitted: check kernel.yama.ptrace_scope, or give the container CAP_SYS_PTRACE',
    });
}

/** The job's user where possible: as root, through runuser(1) when the user exists here. */
function runAs(io: Io, user: string | undefined): string[] | undefined {
  if (!user || user === 'root' || process.getuid?.() !== 0) {
    if (user && user !== 'root' && process.getuid?.() !== 0)
      io.err(`note: running as the current user, not ${user} (needs root)`);
    return undefined;
  }
  if (spawnSync('id', ['-u', user]).status !== 0) {
    io.err(`note: running as root: user ${user} does not exist on this machine`);
    return undefined;
  }
  return ['runuser', '-u', user, '--'];
}

function findJob(
  g: ReturnType<typeof loadOrCreateMap>,
  name: string,
): { key: string; command: string; user?: string } {
  const jobs = g.filterNodes((_k, a) => a.kind === 'job' && typeof a.command === 'string');
  const hits = g.hasNode(name)
    ? [name]
    : jobs.filter((k) => {
        const a = g.getNodeAttributes(k);
        return a.label === name || (a.command as string).includes(name) || k.endsWith(name);
      });
  if (hits.length !== 1)
    throw new UsageError(
      `--job '${name}' ${hits.length === 0 ? 'matches no job' : `matches ${hits.length} jobs`} of the map.`,
      {
        hint: `name one of: ${jobs.slice(0, 8).join(', ')}`,
      },
    );
  const key = hits[0] as string;
  const command = g.getNodeAttribute(key, 'command');
  if (typeof command !== 'string') throw new UsageError(`job ${key} records no command line.`);
  const user = g.getNodeAttribute(key, 'user');
  return typeof user === 'string' ? { key, command, user } : { key, command };
}

async function confirm(io: Io, what: string): Promise<void> {
  if (!process.stdin.isTTY)
    throw new UsageError(`refusing to ${what} without confirmation.`, { hint: 'pass --yes' });
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  const answer = await new Promise<string>((resolve) => rl.question(`${what}? [y/N] `, resolve));
  rl.close();
  if (!/^y(es)?$/i.test(answer.trim())) throw new UsageError('not confirmed: nothing was run.');
  io.err('confirmed');
}

/** The copy gets the mount points it needs (usr/, dev/, tmp/) and the merged-/usr links. */
function prepareRoot(dir: string): string {
  const root = localResolve(dir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory())
    throw new UsageError(`--root '${dir}': not a directory.`);
  for (const d of ['usr', 'dev', 'tmp']) fs.mkdirSync(localJoin(root, d), { recursive: true });
  for (const d of ['bin', 'sbin', 'lib', 'lib64']) {
    const target = localJoin(root, d);
    if (exists(target) || !fs.existsSync(`/${d}`)) continue;
    if (fs.lstatSync(`/${d}`).isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(`/${d}`), target);
    else fs.mkdirSync(target);
  }
  return root;
}

/** Exists, even as a symlink whose target is not there yet (bin -> usr/bin before /usr is bound). */
function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** unshare -m -r: a private mount namespace as mapped root; bind the host's programs in; chroot. */
function chrootArgv(root: string, command: string): string[] {
  const binds = ['usr', 'bin', 'sbin', 'lib', 'lib64', 'dev']
    .filter((d) => fs.existsSync(`/${d}`) && !fs.lstatSync(`/${d}`).isSymbolicLink())
    .map((d) => `mount --rbind /${d} "$0/${d}"`)
    .join(' && ');
  return ['unshare', '-m', '-r', 'sh', '-c', `${binds} && exec chroot "$0" /bin/sh -c "$1"`, root, command];
}

function quote(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`;
}

function run(argv: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['inherit', 2, 2] }); // stdout stays for dfmap's own output;
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
