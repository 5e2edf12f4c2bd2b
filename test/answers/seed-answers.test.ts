/**
 * The answers a newcomer gets on the worked example (examples/seed-server), scanned for real and
 * asked through the CLI: issue 11's points 1 and 2.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

let dir = '';
let map = '';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), color: false, interactive: false };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-seed-answers-'));
  map = path.join(dir, 'dfmap.json');
  const r = await run('scan', path.resolve('examples/seed-server'), '-o', map, '-q');
  assert.equal(r.code, 0, r.err);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('impact of a database on the worked example', () => {
  it('includes its writers 3.py and 4.py, which fail first at 01:30 and 01:40', async () => {
    const r = await run('impact', 'mysql', '--map', map, '--at', '2026-11-26T09:00', '--json');
    assert.equal(r.code, 0, r.err);
    const data = JSON.parse(r.out);
    const runs = data.jobs.map((j: { label: string; nextRun: string }) => [j.label, j.nextRun]);
    assert.deepEqual(runs, [
      ['30 1 * * * 3.py', '2026-11-27T01:30:00.000Z'],
      ['40 1 * * * 4.py', '2026-11-27T01:40:00.000Z'],
      ['0 2 * * * 5.py', '2026-11-27T02:00:00.000Z'],
      ['30 2 * * * 6.py', '2026-11-27T02:30:00.000Z'],
    ]);
    assert.deepEqual(
      data.hit.map((n: { label: string }) => n.label),
      ['3.py', '4.py', '5.py'],
    );
    assert.equal(data.firstVisible.at, '2026-11-27T01:30:00.000Z');
  });

  it('--stale keeps the old meaning: only the readers downstream', async () => {
    const r = await run('impact', 'mysql', '--stale', '--map', map, '--at', '2026-11-26T09:00', '--json');
    const data = JSON.parse(r.out);
    assert.deepEqual(
      data.jobs.map((j: { label: string }) => j.label),
      ['0 2 * * * 5.py', '30 2 * * * 6.py'],
    );
  });
});
