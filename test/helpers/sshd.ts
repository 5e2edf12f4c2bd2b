/**
 * A real OpenSSH server for the agentless scan tests: Debian's sshd on 127.0.0.1 on a free high
 * port, with a throw-away host key, a throw-away client key, a test user (dfmap-sftp) and SFTP only.
 * Needs root (sshd drops privileges to the user) and /usr/sbin/sshd (openssh-server); `skipReason`
 * says why not when either is missing.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const SSH_USER = 'dfmap-sftp';

export interface Sshd {
  port: number;
  dir: string;
  clientKey: string;
  knownHosts: string;
  hostKeyLine: string;
  stop(): Promise<void>;
}

export function skipReason(): string | false {
  if (!fs.existsSync('/usr/sbin/sshd')) return 'skipped: no /usr/sbin/sshd (apt-get install openssh-server)';
  if (process.getuid?.() !== 0) return 'skipped: starting sshd for a test user needs root';
  return false;
}

export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function ensureUser(): void {
  try {
    execFileSync('id', [SSH_USER], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['-M', '-d', '/nonexistent', '-s', '/bin/sh', SSH_USER], { stdio: 'ignore' });
  }
  // useradd's "!" password is a locked account to sshd; "*" is no password, not locked
  execFileSync('usermod', ['-p', '*', SSH_USER], { stdio: 'ignore' });
}

export async function startSshd(): Promise<Sshd> {
  ensureUser();
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-sshd-'));
  fs.chmodSync(dir, 0o755);
  const keygen = (file: string) =>
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file], { stdio: 'ignore' });
  keygen(path.join(dir, 'host_key'));
  keygen(path.join(dir, 'client_key'));
  fs.copyFileSync(path.join(dir, 'client_key.pub'), path.join(dir, 'authorized_keys'));
  fs.chmodSync(path.join(dir, 'authorized_keys'), 0o644);
  const port = await freePort();
  const hostPub = fs
    .readFileSync(path.join(dir, 'host_key.pub'), 'utf8')
    .trim()
    .split(/\s+/)
    .slice(0, 2)
    .join(' ');
  const hostKeyLine = `[127.0.0.1]:${port} ${hostPub}`;
  fs.writeFileSync(path.join(dir, 'known_hosts'), `${hostKeyLine}\n`);
  fs.writeFileSync(
    path.join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${dir}/host_key`,
      `PidFile ${dir}/sshd.pid`,
      `AuthorizedKeysFile ${dir}/authorized_keys`,
      'StrictModes no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'UsePAM no',
      'PermitRootLogin no',
      `AllowUsers ${SSH_USER}`,
      'Subsystem sftp internal-sftp',
      'ForceCommand internal-sftp',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', `${dir}/sshd_config`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (d) => (log += d));
  for (let i = 0; i < 100; i++) {
    if (await canConnect(port)) break;
    if (child.exitCode !== null) throw new Error(`sshd exited: ${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    dir,
    clientKey: path.join(dir, 'client_key'),
    knownHosts: path.join(dir, 'known_hosts'),
    hostKeyLine,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** A server root readable by the test user: a copy of `from` in a world-readable directory. */
export function servedCopy(from: string, sshd: Sshd, name: string): string {
  const to = path.join(sshd.dir, name);
  fs.cpSync(from, to, { recursive: true });
  execFileSync('chmod', ['-R', 'a+rX', to]);
  return to;
}
