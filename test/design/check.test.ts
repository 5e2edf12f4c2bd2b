import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { designRef } from '../../src/store/design-ref.js';
import { readMapData } from '../../src/store/read-map-data.js';
import { runMain } from '../helpers/run-main.js';

const DESIGN = 'examples/design/dfmap.design.yaml';
let dir = '';
let scanned = '';

const run = runMain;

/** A copy of the worked example with one script and one schedule changed, scanned. */
async function scanChanged(): Promise<string> {
  const root = path.join(dir, 'changed');
  fs.cpSync('examples/seed-server', root, { recursive: true });
  const script = path.join(root, 'opt/dataops/6.py');
  fs.writeFileSync(
    script,
    fs
      .readFileSync(script, 'utf8')
      .replace('/data/export/combined_export.json', '/data/export/combined_v2.json'),
  );
  const crontab = path.join(root, 'var/spool/cron/crontabs/dataops');
  fs.writeFileSync(crontab, fs.readFileSync(crontab, 'utf8').replace(/^0 {4}2 {2}\*/m, '15   2  *'));
  const out = path.join(dir, 'changed.json');
  assert.equal((await run('scan', root, '-o', out, '-q')).code, 0);
  return out;
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-design-'));
  scanned = path.join(dir, 'seed.json');
  assert.equal((await run('scan', 'examples/seed-server', '-o', scanned, '-q')).code, 0);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('design names', () => {
  it('reads paths, database URLs, SQLite files and explicit kinds', () => {
    const key = (s: string, role: 'data' | 'script' = 'data') => {
      const r = designRef(s, role);
      return 'error' in r ? r.error : r.key;
    };
    assert.equal(key('/data/out/report_*.csv'), 'file:/data/out/report_*.csv');
    assert.equal(key('/opt/jobs/../jobs/load.py', 'script'), 'script:/opt/jobs/load.py');
    assert.equal(key('mysql://db01/sales.orders'), 'table:mysql://db01:3306/sales.orders');
    assert.equal(
      key('postgresql://pg01:6432/dw.staging.orders'),
      'table:postgres://pg01:6432/dw.staging.orders',
    );
    assert.equal(key('sqlite:///var/lib/app/state.db/runs'), 'table:sqlite:///var/lib/app/state.db/runs');
    assert.equal(key('https://api.example.net/v2/rates'), 'endpoint:https://api.example.net/v2/rates');
    assert.equal(key('table:sales.orders'), 'table:sales.orders');
    assert.equal(key('script:/opt/x.sh'), 'script:/opt/x.sh');
    assert.match(key('orders.csv'), /neither an absolute path nor a URL/);
    assert.match(key('mysql://db01:3306'), /names a server, not a table/);
  });
});

describe('dfmap check', () => {
  it('finds no drift between the worked example and its design', async () => {
    const r = await run('check', DESIGN, '--map', scanned);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /no drift, 15 declared edges found/);
  });

  it('reads a design as a map for every command', async () => {
    const r = await run('upstream', 'combined_export.json', '--map', DESIGN);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /writes 6\.py script \/opt\/dataops\/6\.py {2}examples\/design\/dfmap\.design\.yaml:\d+ declared writes/,
    );
  });

  it('sees a changed script and a changed schedule as drift, with evidence, and exits 1', async () => {
    const changed = await scanChanged();
    const r = await run('check', DESIGN, '--map', changed, '--json');
    assert.equal(r.code, 1);
    const report = JSON.parse(r.out);
    assert.deepEqual(
      report.declaredNotFound.map((e: { source: string; target: string }) => [e.source, e.target]),
      [['script:/opt/dataops/6.py', 'file:/data/export/combined_export.json']],
    );
    assert.deepEqual(
      report.foundNotDeclared.map((e: { source: string; target: string }) => [e.source, e.target]),
      [['script:/opt/dataops/6.py', 'file:/data/export/combined_v2.json']],
    );
    assert.equal(report.foundNotDeclared[0].evidence[0].file, '/opt/dataops/6.py');
    assert.deepEqual(
      report.schedules.map((s: { script: string; declared: string; found: string[] }) => [
        s.script,
        s.declared,
        s.found,
      ]),
      [['script:/opt/dataops/5.py', '0 2 * * *', ['15 2 * * *']]],
    );
    const text = await run('check', DESIGN, '--map', changed);
    assert.match(text.out, /1 declared but not found, 1 found but not declared, 1 schedule differs/);
  });

  it('--accept writes the drift into the design, keeping its comments', async () => {
    const changed = await scanChanged();
    const copy = path.join(dir, 'accept.design.yaml');
    fs.copyFileSync(DESIGN, copy);
    const r = await run('check', copy, '--map', changed, '--accept');
    assert.equal(r.code, 0, r.err);
    const text = fs.readFileSync(copy, 'utf8');
    assert.match(text, /^# The design of the worked example/m);
    assert.match(text, /combined_v2\.json/);
    assert.doesNotMatch(text, /writes:.*combined_export\.json/);
    assert.match(text, /schedule: "15 2 \* \* \*"/);
    assert.equal((await run('check', copy, '--map', changed)).code, 0);
  });

  it('keeps log files out of drift unless declared', async () => {
    const r = await run('check', DESIGN, '--map', scanned, '--json');
    const report = JSON.parse(r.out);
    assert.equal(report.foundNotDeclared.length, 0);
  });
});

