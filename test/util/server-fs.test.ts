import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ServerFs } from '../../src/util/server-fs.js';
import { makeRoot, removeRoot } from '../helpers/server-root.js';

const root = makeRoot({
  '/opt/app/current': { symlink: '/opt/app/releases/42' },
  '/opt/app/releases/42/run.sh': '#!/bin/sh\n',
  '/etc/passwd': { symlink: '../../../../../../etc/passwd' },
});
after(() => removeRoot(root));

test('absolute symlinks resolve inside ROOT, as the server would see them', () => {
  const fs = new ServerFs(root);
  assert.deepEqual(fs.realpath('/opt/app/current/run.sh'), { path: '/opt/app/releases/42/run.sh' });
  assert.equal(fs.isFile('/opt/app/current/run.sh'), true);
});

test('a relative symlink cannot climb out of ROOT', () => {
  const fs = new ServerFs(root);
  const r = fs.readText('/etc/passwd');
  assert.equal(r.ok, false, "must not read the host machine's /etc/passwd");
});

test('files read one after another keep their own bytes (the read buffer is reused)', () => {
  const dir = makeRoot({ '/a.txt': 'short', '/b.txt': 'a longer second file\n'.repeat(400) });
  try {
    const fs = new ServerFs(dir);
    const a = fs.readText('/a.txt');
    const b = fs.readText('/b.txt');
    const a2 = fs.readBytes('/a.txt');
    assert.ok(a.ok && b.ok && a2.ok);
    assert.equal(a.text, 'short');
    assert.equal(b.text, 'a longer second file\n'.repeat(400));
    assert.equal(a2.bytes.toString(), 'short');
    fs.readText('/b.txt');
    assert.equal(a2.bytes.toString(), 'short', 'a later read must not overwrite bytes already returned');
  } finally {
    removeRoot(dir);
  }
});

test('stable: the same answers through symlinks; without it, the disk as it is now', async () => {
  const nodeFs = await import('node:fs');
  const dir = makeRoot({
    '/opt/app/current': { symlink: '/opt/app/releases/7' },
    '/opt/app/releases/7/job.sh': '#!/bin/sh\necho 7\n',
  });
  try {
    const cached = new ServerFs(dir, { stable: true });
    const live = new ServerFs(dir);
    for (const fs of [cached, live]) {
      assert.deepEqual(fs.realpath('/opt/app/current/job.sh'), { path: '/opt/app/releases/7/job.sh' });
      assert.equal(fs.isFile('/opt/app/current/job.sh'), true);
      assert.equal(fs.isFile('/opt/app/current/none.sh'), false);
      const r = fs.readText('/opt/app/current/job.sh');
      assert.ok(r.ok && r.text === '#!/bin/sh\necho 7\n');
    }
    nodeFs.writeFileSync(`${dir}/opt/app/releases/7/none.sh`, '#!/bin/sh\n');
    assert.equal(live.isFile('/opt/app/current/none.sh'), true);
    assert.equal(cached.isFile('/opt/app/current/none.sh'), false, 'a scan sees one snapshot of the tree');
  } finally {
    removeRoot(dir);
  }
});
