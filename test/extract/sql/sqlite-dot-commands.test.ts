/** sqlite3's dot-commands in a script fed to the shell (`sqlite3 shop.db < export.sql`). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractSqlText, resolveRelativeRefs } from '../../../src/extract/sql/index.js';
import type { Extraction } from '../../../src/extract/types.js';
import { extractSnippet } from '../../helpers/script.js';

const lite = (sql: string, cwd = '/srv/shop'): Extraction =>
  resolveRelativeRefs(
    extractSqlText(sql, { file: '/srv/shop/sql/export.sql', line: 1, ctx: { dialect: 'sqlite' } }),
    cwd,
  );
const keys = (refs: Extraction['reads']): string[] => [...new Set(refs.map((r) => r.node.key))].sort();

describe('extractSqlText: sqlite3 dot-commands', () => {
  it('.mode and .headers are skipped; .output FILE receives the SELECT, relative to the cwd', () => {
    const x = lite('.headers on\n.mode csv\n.output orders.csv\nSELECT * FROM orders;\n.exit\n');
    assert.deepEqual(keys(x.reads), ['table:orders']);
    assert.deepEqual(keys(x.writes), ['file:/srv/shop/orders.csv']);
    assert.equal(x.writes[0]?.evidence.construct, '.output');
  });

  it('.once with an option, .output stdout and a pipe: only the file is written', () => {
    const x = lite(".once -x '/tmp/one shot.csv'\nSELECT 1 FROM items;\n.output stdout\n.output |gzip\n");
    assert.deepEqual(keys(x.writes), ['file:/tmp/one shot.csv']);
  });

  it('.import FILE TABLE reads the file and writes the table; .read runs another script', () => {
    const x = lite('.mode csv\n.import /srv/drop/new_items.csv staging_items\n.read sql/merge.sql\n');
    assert.deepEqual(keys(x.reads), ['file:/srv/drop/new_items.csv']);
    assert.deepEqual(keys(x.writes), ['table:staging_items']);
    assert.deepEqual(
      x.invokes.map((i) => i.path),
      ['/srv/shop/sql/merge.sql'],
    );
  });

  it('a dot at a line start inside a statement is SQL, not a command', () => {
    const x = lite('SELECT o.id\n.5 AS w FROM orders o;\n');
    assert.deepEqual(keys(x.writes), []);
  });
});

describe('sqlite3 < script.sql from a shell line', () => {
  it('the script runs on the database file named with `..` in its path: one database, one table node', async () => {
    const x = await extractSnippet(
      'shell',
      'cd /srv/shop/etc/.. && sqlite3 /srv/shop/etc/../data/shop.db < /srv/shop/etc/../sql/export.sql\n',
      { path: '/srv/shop/bin/export.sh' },
    );
    const sql = x.invokes.find((i) => i.path.endsWith('export.sql'));
    assert.equal(sql?.path, '/srv/shop/sql/export.sql');
    assert.equal(sql?.sqlContext?.namespace, 'sqlite:///srv/shop/data/shop.db');
  });
});
