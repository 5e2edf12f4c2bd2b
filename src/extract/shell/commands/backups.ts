/**
 * Backup and repository-dump tools that name their data as operands: `svnadmin dump REPO` (the
 * dump itself goes to stdout, which the redirection already places), `svnadmin hotcopy SRC DST`,
 * `svnadmin load REPO`, and duplicity (`duplicity [full|incremental] SRC URL` backs SRC up to
 * URL; `restore URL DIR`, `verify URL DIR`, listings read URL; pruning names no data).
 */

import { flag, parseOptions } from '../options.js';
import type { Value } from '../value.js';
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

const commands: Record<string, Handler> = { svnadmin, duplicity };

export const backupCommands: CommandResolver = {
  id: 'backups',
  title: 'Backup and dump tools: svnadmin dump/load/hotcopy, duplicity',
  emits: ['reads', 'writes'],
  commands,
};
