/**
 * What a wrapper decides before it runs its helpers, seen in a real admin's log-report job:
 * `set --` building the helpers' arguments, `if` on a string the walk knows or on a file that
 * exists on the server, `$1` of a job run without arguments, and a search path for a config file.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractShell, keys } from '../../helpers/shell.js';

const files = {
  '/opt/rep/tally.py': 'import sys\n',
  '/var/log/web/access.log': 'x',
  '/var/log/web/access.log.1': 'x',
  '/etc/rep.d/skip.list': 'x',
};
const argsOf = async (text: string, extra: Record<string, string> = {}) =>
  (await extractShell(text, { files: { ...files, ...extra } })).invokes.map(
    (i) => `${i.path} ${JSON.stringify(i.args)}`,
  );

describe('shell: conditions and positional parameters the walk can decide', () => {
  test('set -- builds the positional parameters; "$@" passes them one word each', async () => {
    assert.deepEqual(
      await argsOf(
        'LOG=/var/log/web/access.log\nset -- "$LOG"\nset -- "$@" /var/log/web/access.log.1\n/opt/rep/tally.py "$@"\n',
      ),
      ['/opt/rep/tally.py ["/var/log/web/access.log","/var/log/web/access.log.1"]'],
    );
  });

  test('a file test on a file that exists decides the if; only its branch runs', async () => {
    const text =
      'LOG=/var/log/web/access.log\nif [ ! -f "$LOG" ] && [ -f /var/log/web/access.log.1 ]; then\n  LOG=/var/log/web/access.log.1\nfi\n/opt/rep/tally.py "$LOG"\n';
    assert.deepEqual(await argsOf(text), ['/opt/rep/tally.py ["/var/log/web/access.log"]']);
  });

  test('a file that does not exist decides nothing: it may appear before the job runs', async () => {
    const text = 'if [ -f /srv/drop/today.csv ]; then\n  cp /srv/drop/today.csv /srv/work/\nfi\n';
    assert.deepEqual(keys(await extractShell(text, { files })).reads, ['file:/srv/drop/today.csv']);
  });

  test('-n / -z and = on known words pick the branch; elif and else follow', async () => {
    const text =
      'MODE=full\nif [ "$MODE" = quick ]; then\n  cp /a/q.csv /b/\nelif [ -n "$MODE" ]; then\n  cp /a/full.csv /b/\nelse\n  cp /a/none.csv /b/\nfi\n';
    assert.deepEqual(keys(await extractShell(text, { files })).reads, ['file:/a/full.csv']);
  });

  test('$1 of a script run without arguments is empty: a usage branch for -h does not run', async () => {
    const text =
      'case "$1" in\n  -h|--help) awk "{print}" /opt/rep/README ;;\nesac\ncat /var/log/web/access.log > /tmp/copy\n';
    const x = await extractShell(text, { files, args: [] });
    assert.deepEqual(keys(x).reads, ['file:/var/log/web/access.log']);
  });

  test('a condition that runs a command is walked once and decides nothing', async () => {
    const x = await extractShell('if [ -n "$(cat /srv/flags/mode)" ]; then cp /a/on.csv /b/; fi\n', {
      files,
    });
    assert.equal(x.reads.filter((r) => r.node.key === 'file:/srv/flags/mode').length, 1);
    assert.ok(keys(x).reads.includes('file:/a/on.csv'));
  });

  test('a search path uses the first candidate that exists on the server', async () => {
    const text =
      'for c in /opt/rep/etc/skip.list /opt/etc/skip.list /etc/rep.d/skip.list; do\n  if [ -f "$c" ]; then\n    SKIP="$c"\n    break\n  fi\ndone\ncat "$SKIP" > /tmp/skip.copy\n';
    assert.deepEqual(keys(await extractShell(text, { files })).reads, ['file:/etc/rep.d/skip.list']);
  });
});
