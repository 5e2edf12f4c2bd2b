import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confidence, extractServerScript, extractSnippet, invokes, reads, writes } from './helpers.js';

test('module and function constants and simple reassignment resolve', async () => {
  const x = await extractSnippet('constants');
  assert.deepEqual(writes(x), ['file:/data/archive/feed.csv', 'file:/data/exports/feed.csv.tmp']);
  assert.equal(confidence(x, 'writes', 'file:/data/exports/feed.csv.tmp'), 'resolved');
});

test("resolves sys.argv[1] from the cron line's argument; a missing argv[3] is reported, not guessed", async () => {
  const x = await extractSnippet('argv', { args: ['/data/in/a.csv'] });
  assert.deepEqual(reads(x), ['file:/data/in/a.csv']);
  // len(sys.argv) > 2 is false with one argument: the default applies
  assert.deepEqual(writes(x), ['file:/data/out/default.csv']);
  const unresolved = x.diagnostics.filter((d) => d.code === 'python-unresolved');
  assert.deepEqual(
    unresolved.map((d) => d.location),
    [{ file: '/opt/app/argv.py', line: 9 }],
  );
});

test('sys.argv[2] given by the caller wins over the default', async () => {
  const x = await extractSnippet('argv', { args: ['/data/in/a.csv', '/data/out/b.csv', '/data/in/c.csv'] });
  assert.deepEqual(writes(x), ['file:/data/out/b.csv']);
  assert.deepEqual(reads(x), ['file:/data/in/a.csv', 'file:/data/in/c.csv']);
});

test('argparse: positional and --flag values from the command line, else the defaults', async () => {
  const passed = await extractSnippet('argparse-args', {
    args: [
      '/data/in/src.csv',
      '-o',
      '/data/out/o.csv',
      '--lookup=/data/ref/l.csv',
      '--rejects',
      '/data/out/rej.csv',
    ],
  });
  assert.deepEqual(reads(passed), ['file:/data/in/src.csv', 'file:/data/ref/l.csv']);
  assert.deepEqual(writes(passed), ['file:/data/out/o.csv', 'file:/data/out/rej.csv']);
  const defaults = await extractSnippet('argparse-args', { args: ['/data/in/src.csv'] });
  assert.deepEqual(reads(defaults), ['file:/data/in/src.csv', 'file:/data/ref/lookup.csv']);
  // --rejects defaults to None, so `if args.rejects:` is not taken
  assert.deepEqual(writes(defaults), ['file:/data/out/merged.csv']);
  assert.equal(confidence(defaults, 'writes', 'file:/data/out/merged.csv'), 'resolved');
});

test("os.environ and os.getenv take the job's environment, and the default when unset", async () => {
  const x = await extractSnippet('environ', { env: { DATA_DIR: '/srv/data', SPOOL_DIR: '/var/spool/jobs' } });
  assert.deepEqual(reads(x), ['file:/srv/data/input.csv', 'file:/var/spool/jobs/queue.txt']);
  assert.deepEqual(writes(x), ['file:/data/archive/copy.csv']);
  const unset = await extractSnippet('environ');
  assert.deepEqual(reads(unset), ['file:/var/spool/app/queue.txt']);
});

test('configparser values come from the INI under ROOT, with [DEFAULT] and %(x)s interpolation', async () => {
  const x = await extractSnippet('config-ini');
  assert.deepEqual(reads(x), ['file:/etc/app/app.ini', 'file:/srv/app/raw/input.csv']);
  assert.deepEqual(writes(x), ['file:/srv/app/curated/report.csv']);
  assert.equal(confidence(x, 'reads', 'file:/srv/app/raw/input.csv'), 'resolved');
});

test('JSON and YAML config files read from ROOT give their values', async () => {
  const x = await extractSnippet('config-json-yaml');
  assert.deepEqual(reads(x), [
    'file:/etc/app/settings.json',
    'file:/etc/app/settings.yaml',
    'file:/srv/app/in/feed.json',
  ]);
  assert.deepEqual(writes(x), ['file:/srv/app/out/result.json']);
});

test('a helper function called with a constant resolves at the call site', async () => {
  const x = await extractSnippet('helpers');
  assert.deepEqual(reads(x), ['file:/data/stage/orders.json']);
  assert.deepEqual(writes(x), ['file:/data/stage/orders.copy.json', 'file:/data/stage/orders.log']);
  const modes = x.writes.map((w) => w.evidence.construct).sort();
  assert.deepEqual(modes, ["open('a')", "open('w')"]);
});

test('datetime, strftime and date parts become * and the edge is partial', async () => {
  const x = await extractSnippet('dates');
  assert.deepEqual(writes(x), [
    'file:/data/daily/*/*.csv',
    'file:/data/daily/log_*.txt',
    'file:/data/daily/sales_*.csv',
    'file:/data/daily/stock_*.csv',
  ]);
  assert.ok(x.writes.every((w) => w.confidence === 'partial'));
});

test('local modules after sys.path.insert are followed for constants and helpers, and recorded as imports', async () => {
  const x = await extractServerScript('/opt/app/uses_lib.py');
  assert.deepEqual(reads(x), [
    'file:/srv/shared/inbox/requests.csv',
    'table:postgres://pg-lib.example.local:5432/ops.requests',
  ]);
  assert.deepEqual(writes(x), [
    'file:/srv/shared/outbox/done.flag',
    'file:/srv/shared/outbox/replies.csv',
    'table:postgres://pg-lib.example.local:5432/ops.replies',
  ]);
  assert.deepEqual(
    [...new Set(invokes(x))],
    ['import /opt/app/lib/app_db.py', 'import /opt/app/lib/app_paths.py'],
  );
  assert.ok(x.invokes.every((i) => i.mode === 'import' && i.evidence.file === '/opt/app/uses_lib.py'));
});

test("a package in the script's own directory is imported with from ... import", async () => {
  const x = await extractServerScript('/opt/app/uses_sibling.py');
  assert.deepEqual(writes(x), ['file:/srv/shared/reports/weekly.html']);
  assert.deepEqual(invokes(x), ['import /opt/app/pkg/settings.py']);
});

test('an imported module that does not exist on the server is a library, not an edge', async () => {
  const { extractText } = await import('./helpers.js');
  const x = await extractText(
    'import yaml_helpers_missing\nfrom company.etl import paths\nopen(paths.OUT)\n',
  );
  assert.deepEqual(invokes(x), []);
  assert.deepEqual(reads(x), []);
});

test('methods see the attributes __init__ set on self', async () => {
  const x = await extractSnippet('classes');
  assert.deepEqual(reads(x), ['file:/data/in/items.csv']);
  assert.deepEqual(writes(x), ['file:/data/export/items.csv']);
});

test("paths relative to __file__ resolve to the script's directory; os.devnull is not data", async () => {
  const x = await extractSnippet('script-relative');
  assert.deepEqual(reads(x), ['file:/opt/app/settings.ini', 'file:/opt/app/templates/mail.txt']);
  assert.deepEqual(writes(x), []);
});

test('try/except ImportError fallbacks keep the first library name', async () => {
  const { extractText } = await import('./helpers.js');
  const src =
    'try:\n    import json\nexcept ImportError:\n    import simplejson as json\njson.dump({}, open("/data/out/x.json", "w"))\n';
  const x = await extractText(src);
  assert.deepEqual(writes(x), ['file:/data/out/x.json']);
});
