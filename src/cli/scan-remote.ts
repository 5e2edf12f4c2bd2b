/**
 * `dfmap scan ssh://user@host[:port][/root]` and `dfmap scan --hosts FILE --catalog C`: agentless
 * scans over SFTP. Many hosts run a few at a time; a host that refuses, times out or drops is
 * reported and the others go on; `--resume` skips the hosts an interrupted run already stored
 * (FILE.progress.json records them as each one is stored).
 */
import fs from 'node:fs';
import { UsageError } from '../model/errors.js';
import type { ExtractionCache } from '../scan/extraction-cache.js';
import { scanOverSsh } from '../scan/ssh/scan-over-ssh.js';
import type { SshAuth } from '../scan/ssh/sftp-session.js';
import { describeTarget, parseSshTarget, type SshTarget } from '../scan/ssh/ssh-target.js';
import type { CliContext } from './commands/types.js';
import { colors, EXIT_FAILURE } from './io.js';
import { type ScannedMap, scanIntoCatalog } from './scan-catalog.js';
import type { ScanFlags, ScanSource } from './scan-remote-options.js';

/** How scan.ts runs one scan and prints it (passed in: scan.ts loads this module, not the reverse). */
export type ScanRoot = (
  ctx: CliContext,
  root: string,
  flags: ScanFlags,
  source: ScanSource,
  cache?: ExtractionCache,
) => Promise<ScannedMap>;

export async function runRemoteScan(
  ctx: CliContext,
  root: string,
  flags: ScanFlags,
  scanRoot: ScanRoot,
): Promise<void> {
  if (flags.hosts) return scanHosts(ctx, flags.hosts, flags, scanRoot);
  const target = parseSshTarget(root);
  const source = sshSource(target, flags);
  if (flags.catalog) {
    const run = (cache?: ExtractionCache) => scanRoot(ctx, root, flags, source, cache);
    await scanIntoCatalog(
      ctx,
      root,
      flags,
      flags.catalog,
      run,
      describeTarget(target),
      describeTarget(target),
    );
    return;
  }
  await scanRoot(ctx, root, { ...flags, output: flags.output ?? 'dfmap.json' }, source);
}

function sshSource(target: SshTarget, flags: ScanFlags): ScanSource {
  const timeout = Number(flags.sshTimeout ?? 20);
  if (!(timeout > 0)) throw new UsageError(`--ssh-timeout '${flags.sshTimeout}' is not a number of seconds.`);
  const maxBytes = flags.maxBytes === undefined ? undefined : Number(flags.maxBytes);
  if (maxBytes !== undefined && !(maxBytes > 0))
    throw new UsageError('--max-bytes must be a positive number of bytes.');
  const auth: SshAuth = {
    timeoutMs: timeout * 1000,
    ...(flags.identity ? { identity: flags.identity } : {}),
    ...(flags.knownHosts ? { knownHosts: flags.knownHosts } : {}),
  };
  return ({ root: _root, ...opts }) =>
    scanOverSsh(target, { ...opts, auth, ...(maxBytes ? { maxBytes } : {}) });
}

interface Progress {
  done: string[];
}

async function scanHosts(ctx: CliContext, file: string, flags: ScanFlags, scanRoot: ScanRoot): Promise<void> {
  const { io } = ctx;
  if (!flags.catalog)
    throw new UsageError('--hosts stores each host in a catalog.', { hint: 'pass --catalog FILE|URL' });
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--hosts '${file}': cannot read it (${(err as NodeJS.ErrnoException).code}).`);
  }
  const targets = text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((l) => parseSshTarget(l));
  const stateFile = `${file}.progress.json`;
  const state: Progress =
    flags.resume && fs.existsSync(stateFile)
      ? (JSON.parse(fs.readFileSync(stateFile, 'utf8')) as Progress)
      : { done: [] };
  const todo = targets.filter((t) => !state.done.includes(describeTarget(t)));
  const concurrency = Math.max(1, Math.min(64, Number(flags.concurrency ?? 4) || 4));
  const c = colors(io);
  if (todo.length < targets.length)
    io.err(`dfmap: resuming: ${targets.length - todo.length} of ${targets.length} hosts were stored already`);
  const failed: string[] = [];
  let finished = 0;
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const t = todo[next++]!;
      const name = describeTarget(t);
      const quiet = { ...flags, quiet: true, json: false, outline: false };
      try {
        const run = (cache?: ExtractionCache) => scanRoot(ctx, name, quiet, sshSource(t, flags), cache);
        await scanIntoCatalog(ctx, name, quiet, flags.catalog!, run, name, name);
        state.done.push(name);
        fs.writeFileSync(stateFile, `${JSON.stringify(state)}\n`);
        finished++;
        io.err(`[${finished + failed.length}/${todo.length}] ${c.green('stored')} ${name}`);
      } catch (err) {
        failed.push(name);
        io.err(`[${finished + failed.length}/${todo.length}] ${c.red('failed')} ${(err as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, worker));
  io.out(
    `dfmap scan --hosts: ${finished} stored, ${failed.length} failed${failed.length ? ` (${failed.join(', ')}); run again with --resume to retry them` : ''}`,
  );
  if (failed.length > 0) ctx.setExit(EXIT_FAILURE);
  else if (fs.existsSync(stateFile)) fs.rmSync(stateFile);
}
