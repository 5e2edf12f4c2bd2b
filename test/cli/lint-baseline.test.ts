/**
 * `dfmap lint --baseline`, `--write-baseline` and the ignore file (issue 11, point 8): only new
 * findings are reported and fail the run; findings match by rule and node ids, not by message or
 * line; ignore entries take a rule and a selection in the grammar of every command.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeMap } from '../../src/store/map-file.js';
import { workedExample } from '../analyses/worked-example.js';
import { runDfmap } from '../helpers/cli.js';
import { runMain } from '../helpers/run-main.js';

let dir = '';
let map = '';
const run = runMain;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-lint-baseline-'));
  map = path.join(dir, 'dfmap.json');
  // 4 info findings: two external inputs, an unread output, a partial edge
  writeMap(workedExample(), map);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const file = (name: string) => path.join(dir, name);

interface Baseline {
  findings: Array<{ rule: string; nodes: string[]; message: string }>;
}

describe('dfmap lint --baseline', () => {
  it('--write-baseline accepts every finding of today; then nothing is new and the run passes', async () => {
    const w = await run('lint', '--map', map, '--write-baseline', file('base.json'));
    assert.equal(w.code, 0, w.err);
    assert.match(w.out, /baseline of 4 findings written to .*base\.json/);
    const base = JSON.parse(fs.readFileSync(file('base.json'), 'utf8')) as Baseline;
    assert.deepEqual(
      base.findings.map((f) => f.rule),
      ['external-input', 'external-input', 'partial-edge', 'unread-output'],
    );
    const r = await run('lint', '--map', map, '--baseline', file('base.json'), '--fail-on', 'info');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /0 errors, 0 warnings, 0 info new \(not shown: 4 in the baseline\)$/);
    assert.ok(!/COUNT {2}LEVEL/.test(r.out), 'no summary table when nothing is new');
  });

  it('reports and fails on a finding the baseline does not hold, and only on it', async () => {
    const base = JSON.parse(fs.readFileSync(file('base.json'), 'utf8')) as Baseline;
    base.findings = base.findings.filter((f) => f.rule !== 'unread-output');
    fs.writeFileSync(file('older.json'), JSON.stringify(base));
    const r = await run('lint', '--map', map, '--baseline', file('older.json'), '--fail-on', 'info');
    assert.equal(r.code, 1, 'a new finding fails the run');
    assert.match(r.out, /^ {4}1 {2}info {3}unread-output$/m);
    assert.ok(!/\[external-input\]|\[partial-edge\]/.test(r.out), r.out);
    assert.match(r.out, /1 info new \(not shown: 3 in the baseline\)/);
    const json = JSON.parse(
      (await run('lint', '--map', map, '--baseline', file('older.json'), '--json')).out,
    );
    assert.deepEqual(
      json.hazards.map((h: { rule: string }) => h.rule),
      ['unread-output'],
    );
    assert.deepEqual(json.suppressed, { baseline: 3, ignored: 0 });
    assert.equal(json.map.host, 'dataops01');
  });

  it('matches by rule and node ids: other messages and another node order still match', async () => {
    const base = JSON.parse(fs.readFileSync(file('base.json'), 'utf8')) as Baseline;
    for (const f of base.findings) {
      f.message = 'written by an older dfmap, in other words';
      f.nodes.reverse();
    }
    fs.writeFileSync(file('reworded.json'), JSON.stringify(base));
    const r = await run('lint', '--map', map, '--baseline', file('reworded.json'), '--fail-on', 'info');
    assert.equal(r.code, 0, r.out);
    // the rule is part of the key: the same node under another rule is a new finding
    for (const f of base.findings) if (f.rule === 'partial-edge') f.rule = 'cycle';
    fs.writeFileSync(file('other-rule.json'), JSON.stringify(base));
    const o = await run('lint', '--map', map, '--baseline', file('other-rule.json'), '--fail-on', 'info');
    assert.equal(o.code, 1);
    assert.match(o.out, /\[partial-edge\]/);
  });

  it('a missing or foreign baseline file is a usage error (exit 2) with a hint', async () => {
    const missing = await run('lint', '--map', map, '--baseline', file('none.json'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--baseline: cannot read .*none\.json/);
    assert.match(missing.err, /--write-baseline/);
    fs.writeFileSync(file('map-not-baseline.json'), fs.readFileSync(map));
    const foreign = await run('lint', '--map', map, '--baseline', file('map-not-baseline.json'));
    assert.equal(foreign.code, 2);
    assert.match(foreign.err, /is not a dfmap lint baseline/);
  });
});

describe('the lint ignore file', () => {
  it('hides the findings of a rule about the selected nodes; * is every rule', async () => {
    fs.writeFileSync(
      file('ignore'),
      [
        '# the vendor drops these files; accepted',
        'external-input path:/data/incoming',
        '* combined_export.json   # picked up by the partner, outside this map',
        '',
      ].join('\n'),
    );
    const r = await run('lint', '--map', map, '--ignore-file', file('ignore'), '--fail-on', 'info');
    assert.equal(r.code, 1, 'the partial edge and the table input remain');
    assert.ok(!/\[unread-output\]/.test(r.out));
    assert.ok(!/inventory_\*\.csv is read/.test(r.out), 'the file input is ignored');
    assert.match(
      r.out,
      /shop\.products .*\[external-input\]/,
      'the table input is not under path:/data/incoming',
    );
    assert.match(r.out, /\[partial-edge\]/, 'only external-input findings are ignored for that path');
    assert.match(r.out, /0 errors, 0 warnings, 2 info \(not shown: 2 ignored\)$/);
  });

  it('is found in the working directory or a parent, as dfmap.json is, and stderr says so', async () => {
    const sub = path.join(dir, 'project', 'sub');
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(dir, 'project', '.dfmaplintignore'), '* kind:file\n* kind:table\n');
    // a child process in that directory: test files share a process, so none may chdir
    const r = runDfmap(['lint', '--map', map, '--fail-on', 'info'], { cwd: sub });
    assert.equal(r.code, 0, r.out);
    assert.match(r.err, /ignoring the findings .*project\/\.dfmaplintignore lists/);
    assert.match(r.out, /0 errors, 0 warnings, 0 info \(not shown: 4 ignored\)/);
  });

  it('an entry that selects nothing is a warning naming FILE:LINE; a bad rule is exit 2', async () => {
    fs.writeFileSync(file('stale'), 'unread-output gone_since_2019.csv\n');
    const r = await run('lint', '--map', map, '--ignore-file', file('stale'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /stale:1: 'gone_since_2019\.csv' selects no node of this map/);
    fs.writeFileSync(file('bad'), '\nunused-output combined_export.json\n');
    const b = await run('lint', '--map', map, '--ignore-file', file('bad'));
    assert.equal(b.code, 2);
    assert.match(b.err, /bad:2: 'unused-output' is not a lint rule/);
  });

  it('--write-baseline leaves out what the ignore file accepts', async () => {
    fs.writeFileSync(file('ignore-table'), 'external-input kind:table\n');
    const w = await run(
      'lint',
      '--map',
      map,
      '--ignore-file',
      file('ignore-table'),
      '--write-baseline',
      file('base2.json'),
    );
    assert.equal(w.code, 0, w.err);
    const base = JSON.parse(fs.readFileSync(file('base2.json'), 'utf8')) as Baseline;
    assert.equal(base.findings.length, 3);
    assert.ok(!base.findings.some((f) => f.nodes.some((n) => n.startsWith('table:'))));
  });
});
