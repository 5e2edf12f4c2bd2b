import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confidence, extractSnippet, extractText, reads, writes } from './helpers.js';

test('open() reads in r mode and writes in w, a and x modes; r+ does both', async () => {
  const x = await extractSnippet('open-modes');
  assert.deepEqual(reads(x), [
    'file:/data/in/events.json.gz',
    'file:/data/in/legacy.txt',
    'file:/data/in/orders.csv',
    'file:/data/in/rates.bin',
    'file:/data/state/counter.dat',
  ]);
  assert.deepEqual(writes(x), [
    'file:/data/out/audit.log',
    'file:/data/out/dump.sql.bz2',
    'file:/data/out/events.csv.gz',
    'file:/data/out/notes.txt',
    'file:/data/out/once.lock',
    'file:/data/out/report.txt',
    'file:/data/state/counter.dat',
  ]);
  assert.equal(confidence(x, 'reads', 'file:/data/in/orders.csv'), 'exact');
  const ev = x.writes.find((w) => w.node.key === 'file:/data/out/report.txt')?.evidence;
  assert.deepEqual(ev && { file: ev.file, line: ev.line, construct: ev.construct, method: ev.method }, {
    file: '/opt/app/open-modes.py',
    line: 12,
    construct: "open('w')",
    method: 'static',
  });
});

test('pathlib: the / operator, read_text/write_bytes, open(), with_suffix and joinpath', async () => {
  const x = await extractSnippet('pathlib-io');
  assert.deepEqual(reads(x), [
    'file:/srv/reports/incoming/logo.png',
    'file:/srv/reports/incoming/manifest.txt',
    'file:/srv/reports/incoming/summary.json',
  ]);
  assert.deepEqual(writes(x), [
    'file:/srv/reports/incoming/summary.bak',
    'file:/srv/reports/out/logo.png',
    'file:/srv/reports/out/summary.md',
    'file:/srv/reports/out/table.csv',
  ]);
  assert.equal(confidence(x, 'writes', 'file:/srv/reports/out/logo.png'), 'exact');
  assert.equal(confidence(x, 'writes', 'file:/srv/reports/out/summary.md'), 'resolved');
});

test('paths built with os.path.join, +, f-strings, % and .format() resolve; dates become *', async () => {
  const x = await extractSnippet('path-building');
  assert.deepEqual(reads(x), [
    'file:/data/concat/emea.csv',
    'file:/data/format-kw/emea.csv',
    'file:/data/format/emea.csv',
    'file:/data/fspec/*.csv',
    'file:/data/fstring/emea_*.csv',
    'file:/data/joined-str/b.csv',
    'file:/data/joined/a.csv',
    'file:/data/named/emea.csv',
    'file:/data/percent/emea.csv',
  ]);
  assert.equal(confidence(x, 'reads', 'file:/data/fstring/emea_*.csv'), 'partial');
  assert.equal(confidence(x, 'reads', 'file:/data/joined/a.csv'), 'resolved');
});

test('shutil copies and moves and os.rename/replace read the source and write the target', async () => {
  const x = await extractSnippet('shutil-moves');
  assert.deepEqual(reads(x), [
    'file:/data/config',
    'file:/data/in/a.txt',
    'file:/data/in/drop.csv',
    'file:/data/out/daily.csv',
    'file:/data/out/report.tmp',
    'file:/data/state/next.json',
  ]);
  // /data/archive exists under ROOT as a directory: the copy lands inside it
  assert.deepEqual(writes(x), [
    'file:/data/archive/daily.csv',
    'file:/data/backup/daily.csv',
    'file:/data/config.bak',
    'file:/data/done/drop.csv',
    'file:/data/in/a.txt.orig',
    'file:/data/out/report.csv',
    'file:/data/state/current.json',
  ]);
});

