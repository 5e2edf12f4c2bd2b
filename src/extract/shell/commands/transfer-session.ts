/**
 * Interactive file-transfer clients driven by a script: sftp batches, classic `ftp -n host <<EOF`
 * sessions and lftp (`-e`/`-c` commands, here-documents, `-f` files). One walker reads the
 * session: `open HOST` (lftp: `open sftp://HOST`), `cd`/`lcd`, `put`/`mput`/`get`/`mget` (and
 * `-o`), lftp's `mirror` (`-R` uploads). Remote files become `ftp://HOST/path` (or sftp://),
 * local ones files; `user NAME PASSWORD` lines are skipped, never kept.
 */
import type { CommandCall } from '../interpreter.js';
import { flag, parseOptions } from '../options.js';
import { lit } from '../value.js';
import type { Resolver } from './index.js';

export interface Session {
  scheme: string;
  host: string;
  client: string;
}

export function walkTransferSession(call: CommandCall, start: Session, script: string): void {
  const run = call.run;
  let { scheme, host } = start;
  let remoteDir = '';
  let localDir = run.state.cwd;
  const remote = (r: string) =>
    lit(`${scheme}://${host}${r.startsWith('/') ? r : `${remoteDir || '/~'}/${r}`}`.replace(/\/+$/, ''));
  const local = (l: string) => lit(l.startsWith('/') ? l : `${localDir}/${l}`);
  const base = (x: string) => x.slice(x.replace(/\/+$/, '').lastIndexOf('/') + 1);
  for (const raw of script.split(/\n|;/)) {
    const words = raw.trim().split(/\s+/).filter(Boolean);
    const cmd = words[0]?.toLowerCase();
    const args = words.slice(1).filter((w) => !w.startsWith('-'));
    const [a, b] = args;
    const construct = `${start.client} ${cmd}`;
    if (cmd === 'open' && a) ({ scheme, host } = target(a, scheme));
    else if (cmd === 'cd' && a) remoteDir = a.startsWith('/') ? a : `${remoteDir}/${a}`;
    else if (cmd === 'lcd' && a) localDir = a.startsWith('/') ? a : `${localDir}/${a}`;
    else if (host === '')
      continue; // no server named yet: its files cannot be named
    else if (cmd === 'put' || cmd === 'send') {
      if (!a) continue;
      run.emitRead(local(a), call.node, construct);
      run.emitWrite(remote(b ?? base(a)), call.node, construct);
    } else if (cmd === 'mput') {
      for (const f of args) {
        run.emitRead(local(f), call.node, construct);
        run.emitWrite(remote(base(f)), call.node, construct);
      }
    } else if (cmd === 'get' || cmd === 'recv') {
      if (!a) continue;
      run.emitRead(remote(a), call.node, construct);
      run.emitWrite(local(outputOf(words) ?? b ?? base(a)), call.node, construct);
    } else if (cmd === 'mget') {
      for (const f of args) {
        run.emitRead(remote(f), call.node, construct);
        run.emitWrite(local(base(f)), call.node, construct);
      }
    } else if (cmd === 'mirror' && a) {
      // `mirror REMOTE [LOCAL]` downloads; `mirror -R LOCAL [REMOTE]` uploads
      const upload = words.includes('-R') || words.includes('--reverse');
      const there = upload ? (b ?? base(a)) : a;
      const here = upload ? a : (b ?? base(a));
      run.emitRead(upload ? local(here) : remote(there), call.node, construct);
      run.emitWrite(upload ? remote(there) : local(here), call.node, construct);
    }
  }
}

/** `get REMOTE -o LOCAL` (lftp). */
function outputOf(words: string[]): string | undefined {
  const i = words.indexOf('-o');
  return i >= 0 ? words[i + 1] : undefined;
}

/** `HOST`, `user@HOST`, `sftp://user@HOST:22/dir`: the scheme (default kept) and host. */
function target(text: string, scheme: string): { scheme: string; host: string } {
  const m = /^([a-z]+):\/\/(?:[^@/]*@)?([^/:]+)/i.exec(text);
  if (m) return { scheme: (m[1] as string).toLowerCase(), host: (m[2] as string).toLowerCase() };
  return { scheme, host: (text.replace(/^[^@]*@/, '').split(':')[0] ?? '').toLowerCase() };
}

/** `ftp [-inpv] [HOST]` with its session in a here-document (or `< file`). */
function ftp(call: CommandCall): void {
  const p = parseOptions(call.argv.slice(1), { short: '', long: [] });
  const hostArg = p.operands[0];
  const host = hostArg && !hostArg.text.includes('*') ? target(hostArg.text, 'ftp').host : '';
  const script = sessionText(call);
  if (script) walkTransferSession(call, { scheme: 'ftp', host, client: 'ftp' }, script);
}

/** `lftp [-u USER,PASS] [-e CMDS | -c CMDS | -f FILE] [URL|HOST]`, or a here-document. */
function lftp(call: CommandCall): void {
  const p = parseOptions(call.argv.slice(1), { short: 'ecfpu', long: ['user', 'port'] });
  const hostArg = p.operands[0];
  const start =
    hostArg && !hostArg.text.includes('*') ? target(hostArg.text, 'ftp') : { scheme: 'ftp', host: '' };
  const file = flag(p, 'f');
  let script = [flag(p, 'c')?.text, flag(p, 'e')?.text].filter(Boolean).join('\n');
  if (file) {
    const res = call.run.ctx.fs.readText(
      file.text.startsWith('/') ? file.text : `${call.run.state.cwd}/${file.text}`,
    );
    if (res.ok) script += `\n${res.text}`;
  }
  script += `\n${sessionText(call) ?? ''}`;
  walkTransferSession(call, { ...start, client: 'lftp' }, script);
}

/** The session a client reads on stdin: a here-document, or a file fed with `<`. */
function sessionText(call: CommandCall): string | undefined {
  if (call.stdin?.text !== undefined) return call.stdin.text;
  const f = call.stdin?.file;
  if (!f || f.text.includes('*')) return undefined;
  const res = call.run.ctx.fs.readText(f.text.startsWith('/') ? f.text : `${call.run.state.cwd}/${f.text}`);
  return res.ok ? res.text : undefined;
}

export const ftpResolvers: Record<string, Resolver> = { ftp, lftp };
