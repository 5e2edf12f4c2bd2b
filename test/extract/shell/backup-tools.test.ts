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

test('borg create backs paths up into its repository (a path, user@host:path, or BORG_REPO); prune names no data', async () => {
  const x = await extractShell(
    [
      'export BORG_REPO=backup@bk01:/srv/borg/web',
      "borg create --compression lz4 -e '/srv/www/cache' ::'{hostname}-{now}' /etc /srv/www",
      'borg create /backup/borg::daily-$(date +%F) /home',
      'borg prune --keep-daily 7 /backup/borg',
      'cd /srv/restore && borg extract /backup/borg::daily-2026-12-01',
    ].join('\n'),
  );
  assert.deepEqual(keys(x.reads), ['file:/backup/borg', 'file:/etc', 'file:/home', 'file:/srv/www']);
  assert.deepEqual(keys(x.writes), [
    'endpoint:sftp://bk01/srv/borg/web',
    'file:/backup/borg',
    'file:/srv/restore/*',
  ]);
  // the excluded path is an option's value, not a source
  assert.ok(!keys(x.reads).includes('file:/srv/www/cache'));
});

test('restic backup writes its repository in any of its forms; restore --target writes the target', async () => {
  const x = await extractShell(
    [
      "restic -r sftp:bk@bk02:/srv/restic backup /srv/db --exclude '*.tmp'",
      'RESTIC_REPOSITORY=s3:s3.amazonaws.com/acme-restic/host1 restic backup /etc --files-from /etc/restic/extra.txt',
      'restic --repo b2:acme-bucket:hosts/web backup /var/www',
      'restic -r rest:https://restic.example.com:8000/web backup /opt/app',
      'restic -r /backup/restic restore latest --target /srv/restore',
      'restic -r /backup/restic forget --keep-last 10 --prune',
      // an Azure container is the blob URL az and azcopy give it
      'AZURE_ACCOUNT_NAME=acmestore restic -r azure:backups:/web backup /srv/www',
    ].join('\n'),
  );
  assert.deepEqual(keys(x.reads), [
    'file:/backup/restic',
    'file:/etc',
    'file:/etc/restic/extra.txt',
    'file:/opt/app',
    'file:/srv/db',
    'file:/srv/www',
    'file:/var/www',
  ]);
  assert.deepEqual(keys(x.writes), [
    'endpoint:b2://acme-bucket/hosts/web',
    'endpoint:https://acmestore.blob.core.windows.net/backups/web',
    'endpoint:https://restic.example.com:8000/web',
    'endpoint:s3://acme-restic/host1',
    'endpoint:sftp://bk02/srv/restic',
    'file:/srv/restore',
  ]);
});

test('7z a adds files to the archive; 7z x extracts it into -oDIR; its switches take no next word', async () => {
  const x = await extractShell(
    [
      '7z a -t7z -mx=9 -pSECRET /backup/docs.7z /srv/docs /srv/more',
      '7za x /data/in/drop.7z -o/data/drop -y',
    ].join('\n'),
  );
  assert.deepEqual(keys(x.reads), ['file:/data/in/drop.7z', 'file:/srv/docs', 'file:/srv/more']);
  assert.deepEqual(keys(x.writes), ['file:/backup/docs.7z', 'file:/data/drop/*']);
  assert.ok(!JSON.stringify(x).includes('SECRET'));
});
