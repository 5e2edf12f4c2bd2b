/** Terminal safety (issue 16, point 9): control characters from the server reach a terminal escaped. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { terminalText } from '../../src/cli/io.js';
import { makeRoot, removeRoot } from '../helpers/server-root.js';

const HOSTILE = '\x1b]0;pwned\x07\x1b[2J\x1b[1A\r\u202etxt.sh';

describe('terminalText', () => {
  test('escapes what a terminal would act on, keeps colour, newlines and tabs', () => {
    assert.equal(terminalText(HOSTILE), '\\u001b]0;pwned\\u0007\\u001b[2J\\u001b[1A\\u000d\\u202etxt.sh');
    assert.equal(terminalText('\x1b[31mred\x1b[39m\tok\n'), '\x1b[31mred\x1b[39m\tok\n');
    assert.equal(terminalText('csi \x9b2J del \x7f'), 'csi \\u009b2J del \\u007f');
  });

  test('JSON stays JSON with the same values', () => {
    const value = { name: 'a\x9bb\u202ec\x7f', n: 1 };
    assert.deepEqual(JSON.parse(terminalText(JSON.stringify(value))), value);
  });
});

describe('on a terminal (a pty from script(1))', () => {
  const root = makeRoot({
    '/etc/crontab': '0 1 * * * etl /opt/jobs/run.sh\n',
    '/opt/jobs/run.sh': `#!/bin/sh\ncp /data/in/a.csv '/data/out/${HOSTILE}'\n`,
  });
  after(() => removeRoot(root));
  const map = path.join(root, 'map.json');

  test('the scan summary, warnings and outline show the name escaped; the map keeps it as it is', () => {
    const cmd = `${process.execPath} --import tsx scripts/dfmap-dev.ts scan '${root}' -o '${map}' --outline`;
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', CI: '1' },
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.ok(!r.stdout.includes('\x1b'), JSON.stringify(r.stdout));
    assert.ok(!r.stdout.includes('\x07'));
    assert.ok(!r.stdout.includes('\u202e'));
    assert.match(r.stdout, /\\u001b\]0;pwned\\u0007/);
    const saved = JSON.parse(fs.readFileSync(map, 'utf8')) as { nodes: Array<{ id: string }> };
    assert.ok(saved.nodes.some((n) => n.id === `file:/data/out/${HOSTILE}`));
  });
});