describe('bad designs', () => {
  it('a bad entry is a warning with its line; the rest loads', () => {
    const file = path.join(dir, 'bad.design.yaml');
    fs.writeFileSync(
      file,
      [
        'host: etl09',
        'jobs:',
        '  - script: /opt/x/load.py',
        '    schedule: "5 * * * *"',
        '    reads: [orders.csv, /data/in/orders.csv]',
        '    colour: blue',
        '  - schedule: "@daily"',
      ].join('\n'),
    );
    const m = readMapData(file);
    const warnings = (m.graph.warnings ?? []).map((w) => `${w.location?.line} ${w.code}`);
    assert.deepEqual(warnings.sort(), ['5 design-bad-name', '6 design-unknown-key', '7 design-bad-entry']);
    assert.ok(
      m.links.some((l) => l.source === 'file:/data/in/orders.csv' && l.target === 'script:/opt/x/load.py'),
    );
    assert.equal(m.graph.host, 'etl09');
  });

  it('text that is not YAML is an error naming the file and line', async () => {
    const file = path.join(dir, 'broken.design.yaml');
    fs.writeFileSync(file, 'jobs:\n  - script: /opt/x.py\n   reads: [a\n');
    const r = await run('stats', '--map', file);
    assert.equal(r.code, 2);
    assert.match(r.err, /broken\.design\.yaml:\d+: not YAML/);
  });
});

describe('the design JSON Schema', () => {
  it('allows exactly the keys the reader knows', async () => {
    const { DOC_KEYS, JOB_KEYS, NODE_KEYS } = await import('../../src/store/design-yaml.js');
    const schema = JSON.parse(fs.readFileSync('schemas/dfmap.design.schema.json', 'utf8'));
    assert.deepEqual(Object.keys(schema.properties).sort(), [...DOC_KEYS].sort());
    assert.deepEqual(Object.keys(schema.$defs.job.properties).sort(), [...JOB_KEYS].sort());
    assert.deepEqual(Object.keys(schema.properties.nodes.items.properties).sort(), [...NODE_KEYS].sort());
    assert.equal(schema.additionalProperties, false);
  });

  it('the example names the schema for editors', () => {
    assert.match(
      fs.readFileSync(DESIGN, 'utf8'),
      /yaml-language-server: \$schema=\.\.\/\.\.\/schemas\/dfmap\.design\.schema\.json/,
    );
  });
});
