/** The options of an agentless scan over SSH: `dfmap scan ssh://user@host` and `--hosts FILE`. */
import type { Command } from 'commander';
import type { ScanOptions, ScanResult } from '../scan/scan.js';

export interface RemoteFlags {
  identity?: string;
  knownHosts?: string;
  sshTimeout?: string;
  maxBytes?: string;
  hosts?: string;
  concurrency?: string;
  resume?: boolean;
}

export function addRemoteOptions(cmd: Command): Command {
  return cmd
    .option('-i, --identity <file>', 'ssh: the private key to log in with (default: ssh-agent)')
    .option(
      '--known-hosts <file>',
      'ssh: known_hosts to check host keys against (default ~/.ssh/known_hosts)',
    )
    .option('--ssh-timeout <seconds>', 'ssh: give up on a host that does not answer for this long', '20')
    .option('--max-bytes <n>', 'ssh: copy at most this many bytes from one host (default 268435456)')
    .option('--hosts <file>', 'scan every ssh target in FILE (one a line) into --catalog')
    .option('--concurrency <n>', 'with --hosts: how many hosts at once', '4')
    .option('--resume', 'with --hosts: skip the hosts an interrupted run already stored');
}

/** The options of `dfmap scan` (commands/scan.ts), here so the remote scan can share them. */
export interface ScanFlags extends RemoteFlags {
  host?: string;
  output?: string;
  catalog?: string;
  include: string[];
  json?: boolean;
  minConfidence?: string;
  strict?: boolean;
  maxFileSize?: string;
  quiet?: boolean;
  warnings?: string;
  outline?: boolean;
  /** Trace or audit files whose observed reads and writes join the map. */
  observed: string[];
  force?: boolean;
  /** `--no-cache`: with --catalog, extract every script again. */
  cache?: boolean;
}

/** How the scan reads the server: its files under ROOT, or (scan-remote.ts) a copy made over SFTP. */
export type ScanSource = (opts: ScanOptions) => Promise<ScanResult>;
