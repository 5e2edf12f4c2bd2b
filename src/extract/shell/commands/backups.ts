/**
 * Backup and repository-dump tools that name their data as operands: `svnadmin dump REPO` (the
 * dump itself goes to stdout, which the redirection already places), `svnadmin hotcopy SRC DST`,
 * `svnadmin load REPO`, and duplicity (`duplicity [full|incremental] SRC URL` backs SRC up to
 * URL; `restore URL DIR`, `verify URL DIR`, listings read URL; pruning names no data), and
 * borg and restic (`create`/`backup` read the paths and write the repository; `extract`/`restore`
 * the reverse; pruning, checks and listings name no data).
 */

import { flag, parseOptions } from '../options.js';
import type { Value } from '../value.js';
import { envSetting } from './databases.js';
import { azureBlob } from './storage.js';
import type { CommandCall, CommandResolver, Handler } from './types.js';

function svnadmin(call: CommandCall): void {
  const sub = call.argv[1]?.text ?? '';
  const p = parseOptions(call.argv.slice(2), {
    short: 'rMF',
    long: ['revision', 'memory-cache-size', 'file', 'parent-dir'],
  });
  const [first, second] = p.operands;
  if (!first) return;
  if (sub === 'dump' || sub === 'verify' || sub === 'dump-revprops')
    call.run.emitRead(first, call.node, `svnadmin ${sub}`);
  else if (sub === 'load' || sub === 'load-revprops') call.run.emitWrite(first, call.node, `svnadmin ${sub}`);
  else if (sub === 'hotcopy') {
    call.run.emitRead(first, call.node, 'svnadmin hotcopy');
    if (second) call.run.emitWrite(second, call.node, 'svnadmin hotcopy');
  }
}

const DUPLICITY_VALUED = [
  'encrypt-key',
  'sign-key',
  'hidden-encrypt-key',
  'full-if-older-than',
  'volsize',
  'name',
  'archive-dir',
  'tempdir',
  'log-file',
  'gpg-options',
  'ssh-options',
  'rsync-options',
  'exclude',
  'include',
  'exclude-regexp',
  'include-regexp',
  'exclude-filelist',
  'include-filelist',
  'file-to-restore',
  'time',
  'restore-time',
  'verbosity',
  'num-retries',
  'backend-retry-delay',
  's3-region-name',
  's3-endpoint-url',
  'timeout',
  'asynchronous-upload',
];
const READS_URL = new Set(['verify', 'collection-status', 'list-current-files']);
const PRUNES = new Set([
  'remove-older-than',
  'remove-all-but-n-full',
  'remove-all-inc-of-but-n-full',
  'cleanup',
]);

