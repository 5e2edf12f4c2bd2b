/**
 * Probes only when judging now (issue 11, point 4), on the README's stale story, with no database
 * server needed: `diagnose ... --at <a past time> --probe` from a machine that cannot reach db01
 * must not probe (a probe tells how a server is now, not then), say so, and tell the same story as
 * without --probe: no DNS failure judged as DOWN, no extra root cause.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runMain } from '../helpers/run-main.js';

let dir = '';
let map = '';
const AT = ['--at', '2026-11-26T09:00'];

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-probes-now-'));
  const root = path.join(dir, 'stale-story');
  execFileSync(process.execPath, ['examples/stale-story/prepare.mjs', root]);
  map = path.join(dir, 'story.json');
  const r = await runMain('scan', root, '-o', map, '-q');
  assert.equal(r.code, 0, r.err);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('--probe judged in the past', () => {
  it('diagnose: refused with a note, the same story as without it', async () => {
    const plain = await runMain('diagnose', 'combined_export.json', '--map', map, ...AT);
    const probed = await runMain(
      'diagnose',
      'combined_export.json',
      '--map',
      map,
      ...AT,
      '--probe',
      '--probe-timeout',
      '500',
    );
    assert.equal(probed.code, plain.code);
    assert.match(probed.err, /--probe ignored: judging 2026-11-26T09:00, not now/);
    assert.equal(probed.out, plain.out);
    assert.match(probed.out, /Root cause 1 of 1: mysql:\/\/db01:3306/);
    assert.match(probed.out, /DOWN \(not probed\)/);
  });

  it('status --json: nothing probed, the database judged from the logs of that night', async () => {
    const r = await runMain('status', '--map', map, ...AT, '--probe', '--json', '--all');
    const db = JSON.parse(r.out).nodes.find((n: { node: string }) => n.node === 'database:mysql://db01:3306');
    assert.equal(db.status, 'down');
    assert.equal(db.probe, undefined, 'no probe result');
  });
});
