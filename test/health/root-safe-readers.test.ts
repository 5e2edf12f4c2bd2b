/** Health reads logs, cron mail and the zone file through the ROOT-safe reader (issue 16, point 5). */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { listLogSet } from '../../src/health/logs/log-set.js';
import { readCronMails } from '../../src/health/runs/cron-mail.js';
import { readServerZone } from '../../src/health/time/server-zone.js';
import { makeRoot, removeRoot } from '../helpers/server-root.js';

const cleanup: string[] = [];
after(() => cleanup.forEach(removeRoot));
function root(files: Parameters<typeof makeRoot>[0]): string {
  const r = makeRoot(files);
  cleanup.push(r);
  return r;
}

/** A file on the host, outside any ROOT, that a hostile link under ROOT points at. */
const hostDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-host-'));
cleanup.push(hostDir);
const hostFile = path.join(hostDir, 'shadow');
fs.writeFileSync(
  hostFile,
  'From root@host  Sat Nov 23 02:00:02 2024\nSubject: Cron <root@host> HOST-ONLY-LINE\n\nHOST-ONLY-LINE\n',
);

describe('health readers stay inside ROOT', () => {
  it('a log linked to a host file is not a log of this server', () => {
    const r = root({ '/var/log/cron.log': { symlink: hostFile }, '/var/log/syslog': 'Nov 23 ok\n' });
    assert.deepEqual(
      listLogSet(r, '/var/log/cron.log').map((f) => f.path),
      [],
    );
    const sys = listLogSet(r, '/var/log/syslog');
    assert.equal(sys[0]?.local, path.join(r, 'var/log/syslog'));
  });

  it('a log directory linked to a host directory resolves inside ROOT', () => {
    const r = root({ '/var/log': { symlink: hostDir } });
    fs.writeFileSync(path.join(hostDir, 'syslog'), 'HOST-ONLY-LINE\n');
    assert.deepEqual(listLogSet(r, '/var/log/syslog'), []);
  });

  it('a mailbox linked to a host file is not read', () => {
    const r = root({ '/var/mail/dataops': { symlink: hostFile } });
    const got = readCronMails(r, ['dataops'], 0, 'UTC');
    assert.equal(got.mails.length, 0);
    assert.ok(!JSON.stringify(got).includes('HOST-ONLY-LINE'));
  });

  it('/etc/localtime as a FIFO: status goes on in UTC with a warning, it does not wait for a writer', () => {
    const r = root({ '/etc/hostname': 'etl01\n' });
    execFileSync('mkfifo', [path.join(r, 'etc/localtime')]);
    const z = readServerZone(r);
    assert.equal(z.timeZone, 'UTC');
    assert.match(z.diagnostics.map((d) => d.message).join(), /\/etc\/localtime: a FIFO/);
  });

  it('/etc/localtime as a device (a link to /dev/zero on a live server) is refused, not read without end', {
    skip: process.getuid?.() !== 0 ? 'mknod needs root' : false,
  }, () => {
    const r = root({ '/etc/hostname': 'etl01\n' });
    execFileSync('mknod', [path.join(r, 'etc/localtime'), 'c', '1', '5']);
    const z = readServerZone(r);
    assert.equal(z.timeZone, 'UTC');
    assert.match(z.diagnostics.map((d) => d.message).join(), /a character device/);
  });

  it('/etc/localtime linked to a zone name is read from the link, inside ROOT', () => {
    const r = root({ '/etc/localtime': { symlink: '/usr/share/zoneinfo/Europe/Berlin' } });
    assert.equal(readServerZone(r).timeZone, 'Europe/Berlin');
  });
});
