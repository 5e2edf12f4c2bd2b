/**
 * Commands run on another machine: `ssh [OPTIONS] [user@]HOST [COMMAND...]`.
 *
 * The command runs on HOST, so its paths are the remote machine's: it is not walked as local
 * shell. What is certain is that the script depends on HOST, which becomes a `host` node: the
 * script reads from it (what the remote command prints comes back; if HOST is down the job fails)
 * and writes to it when its stdin is fed (`ssh h 'cat > /x' < local.csv`). A remote `cat FILE`
 * is a copy over SSH, read as `sftp://HOST/FILE` like scp's.
 */
import { toHostNode } from '../../../model/keys.js';
import { confidenceOf, lit, type Value } from '../value.js';
import type { CommandCall, CommandResolver, Handler } from './types.js';

/** ssh(1) options that take a value. */
const VALUED = 'BbcDEeFIiJLlmOopQRSWw';

function ssh(call: CommandCall): void {
  const args = call.argv.slice(1);
  let i = 0;
  while (i < args.length) {
    const t = (args[i] as Value).text;
    if (!t.startsWith('-') || t === '-') break;
    // `-p 2222` takes the next word; `-p2222` and flag bundles (`-qT`) do not
    if (t.length === 2 && VALUED.includes(t[1] as string)) i++;
    i++;
  }
  const target = args[i];
  if (!target) return;
  const host = target.text
    .replace(/^ssh:\/\//, '')
    .replace(/^[^@]*@/, '')
    .replace(/:\d+$/, '');
  const run = call.run;
  if (!/^[A-Za-z0-9][\w.-]*$/.test(host)) {
    run.note(
      call.node,
      'unresolved-host',
      `ssh to '${target.text}': the host is not known statically; no edge`,
    );
    return;
  }
  const command = args.slice(i + 1).map((a) => a.text);
  const construct = `ssh ${host}${command.length > 0 ? ` ${command.join(' ')}` : ''}`;
  const ref = () => ({
    node: toHostNode(host),
    evidence: run.evidence(call.node, construct),
    confidence: confidenceOf(target),
  });
  run.emitRef('read', ref());
  if (call.stdin) run.emitRef('write', ref());
  remoteCat(call, host, command);
}

/** `ssh HOST cat /remote/file` (one word or several): reads `sftp://HOST/remote/file`. */
function remoteCat(call: CommandCall, host: string, command: string[]): void {
  const words = command.length === 1 ? (command[0] as string).trim().split(/\s+/) : command;
  const files = words.slice(1);
  // only a plain `cat FILE...`: a redirection or a pipe on the remote side is another story
  if (words[0] !== 'cat' || files.length === 0 || !files.every((w) => /^\/[^|;&<>$`\s]*$/.test(w))) return;
  for (const w of files) call.run.emitRead(lit(`sftp://${host}${w}`), call.node, `ssh ${host} cat`);
}

const commands: Record<string, Handler> = { ssh };

export const remoteCommands: CommandResolver = {
  id: 'remote',
  title: 'ssh: the remote host and remote cat',
  emits: ['reads', 'writes'],
  commands,
};
