/**
 * One CLI grammar (issue 11, point 7), through the real bin/dfmap.js on the scanned worked example:
 * `-` for stdin and stdout, dbt's selection semantics, labels pasted back, selections that match
 * nothing, one name per idea, JSON errors, and finding the map without --map.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runDfmap } from '../helpers/cli.js';

let dir = '';
let map = '';
let text = '';

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-grammar-'));
  map = path.join(dir, 'dfmap.json');
  const r = runDfmap(['scan', path.resolve('examples/seed-server'), '-o', map, '-q']);
  assert.equal(r.code, 0, r.err);
  text = fs.readFileSync(map, 'utf8');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('- is stdin and stdout', () => {
  it('--map - reads the map from stdin', () => {
    const r = runDfmap(['stats', '--map', '-', '--with-logs', '--json'], { input: text });
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).nodes, 29);
  });

  it('export -o - and ego -o - write to stdout, not to a file named -', () => {
    const e = runDfmap(['export', '--format', 'mermaid', '--map', map, '-o', '-'], { cwd: dir });
    assert.equal(e.code, 0, e.err);
    assert.match(e.out, /^flowchart LR$/m);
    const g = runDfmap(['ego', '5.py', '--map', map, '-o', '-'], { cwd: dir });
    assert.equal(g.code, 0, g.err);
    assert.ok(Array.isArray(JSON.parse(g.out).nodes));
    assert.ok(!fs.existsSync(path.join(dir, '-')));
  });
});

describe("dbt's selection semantics", () => {
  it('+x is x and its upstream: upstream +x grows the tree from x', () => {
    const r = runDfmap(['upstream', '+combined_export.json', '--map', map]);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /^map: \S+dfmap\.json {2}host: etl01 {2}root: \S+seed-server\nupstream of combined_export\.json file \/data\/export\/combined_export\.json: 6 scripts/,
    );
  });

  it('path: is a prefix, with or without a glob', () => {
    for (const sel of ['path:/var/log', 'path:/var/log/', 'path:/var/log/*']) {
      const r = runDfmap(['downstream', sel, '--map', map, '--json']);
      assert.equal(r.code, 0, r.err);
      assert.equal(JSON.parse(r.out).roots.length, 7, sel);
    }
  });

  it('a selection that matches nothing is an error in export too', () => {
    const r = runDfmap(['export', '--format', 'json', '--exclude', 'path:/nowhere', '--map', map]);
    assert.equal(r.code, 2);
    assert.match(r.err, /--exclude 'path:\/nowhere' selects no nodes/);
  });

  it('labels as printed are accepted back', () => {
    for (const name of ['0 2 * * * 5.py', 'dataops:13']) {
      const r = runDfmap(['impact', name, '--map', map, '--json']);
      assert.equal(r.code, 0, `${name}: ${r.err}`);
      assert.equal(JSON.parse(r.out).failed[0].id, 'job:/var/spool/cron/crontabs/dataops:13');
    }
  });
});

describe('one name per idea, JSON errors, the map without --map', () => {
  it('view listens with --listen; --host is its old name', () => {
    const help = runDfmap(['view', '--help']);
    assert.match(help.out, /--listen <address>/);
    assert.ok(!/--host/.test(help.out));
  });

  it('--json errors are JSON', () => {
    const bad = runDfmap(['impact', 'no-such-node', '--map', map, '--json']);
    assert.equal(bad.code, 2);
    assert.deepEqual(Object.keys(JSON.parse(bad.out).error).sort(), ['hint', 'message', 'type']);
    const usage = runDfmap(['stats', '--bogus', '--json']);
    assert.equal(usage.code, 2);
    assert.equal(JSON.parse(usage.out).error.message, "unknown option '--bogus'");
  });

  it('DFMAP_MAP, then dfmap.json here or in a parent; stderr says which', () => {
    const sub = path.join(dir, 'a', 'b');
    fs.mkdirSync(sub, { recursive: true });
    const found = runDfmap(['stats', '--json', '--with-logs'], { cwd: sub });
    assert.equal(found.code, 0, found.err);
    assert.match(
      found.err,
      new RegExp(`reading ${map.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(no --map given\\)`),
    );
    const other = path.join(dir, 'other.json');
    fs.writeFileSync(other, text);
    const env = runDfmap(['stats', '--json'], { cwd: sub, env: { DFMAP_MAP: other } });
    assert.equal(env.code, 0, env.err);
    assert.match(env.err, /other\.json \(from DFMAP_MAP\)/);
  });
});
