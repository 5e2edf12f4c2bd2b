/**
 * Checking a stored scan's accesses in a thread of its own (scan/access-check.ts): the thread's
 * answer is the same as this thread's, a change anywhere in the list is a no, and a check stopped
 * early answers no.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  type AccessCheck,
  checkAccesses,
  startAccessCheck,
  storeAccesses,
} from '../../src/scan/access-check.js';
import { ServerFs } from '../../src/util/server-fs.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A small server, and what reading it through ServerFs recorded. */
function recorded(): { root: string; check: AccessCheck } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-access-check-'));
  dirs.push(root);
  fs.mkdirSync(path.join(root, 'etc/cron.d'), { recursive: true });
  fs.writeFileSync(path.join(root, 'etc/cron.d/nightly'), '0 1 * * * root /opt/run.sh\n');
  fs.mkdirSync(path.join(root, 'opt'));
  fs.writeFileSync(path.join(root, 'opt/run.sh'), '#!/bin/sh\ncp /data/a /data/b\n');
  const sfs = new ServerFs(root, { stable: true });
  const rec = sfs.openRecording();
  sfs.list('/etc/cron.d');
  sfs.readText('/etc/cron.d/nightly');
  sfs.isFile('/opt/run.sh');
  sfs.stat('/opt/run.sh');
  sfs.readText('/opt/run.sh');
  sfs.exists('/data/a');
  const accesses = rec.stop();
  assert.deepEqual(
    accesses.map((a) => a.op),
    ['dir', 'read', 'kind', 'stat', 'read', 'kind'],
  );
  return { root, check: { root, accesses: storeAccesses(accesses) } };
}

describe('checking a stored scan’s accesses', () => {
  it('answers yes in a thread for an unchanged server, as this thread does', async () => {
    const { check } = recorded();
    assert.equal(checkAccesses(check), true);
    assert.equal(await startAccessCheck(check, 0).answer, true);
  });

  it('answers no for a changed file, a new directory entry, a file that appeared, or a changed mode', async () => {
    const changes: Array<(root: string) => void> = [
      (root) => fs.appendFileSync(path.join(root, 'opt/run.sh'), 'rm /data/b\n'),
      (root) => fs.writeFileSync(path.join(root, 'etc/cron.d/weekly'), '0 1 * * 0 root /opt/run.sh\n'),
      (root) => {
        fs.mkdirSync(path.join(root, 'data'));
        fs.writeFileSync(path.join(root, 'data/a'), 'x');
      },
      (root) => fs.chmodSync(path.join(root, 'opt/run.sh'), 0o600),
    ];
    for (const change of changes) {
      const { root, check } = recorded();
      change(root);
      assert.equal(checkAccesses(check), false, change.toString());
      assert.equal(await startAccessCheck(check, 0).answer, false, change.toString());
    }
  });

  it('shares the records between the thread and this one, and either one finding a change answers no', async () => {
    for (const changed of [false, true]) {
      const { root, check } = recorded();
      if (changed) fs.appendFileSync(path.join(root, 'opt/run.sh'), 'rm /data/b\n');
      const running = startAccessCheck(check, 0);
      // this thread takes what the thread has not taken yet (all of it, as the thread is still starting)
      assert.equal(running.help(), !changed);
      assert.equal(await running.answer, !changed);
    }
  });

  it('keeps one record per path, in the order the scan first touched each', () => {
    const { check } = recorded();
    const records = JSON.parse(check.accesses) as Array<{
      path: string;
      reads?: unknown[];
      stat?: string;
      kind?: string;
    }>;
    assert.deepEqual(
      records.map((r) => r.path),
      ['/etc/cron.d', '/etc/cron.d/nightly', '/opt/run.sh', '/data/a'],
    );
    const script = records[2]!;
    assert.equal(script.reads?.length, 1);
    assert.equal(script.kind, 'file');
    assert.match(script.stat ?? '', /^file 29 /);
  });

  it('answers no, without waiting, when a file the scan read is now a FIFO or a symlink', async () => {
    for (const swap of ['fifo', 'symlink'] as const) {
      const { root, check } = recorded();
      const script = path.join(root, 'opt/run.sh');
      fs.rmSync(script);
      if (swap === 'fifo') execFileSync('mkfifo', [script]);
      else fs.symlinkSync('/etc/cron.d/nightly', script);
      assert.equal(checkAccesses(check), false, swap);
      assert.equal(await startAccessCheck(check, 0).answer, false, swap);
    }
  });

  it('answers no once stopped', async () => {
    const { check } = recorded();
    const running = startAccessCheck(check, 0);
    running.stop();
    assert.equal(running.failed(), true);
    assert.equal(await running.answer, false);
  });
});
