import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractSnippet, invokes } from './helpers.js';

test('subprocess argv lists bind interpreter, script and arguments; command strings are parsed as shell', async () => {
  const x = await extractSnippet('subprocesses');
  assert.deepEqual(invokes(x), [
    'run /opt/app/bin/cleanup.sh /data/tmp',
    'run /opt/app/bin/extract.py --day 2024-01-01',
    'run /opt/app/bin/final.py --fast',
    'run /opt/app/bin/load.py --day 2024-01-01',
    'run /opt/app/bin/notify.sh done',
    'run /opt/app/bin/report.py /data/out/report.html',
    'run /opt/app/bin/rotate.sh',
  ]);
  const extract = x.invokes.find((i) => i.path === '/opt/app/bin/extract.py');
  assert.equal(extract?.interpreter, 'python3');
  assert.equal(extract?.language, 'python');
  assert.equal(extract?.evidence.line, 8);
});

test('an os.system command built from a variable keeps the known parts', async () => {
  const { extractText } = await import('./helpers.js');
  const x = await extractText('import os, sys\nos.system("/opt/app/bin/mail.sh " + sys.argv[1])\n', {
    args: ['weekly'],
  });
  assert.deepEqual(invokes(x), ['run /opt/app/bin/mail.sh weekly']);
  assert.equal(x.invokes[0]?.confidence, 'resolved');
});

test('the environment a script sets for its children is passed with the invocation', async () => {
  const { extractText } = await import('./helpers.js');
  const src = [
    'import os, subprocess',
    'os.environ["EXPORT_DIR"] = "/data/export"',
    'subprocess.run(["python3", "/opt/app/bin/export.py"], env=dict(os.environ, MODE="full"))',
  ].join('\n');
  const x = await extractText(src, { env: { PATH: '/usr/bin' } });
  assert.deepEqual(x.invokes[0]?.env, { EXPORT_DIR: '/data/export', MODE: 'full' });
});
