/**
 * Data that leaves or arrives over the network: curl, wget, scp, rsync, sftp batches, aws s3.
 * Remote locations become endpoints (`sftp://host/path`, `s3://bucket/key`, `https://host/path`).
 */

import { toEndpointNode } from '../../../model/keys.js';
import { flag, hasFlag, parseOptions } from '../options.js';
import { confidenceOf, type Value } from '../value.js';
import { destinationFor } from './files.js';
import { ftpHandlers, walkTransferSession } from './transfer-session.js';
import type { CommandCall, CommandResolver, Handler } from './types.js';

const isUrl = (t: string) => /^[a-zA-Z][\w+.-]*:\/\//.test(t);
const isRemote = (t: string) => isUrl(t) || /^(?:[^@/\s:]+@)?[A-Za-z0-9][\w.-]*:/.test(t);

function curl(call: CommandCall): void {
  const p = parseOptions(call.argv.slice(1), {
    short: 'oTdHuXwmFAebcxEKrYyzQt',
    long: [
      'output',
      'upload-file',
      'data',
      'data-binary',
      'data-raw',
      'data-urlencode',
      'header',
      'user',
      'request',
      'write-out',
      'max-time',
      'connect-timeout',
      'form',
      'user-agent',
      'cacert',
      'cert',
      'key',
      'proxy',
      'url',
      'retry',
      'config',
      'cookie',
      'cookie-jar',
      'json',
    ],
  });
  const urls = [...p.operands.filter((o) => isUrl(o.text)), ...(p.flags.get('url') ?? [])];
  const method = flag(p, 'X', 'request')?.text.toUpperCase();
  const upload = flag(p, 'T', 'upload-file');
  const data = [
    ...(p.flags.get('d') ?? []),
    ...(p.flags.get('data') ?? []),
    ...(p.flags.get('data-binary') ?? []),
    ...(p.flags.get('json') ?? []),
    ...(p.flags.get('F') ?? []),
    ...(p.flags.get('form') ?? []),
  ];
  const run = call.run;
  for (const d of data) {
    const at = d.text.indexOf('@');
    if (at >= 0 && (at === 0 || d.text[at - 1] === '='))
      run.emitRead({ ...d, text: d.text.slice(at + 1) }, call.node, 'curl --data @file');
  }
  if (upload) run.emitRead(upload, call.node, 'curl -T');
  const sends =
    Boolean(upload) || data.length > 0 || (method !== undefined && method !== 'GET' && method !== 'HEAD');
  const out = flag(p, 'o', 'output');
  for (const u of urls) {
    if (sends) run.emitWrite(u, call.node, `curl ${method ?? (upload ? 'PUT' : 'POST')}`);
    else run.emitRead(u, call.node, 'curl GET');
    if (out) run.emitWrite(out, call.node, 'curl -o');
    else if (hasFlag(p, 'O', 'remote-name')) run.emitWrite(remoteName(u, run.cwd), call.node, 'curl -O');
  }
}

