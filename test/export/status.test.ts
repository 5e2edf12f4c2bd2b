/**
 * `dfmap export --status` and `dfmap view --status` refuse what they cannot do, before judging
 * anything: no ROOT to read the server's records from, options that need --status, formats that
 * cannot carry health, and anonymizing health text. In-process through main().
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { writeMap } from '../../src/store/map-file.js';
import { workedExample } from './maps.js';

let dir: string;

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = {
    out: (t: string) => (out += t),
    err: (t: string) => (err += `${t}\n`),
    color: false,
    interactive: false,
  };
  const code = await main(argv, io);
  return { code, out, err };
}

/** The worked example's map with its `root` attribute set to `root`, or removed. */
function mapWithRoot(name: string, root: string | undefined): string {
  const g = workedExample();
  if (root === undefined) g.removeAttribute('root');
  else g.setAttribute('root', root);
  const file = path.join(dir, name);
  writeMap(g, file);
  return file;
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-status-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('--status without a ROOT to read', () => {
  test('a map that does not say where it was scanned: export asks for --root, exit 2', async () => {
    const map = mapWithRoot('no-root.json', undefined);
    const out = path.join(dir, 'x.html');
    const r = await run('export', '--format', 'html', '--status', '--map', map, '-o', out);
    assert.equal(r.code, 2);
    assert.match(r.err, /does not say which ROOT it was scanned from/);
    assert.match(r.err, /hint: pass --root DIR/);
    assert.equal(fs.existsSync(out), false, 'nothing written');
  });

  test('a map whose ROOT is not on this machine: export and view name it and ask for --root', async () => {
    const gone = path.join(dir, 'gone');
    const map = mapWithRoot('gone-root.json', gone);
    for (const cmd of [
      ['export', '--format', 'html', '--status', '--map', map, '-o', path.join(dir, 'y.html')],
      ['view', '--status', '--map', map, '--no-open'],
    ]) {
      const r = await run(...cmd);
      assert.equal(r.code, 2, `${cmd[0]}: ${r.err}`);
      assert.ok(r.err.includes(`cannot read ROOT '${gone}' (from the map)`), r.err);
      assert.match(r.err, /hint: pass --root/);
    }
  });
});

describe('--status options that cannot work', () => {
  test('--now, --root, --tz and --journal only with --status', async () => {
    const map = mapWithRoot('plain.json', undefined);
    for (const flag of [
      ['--now', '2026-11-26T09:00'],
      ['--root', dir],
      ['--tz', 'UTC'],
      ['--journal', 'j.json'],
    ]) {
      const r = await run('export', '--format', 'json', '--map', map, ...flag);
      assert.equal(r.code, 2, flag.join(' '));
      assert.ok(r.err.includes(`${flag[0]} only means something with --status`), r.err);
    }
  });

  test('a format that cannot carry health, and --anonymize, are refused', async () => {
    const map = mapWithRoot('fmt.json', dir);
    const csv = await run('export', '--format', 'csv', '--status', '--map', map);
    assert.equal(csv.code, 2);
    assert.match(csv.err, /--status: csv cannot carry health/);
    const anon = await run('export', '--format', 'json', '--status', '--anonymize', '--map', map);
    assert.equal(anon.code, 2);
    assert.match(anon.err, /--status and --anonymize/);
  });
});