test('glob patterns are inputs and the files found through them keep the *', async () => {
  const x = await extractSnippet('globs');
  assert.deepEqual(reads(x), [
    'file:/data/incoming/returns/*.json',
    'file:/data/incoming/scans/*.pdf',
    'file:/data/incoming/vendor/stock_*.csv',
  ]);
  assert.equal(confidence(x, 'reads', 'file:/data/incoming/returns/*.json'), 'partial');
  // the newest of the glob (files[-1]) is opened: evidence at the open() too
  const lines = x.reads
    .filter((r) => r.node.key === 'file:/data/incoming/vendor/stock_*.csv')
    .map((r) => r.evidence.line)
    .sort((a, b) => a - b);
  assert.deepEqual(lines, [7, 9]);
  assert.deepEqual(writes(x), []);
});

test('csv/json/pickle through open(), zipfile and tarfile archives by mode', async () => {
  const x = await extractSnippet('archives');
  assert.deepEqual(reads(x), [
    'file:/data/in/customers.csv',
    'file:/data/in/upload.zip',
    'file:/data/models/churn.pkl',
    'file:/data/out/customers.json',
    'file:/var/log/app/app.log',
  ]);
  assert.deepEqual(writes(x), [
    'file:/data/in/upload',
    'file:/data/out/bundle.zip',
    'file:/data/out/customers.json',
    'file:/data/out/logs.tar.gz',
  ]);
});

test('logging.basicConfig(filename=...) and file handlers are writes', async () => {
  const x = await extractSnippet('logging-files');
  assert.deepEqual(writes(x), [
    'file:/var/log/etl/daily.log',
    'file:/var/log/etl/errors.log',
    'file:/var/log/etl/etl.log',
    'file:/var/log/etl/rotating.log',
  ]);
  assert.deepEqual(reads(x), []);
});

test('a relative path is resolved against the working directory the job runs in', async () => {
  const { extractText } = await import('./helpers.js');
  const x = await extractText(
    'import os\nopen("out/result.csv", "w")\nos.chdir("/srv/work")\nopen("in.csv")\n',
    {
      cwd: '/home/etl',
    },
  );
  assert.deepEqual(writes(x), ['file:/home/etl/out/result.csv']);
  assert.deepEqual(reads(x), ['file:/srv/work/in.csv']);
  assert.equal(confidence(x, 'writes', 'file:/home/etl/out/result.csv'), 'resolved');
});

test('a glob whose files are only deleted is not an input; one whose files are read still is', async () => {
  const { extractText } = await import('./helpers.js');
  const src = [
    'import glob, os',
    'for f in glob.glob("/data/archive/*.csv"):',
    '    os.remove(f)',
    'for f in glob.glob("/data/in/*.json"):',
    '    print(open(f).read())',
    '    os.remove(f)',
    'pending = glob.glob("/data/drop/*.xml")',
  ].join('\n');
  const x = await extractText(src);
  assert.deepEqual(reads(x), ['file:/data/drop/*.xml', 'file:/data/in/*.json']);
});

test('a document a library holds (openpyxl, python-docx, PIL) is written by .save(PATH); pyarrow reads and writes files', async () => {
  const x = await extractText(
    [
      'import openpyxl, docx',
      'import pyarrow.parquet as pq',
      'from PIL import Image',
      'from openpyxl import Workbook',
      "wb = openpyxl.load_workbook('/data/in/budget.xlsx')",
      "wb.save('/data/out/budget_checked.xlsx')",
      "Workbook().save(filename='/data/out/new.xlsx')",
      "t = pq.read_table('/data/in/t.parquet')",
      "pq.write_table(t, '/data/out/t.parquet')",
      "docx.Document().save('/data/out/letter.docx')",
      "Image.open('/data/in/logo.png').save('/data/out/logo.webp')",
      'class Model:',
      '    def save(self, path):',
      '        pass',
      "Model().save('/data/out/not-a-document')",
    ].join('\n'),
  );
  assert.deepEqual(reads(x), [
    'file:/data/in/budget.xlsx',
    'file:/data/in/logo.png',
    'file:/data/in/t.parquet',
  ]);
  assert.deepEqual(writes(x), [
    'file:/data/out/budget_checked.xlsx',
    'file:/data/out/letter.docx',
    'file:/data/out/logo.webp',
    'file:/data/out/new.xlsx',
    'file:/data/out/t.parquet',
  ]);
});
