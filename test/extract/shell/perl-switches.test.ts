/**
 * perl's one-liner switches glued to -e (`perl -ne CODE FILES`, `perl -lane`, `perl -pi.bak -e`):
 * -n and -p loop the code over the files named after it, -i rewrites those files. The code is
 * never a script to run, whatever word it starts with.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractShell, keys } from '../../helpers/shell.js';

describe('perl switch clusters before -e', () => {
  test('perl -ne CODE FILE > OUT: the file is read, the output written, no script invented', async () => {
    const ex = await extractShell(
      `#!/bin/sh\nperl -ne 'print if /timeout/' /srv/queue/worker.log > /srv/digest/timeouts.txt\n`,
      { path: '/opt/digest/run.sh' },
    );
    const k = keys(ex);
    assert.deepEqual(k.reads, ['file:/srv/queue/worker.log']);
    assert.deepEqual(k.writes, ['file:/srv/digest/timeouts.txt']);
    assert.deepEqual(k.invokes, []);
  });

  test('perl -lane and perl -n -e over two files read both', async () => {
    const ex = await extractShell(
      `perl -lane 'print $F[2]' /srv/queue/a.tsv /srv/queue/b.tsv > /srv/digest/col3.txt\nperl -n -e 'print' /srv/queue/c.tsv\n`,
    );
    const k = keys(ex);
    assert.deepEqual(k.reads, ['file:/srv/queue/a.tsv', 'file:/srv/queue/b.tsv', 'file:/srv/queue/c.tsv']);
    assert.deepEqual(k.invokes, []);
  });

  test('perl -pi.bak -e and perl -i -pe rewrite their files in place', async () => {
    const ex = await extractShell(
      `perl -pi.bak -e 's/stage/live/g' /etc/digest/targets.conf\nperl -i -pe 's/^#//' /etc/digest/hosts.conf\n`,
    );
    const k = keys(ex);
    assert.deepEqual(k.writes, ['file:/etc/digest/hosts.conf', 'file:/etc/digest/targets.conf']);
    assert.deepEqual(k.reads, ['file:/etc/digest/hosts.conf', 'file:/etc/digest/targets.conf']);
  });

  test('a plain perl -e still takes no input files; an unknown switch word is left alone', async () => {
    const ex = await extractShell(`perl -e 'print 1' /srv/queue/x.txt\nperl -Mstrict -e 'print 2'\n`);
    const k = keys(ex);
    assert.deepEqual(k.reads, []);
    assert.deepEqual(k.invokes, []);
  });
});
