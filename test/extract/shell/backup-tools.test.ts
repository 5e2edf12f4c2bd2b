import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Extraction } from '../../../src/extract/types.js';
import { extractShell } from '../../helpers/shell.js';

const keys = (refs: Extraction['reads']): string[] => [...new Set(refs.map((r) => r.node.key))].sort();

test('svnadmin dump reads the repository; hotcopy reads one and writes the other', async () => {
  const x = await extractShell(
    'svnadmin dump --incremental /var/svn/handbook > /backup/svn/handbook.dump\nsvnadmin hotcopy /var/svn/handbook /backup/svn/handbook-copy\n',
  );
  assert.deepEqual(keys(x.reads), ['file:/var/svn/handbook']);
  assert.deepEqual(keys(x.writes), ['file:/backup/svn/handbook-copy', 'file:/backup/svn/handbook.dump']);
});

test('duplicity backs a directory up to a URL, restores the other way, and a binary found with which is still duplicity', async () => {
  const x = await extractShell(
    [
      'DUPLICITY=$(which duplicity)',
      '$DUPLICITY --full-if-older-than 1M --encrypt-key ABCD1234 --exclude-filelist /etc/dup/skip.txt /srv/photos file:///mnt/vault/photos',
      'duplicity remove-all-but-n-full 2 --force file:///mnt/vault/photos',
      'duplicity restore sftp://vault.lan/exports/photos /srv/restore/photos',
    ].join('\n'),
  );
  assert.deepEqual(keys(x.reads), [
    'endpoint:sftp://vault.lan/exports/photos',
    'file:/etc/dup/skip.txt',
    'file:/srv/photos',
  ]);
  assert.deepEqual(keys(x.writes), ['file:/mnt/vault/photos', 'file:/srv/restore/photos']);
});

test('command -v names the program, so the script it runs is followed', async () => {
  const x = await extractShell(
    'RUNNER="$(command -v node)"\n$RUNNER -r dotenv/config /opt/app/jobs/purge.js\n',
    {
      files: { '/opt/app/jobs/purge.js': 'console.log(1)\n' },
    },
  );
  assert.deepEqual(
    x.invokes.map((i) => i.path),
    ['/opt/app/jobs/purge.js'],
  );
});

test('duplicity: the two operands are the last words, even when an option value split into several', async () => {
  const x = await extractShell(
    'KEYID="primary signing key"\nduplicity --encrypt-key $KEYID --unknown-flag 3 /srv/ledger sftp://vault.lan/ledger\nduplicity verify --encrypt-key $KEYID sftp://vault.lan/ledger /srv/ledger\n',
  );
  assert.deepEqual(keys(x.reads), ['endpoint:sftp://vault.lan/ledger', 'file:/srv/ledger']);
  assert.deepEqual(keys(x.writes), ['endpoint:sftp://vault.lan/ledger']);
});
