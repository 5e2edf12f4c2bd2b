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

describe('Node.js extractor: node-postgres defaults', () => {
  it('new Client() takes host and port from PGHOST/PGPORT; given options win; a connectionString is kept', async () => {
    const env = { PGHOST: 'pg-ledger.corp', PGPORT: '6432', PGDATABASE: 'ledger' };
    const bare = await js(
      "const { Client } = require('pg');\nconst c = new Client();\nc.query('DELETE FROM holds WHERE until < now()');\n",
      { env },
    );
    assert.deepEqual(keys(bare.writes), ['table:postgres://pg-ledger.corp:6432/holds']);
    const given = await js(
      "const pg = require('pg');\nconst p = new pg.Pool({ host: 'pg-other.corp' });\np.query('SELECT id FROM holds');\nconst u = new pg.Pool({ connectionString: 'postgres://pg-url.corp:5432/x' });\nu.query('SELECT id FROM holds');\n",
      { env },
    );
    assert.deepEqual(keys(given.reads), [
      'table:postgres://pg-other.corp:6432/holds',
      'table:postgres://pg-url.corp:5432/holds',
    ]);
  });
});

describe('Node.js extractor: http options objects', () => {
  it('https.request({ hostname, path, method }) is the URL they make; http.get with host and port', async () => {
    const x = await js(
      "const https = require('https');\nconst http = require('http');\nconst req = https.request({ hostname: 'books.corp.example', path: '/api/v2/entries', method: 'POST' });\nreq.end();\nhttp.get({ host: 'status.corp.example', port: 8080, path: '/health' }, () => {});\nhttps.request({ method: 'GET' });\n",
    );
    assert.deepEqual(keys(x.writes), ['endpoint:https://books.corp.example/api/v2/entries']);
    assert.deepEqual(keys(x.reads), ['endpoint:http://status.corp.example:8080/health']);
  });
});
