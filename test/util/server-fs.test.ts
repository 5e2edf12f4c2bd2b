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
