/**
 * Two constructs of a log-report job: jq's input files (the first operand is the filter, and
 * `--arg NAME VALUE` takes two words), and `flock -n FD` on a descriptor opened with
 * `exec FD>FILE`, where the number is not a file.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractShell, keys } from '../../helpers/shell.js';

describe('jq input files', () => {
  test('jq -c --arg NAME VALUE FILTER FILE reads FILE, not the value or the filter', async () => {
    const ex = await extractShell(
      `#!/bin/bash\nSINCE=$(date +%F)\njq -c --arg since "$SINCE" 'select(.ts >= $since)' /srv/audit/events.json >> /srv/audit/recent.json\n`,
    );
    const k = keys(ex);
    assert.deepEqual(k.reads, ['file:/srv/audit/events.json']);
    assert.deepEqual(k.writes, ['file:/srv/audit/recent.json']);
  });

  test('-r with two inputs, --slurpfile and -f read files; --args makes the words values', async () => {
    const ex = await extractShell(
      `jq -r '.user' /srv/audit/a.json /srv/audit/b.json\njq --slurpfile known /srv/audit/known.json -f /srv/audit/match.jq /srv/audit/c.json\njq -n '$ARGS' --args one two\n`,
    );
    assert.deepEqual(keys(ex).reads, [
      'file:/srv/audit/a.json',
      'file:/srv/audit/b.json',
      'file:/srv/audit/c.json',
      'file:/srv/audit/known.json',
      'file:/srv/audit/match.jq',
    ]);
  });
});

describe('flock on a file descriptor', () => {
  test('exec 9>LOCK; flock -n 9 writes the lock file once and invents no file named 9', async () => {
    const ex = await extractShell(`#!/bin/bash\nexec 9>/run/audit.lock\nflock -n 9 || exit 1\n`, {
      path: '/opt/audit/run.sh',
    });
    assert.deepEqual(keys(ex).writes, ['file:/run/audit.lock']);
  });

  test('flock LOCKFILE CMD still writes its lock file', async () => {
    const ex = await extractShell(`flock -n /run/audit2.lock true\n`);
    assert.deepEqual(keys(ex).writes, ['file:/run/audit2.lock']);
  });
});
