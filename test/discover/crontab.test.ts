import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCrontab, splitPercent } from '../../src/discover/cron/crontab.js';

describe('parseCrontab', () => {
  test('reads five-field entries, @specials, environment lines, and skips comments', () => {
    const text = [
      '# m h dom mon dow command',
      'MAILTO=ops@example.com',
      'DATA_DIR="/srv/data"',
      '0    2 * * *   /opt/a.sh  --full',
      '@daily /opt/b.sh',
      '#30 3 * * * /opt/disabled.sh',
      '*/15 8-18 * * Mon-Fri /opt/c.sh',
    ].join('\n');
    const p = parseCrontab(text, '/var/spool/cron/crontabs/etl', { system: false, user: 'etl' });
    assert.deepEqual(
      p.entries.map((e) => [e.schedule, e.user, e.command, e.line]),
      [
        ['0 2 * * *', 'etl', '/opt/a.sh  --full', 4],
        ['@daily', 'etl', '/opt/b.sh', 5],
        ['*/15 8-18 * * Mon-Fri', 'etl', '/opt/c.sh', 7],
      ],
    );
    assert.equal(p.entries[0]?.env.DATA_DIR, '/srv/data');
    assert.equal(p.diagnostics.length, 0);
  });

  test('system crontabs have a user field', () => {
    const p = parseCrontab('17 * * * * root cd / && run-parts --report /etc/cron.hourly', '/etc/crontab', {
      system: true,
    });
    assert.equal(p.entries[0]?.user, 'root');
    assert.equal(p.entries[0]?.command, 'cd / && run-parts --report /etc/cron.hourly');
  });

  test('environment applies only to the lines after it', () => {
    const p = parseCrontab('0 1 * * * /a\nX=1\n0 2 * * * /b', '/etc/cron.d/x', { system: false });
    assert.equal(p.entries[0]?.env.X, undefined);
    assert.equal(p.entries[1]?.env.X, '1');
  });

  test('an unescaped % ends the command; \\% is a literal %', () => {
    assert.deepEqual(splitPercent('mail -s hi ops%line one%line two'), {
      command: 'mail -s hi ops',
      stdin: 'line one\nline two',
    });
    assert.deepEqual(splitPercent('tar czf /b/x_$(date +\\%F).tgz /d'), {
      command: 'tar czf /b/x_$(date +%F).tgz /d',
    });
  });

  test('malformed lines become warnings with file and line, the rest is kept', () => {
    const p = parseCrontab(
      '0 2 * *\n@sometimes /x\n0 3 * * * root /ok.sh\n5 4 * * * root',
      '/etc/cron.d/bad',
      { system: true },
    );
    assert.equal(p.entries.length, 1);
    assert.deepEqual(
      p.diagnostics.map((d) => d.location?.line),
      [1, 2, 4],
    );
    assert.ok(p.diagnostics.every((d) => d.message.startsWith('/etc/cron.d/bad:')));
  });
});
