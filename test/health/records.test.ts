/** What the server records about runs: error signatures, cron's lines, cron mail, journals, time zones. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { explainFailure, matchSignature } from '../../src/health/logs/signatures.js';
import { commandMatches, parseCronEvent } from '../../src/health/runs/cron-events.js';
import { readCronMails } from '../../src/health/runs/cron-mail.js';
import { classifyUnitMessage, readJournal } from '../../src/health/runs/journal.js';
import { parseNow } from '../../src/health/time/parse-now.js';
import { readJobZones, readServerZone } from '../../src/health/time/server-zone.js';
import { UsageError } from '../../src/model/errors.js';
import { ServerFs } from '../../src/util/server-fs.js';
import { makeRoot, removeRoot } from '../helpers/server-root.js';

const roots: string[] = [];
const root = (files: Parameters<typeof makeRoot>[0]) => {
  const r = makeRoot(files);
  roots.push(r);
  return r;
};
after(() => {
  for (const r of roots) removeRoot(r);
});

describe('error signatures', () => {
  it('picks the exception that ended a traceback, keeping the host a connection error names', () => {
    const sig = explainFailure([
      '2026-11-26 02:00:01,120 INFO 5.py start',
      'Traceback (most recent call last):',
      '  File "/opt/dataops/5.py", line 44, in <module>',
      "mysql.connector.errors.DatabaseError: 2003 (HY000): Can't connect to MySQL server on 'db01:3306' (111)",
    ]);
    assert.equal(sig?.kind, 'connect');
    assert.equal(sig?.host, 'db01');
    assert.equal(sig?.family, 'mysql');
  });

  it('knows the usual ways scripts fail, and not a line that merely mentions errors', () => {
    assert.equal(
      matchSignature(
        'psql: error: connection to server at "wh01" (10.0.0.5), port 5432 failed: Connection refused',
      )?.host,
      'wh01',
    );
    assert.equal(
      matchSignature("cp: cannot open '/data/x' for reading: Permission denied")?.kind,
      'permission',
    );
    assert.equal(
      matchSignature('/opt/jobs/run.sh: line 12: /data/in/x.csv: No such file or directory')?.kind,
      'no-such-file',
    );
    assert.equal(
      matchSignature('subprocess.CalledProcessError: Command returned non-zero exit status 2.')?.kind,
      'exit-status',
    );
    assert.equal(matchSignature('curl: (6) Could not resolve host: api.example.com')?.kind, 'dns');
    assert.equal(matchSignature('2026-11-26 02:00:01 FATAL out of disk')?.kind, 'fatal');
    assert.equal(matchSignature('exported 1840 rows, 0 errors'), undefined);
    assert.equal(explainFailure(['INFO start', 'INFO done, 0 errors']), undefined);
  });
});

describe("cron's lines", () => {
  const line = (text: string) => ({ time: 1, text, file: '/var/log/syslog' });

  it('reads Debian, cronie and anacron lines, with the pid that ties them together', () => {
    const cmd = parseCronEvent(
      line(
        'Nov 26 02:00:01 etl01 CRON[4121]: (dataops) CMD (cd /opt/dataops && python3 3.py >> /var/log/x.log 2>&1)',
      ),
    );
    assert.deepEqual(
      [cmd?.pid, cmd?.user, cmd?.action, cmd?.text],
      [4121, 'dataops', 'CMD', 'cd /opt/dataops && python3 3.py >> /var/log/x.log 2>&1'],
    );
    const err = parseCronEvent(
      line('Nov 26 02:00:04 etl01 CRON[4121]: (CRON) error (grandchild #4122 failed with exit status 1)'),
    );
    assert.deepEqual([err?.pid, err?.user, err?.action], [4121, 'CRON', 'error']);
    const out = parseCronEvent(
      line('Nov 26 02:00:04 etl01 CROND[77]: (root) CMDOUT (Traceback (most recent call last):)'),
    );
    assert.deepEqual([out?.action, out?.text], ['CMDOUT', 'Traceback (most recent call last):']);
    const ana = parseCronEvent(line("Nov 26 07:35:01 etl01 anacron[88]: Job `cron.daily' started"));
    assert.deepEqual([ana?.user, ana?.action, ana?.text], ['anacron', 'started', 'cron.daily']);
    assert.equal(parseCronEvent(line('Nov 26 02:00:01 etl01 systemd[1]: Started cron.service')), undefined);
  });

  it("matches a CMD line to its job by the command, or by the script it names (the map's command is redacted)", () => {
    const job = { command: 'mysqldump -p*** sales > /backup/s.sql', paths: ['/opt/dataops/5.py'], dirs: [] };
    assert.ok(commandMatches('/usr/bin/python3 /opt/dataops/5.py >> /var/log/x 2>&1', job));
    assert.ok(!commandMatches('/usr/bin/python3 /opt/dataops/5.py.bak', job));
    assert.ok(!commandMatches('/usr/bin/python3 /opt/dataops/6.py', job));
    const parts = { paths: ['/etc/cron.daily/backup'], dirs: ['/etc/cron.daily'] };
    assert.ok(commandMatches('cd / && run-parts --report /etc/cron.daily', parts));
  });
});

describe('cron mail', () => {
  const mbox = [
    'From root@etl01  Thu Nov 26 01:10:03 2026',
    'From: root@etl01 (Cron Daemon)',
    'Subject: Cron <dataops@etl01> /usr/bin/python3',
    '  /opt/dataops/2.py',
    'Date: Thu, 26 Nov 2026 00:10:03 +0000',
    '',
    'Traceback (most recent call last):',
    "KeyError: 'qty_on_hand'",
    '',
  ].join('\n');

  it('reads the command (folded Subject), the time and the output', () => {
    const r = root({ '/var/mail/dataops': mbox });
    const got = readCronMails(r, ['dataops'], 0, 'UTC');
    assert.equal(got.mails.length, 1);
    assert.equal(got.mails[0]!.command, '/usr/bin/python3 /opt/dataops/2.py');
    assert.equal(got.mails[0]!.time, Date.parse('2026-11-26T00:10:03Z'));
    assert.deepEqual(got.mails[0]!.body, ['Traceback (most recent call last):', "KeyError: 'qty_on_hand'"]);
  });

  it('an unreadable mailbox is a warning, not a crash', () => {
    // a symlink loop fails to open even for root, like a mailbox with mode 600 for others
    const r = root({ '/var/mail/dataops': { symlink: 'dataops' } });
    const got = readCronMails(r, ['dataops'], 0, 'UTC');
    assert.equal(got.mails.length, 0);
    assert.equal(got.diagnostics[0]?.code, 'unreadable-mail');
    assert.match(got.diagnostics[0]!.message, /\/var\/mail\/dataops: cannot read \(ELOOP\)/);
  });
});

describe('journal exports', () => {
  it('reads `journalctl -o json` lines backwards to the cutoff; byte-array messages too; bad lines are one warning', () => {
    const us = (iso: string) => String(Date.parse(iso) * 1000);
    const lines = [
      {
        __REALTIME_TIMESTAMP: us('2026-11-25T02:00:00Z'),
        UNIT: 'etl.service',
        MESSAGE: 'Starting etl.service...',
      },
      {
        __REALTIME_TIMESTAMP: us('2026-11-26T02:00:00Z'),
        UNIT: 'etl.service',
        MESSAGE: 'Starting etl.service - Nightly ETL...',
      },
      {
        __REALTIME_TIMESTAMP: us('2026-11-26T02:00:03Z'),
        _SYSTEMD_UNIT: 'etl.service',
        MESSAGE: [69, 82, 82, 79, 82, 32, 98, 111, 111, 109],
      },
      {
        __REALTIME_TIMESTAMP: us('2026-11-26T02:00:04Z'),
        UNIT: 'etl.service',
        MESSAGE: "etl.service: Failed with result 'exit-code'.",
      },
    ].map((o) => JSON.stringify(o));
    const r = root({});
    const file = path.join(r, 'journal.json');
    fs.writeFileSync(file, `${lines.join('\n')}\nnot json at all\n`);
    const j = readJournal(
      file,
      Date.parse('2026-11-26T00:00:00Z'),
      Date.parse('2026-11-26T09:00:00Z'),
      1 << 20,
    );
    assert.deepEqual(
      j.entries.map((e) => e.message),
      ['Starting etl.service - Nightly ETL...', 'ERROR boom', "etl.service: Failed with result 'exit-code'."],
    );
    assert.equal(j.diagnostics[0]?.code, 'journal-format');
    assert.equal(classifyUnitMessage('etl.service', j.entries[2]!.message), 'failed');
    assert.equal(classifyUnitMessage('etl.service', 'etl.service: Deactivated successfully.'), 'ok');
  });
});

describe("the server's time zone", () => {
  it('comes from /etc/timezone, else the /etc/localtime link, else a fixed-offset TZ string, else UTC with a warning', () => {
    assert.equal(readServerZone(root({ '/etc/timezone': 'Europe/Berlin\n' })).timeZone, 'Europe/Berlin');
    const linked = root({ '/etc/localtime': { symlink: '../usr/share/zoneinfo/America/New_York' } });
    assert.equal(readServerZone(linked).timeZone, 'America/New_York');
    const tzif = (footer: string) =>
      Buffer.concat([Buffer.from('TZif2'), Buffer.alloc(40), Buffer.from(`\n${footer}\n`)]);
    assert.equal(
      readServerZone(root({ '/etc/localtime': { bytes: tzif('<+03>-3') } })).timeZone,
      'Etc/GMT-3',
    );
    const dst = readServerZone(root({ '/etc/localtime': { bytes: tzif('CET-1CEST,M3.5.0,M10.5.0/3') } }));
    assert.equal(dst.timeZone, 'UTC');
    assert.equal(dst.diagnostics[0]?.code, 'time-zone-unknown');
    assert.equal(readServerZone(root({})).timeZone, 'UTC');
  });

  it("a job's CRON_TZ and TZ are the assignments above its crontab line", () => {
    const r = root({
      '/etc/crontab':
        'TZ=UTC\nCRON_TZ=Asia/Tokyo\n0 2 * * * root a\nCRON_TZ=America/Chicago\n0 3 * * * root b\n',
    });
    const sfs = new ServerFs(r);
    assert.deepEqual(readJobZones(sfs, '/etc/crontab', 3), { tz: 'UTC', cronTz: 'Asia/Tokyo' });
    assert.deepEqual(readJobZones(sfs, '/etc/crontab', 5), { tz: 'UTC', cronTz: 'America/Chicago' });
  });
});

describe('--now', () => {
  it("is an instant with an offset, wall time in the server's zone without one", () => {
    assert.equal(parseNow('2026-11-26T09:00', 'Europe/Berlin').toISOString(), '2026-11-26T08:00:00.000Z');
    assert.equal(parseNow('2026-11-26 09:00:30Z', 'Europe/Berlin').toISOString(), '2026-11-26T09:00:30.000Z');
    assert.equal(parseNow('2026-11-26T09:00+0530', 'UTC').toISOString(), '2026-11-26T03:30:00.000Z');
    assert.equal(parseNow('@1795680000', 'UTC').toISOString(), '2026-11-26T08:00:00.000Z');
    assert.throws(() => parseNow('yesterday', 'UTC'), UsageError);
    assert.throws(() => parseNow('2026-13-01', 'UTC'), UsageError);
  });
});
