/**
 * The README's copy recipe, run for real: rsync the prepared stale story (a server with a week of
 * logs and dated data files) with the README's own command line, scan the copy, and check that the
 * health read from the copy is the health read from the original (file times kept). Without the
 * logs and data (the bare worked example), status says "unknown" and what to copy, not "missing".
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runMain } from '../helpers/run-main.js';

let dir = '';

const run = runMain;

/** The rsync line of the README's copy recipe. */
function recipe(): string[] {
  const readme = fs.readFileSync('README.md', 'utf8');
  const block = /<!-- copy-recipe -->\n```sh\n([^`]*)```/.exec(readme)?.[1];
  assert.ok(block, 'README has the copy recipe');
  const line = block.split('\n').find((l) => l.startsWith('rsync '));
  assert.ok(line);
  return line.split(/\s+/).slice(1);
}

const hasRsync = spawnSync('rsync', ['--version']).status === 0;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-copy-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

type Health = { nodes: Array<{ node: string; status: string }> };
const statuses = (h: Health) => Object.fromEntries(h.nodes.map((n) => [n.node, n.status]));

describe("the README's copy recipe", () => {
  it('copies what status needs, with its times: the copy judges as the server does', async (t) => {
    if (!hasRsync) return t.skip('rsync is not installed');
    const server = path.join(dir, 'server');
    execFileSync(process.execPath, ['examples/stale-story/prepare.mjs', server]);
    const copy = path.join(dir, 'copy');
    fs.mkdirSync(copy);
    // the README copies from host etl01; here the "host" is a local directory (`/./` marks where -R starts)
    const args = recipe().map((a) =>
      a.startsWith('etl01:')
        ? `${server}/.${a.slice('etl01:'.length)}`
        : a === '/srv/copies/etl01/'
          ? `${copy}/`
          : a,
    );
    execFileSync('rsync', args);
    for (const [root, name] of [
      [server, 'server.json'],
      [copy, 'copy.json'],
    ] as const) {
      assert.equal((await run('scan', root, '-o', path.join(dir, name), '-q')).code, 0);
    }
    const judge = async (name: string) =>
      JSON.parse(
        (await run('status', '--map', path.join(dir, name), '--at', '2026-11-26T09:00', '--json', '--all'))
          .out,
      ) as Health;
    const original = statuses(await judge('server.json'));
    const copied = statuses(await judge('copy.json'));
    assert.deepEqual(copied, original);
    assert.equal(original['file:/data/extract/extract_a.csv'], 'stale');
  });

  it('a copy without logs or data: unknown and what to copy, not missing', async () => {
    const map = path.join(dir, 'seed.json');
    await run('scan', path.resolve('examples/seed-server'), '-o', map, '-q');
    const r = await run('status', '--map', map, '--at', '2026-11-26T09:00', '--json', '--all');
    assert.equal(r.code, 0, 'nothing judged unhealthy');
    const h = JSON.parse(r.out) as Health & { notCopied: string[] };
    assert.ok(!h.nodes.some((n) => n.status === 'missing'));
    assert.equal(statuses(h)['file:/data/extract/extract_a.csv'], 'unknown');
    assert.deepEqual(h.notCopied, ['/data/export', '/data/extract', '/data/stage', '/var/log']);
    const d = await run('diagnose', 'combined_export.json', '--map', map, '--at', '2026-11-26T09:00');
    assert.match(d.out, /cannot tell: this copy of the server lacks/);
    // not five root causes each explaining nothing, and no finding (exit 0)
    assert.ok(!/Root cause/.test(d.out), d.out);
    assert.equal(d.code, 0);
    assert.match(
      d.out,
      /copy \/data\/export, \/data\/extract, \/data\/stage, \/var\/log from the server with their file times/,
    );
  });
});
