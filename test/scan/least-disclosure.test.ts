/**
 * Least disclosure (issue 16, point 3): an ordinary user's crontab can make a root scan read any
 * file; its lines must not come back as warnings or snippets unless that user could read it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { scan } from '../../src/scan/index.js';
import { mayRead } from '../../src/scan/least-disclosure.js';
import { serializeMap } from '../../src/store/map-file.js';
import { makeRoot, removeRoot } from '../helpers/server-root.js';

const SHADOW_LINE = 'root:$6$Zx9fKq$hashofrootpassword:19700:0:99999:7:::';
const roots: string[] = [];
after(() => roots.forEach(removeRoot));

const accounts = new Map([
  ['etl', { uid: 1001, gids: new Set([1001, 50]) }],
  ['admin', { uid: 0, gids: new Set([0]) }],
]);

describe('mayRead', () => {
  test('owner, group and world bits, for the job user', () => {
    assert.equal(mayRead('etl', accounts, { uid: 0, gid: 42, mode: 0o640 }), false);
    assert.equal(mayRead('etl', accounts, { uid: 0, gid: 50, mode: 0o640 }), true);
    assert.equal(mayRead('etl', accounts, { uid: 1001, gid: 0, mode: 0o600 }), true);
    assert.equal(
      mayRead('etl', accounts, { uid: 1001, gid: 0, mode: 0o044 }),
      false,
      'the owner bits decide for the owner',
    );
    assert.equal(mayRead('etl', accounts, { uid: 0, gid: 0, mode: 0o644 }), true);
    assert.equal(mayRead('admin', accounts, { uid: 5, gid: 5, mode: 0o600 }), true, 'uid 0 reads everything');
    assert.equal(mayRead('root', accounts, { uid: 5, gid: 5, mode: 0o000 }), true);
    assert.equal(mayRead('nobody-known', accounts, { uid: 0, gid: 0, mode: 0o640 }), false);
  });
});

describe('a scan as root over a user crontab', () => {
  test("`psql -f /etc/shadow` in etl's crontab: path and line kept, the lines withheld", async () => {
    const root = makeRoot({
      '/etc/passwd': 'root:x:0:0:root:/root:/bin/bash\netl:x:1001:1001::/home/etl:/bin/sh\n',
      '/etc/group': 'root:x:0:\nshadow:x:42:\netl:x:1001:\n',
      '/etc/shadow': { text: `${SHADOW_LINE}\netl:!:19700:0:99999:7:::\n`, mode: 0o640 },
      '/var/spool/cron/crontabs/etl': [
        '* * * * * psql -h pg01 -f /etc/shadow',
        '0 2 * * * psql -h pg01 -f /home/etl/broken.sql',
        '',
      ].join('\n'),
      '/home/etl/broken.sql': { text: 'SELEKT nonsense FROM;\n', mode: 0o644 },
    });
    roots.push(root);
    fs.chownSync(path.join(root, 'etc/shadow'), 0, 42);
    const { graph } = await scan({ root, workers: 0 });
    const text = serializeMap(graph);
    assert.ok(!text.includes('hashofrootpassword'), 'a line of /etc/shadow is in the map');
    assert.ok(!text.includes('19700'), 'a line of /etc/shadow is in the map');
    const warnings = graph.getAttribute('warnings') ?? [];
    const shadow = warnings.filter((w) => w.location?.file === '/etc/shadow');
    assert.ok(shadow.length > 0, 'the reading of /etc/shadow is still reported');
    assert.ok(shadow.every((w) => /text withheld: the job's user etl cannot read this file/.test(w.message)));
    // a file etl can read keeps its text
    assert.match(text, /SELEKT|nonsense/);
  });
});
