/** systemd user units: each user's ~/.config/systemd/user timers, /etc/systemd/user, lingering. */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { discoverJobs } from '../../src/discover/index.js';
import { ServerFs } from '../../src/util/server-fs.js';
import { makeRoot, type RootFile, removeRoot } from '../helpers/server-root.js';

const roots: string[] = [];
after(() => {
  for (const r of roots) removeRoot(r);
});

function discover(files: Record<string, string | RootFile>) {
  const root = makeRoot(files);
  roots.push(root);
  return discoverJobs(new ServerFs(root));
}

describe('systemd user timers', () => {
  test("a user's own timer runs its service as that user, in that user's home", () => {
    const d = discover({
      '/etc/passwd': 'root:x:0:0::/root:/bin/bash\nnav:x:1001:1001::/home/nav:/bin/bash\n',
      '/home/nav/.config/systemd/user/logbook.timer': '[Timer]\nOnCalendar=*:0/15\n',
      '/home/nav/.config/systemd/user/logbook.service':
        '[Service]\nExecStart=%h/bin/logbook.sh --out %h/log\n',
      '/var/lib/systemd/linger/nav': '',
    });
    assert.equal(d.jobs.length, 1);
    const job = d.jobs[0];
    assert.equal(job?.command, '/home/nav/bin/logbook.sh --out /home/nav/log');
    assert.equal(job?.user, 'nav');
    assert.equal(job?.cwd, '/home/nav');
    assert.equal(job?.node.attrs.schedule, '*:0/15');
    assert.equal(job?.node.attrs.linger, true);
    assert.ok(!d.diagnostics.some((x) => x.code === 'user-timer-no-linger'));
  });

  test('a timer enabled through timers.target.wants under a home with no passwd entry is found', () => {
    const d = discover({
      '/home/deck/.config/systemd/user/sync.timer': '[Timer]\nOnCalendar=hourly\n',
      '/home/deck/.config/systemd/user/timers.target.wants/sync.timer': { symlink: '../sync.timer' },
      '/home/deck/.config/systemd/user/sync.service':
        '[Service]\nWorkingDirectory=%h/sync\nExecStart=/usr/bin/env bash run.sh\n',
    });
    assert.equal(d.jobs.length, 1);
    assert.equal(d.jobs[0]?.cwd, '/home/deck/sync');
    assert.ok(d.diagnostics.some((x) => x.code === 'user-timer-no-linger'));
  });

  test('a service the user timer names may live in /etc/systemd/user', () => {
    const d = discover({
      '/root/.config/systemd/user/backup.timer': '[Timer]\nOnCalendar=daily\nUnit=dump.service\n',
      '/etc/systemd/user/dump.service': '[Service]\nExecStart=/opt/dump/run.sh\n',
    });
    assert.deepEqual(
      d.jobs.map((j) => [j.command, j.user, j.cwd]),
      [['/opt/dump/run.sh', 'root', '/root']],
    );
  });

  test('timers in /etc/systemd/user run as the one lingering user', () => {
    const d = discover({
      '/etc/passwd': 'ops:x:1002:1002::/srv/ops:/bin/sh\n',
      '/etc/systemd/user/rotate.timer': '[Timer]\nOnCalendar=weekly\n',
      '/etc/systemd/user/rotate.service': '[Service]\nExecStart=%h/rotate.sh\n',
      '/var/lib/systemd/linger/ops': '',
    });
    assert.deepEqual(
      d.jobs.map((j) => [j.command, j.user]),
      [['/srv/ops/rotate.sh', 'ops']],
    );
  });

  test('a service file in a home with no timer is not a job', () => {
    const d = discover({
      '/home/nav/.config/systemd/user/manual.service': '[Service]\nExecStart=/opt/x.sh\n',
    });
    assert.equal(d.jobs.length, 0);
  });
});

// seen in a real timer: the download runs in ExecStartPre=, the import of what it fetched in ExecStart=
describe('systemd: every command of a run', () => {
  test('ExecStartPre=, ExecStart= and ExecStartPost= are the job’s commands, in that order', () => {
    const d = discover({
      '/etc/systemd/system/feedsync.timer': '[Timer]\nOnCalendar=0/6:00:00\nUnit=feedsync.service\n',
      '/etc/systemd/system/feedsync.service':
        '[Service]\nType=oneshot\nExecStartPost=/opt/feeds/notify.sh\nExecStart=/usr/bin/env python3 /opt/feeds/load.py\nExecStartPre=-/usr/bin/env PYTHONUNBUFFERED=1 python3 /opt/feeds/fetch.py https://feeds.example.org/a.xml.gz /srv/feeds/\n',
    });
    assert.deepEqual(
      d.jobs.map((j) => j.command),
      [
        '/usr/bin/env PYTHONUNBUFFERED=1 python3 /opt/feeds/fetch.py https://feeds.example.org/a.xml.gz /srv/feeds/',
        '/usr/bin/env python3 /opt/feeds/load.py',
        '/opt/feeds/notify.sh',
      ],
    );
    assert.ok(d.jobs.every((j) => j.node.attrs.schedule === '0/6:00:00'));
  });
});

describe('systemd: specifiers in the paths a service names', () => {
  test('%h in EnvironmentFile=, Environment= and StandardOutput=append: is the home, as in ExecStart=', () => {
    const d = discover({
      '/etc/passwd': 'ola:x:1002:1002::/home/ola:/bin/bash\n',
      '/home/ola/.config/systemd/user/tally.timer': '[Timer]\nOnCalendar=daily\n',
      '/home/ola/.config/systemd/user/tally.service':
        '[Service]\nEnvironmentFile=%h/tally/conf/tally.env\nEnvironment=CACHE=%h/.cache/tally "TAG=%u-%%"\nStandardOutput=append:%h/tally/run.log\nExecStart=/usr/bin/make -C %h/tally\n',
      '/home/ola/tally/conf/tally.env': 'OUT_DIR=/srv/tally\n',
      '/var/lib/systemd/linger/ola': '',
    });
    const job = d.jobs[0];
    assert.equal(job?.env.OUT_DIR, '/srv/tally');
    assert.equal(job?.env.CACHE, '/home/ola/.cache/tally');
    assert.equal(job?.env.TAG, 'ola-%');
    assert.deepEqual(
      job?.reads.map((r) => r.node.key),
      ['file:/home/ola/tally/conf/tally.env'],
    );
    assert.deepEqual(
      job?.writes.map((w) => w.node.key),
      ['file:/home/ola/tally/run.log'],
    );
    assert.ok(!d.diagnostics.some((x) => x.code === 'file-missing'));
  });
});
