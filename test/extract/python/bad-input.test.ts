import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractSnippet, extractText, invokes, reads, writes } from './helpers.js';

test('a syntax error gives one warning per broken region and the edges around it are kept', async () => {
  const x = await extractSnippet('syntax-error');
  assert.deepEqual(reads(x), ['file:/data/in/before.json']);
  assert.deepEqual(writes(x), ['file:/data/out/after.json']);
  const warnings = x.diagnostics.filter((d) => d.code === 'syntax-error');
  assert.ok(warnings.length >= 1);
  assert.ok(
    warnings.every((d) => d.severity === 'warning' && d.location?.file === '/opt/app/syntax-error.py'),
  );
  assert.ok(warnings.every((d) => (d.location?.line ?? 0) >= 7 && (d.location?.line ?? 0) <= 8));
});

test('Python 2 print statements parse and the script is still followed', async () => {
  const x = await extractSnippet('python2-legacy');
  assert.deepEqual(writes(x), ['file:/data/out/legacy_report.txt']);
  assert.deepEqual(invokes(x), ['run /opt/app/bin/mail_report.sh /data/out/legacy_report.txt']);
});

test('a 50,000-line generated file is extracted without crashing', async () => {
  const lines = ['import os', 'BASE = "/data/generated"'];
  for (let i = 0; i < 50_000; i++) lines.push(`V${i} = "part_${i % 7}.csv"`);
  lines.push('open(os.path.join(BASE, V49999), "w")');
  // a generous budget: this test is about size, not speed (the machine may be busy)
  const x = await extractText(lines.join('\n'), { budgetMs: 120_000 });
  // V49999 -> part_(49999 % 7) = part_5
  assert.deepEqual(writes(x), ['file:/data/generated/part_5.csv']);
});

test('a minified one-line file with thousands of statements is extracted', async () => {
  const parts = ['import json'];
  for (let i = 0; i < 3000; i++) parts.push(`a${i}="/data/m/${i}.json"`);
  parts.push('json.dump({},open(a2999,"w"))');
  const x = await extractText(parts.join(';'));
  assert.deepEqual(writes(x), ['file:/data/m/2999.json']);
});

test('deeply nested expressions and blocks neither overflow the stack nor hang', async () => {
  const parens = `${'('.repeat(3000)}"/data/deep.csv"${')'.repeat(3000)}`;
  const chain = Array.from({ length: 20_000 }, (_, i) => `"p${i}"`).join(' + ');
  let nested = '';
  for (let i = 0; i < 150; i++) nested += `${'    '.repeat(i)}if x${i}:\n`;
  nested += `${'    '.repeat(150)}open("/data/nested.csv")\n`;
  const calls = `${'f('.repeat(2000)}1${')'.repeat(2000)}`;
  const text = `x = ${parens}\ny = ${chain}\nz = ${calls}\n${nested}open(x, "w")\n`;
  const x = await extractText(text);
  assert.ok(Array.isArray(x.reads));
  assert.ok(
    x.diagnostics.every((d) => d.code !== 'python-internal-error'),
    JSON.stringify(x.diagnostics),
  );
});

test('a file whose analysis runs past the budget stops with a warning and keeps what it found', async () => {
  const lines = ['import os', 'open("/data/first.csv")', 'def f(a):', '    return os.path.join(a, a)'];
  for (let i = 0; i < 20_000; i++) lines.push(`x${i} = f(f(f("${i}")))`);
  const x = await extractText(lines.join('\n'), { budgetMs: 1 });
  const budget = x.diagnostics.filter((d) => d.code === 'python-budget' || d.code === 'parse-timeout');
  assert.equal(budget.length, 1);
  assert.equal(budget[0]?.severity, 'warning');
});

test('binary-looking and empty input produce no edges and no crash', async () => {
  assert.deepEqual((await extractText('')).reads, []);
  const x = await extractText('\u0000\u0001\u0002 open(\u0000"/x")');
  assert.ok(x.diagnostics.every((d) => d.code !== 'python-internal-error'));
});

test('a Python file over the analysed size is skipped with a warning', async () => {
  const x = await extractText(`DATA = [${'1, '.repeat(1_500_000)}]\nopen("/data/x.csv")\n`);
  assert.deepEqual(x.reads, []);
  assert.deepEqual(
    x.diagnostics.map((d) => [d.code, d.severity]),
    [['python-too-large', 'warning']],
  );
});
