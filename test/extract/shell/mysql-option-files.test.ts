/**
 * MySQL clients told where to connect by an option file (`--defaults-file`, `--defaults-extra-file`):
 * the server in the map is the file's host and port, not the client's default (localhost). The
 * construct comes from real backup scripts that loop over `show databases` and dump each one.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractShell, keys } from '../../helpers/shell.js';

const OPTIONS = [
  '[client]',
  'user=backup',
  'password=not-this-one',
  '',
  '[mysqldump]',
  'host = warehouse-db.internal   # the reporting replica',
  'port=3307',
  'single-transaction',
  '',
  '[mysql]',
  'host=warehouse-db.internal',
  'port=3307',
  'database=ledger',
].join('\n');

describe('MySQL option files', () => {
  test('mysqldump --defaults-file reads the server the file names', async () => {
    const ex = await extractShell(
      'CNF=/etc/nightly/dump.cnf\nfor d in $DBS; do mysqldump --defaults-file=$CNF "$d" | gzip > /srv/dumps/$d.sql.gz; done\n',
      { files: { '/etc/nightly/dump.cnf': OPTIONS } },
    );
    assert.deepEqual(keys(ex).reads, ['database:mysql://warehouse-db.internal:3307']);
  });

  test('mysql reads host, port and database from [client] and [mysql]; the command line still wins', async () => {
    const files = { '/etc/nightly/dump.cnf': OPTIONS };
    const fromFile = await extractShell(
      "mysql --defaults-extra-file=/etc/nightly/dump.cnf -e 'select * from entries'\n",
      { files },
    );
    assert.ok(keys(fromFile).reads.includes('table:mysql://warehouse-db.internal:3307/ledger.entries'));
    const overridden = await extractShell(
      "mysql --defaults-extra-file=/etc/nightly/dump.cnf -h other-db -P 3306 -e 'select * from ledger.entries'\n",
      { files },
    );
    assert.ok(keys(overridden).reads.includes('table:mysql://other-db:3306/ledger.entries'));
  });

  test('an option file that is not on the copy leaves the client default', async () => {
    const ex = await extractShell('mysqldump --defaults-file=/etc/absent.cnf sales > /srv/sales.sql\n');
    assert.deepEqual(keys(ex).reads, ['database:mysql://localhost:3306']);
  });

  test('no password from the option file reaches the map', async () => {
    const ex = await extractShell('mysqldump --defaults-file=/etc/nightly/dump.cnf ledger > /srv/l.sql\n', {
      files: { '/etc/nightly/dump.cnf': OPTIONS },
    });
    assert.doesNotMatch(JSON.stringify(ex), /not-this-one/);
  });
});
