/** Say what was not seen (issue 16, point 10): unreadable scheduler directories and skipped crontabs are warnings. */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { discoverJobs } from '../../src/discover/index.js';
import { scan } from '../../src/scan/index.js';
import { ServerFs } from '../../src/util/server-fs.js';
import { makeRoot, removeRoot } from '../helpers/server-root.js';

const roots: string[] = [];
after(() => roots.forEach(removeRoot));
function root(files: Parameters<typeof makeRoot>[0]): string {
  const r = makeRoot(files);
  roots.push(r);
  return r;
}
const messages = (r: { diagnostics: Array<{ message: string }> }) =>
  r.diagnostics.map((d) => d.message).join('\n');

describe('what discovery could not see is a warning', () => {
  test('a non-root scan of an unreadable crontab directory says the map is not complete', () => {
    const r = root({
      '/etc/crontab': '0 1 * * * root /opt/jobs/a.sh\n',
      '/var/spool/cron/crontabs/etl': '0 2 * * * /opt/jobs/b.sh\n',
    });
    fs.chmodSync(path.join(r, 'var/spool/cron/crontabs'), 0o700);
    fs.chmodSync(r, 0o755);
    const script = `import('./src/discover/index.ts').then(async (d) => { const { ServerFs } = await import('./src/util/server-fs.ts'); console.log(JSON.stringify(d.discoverJobs(new ServerFs(${JSON.stringify(r)})).diagnostics)); })`;
    const asRoot = process.getuid?.() === 0;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      encoding: 'utf8',
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    assert.equal(child.status, 0, child.stderr);
    const diags = JSON.parse(child.stdout.trim().split('\n').pop() as string) as Array<{
      code: string;
      message: string;
    }>;
    const d = diags.find((x) => x.code === 'scheduler-dir-unreadable');
    assert.ok(d, JSON.stringify(diags));
    assert.match(
      d.message,
      /\/var\/spool\/cron\/crontabs: cannot list it \(EACCES\); the jobs in it are not in the map/,
    );
  });

  test('a crontab that is a FIFO is a warning, and discovery does not wait on it', () => {
    const r = root({ '/var/spool/cron/crontabs/etl': '0 2 * * * /opt/jobs/b.sh\n' });
    execFileSync('mkfifo', [path.join(r, 'var/spool/cron/crontabs/ops')]);
    const d = discoverJobs(new ServerFs(r));
    assert.equal(d.jobs.length, 1);
    assert.match(messages(d), /\/var\/spool\/cron\/crontabs\/ops: a FIFO \(named pipe\), not a regular file/);
  });

  test('a dangling crontab link is a warning naming its target', () => {
    const r = root({ '/etc/cron.d/backup': { symlink: '/srv/gone/backup.cron' } });
    assert.match(
      messages(discoverJobs(new ServerFs(r))),
      /\/etc\/cron.d\/backup: a symbolic link to \/srv\/gone\/backup.cron/,
    );
  });

  test('a crontab directory in a symlink loop is a warning', () => {
    const r = root({ '/var/spool/cron/crontabs': { symlink: 'crontabs' } });
    assert.match(messages(discoverJobs(new ServerFs(r))), /crontabs: cannot list it \(ELOOP\)/);
  });

  test('--include with symlink loops ends, finds each script once, and a capped walk is in the map', async () => {
    const r = root({
      '/opt/tools/run.sh': '#!/bin/sh\ncp /data/in/a /data/out/a\n',
      '/opt/tools/again': { symlink: '.' },
      '/opt/tools/more': { symlink: '..' },
    });
    const res = await scan({ root: r, include: ['/opt/tools'], workers: 0 });
    const scripts = res.graph.filterNodes((_n, a) => a.kind === 'script');
    assert.deepEqual(scripts, ['script:/opt/tools/run.sh']);
  });
});
