import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { discoverJobs } from '../../src/discover/index.js';
import { ServerFs } from '../../src/util/server-fs.js';
import { makeRoot, removeRoot } from '../helpers/server-root.js';

const roots: string[] = [];
after(() => roots.forEach(removeRoot));
function discover(files: Record<string, string>) {
  const root = makeRoot(files);
  roots.push(root);
  return discoverJobs(new ServerFs(root));
}

describe('cron discovery', () => {
  test('reads /etc/crontab, /etc/cron.d (skipping names cron ignores) and user crontabs', () => {
    const d = discover({
      '/etc/crontab': 'SHELL=/bin/bash\n0 1 * * * root /opt/a.sh\n',
      '/etc/cron.d/etl': '30 2 * * * etl /opt/b.sh\n',
      '/etc/cron.d/etl.dpkg-old': '30 2 * * * etl /opt/old.sh\n',
      '/etc/cron.d/etl~': '30 2 * * * etl /opt/backup.sh\n',
      '/var/spool/cron/crontabs/dataops': '0 3 * * * /opt/c.py\n',
      '/var/spool/cron/reporting': '0 4 * * * /opt/d.py\n',
      '/etc/passwd': 'dataops:x:1001:1001::/home/dataops:/bin/bash\n',
    });
    const jobs = d.jobs.map((j) => [j.node.attrs.source, j.user, j.command, j.cwd]);
    assert.deepEqual(jobs, [
      ['/etc/crontab', 'root', '/opt/a.sh', '/root'],
      ['/etc/cron.d/etl', 'etl', '/opt/b.sh', '/home/etl'],
      ['/var/spool/cron/crontabs/dataops', 'dataops', '/opt/c.py', '/home/dataops'],
      ['/var/spool/cron/reporting', 'reporting', '/opt/d.py', '/home/reporting'],
    ]);
    assert.equal(d.jobs[0]?.env.SHELL, '/bin/bash');
    assert.ok(
      d.diagnostics.some(
        (x) => x.code === 'cron-d-skipped' && x.location?.file === '/etc/cron.d/etl.dpkg-old',
      ),
    );
  });

  test('anacrontab entries and run-parts directories nothing runs get jobs', () => {
    const d = discover({
      '/etc/anacrontab': 'SHELL=/bin/sh\n1\t5\tcron.daily\trun-parts --report /etc/cron.daily\n',
      '/etc/cron.daily/rotate-exports': '#!/bin/sh\n',
      '/etc/cron.weekly/prune': '#!/bin/sh\n',
    });
    const byScheduler = d.jobs.map((j) => [j.node.attrs.scheduler, j.node.attrs.schedule, j.command]);
    assert.deepEqual(byScheduler, [
      ['anacron', '@daily', 'run-parts --report /etc/cron.daily'],
      ['run-parts', '47 6 * * 7', 'run-parts /etc/cron.weekly'],
    ]);
  });
});

describe('systemd discovery', () => {
  const service = [
    '[Unit]',
    'Description=nightly load',
    '[Service]',
    'Type=oneshot',
    'User=etl',
    'WorkingDirectory=/opt/etl',
    'EnvironmentFile=-/etc/etl/etl.env',
    'Environment="MODE=full" REGION=eu',
    'ExecStart=-/usr/bin/python3 jobs/load.py \\',
    '    --mode ${MODE}',
    'StandardOutput=append:/var/log/etl/load.log',
  ].join('\n');

  test('a timer runs its Unit= service with its environment, directory and output file', () => {
    const d = discover({
      '/etc/systemd/system/load-nightly.timer': '[Timer]\nOnCalendar=*-*-* 02:15:00\nUnit=etl-load.service\n',
      '/etc/systemd/system/etl-load.service': service,
      '/etc/etl/etl.env': 'DB_URL=postgresql://etl:changeme@pg01/dw\n',
    });
    assert.equal(d.jobs.length, 1);
    const j = d.jobs[0];
    assert.ok(j);
    assert.equal(j.node.attrs.schedule, '*-*-* 02:15:00');
    assert.equal(j.command, '/usr/bin/python3 jobs/load.py  --mode ${MODE}');
    assert.equal(j.cwd, '/opt/etl');
    assert.equal(j.user, 'etl');
    assert.equal(j.env.MODE, 'full');
    assert.equal(j.env.DB_URL, 'postgresql://etl:changeme@pg01/dw');
    assert.deepEqual(
      j.writes.map((w) => w.node.key),
      ['file:/var/log/etl/load.log'],
    );
    assert.equal(j.at.line, 9);
  });

  test('a service no timer activates is not a job; same-name service is found', () => {
    const d = discover({
      '/etc/systemd/system/report.timer': '[Timer]\nOnCalendar=daily\n',
      '/etc/systemd/system/report.service': '[Service]\nExecStart=/opt/report.sh\n',
      '/etc/systemd/system/manual-fix.service': '[Service]\nExecStart=/opt/fix.sh\n',
    });
    assert.deepEqual(
      d.jobs.map((j) => j.command),
      ['/opt/report.sh'],
    );
  });

  test('drop-ins override ExecStart=', () => {
    const d = discover({
      '/etc/systemd/system/x.timer': '[Timer]\nOnCalendar=hourly\n',
      '/etc/systemd/system/x.service': '[Service]\nExecStart=/opt/old.sh\n',
      '/etc/systemd/system/x.service.d/override.conf': '[Service]\nExecStart=\nExecStart=/opt/new.sh\n',
    });
    assert.deepEqual(
      d.jobs.map((j) => j.command),
      ['/opt/new.sh'],
    );
  });
});
