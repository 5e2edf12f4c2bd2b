/**
 * Interactive file-transfer clients driven by a script: sftp batches, classic `ftp -n host <<EOF`
 * sessions and lftp (`-e`/`-c` commands, here-documents, `-f` files). One walker reads the
 * session: `open HOST` (lftp: `open sftp://HOST`), `cd`/`lcd`, `put`/`mput`/`get`/`mget` (and
 * `-o`), lftp's `mirror` (`-R` uploads); smbclient's `-c` commands on a Windows share. Remote
 * files become `ftp://HOST/path` (or sftp://, smb://HOST/SHARE/path),
 * local ones files; `user NAME PASSWORD` lines are skipped, never kept.
 */

import { flag, parseOptions } from '../options.js';
import { lit, type Value } from '../value.js';
import type { CommandCall, Handler } from './types.js';

export interface Session {
  scheme: string;
  host: string;
  client: string;
  /** Where the session starts on the server (smbclient: the share). */
  dir?: string;
}

/** Where a session is: the server (scheme and host) and the remote and local directories. */
interface Place {
  scheme: string;
  host: string;
  remoteDir: string;
  localDir: string;
}

export function walkTransferSession(call: CommandCall, start: Session, script: string): void {
  const at: Place = {
    scheme: start.scheme,
    host: start.host,
    remoteDir: start.dir ?? '',
    localDir: call.run.cwd,
  };
  for (const raw of script.split(/\n|;/)) {
    const words = raw.trim().split(/\s+/).filter(Boolean);
    const cmd = words[0]?.toLowerCase();
    const [a] = words.slice(1).filter((w) => !w.startsWith('-'));
    if (cmd === 'open' && a) Object.assign(at, target(a, at.scheme));
    else if (cmd === 'cd' && a) at.remoteDir = a.startsWith('/') ? a : `${at.remoteDir}/${a}`;
    else if (cmd === 'lcd' && a) at.localDir = a.startsWith('/') ? a : `${at.localDir}/${a}`;
    // until a server is named, its files cannot be
    else if (cmd && at.host !== '') transfer(call, at, `${start.client} ${cmd}`, cmd, words);
  }
}

/** One transfer command: what it reads and writes, here and there. */
function transfer(call: CommandCall, at: Place, construct: string, cmd: string, words: string[]): void {
  const run = call.run;
  const args = words.slice(1).filter((w) => !w.startsWith('-'));
  const [a, b] = args;
  const remote = (r: string) =>
    lit(
      `${at.scheme}://${at.host}${r.startsWith('/') ? r : `${at.remoteDir || '/~'}/${r}`}`.replace(
        /\/+$/,
        '',
      ),
    );
  const local = (l: string) => lit(l.startsWith('/') ? l : `${at.localDir}/${l}`);
  const base = (x: string) => x.slice(x.replace(/\/+$/, '').lastIndexOf('/') + 1);
  const move = (from: Value, to: Value) => {
    run.emitRead(from, call.node, construct);
    run.emitWrite(to, call.node, construct);
  };
  if ((cmd === 'put' || cmd === 'send') && a) move(local(a), remote(b ?? base(a)));
  else if (cmd === 'mput') for (const f of args) move(local(f), remote(base(f)));
  else if ((cmd === 'get' || cmd === 'recv') && a) move(remote(a), local(outputOf(words) ?? b ?? base(a)));
  else if (cmd === 'mget') for (const f of args) move(remote(f), local(base(f)));
  else if (cmd === 'mirror' && a) {
    // `mirror REMOTE [LOCAL]` downloads; `mirror -R LOCAL [REMOTE]` uploads
    if (words.includes('-R') || words.includes('--reverse')) move(local(a), remote(b ?? base(a)));
    else move(remote(a), local(b ?? base(a)));
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
      file.text.startsWith('/') ? file.text : `${call.run.cwd}/${file.text}`,
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
  const res = call.run.ctx.fs.readText(f.text.startsWith('/') ? f.text : `${call.run.cwd}/${f.text}`);
  return res.ok ? res.text : undefined;
}

/** `smbclient //SERVER/SHARE [-U user%pass] [-D DIR] [-c 'CMDS']`, or CMDS in a here-document. */
function smbclient(call: CommandCall): void {
  const p = parseOptions(call.argv.slice(1), {
    short: 'UWDcmpAOnsliItTRdb',
    long: ['user', 'directory', 'command'],
  });
  const service = p.operands[0];
  const m = service ? /^(?:\/\/|\\\\)([^/\\]+)[/\\]([^/\\]+)/.exec(service.text) : null;
  if (!m || service?.text.includes('*')) return;
  const dir = flag(p, 'D', 'directory')?.text;
  const share = `/${m[2]}${dir ? `/${dir.replace(/^\/+/, '')}` : ''}`;
  const script = [flag(p, 'c', 'command')?.text, sessionText(call)].filter(Boolean).join('\n');
  walkTransferSession(
    call,
    { scheme: 'smb', host: (m[1] as string).toLowerCase(), client: 'smbclient', dir: share },
    script,
  );
}

export const ftpHandlers: Record<string, Handler> = { ftp, lftp, smbclient };
