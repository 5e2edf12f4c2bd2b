/**
 * One SSH connection and its SFTP channel (the `ssh2` package). Only the SFTP subsystem is used:
 * nothing is run, installed or written on the server. The host key must be in known_hosts; keys
 * come from ssh-agent or `-i FILE`. Every failure is an SshError that names the host and says why
 * (refused, timed out, unknown or changed host key, authentication, dropped).
 */
import fs from 'node:fs';
import os from 'node:os';
import { Client, type ConnectConfig, type SFTPWrapper, type Stats } from 'ssh2';
import { DfmapError } from '../../model/errors.js';
import { checkHostKey } from './known-hosts.js';
import { describeTarget, type SshTarget } from './ssh-target.js';

export class SshError extends DfmapError {}

export interface SshAuth {
  /** A private key file (`-i`). */
  identity?: string;
  /** known_hosts file (default ~/.ssh/known_hosts). */
  knownHosts?: string;
  /** ssh-agent socket (default $SSH_AUTH_SOCK). */
  agent?: string;
  /** Handshake and per-operation timeout, ms. */
  timeoutMs?: number;
}

export interface SftpSession {
  lstat(path: string): Promise<Stats | undefined>;
  readlink(path: string): Promise<string>;
  readdir(path: string): Promise<Array<{ name: string; stats: Stats }>>;
  /** The whole file, or undefined when it is larger than `max` bytes (not read). */
  read(path: string, max: number): Promise<Buffer | undefined>;
  close(): void;
}

export async function openSftp(target: SshTarget, auth: SshAuth): Promise<SftpSession> {
  const where = describeTarget(target);
  const knownFile = auth.knownHosts ?? `${os.homedir()}/.ssh/known_hosts`;
  let known: string;
  try {
    known = fs.readFileSync(knownFile, 'utf8');
  } catch {
    throw new SshError(`${where}: cannot read known_hosts '${knownFile}'; the host key cannot be checked.`, {
      hint: `add the host's key first (ssh-keyscan -p ${target.port} ${target.host} >> ${knownFile}), or pass --known-hosts FILE`,
    });
  }
  const config: ConnectConfig = {
    host: target.host,
    port: target.port,
    username: target.user ?? os.userInfo().username,
    readyTimeout: auth.timeoutMs ?? 20_000,
    keepaliveInterval: 5_000,
    keepaliveCountMax: 3,
  };
  if (auth.identity) {
    try {
      config.privateKey = fs.readFileSync(auth.identity);
    } catch (err) {
      throw new SshError(
        `${where}: cannot read the key '${auth.identity}' (${(err as NodeJS.ErrnoException).code}).`,
        { cause: err },
      );
    }
  }
  const agent = auth.agent ?? process.env.SSH_AUTH_SOCK;
  if (agent) config.agent = agent;
  if (!config.privateKey && !config.agent) {
    throw new SshError(`${where}: no key to log in with.`, {
      hint: 'start ssh-agent and add a key, or pass -i FILE',
    });
  }
  let verdict = 'unknown';
  config.hostVerifier = (key: Buffer) => {
    verdict = checkHostKey(known, target.host, target.port, key);
    return verdict === 'known';
  };
  const client = new Client();
  // ssh2 can emit a second error after the first (a timeout, then the lost socket): keep one listener
  client.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('error', (err: Error & { code?: string; level?: string }) =>
      reject(connectError(where, err, verdict, knownFile)),
    );
    client.connect(config);
  });
  const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
    client.sftp((err, s) =>
      err
        ? reject(new SshError(`${where}: the server offers no SFTP (${err.message}).`, { cause: err }))
        : resolve(s),
    ),
  );
  let dropped: Error | undefined;
  const pending = new Set<(err: Error) => void>();
  const drop = (err: Error) => {
    dropped ??= err;
    for (const fail of pending) fail(droppedError(where, dropped));
    pending.clear();
  };
  client.on('error', drop);
  client.on('close', () => drop(new Error('connection closed')));
  const call = <T>(
    what: string,
    path: string,
    run: (cb: (err: Error | null | undefined, v?: T) => void) => void,
  ): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (dropped) return reject(droppedError(where, dropped));
      const done = () => {
        clearTimeout(timer);
        pending.delete(fail);
      };
      const fail = (err: Error) => {
        done();
        reject(err);
      };
      const timer = setTimeout(
        () => fail(new SshError(`${where}: ${what} ${path} timed out.`)),
        auth.timeoutMs ?? 20_000,
      );
      pending.add(fail);
      run((err, v) => {
        done();
        if (err) reject(dropped ? droppedError(where, dropped) : err);
        else resolve(v as T);
      });
    });
  return {
    lstat: (p) =>
      call<Stats>('lstat', p, (cb) => sftp.lstat(p, cb)).catch((err) => {
        if (err instanceof SshError) throw err;
        return undefined; // no such file: the scan says so itself
      }),
    readlink: (p) => call<string>('readlink', p, (cb) => sftp.readlink(p, cb)),
    readdir: (p) =>
      call<Array<{ filename: string; attrs: Stats }>>('readdir', p, (cb) =>
        sftp.readdir(p, cb as never),
      ).then((list) => list.map((e) => ({ name: e.filename, stats: e.attrs }))),
    read: async (p, max) => {
      const st = await call<Stats>('stat', p, (cb) => sftp.stat(p, cb));
      if (st.size > max) return undefined;
      return call<Buffer>('read', p, (cb) => sftp.readFile(p, cb as never));
    },
    close: () => client.end(),
  };
}

function connectError(
  where: string,
  err: Error & { code?: string; level?: string },
  verdict: string,
  knownFile: string,
): SshError {
  if (err.level === 'client-authentication') {
    return new SshError(`${where}: the server refused our keys (authentication failed).`, {
      hint: 'check the user name and that the key (ssh-agent or -i FILE) is in its authorized_keys',
      cause: err,
    });
  }
  if (
    /host key|Host denied/i.test(err.message) ||
    verdict !== 'unknown' ||
    err.message.includes('verification')
  ) {
    const why =
      verdict === 'changed'
        ? 'its host key is not the one known_hosts has for it: it CHANGED (another machine, or someone in between)'
        : verdict === 'revoked'
          ? 'its host key is revoked in known_hosts'
          : 'its host key is not in known_hosts';
    return new SshError(`${where}: not connecting: ${why}.`, {
      hint:
        verdict === 'changed'
          ? 'find out why before trusting it; then fix known_hosts'
          : `check the key and add it to ${knownFile}`,
      cause: err,
    });
  }
  const code = err.code ?? (/timed out/i.test(err.message) ? 'ETIMEDOUT' : undefined);
  const why =
    code === 'ECONNREFUSED'
      ? 'connection refused'
      : code === 'ETIMEDOUT' || /timed out/i.test(err.message)
        ? 'timed out'
        : code === 'ENOTFOUND'
          ? 'no such host'
          : err.message;
  return new SshError(`${where}: cannot connect (${why}).`, {
    hint: 'is sshd running there and the port right?',
    cause: err,
  });
}

function droppedError(where: string, err: Error): SshError {
  return new SshError(
    `${where}: the connection dropped mid-scan (${err.message}); nothing of this host was stored.`,
    {
      hint: 'scan it again; the other hosts are not affected',
      cause: err,
    },
  );
}
