import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { imageOf } from '../../src/observe/image.js';
import { noiseReason, sqliteSideFile } from '../../src/observe/noise.js';

const read = { write: false, directory: false };

describe('noise rules by construct', () => {
  test('loader, libc, locale, interpreter libraries, byte code, kernel files and dotfiles are machinery', () => {
    const cases: Array<[string, string]> = [
      ['/etc/ld.so.cache', 'system'],
      ['/proc/self/status', 'system'],
      ['/dev/urandom', 'system'],
      ['/etc/nsswitch.conf', 'libc-config'],
      ['/usr/lib/x86_64-linux-gnu/libssl.so.3', 'stdlib'],
      ['/usr/lib/python3.11/json/__init__.py', 'stdlib'],
      ['/opt/venv/lib/python3.11/site-packages/requests/api.py', 'runtime'],
      ['/opt/etl/__pycache__/util.cpython-311.pyc', 'runtime'],
      ['/usr/share/perl/5.36/strict.pm', 'stdlib'],
      ['/usr/lib/locale/C.utf8/LC_CTYPE', 'runtime'],
      ['/root/.sqliterc', 'dotfile'],
      ['/usr/bin/python3', 'system-code'],
    ];
    for (const [p, why] of cases) assert.equal(noiseReason(p, read), why, p);
  });

  test('data stays data, and a write under /usr is data too', () => {
    assert.equal(noiseReason('/data/in/orders.csv', read), undefined);
    assert.equal(noiseReason('/etc/default/batch', read), undefined);
    assert.equal(
      noiseReason('/usr/local/share/app/export.csv', { write: true, directory: false }),
      undefined,
    );
    assert.equal(noiseReason('/dev/null', { write: true, directory: false }), 'system');
  });

  test('SQLite side files fold into their database', () => {
    assert.equal(sqliteSideFile('/data/app.db-journal'), '/data/app.db');
    assert.equal(sqliteSideFile('/data/app.db-wal'), '/data/app.db');
    assert.equal(sqliteSideFile('/data/app.db'), undefined);
  });

  test('the script behind an interpreter: options skipped, inline code and modules have none', () => {
    assert.equal(
      imageOf('/usr/bin/python3', ['python3', '-u', '-W', 'ignore', 'load.py'], '/opt/etl').script,
      '/opt/etl/load.py',
    );
    assert.equal(imageOf('/usr/bin/bash', ['bash', '-ec', 'cp a b'], '/').inline, 'cp a b');
    assert.equal(imageOf('/usr/bin/python3', ['python3', '-m', 'etl.load'], '/').script, undefined);
    assert.equal(imageOf('/usr/bin/perl', ['perl', '-I', '/opt/lib', '/opt/x.pl'], '/').script, '/opt/x.pl');
    assert.equal(imageOf('/opt/etl/run.sh', ['/opt/etl/run.sh'], '/').script, '/opt/etl/run.sh');
    assert.equal(imageOf('/usr/bin/sqlite3', ['sqlite3', '/data/a.db'], '/').script, undefined);
    assert.equal(imageOf('/root/.pyenv/shims/python3', ['python3', 'x.py'], '/').script, undefined);
  });
});
