/** Safe writes (issue 16, point 7): exclusive random temp files, no following planted links, modes kept. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { UsageError } from '../../src/model/errors.js';
import { checkOutputPath, writeFileSafely } from '../../src/store/safe-write.js';
import { runCli } from '../helpers/cli-in-process.js';
import { makeRoot, removeRoot } from '../helpers/server-root.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeRoot));
function tmpdir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-out-'));
  dirs.push(d);
  return d;
}
const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('writeFileSafely', () => {
  test('a link planted at the old predictable temp name is not followed', () => {
    const d = tmpdir();
    const victim = path.join(d, 'victim');
    fs.writeFileSync(victim, 'precious\n');
    const out = path.join(d, 'map.json');
    fs.symlinkSync(victim, `${out}.${process.pid}.tmp`);
    writeFileSafely(out, '{"ok":1}\n');
    assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n');
    assert.equal(fs.readFileSync(out, 'utf8'), '{"ok":1}\n');
    assert.deepEqual(fs.readdirSync(d).sort(), ['map.json', `map.json.${process.pid}.tmp`, 'victim']);
  });

  test('a symlink at the output path is refused, and followed only with force', () => {
    const d = tmpdir();
    const victim = path.join(d, 'victim');
    fs.writeFileSync(victim, 'precious\n');
    const out = path.join(d, 'map.json');
    fs.symlinkSync(victim, out);
    assert.throws(() => writeFileSafely(out, 'x'), UsageError);
    assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n');
    writeFileSafely(out, 'new\n', { force: true });
    assert.equal(fs.readFileSync(victim, 'utf8'), 'new\n');
    assert.ok(fs.lstatSync(out).isSymbolicLink());
  });

  test('a new file is 0600 whatever the umask; an existing file keeps its mode', () => {
    const d = tmpdir();
    const old = process.umask(0o000);
    try {
      writeFileSafely(path.join(d, 'new.json'), 'x');
    } finally {
      process.umask(old);
    }
    assert.equal(mode(path.join(d, 'new.json')), 0o600);
    const kept = path.join(d, 'kept.json');
    fs.writeFileSync(kept, 'x');
    fs.chmodSync(kept, 0o640);
    writeFileSafely(kept, 'y');
    assert.equal(mode(kept), 0o640);
    fs.chmodSync(kept, 0o600);
    writeFileSafely(kept, 'z');
    assert.equal(mode(kept), 0o600, 'a chmod 600 map stays 0600 on rewrite');
  });

  test('a missing directory fails before anything is written, with no stray temp file', () => {
    const d = tmpdir();
    assert.throws(() => checkOutputPath(path.join(d, 'no/such/map.json')), /does not exist/);
    assert.throws(() => writeFileSafely(path.join(d, 'no/such/map.json'), 'x'), UsageError);
    assert.deepEqual(fs.readdirSync(d), []);
  });

  test('the old content stays whole until the new one is complete (no truncate in place)', () => {
    const d = tmpdir();
    const out = path.join(d, 'export.svg');
    fs.writeFileSync(out, 'old complete file\n');
    const ino = fs.statSync(out).ino;
    writeFileSafely(out, 'new complete file\n');
    assert.notEqual(fs.statSync(out).ino, ino, 'replaced by rename, not rewritten in place');
    assert.equal(fs.readFileSync(out, 'utf8'), 'new complete file\n');
  });
});

describe('the CLI writes safely', () => {
  const root = makeRoot({
    '/etc/crontab': '0 1 * * * etl /opt/jobs/run.sh\n',
    '/opt/jobs/run.sh': '#!/bin/sh\ncp /data/in/a.csv /data/out/a.csv\n',
  });
  dirs.push(root);

  test('scan -o into a missing directory fails at once (exit 2), before scanning', async () => {
    const d = tmpdir();
    const r = await runCli(['scan', root, '-o', path.join(d, 'missing/map.json'), '-q']);
    assert.equal(r.code, 2);
    assert.match(r.err, /does not exist/);
    assert.deepEqual(fs.readdirSync(d), []);
  });

  test('scan writes the map 0600, keeps a chmod, and refuses a symlinked output without --force', async () => {
    const d = tmpdir();
    const out = path.join(d, 'map.json');
    assert.equal((await runCli(['scan', root, '-o', out, '-q'])).code, 0);
    assert.equal(mode(out), 0o600);
    fs.chmodSync(out, 0o640);
    assert.equal((await runCli(['scan', root, '-o', out, '-q'])).code, 0);
    assert.equal(mode(out), 0o640);
    const link = path.join(d, 'link.json');
    fs.symlinkSync(path.join(d, 'elsewhere.json'), link);
    const refused = await runCli(['scan', root, '-o', link, '-q']);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /symbolic link/);
    assert.equal((await runCli(['scan', root, '-o', link, '-q', '--force'])).code, 0);
    assert.ok(fs.existsSync(path.join(d, 'elsewhere.json')));
  });

  test('export -o does not follow a symlink at the output path', async () => {
    const d = tmpdir();
    const map = path.join(d, 'map.json');
    await runCli(['scan', root, '-o', map, '-q']);
    const victim = path.join(d, 'victim');
    fs.writeFileSync(victim, 'precious\n');
    fs.symlinkSync(victim, path.join(d, 'out.dot'));
    const r = await runCli(['export', '-m', map, '-o', path.join(d, 'out.dot')]);
    assert.equal(r.code, 2);
    assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n');
  });
});
