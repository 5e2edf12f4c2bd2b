/**
 * Commands run on another machine: `ssh [OPTIONS] [user@]HOST [COMMAND...]`.
 *
 * The command runs on HOST, so its paths are the remote machine's: it is not walked as local
 * shell. What is certain is that the script depends on HOST, which becomes a `host` node: the
 * script reads from it (what the remote command prints comes back; if HOST is down the job fails)
 * and writes to it when its stdin is fed (`ssh h 'cat > /x' < local.csv`). A remote `cat FILE`
 * is a copy over SSH, read as `sftp://HOST/FILE` like scp's; a remote `pg_dump`, `mysqldump` or
 * `mongodump` reads the database server on HOST (or the one it names).
 */
import { toDatabaseNode, toHostNode } from '../../../model/keys.js';
import { flag, parseOptions } from '../options.js';
import { confidenceOf, lit, type Value } from '../value.js';
import { hostName, setting } from './databases.js';
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
  remoteDump(call, host, command, confidenceOf(target));
}

/** Dump tools run over ssh: the scheme and default port of the server they read, their options. */
const DUMPERS: Record<string, { scheme: string; port: string; short: string; long: string[] }> = {
  pg_dump: {
    scheme: 'postgres',
    port: '5432',
    short: 'hpUdfFnNtTZjE',
    long: ['host', 'port', 'dbname', 'file'],
  },
  pg_dumpall: { scheme: 'postgres', port: '5432', short: 'hpUdfl', long: ['host', 'port', 'file'] },
  mysqldump: { scheme: 'mysql', port: '3306', short: 'hPurS', long: ['host', 'port', 'user', 'result-file'] },
  'mariadb-dump': {
    scheme: 'mysql',
    port: '3306',
    short: 'hPurS',
    long: ['host', 'port', 'user', 'result-file'],
  },
  mongodump: { scheme: 'mongodb', port: '27017', short: 'hdcoupq', long: ['host', 'port', 'db', 'out'] },
};

/**
 * `ssh HOST 'pg_dump shop' > local.sql`: the dump reads a database server as HOST sees it, so the
 * server HOST itself unless the dump names another (`-h`); what it prints is the ssh command's
 * output, which the script's redirection writes. Only the first command of the remote line.
 */
function remoteDump(
  call: CommandCall,
  host: string,
  command: string[],
  confidence: ReturnType<typeof confidenceOf>,
): void {
  const words = (command.join(' ').split(/\||;|&&/)[0] ?? '').trim().split(/\s+/);
  const name = words[0] ?? '';
  const tool = DUMPERS[name.slice(name.lastIndexOf('/') + 1)];
  if (!tool) return;
  const p = parseOptions(words.slice(1).map(lit), { short: tool.short, long: tool.long });
  // a loopback server (or a socket) is HOST's own
  const named = setting(flag(p, 'h', 'host'));
  const server = named === undefined || hostName(named) === 'localhost' ? host : hostName(named);
  const port = setting(flag(p, tool.short.includes('P') ? 'P' : 'p', 'port')) ?? tool.port;
  const run = call.run;
  run.emitRef('read', {
    node: toDatabaseNode(`${tool.scheme}://${server}:${port}`),
    evidence: run.evidence(call.node, `ssh ${host} ${name}`),
    confidence,
  });
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
  title: 'ssh: the remote host, remote cat, and dumps of the remote database',
  emits: ['reads', 'writes'],
  commands,
};
