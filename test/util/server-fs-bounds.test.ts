import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { HARD_MAX_BYTES, ServerFs } from '../../src/util/server-fs.js';
import { walkServerDirectory } from '../../src/util/server-walk.js';
import { makeRoot, removeRoot } from '../helpers/server-root.js';

const roots: string[] = [];
after(() => roots.forEach(removeRoot));
function root(files: Parameters<typeof makeRoot>[0]): string {
  const r = makeRoot(files);
  roots.push(r);
  return r;
}

describe('the ROOT-safe reader (issue 16, points 5 and 6)', () => {
  test('a FIFO is refused with a diagnostic naming it, without waiting for a writer', () => {
    const r = root({ '/etc/cron.d/other': '' });
    execFileSync('mkfifo', [path.join(r, 'etc/cron.d/pipe')]);
    const res = new ServerFs(r).readText('/etc/cron.d/pipe');
    assert.equal(res.ok, false);
    assert.match(res.ok ? '' : res.diagnostic.message, /a FIFO/);
  });

  test('a character device is refused (a link to /dev/zero on a live server)', () => {
    const res = new ServerFs('/').readBytes('/dev/zero');
    assert.equal(res.ok, false);
    assert.match(res.ok ? '' : res.diagnostic.message, /a character device/);
  });

  test('the byte budget does not trust st_size: a /proc file that says 0 bytes is still bounded', () => {
    assert.equal(fs.statSync('/proc/self/status').size, 0);
    const sfs = new ServerFs('/', { maxBytes: 64 });
    const res = sfs.readText('/proc/self/status');
    assert.equal(res.ok, false);
    assert.equal(res.ok ? '' : res.diagnostic.code, 'file-too-large');
    assert.equal(new ServerFs('/').readText('/proc/self/status').ok, true);
  });

  test('a raised size limit is capped at what Node can hold, and a bigger file is a warning, not a crash', () => {
    const r = root({ '/opt/big.sh': '' });
    fs.truncateSync(path.join(r, 'opt/big.sh'), HARD_MAX_BYTES + 10); // sparse: costs no disk
    const sfs = new ServerFs(r, { maxBytes: 4 * 1024 ** 3 });
    assert.equal(sfs.maxBytes, HARD_MAX_BYTES);
    const res = sfs.readText('/opt/big.sh');
    assert.equal(res.ok ? '' : res.diagnostic.code, 'file-too-large');
  });

  test('a read that runs over the time budget stops with a diagnostic', () => {
    const r = root({ '/var/log/big.log': 'x'.repeat(3 << 20) });
    const res = new ServerFs(r, { budgetMs: 0 }).readText('/var/log/big.log');
    assert.equal(res.ok ? '' : res.diagnostic.code, 'read-timeout');
  });

  test('resolveFile gives a local path inside ROOT for a link that points at the host', () => {
    const r = root({ '/var/log/x.log': { symlink: '/etc/hostname' }, '/etc/hostname': 'inside\n' });
    const res = new ServerFs(r).resolveFile('/var/log/x.log');
    assert.ok(res.ok);
    assert.equal(res.ok && res.local, path.join(r, 'etc/hostname'));
  });

  test('the head of a file never waits on a FIFO', () => {
    const r = root({ '/opt/x/run.sh': '' });
    execFileSync('mkfifo', [path.join(r, 'opt/x/fifo')]);
    assert.equal(new ServerFs(r).readHead('/opt/x/fifo'), '');
  });
});

describe('directory walks (issue 16, point 6)', () => {
  test('two `ln -s . X` loops end, and each script is found once', () => {
    const r = root({
      '/opt/jobs/run.sh': '#!/bin/sh\n',
      '/opt/jobs/again': { symlink: '.' },
      '/opt/jobs/more': { symlink: '.' },
      '/opt/jobs/sub/load.sh': '#!/bin/sh\n',
      '/opt/jobs/sub/up': { symlink: '..' },
    });
    const w = walkServerDirectory(new ServerFs(r), '/opt/jobs');
    assert.deepEqual(w.files.sort(), ['/opt/jobs/run.sh', '/opt/jobs/sub/load.sh']);
    assert.equal(w.capped, false);
  });

  test('a walk that hits its entry cap says so', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`/opt/many/s${i}.sh`] = '#!/bin/sh\n';
    const w = walkServerDirectory(new ServerFs(root(files)), '/opt/many', { maxEntries: 5 });
    assert.equal(w.capped, true);
    assert.equal(w.files.length, 5);
    assert.match(w.diagnostics.map((d) => d.message).join('\n'), /stopped after 5 entries/);
  });

  test('an unreadable directory is a warning, not silence', {
    skip: process.getuid?.() === 0 ? 'root reads everything' : false,
  }, () => {
    const r = root({ '/opt/locked/x.sh': '#!/bin/sh\n' });
    fs.chmodSync(path.join(r, 'opt/locked'), 0o000);
    const w = walkServerDirectory(new ServerFs(r), '/opt/locked');
    fs.chmodSync(path.join(r, 'opt/locked'), 0o755);
    assert.match(w.diagnostics[0]?.message ?? '', /cannot be read/);
  });
});