function remoteName(u: Value, cwd: string): Value {
  const path = u.text.replace(/[?#].*$/, '');
  return { text: `${cwd}/${path.slice(path.lastIndexOf('/') + 1) || 'index.html'}`, resolved: u.resolved };
}

function wget(call: CommandCall): void {
  const p = parseOptions(call.argv.slice(1), {
    short: 'OPaoUTtwiBe',
    long: [
      'output-document',
      'directory-prefix',
      'user',
      'password',
      'header',
      'post-file',
      'post-data',
      'timeout',
      'tries',
      'input-file',
    ],
  });
  const run = call.run;
  const urls = p.operands.filter((o) => isUrl(o.text));
  const post = flag(p, 'post-file');
  if (post) run.emitRead(post, call.node, 'wget --post-file');
  const out = flag(p, 'O', 'output-document');
  const dir = flag(p, 'P', 'directory-prefix');
  for (const u of urls) {
    if (post || p.flags.has('post-data')) run.emitWrite(u, call.node, 'wget POST');
    else run.emitRead(u, call.node, 'wget');
    if (out) run.emitWrite(out, call.node, 'wget -O');
    else if (!post) run.emitWrite(remoteName(u, dir?.text ?? run.cwd), call.node, 'wget');
  }
}

/**
 * scp / rsync: the last operand is the destination, the rest are sources. rsync copies the
 * contents of a source written with a trailing slash (`rsync -a src/ dst/` fills dst itself).
 */
function copyOverNetwork(valued: string, long: string[], contentsSlash = false): Handler {
  return (call) => {
    const p = parseOptions(call.argv.slice(1), { short: valued, long });
    const ops = p.operands;
    if (ops.length < 2) return;
    const dst = ops[ops.length - 1] as Value;
    for (const s of ops.slice(0, -1)) {
      call.run.emitRead(s, call.node, call.name);
      const d =
        contentsSlash && /[^/]\/+$/.test(s.text)
          ? dst
          : isRemote(dst.text)
            ? withName(dst, s)
            : destinationFor(call, s, dst);
      call.run.emitWrite(d, call.node, call.name);
    }
  };
}

/** `host:/dir/` (or `gs://b/dir/`) + source name, when the remote destination is a directory. */
export function withName(dst: Value, src: Value): Value {
  if (!dst.text.endsWith('/')) return dst;
  const base = src.text.replace(/\/+$/, '');
  return { text: dst.text + base.slice(base.lastIndexOf('/') + 1), resolved: dst.resolved || src.resolved };
}

/** `sftp -b batch host` or a here-document: `put LOCAL [REMOTE]`, `get REMOTE [LOCAL]`. */
function sftp(call: CommandCall): void {
  const p = parseOptions(call.argv.slice(1), { short: 'bBcDFiJloPRSs', long: [] });
  const hostArg = p.operands[0];
  if (!hostArg) return;
  const host = hostArg.text.replace(/^[^@]*@/, '').split(':')[0] ?? '';
  const run = call.run;
  let script = call.stdin?.text;
  const batch = flag(p, 'b');
  if (batch && batch.text !== '-') {
    run.emitRead(batch, call.node, 'sftp -b (batch file)', 'heuristic');
    const res = run.ctx.fs.readText(batch.text.startsWith('/') ? batch.text : `${run.cwd}/${batch.text}`);
    if (res.ok) script = res.text;
  }
  if (script) walkTransferSession(call, { scheme: 'sftp', host, client: 'sftp' }, script);
}

/** `aws s3 cp|mv|sync SRC DST`. */
function aws(call: CommandCall): void {
  const [service, verb, ...rest] = call.argv.slice(1);
  if (service?.text !== 's3' || !verb) return;
  const p = parseOptions(rest, {
    long: ['profile', 'region', 'exclude', 'include', 'storage-class', 'endpoint-url', 'sse', 'acl'],
  });
  if (!['cp', 'mv', 'sync'].includes(verb.text) || p.operands.length < 2) return;
  const [src, dst] = p.operands as [Value, Value];
  call.run.emitRead(src, call.node, `aws s3 ${verb.text}`);
  call.run.emitWrite(dst.text.endsWith('/') ? withName(dst, src) : dst, call.node, `aws s3 ${verb.text}`);
}

const commands: Record<string, Handler> = {
  ...ftpHandlers,
  curl,
  wget,
  scp: copyOverNetwork('cFiJloPS', []),
  rsync: copyOverNetwork(
    'eTfB',
    [
      'rsh',
      'exclude',
      'include',
      'exclude-from',
      'include-from',
      'filter',
      'bwlimit',
      'timeout',
      'password-file',
      'rsync-path',
      'backup-dir',
      'temp-dir',
      'chown',
      'chmod',
      'log-file',
    ],
    true,
  ),
  sftp,
  aws,
  mail: mailer,
  mailx: mailer,
  mutt: mailer,
  sendmail: sendmail,
  msmtp: sendmail,
  ssmtp: sendmail,
};

/**
 * `mail -s subj addr < report.txt` reads the file (via stdin); attachments (`-a F`/`-A F`) too.
 * The recipients (the operands, `-c`, `-b`) are written: `mailto:ADDR` endpoints.
 */
function mailer(call: CommandCall): void {
  const p = parseOptions(call.argv.slice(1), { short: 'sacbrAS', long: ['subject', 'attach'] });
  for (const a of [
    ...(p.flags.get('a') ?? []),
    ...(p.flags.get('A') ?? []),
    ...(p.flags.get('attach') ?? []),
  ]) {
    if (a.text.includes('/') || a.text.includes('.'))
      call.run.emitRead(a, call.node, `${call.name} attachment`);
  }
  if (call.stdin?.file) call.run.emitRead(call.stdin.file, call.node, `${call.name} < file`);
  const to = [...p.operands, ...(p.flags.get('c') ?? []), ...(p.flags.get('b') ?? [])];
  for (const addr of to) mailTo(call, addr);
}

/**
 * `sendmail [-i] [-f FROM] ADDR... < message`: each operand is a recipient. With `-t` the
 * recipients are the message's own headers, which are not read here.
 */
function sendmail(call: CommandCall): void {
  const p = parseOptions(call.argv.slice(1), { short: 'fFNRVXBopqLCa', long: ['from', 'file', 'account'] });
  if (call.stdin?.file) call.run.emitRead(call.stdin.file, call.node, `${call.name} < file`);
  if (hasFlag(p, 't', 'read-recipients')) return;
  for (const addr of p.operands) mailTo(call, addr);
}

/**
 * A recipient whose every part is known, `ops@example.org`. A bare local user (`root`, `$USER`)
 * is a mailbox on this host, not data leaving it: no endpoint.
 */
function mailTo(call: CommandCall, addr: Value): void {
  const text = addr.text.trim();
  if (text.includes('*') || !/^[\w.+-]+@[\w.-]+$/.test(text)) return;
  call.run.emitRef('write', {
    node: toEndpointNode(`mailto:${text.toLowerCase()}`),
    evidence: call.run.evidence(call.node, `${call.name} (recipient)`),
    confidence: confidenceOf(addr),
  });
}

export const transferCommands: CommandResolver = {
  id: 'transfer',
  title: 'Transfers: curl, wget, scp, rsync, sftp/ftp sessions, mail and sendmail recipients',
  emits: ['reads', 'writes'],
  commands,
};
