/** Numeric options are numbers (issue 16, point 12): `--warnings abc` is a usage error, exit 2. */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { runCli } from '../helpers/cli-in-process.js';
import { makeRoot, removeRoot } from '../helpers/server-root.js';

const root = makeRoot({ '/etc/crontab': '0 1 * * * etl /opt/jobs/run.sh\n' });
after(() => removeRoot(root));

describe('numeric options', () => {
  for (const [opt, value] of [
    ['--warnings', 'abc'],
    ['--warnings', '-1'],
    ['--warnings', ''],
    ['--warnings', '0x10'],
    ['--max-file-size', 'abc'],
    ['--max-file-size', '0'],
    ['--max-file-size', '1e9'],
  ] as const) {
    test(`scan ${opt} '${value}' is refused before scanning`, async () => {
      const r = await runCli(['scan', root, '-o', '-', opt, value]);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, new RegExp(opt));
      assert.equal(r.out, '', 'no map was written');
    });
  }
  test('scan --warnings 3 is accepted', async () => {
    assert.equal((await runCli(['scan', root, '-o', '-', '--warnings', '3', '-q'])).code, 0);
  });
});