function duplicity(call: CommandCall): void {
  const args = call.argv.slice(1);
  const action = args[0]?.text ?? '';
  const rest = ['full', 'incremental', 'incr', 'restore', 'backup', ...READS_URL, ...PRUNES].includes(action)
    ? args.slice(1)
    : args;
  const p = parseOptions(rest, { short: 'rtv', long: DUPLICITY_VALUED });
  for (const list of ['include-filelist', 'exclude-filelist']) {
    const f = flag(p, list);
    if (f) call.run.emitRead(f, call.node, `duplicity --${list}`);
  }
  if (PRUNES.has(action)) return;
  // the operands come last: an option value this table does not know, or one that word-split
  // (`--encrypt-key $KEY` with spaces in KEY), leaves extra words before them
  const ops = p.operands.slice(action === 'remove-older-than' ? 1 : 0);
  if (READS_URL.has(action)) {
    const url = action === 'verify' && ops.length >= 2 ? ops.at(-2) : ops.at(-1);
    if (url) call.run.emitRead(url, call.node, `duplicity ${action}`);
    return;
  }
  const [a, b] = (ops.length > 2 ? ops.slice(-2) : ops) as [Value?, Value?];
  if (!a || !b) return;
  // restore: URL -> local; a backup: local -> URL (duplicity tells them apart by the `scheme://`)
  const restore = action === 'restore' || (/^[a-z][\w+.-]*:\/\//i.test(a.text) && !/:\/\//.test(b.text));
  call.run.emitRead(a, call.node, restore ? 'duplicity restore' : 'duplicity backup source');
  call.run.emitWrite(b, call.node, restore ? 'duplicity restore' : 'duplicity backup target');
}

/**
 * A backup repository as a location: a path, `user@host:path` or `ssh://...` (the transfers'
 * sftp endpoints), or restic's `sftp:`, `s3:`, `b2:`, `gs:`, `azure:`, `rclone:` and `rest:` forms
 * as their store's URL, the one the store's own tools give (an Azure container's account from
 * AZURE_ACCOUNT_NAME). Undefined where it is not known at all.
 */
function repoLocation(call: CommandCall, v: Value | undefined): Value | undefined {
  if (!v || v.text === '' || v.text === '*') return undefined;
  const t = v.text;
  const as = (text: string): Value => ({ ...v, text });
  if (/^sftp:(?!\/\/)/.test(t)) return as(t.slice('sftp:'.length));
  if (/^rest:/.test(t)) return as(t.slice('rest:'.length));
  const s3 = /^s3:(?:https?:\/\/)?[^/]+\/(.+)$/.exec(t);
  if (s3) return as(`s3://${s3[1]}`);
  const azure = /^azure:([^:]+):\/*(.*)$/.exec(t);
  if (azure?.[1]) return azureBlob(envSetting(call, 'AZURE_ACCOUNT_NAME'), as(azure[1]), as(azure[2] ?? ''));
  const store = /^(b2|gs|rclone):([^:]+):\/*(.*)$/.exec(t);
  if (store) return as(`${store[1]}://${store[2]}/${store[3]}`);
  return v;
}

const BORG_VALUED = [
  'exclude',
  'exclude-from',
  'pattern',
  'patterns-from',
  'compression',
  'comment',
  'checkpoint-interval',
  'chunker-params',
  'remote-path',
  'rsh',
  'lock-wait',
  'files-cache',
  'stdin-name',
  'timestamp',
  'upload-ratelimit',
  'encryption',
];

/** `borg create REPO::ARCHIVE PATH...` backs the paths up into REPO (`::ARCHIVE`: REPO from BORG_REPO). */
function borg(call: CommandCall): void {
  const [sub, ...rest] = call.argv.slice(1);
  const p = parseOptions(rest, { short: 'eC', long: BORG_VALUED });
  const [target, ...paths] = p.operands;
  if (!target) return;
  const cut = target.text.indexOf('::');
  const repoText = cut < 0 ? target.text : target.text.slice(0, cut);
  const repo = repoLocation(
    call,
    repoText === '' ? envSetting(call, 'BORG_REPO') : { ...target, text: repoText },
  );
  if (sub?.text === 'create') {
    for (const path of paths) call.run.emitRead(path, call.node, 'borg create');
    if (repo) call.run.emitWrite(repo, call.node, 'borg create');
  } else if (sub?.text === 'extract' && repo) {
    call.run.emitRead(repo, call.node, 'borg extract');
    call.run.emitWrite({ text: `${call.run.cwd}/*`, resolved: true }, call.node, 'borg extract');
  }
}

const RESTIC_VALUED = [
  'repo',
  'repository-file',
  'password-file',
  'password-command',
  'cache-dir',
  'tag',
  'host',
  'exclude',
  'iexclude',
  'exclude-file',
  'iexclude-file',
  'exclude-larger-than',
  'files-from',
  'files-from-raw',
  'files-from-verbatim',
  'option',
  'limit-upload',
  'limit-download',
  'target',
  'include',
  'iinclude',
  'path',
  'time',
  'stdin-filename',
  'parent',
  'compression',
  'pack-size',
  'read-concurrency',
];

/**
 * `restic -r REPO backup PATH...` backs the paths up into REPO (REPO from RESTIC_REPOSITORY when
 * not given); `restic -r REPO restore SNAPSHOT --target DIR` restores into DIR.
 */
function restic(call: CommandCall): void {
  const p = parseOptions(call.argv.slice(1), { short: 'reptoiH', long: RESTIC_VALUED });
  const [sub, ...ops] = p.operands;
  const repo = repoLocation(call, flag(p, 'r', 'repo') ?? envSetting(call, 'RESTIC_REPOSITORY'));
  if (sub?.text === 'backup') {
    for (const path of ops) call.run.emitRead(path, call.node, 'restic backup');
    for (const list of p.flags.get('files-from') ?? [])
      call.run.emitRead(list, call.node, 'restic --files-from');
    if (repo) call.run.emitWrite(repo, call.node, 'restic backup');
  } else if (sub?.text === 'restore' && repo) {
    call.run.emitRead(repo, call.node, 'restic restore');
    const target = flag(p, 't', 'target');
    if (target) call.run.emitWrite(target, call.node, 'restic restore --target');
  }
}

const commands: Record<string, Handler> = { svnadmin, duplicity, borg, borgbackup: borg, restic };

export const backupCommands: CommandResolver = {
  id: 'backups',
  title: 'Backup and dump tools: svnadmin dump/load/hotcopy, duplicity, borg, restic',
  emits: ['reads', 'writes'],
  commands,
};
