import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confidenceOf, extractSnippet, keys } from '../../helpers/script.js';

const js = (text: string, opts = {}) =>
  extractSnippet('node', text, { path: '/srv/ledger/sync.js', ...opts });

describe('Node.js extractor: mssql requests', () => {
  it('pool.request().input(...).query(SQL) runs on the pool; the port comes through parseInt of the env', async () => {
    const x = await js(
      "const sql = require('mssql');\nconst cfg = { server: process.env.LEDGER_HOST, port: parseInt(process.env.LEDGER_PORT, 10), database: 'ledger' };\nasync function load(kind) {\n  const pool = await sql.connect(cfg);\n  const r = await pool.request().input('kind', sql.Int, kind).query('SELECT b.[Id], b.[Amount] FROM [acct].[Bookings] b WHERE b.[Kind] = @kind');\n  return r.recordset;\n}\nload(2);\n",
      { env: { LEDGER_HOST: 'sql7.corp', LEDGER_PORT: '1533' } },
    );
    assert.deepEqual(keys(x.reads), ['table:sqlserver://sql7.corp:1533/acct.bookings']);
    assert.equal(confidenceOf(x.reads, 'table:sqlserver://sql7.corp:1533/acct.bookings'), 'exact');
  });

  it('.execute(NAME) runs a stored procedure: no table is made from its name', async () => {
    const x = await js(
      "const sql = require('mssql');\nasync function save(xml) {\n  const pool = await sql.connect({ server: 'sql7.corp', database: 'ledger' });\n  await pool.request().input('rows', sql.Xml, xml).execute('MergeBookings');\n  await pool.request().execute('acct.CloseDay');\n}\nsave('<x/>');\n",
    );
    assert.deepEqual(keys(x.reads), []);
    assert.deepEqual(keys(x.writes), []);
  });

  it('parseInt of something that is not a whole number stays unknown', async () => {
    const x = await js(
      "const fs = require('fs');\nconst n = parseInt(process.env.SHARD, 10);\nfs.writeFileSync('/srv/ledger/out/shard-' + n + '.csv', '');\n",
      { env: { SHARD: 'blue' } },
    );
    assert.deepEqual(keys(x.writes), ['file:/srv/ledger/out/shard-*.csv']);
  });
});
