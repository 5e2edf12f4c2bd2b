import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractSnippet, extractText, reads, writes } from './helpers.js';

test('each DB-API connection gives its tables a namespace and default database; cursors keep their connection', async () => {
  const x = await extractSnippet('dbapi');
  assert.deepEqual(reads(x), [
    'table:mysql://db01.example.local:3307/shop.orders',
    'table:oracle://ora01.example.local:1521/gl.ledger',
  ]);
  assert.deepEqual(writes(x), [
    'file:/var/lib/app/cache.db',
    'table:mysql://legacy01.example.local:3306/crm.contacts',
    'table:postgres://pg01.example.local:5432/staging.orders',
    'table:sqlite:///var/lib/app/cache.db/runs',
    'table:sqlserver://sql01.example.local:1433/dbo.leads',
  ]);
  const shopRead = x.reads.find((r) => r.node.key.endsWith('shop.orders'));
  assert.equal(shopRead?.evidence.line, 17);
  assert.match(shopRead?.evidence.construct ?? '', /^shop_cur\.execute\(\)/);
});

test('SQL from module constants, concatenation and f-strings is followed', async () => {
  const x = await extractSnippet('sql-strings');
  assert.deepEqual(reads(x), [
    'table:postgres://pg02.example.local:5432/mart.dim_day',
    'table:postgres://pg02.example.local:5432/mart.fact_sales',
    'table:postgres://pg02.example.local:5432/staging.daily_totals',
  ]);
  assert.deepEqual(writes(x), [
    'table:postgres://pg02.example.local:5432/mart.daily_totals',
    'table:postgres://pg02.example.local:5432/mart.kpi_weekly',
  ]);
  assert.ok(x.reads.every((r) => r.confidence === 'resolved'));
});

test('SQLAlchemy create_engine(url) with text(): the URL database qualifies bare table names', async () => {
  const x = await extractSnippet('sqlalchemy-engine');
  assert.deepEqual(reads(x), ['table:mysql://db02.example.local:3306/sales.orders']);
  assert.deepEqual(writes(x), ['table:mysql://db02.example.local:3306/sales.daily']);
});

test('pandas read_*/to_* name files; read_sql, read_sql_table and to_sql name tables', async () => {
  const x = await extractSnippet('pandas-io');
  assert.deepEqual(reads(x), [
    'file:/data/in/budget.xlsx',
    'file:/data/in/ledger.csv',
    'file:/data/ref/fx.parquet',
    'file:/data/ref/mapping.json',
    'table:postgres://pg03.example.local:5432/ar.open_items',
    'table:postgres://pg03.example.local:5432/gl.accounts',
    'table:postgres://pg03.example.local:5432/gl.entries',
  ]);
  assert.deepEqual(writes(x), [
    'file:/data/out/ledger.parquet',
    'file:/data/out/ledger_clean.csv',
    'file:/data/out/summary.xlsx',
    'table:postgres://pg03.example.local:5432/staging.ledger_stage',
  ]);
});

test('credentials in a DSN and in a password= dict never reach attributes, snippets or diagnostics', async () => {
  const x = await extractSnippet('credentials');
  assert.ok(reads(x).length >= 3, 'the tables are still found');
  const everything = JSON.stringify(x);
  assert.doesNotMatch(everything, /changeme/);
  // the diagnostic for the unresolved open() keeps its location readable
  assert.ok(x.diagnostics.some((d) => d.message.startsWith('/opt/app/credentials.py:12: cannot resolve')));
});

test('MySQLdb, psycopg with a URL, oracledb with makedsn, and an engine URL from an INI file', async () => {
  const x = await extractSnippet('dbapi-more');
  assert.deepEqual(reads(x), [
    'file:/etc/app/app.ini',
    'table:mysql://mysql-old.example.local:3306/billing.invoices',
    'table:oracle://ora02.example.local:1522/hr.employees',
    'table:postgres://pg01.example.local:5432/public.kpis',
  ]);
  assert.deepEqual(writes(x), ['table:postgres://pg04.example.local:6432/audit.runs']);
  assert.doesNotMatch(JSON.stringify(x), /changeme/);
});

test('SQL run on a cursor that cannot be traced to a connection is heuristic', async () => {
  const { extractText } = await import('./helpers.js');
  const x = await extractText(
    'def load(cur):\n    cur.execute("INSERT INTO stage.rows SELECT * FROM raw.rows")\n',
  );
  assert.deepEqual(writes(x), ['table:stage.rows']);
  assert.ok([...x.reads, ...x.writes].every((r) => r.confidence === 'heuristic'));
});

test('psycopg2.extras.execute_values and contextlib.closing keep the cursor connection', async () => {
  const { extractText } = await import('./helpers.js');
  const src = [
    'from contextlib import closing',
    'import psycopg2, psycopg2.extras',
    'conn = psycopg2.connect(host="pg9.example.local", dbname="dw")',
    'with closing(conn.cursor()) as cur:',
    '    psycopg2.extras.execute_values(cur, "INSERT INTO stage.items (a, b) VALUES %s", [(1, 2)])',
  ].join('\n');
  const x = await extractText(src);
  assert.deepEqual(writes(x), ['table:postgres://pg9.example.local:5432/stage.items']);
});

test('a connection to a server the script does not know names it *, and its tables are partial', async () => {
  const x = await extractText(
    [
      'import os, psycopg2, pymysql',
      "c = psycopg2.connect(host=os.environ['DB_HOST'], dbname='sales')",
      "c.cursor().execute('SELECT * FROM orders')",
      "m = pymysql.connect(host=os.getenv('MYSQL_HOST'), database='shop')",
      "m.cursor().execute('SELECT * FROM items')",
      "d = psycopg2.connect(dbname='local')",
      "d.cursor().execute('SELECT * FROM here')",
      // a host or port from a call the walk does not follow is unknown too
      "f = psycopg2.connect(host=find_host(), dbname='sales')",
      "f.cursor().execute('SELECT * FROM refunds')",
      "g = pymysql.connect(host='db9', port=find_port(), database='shop')",
      "g.cursor().execute('SELECT * FROM stock')",
    ].join('\n'),
  );
  assert.deepEqual(reads(x), [
    'table:mysql://*:3306/shop.items',
    'table:mysql://db9:*/shop.stock',
    'table:postgres://*:5432/orders',
    'table:postgres://*:5432/refunds',
    'table:postgres://localhost:5432/here',
  ]);
  const conf = new Map(x.reads.map((r) => [r.node.key, r.confidence]));
  assert.equal(conf.get('table:postgres://*:5432/orders'), 'partial');
  assert.equal(conf.get('table:mysql://*:3306/shop.items'), 'partial');
  assert.equal(conf.get('table:postgres://localhost:5432/here'), 'exact');
});

test('warehouse clients: Snowflake, ClickHouse and BigQuery connections name their tables in their namespace', async () => {
  const x = await extractText(
    [
      'import os',
      'import snowflake.connector',
      'from clickhouse_driver import Client',
      'import clickhouse_connect',
      'from google.cloud import bigquery',
      "sf = snowflake.connector.connect(account='xy12345', user='etl', password=os.environ['SF_PW'], database='ANALYTICS', schema='PUBLIC')",
      "sf.cursor().execute('INSERT INTO summary SELECT region FROM orders')",
      "Client(host='ch01', database='logs').execute('INSERT INTO events SELECT * FROM staging_events')",
      "Client(host=pick_host()).execute('INSERT INTO audit SELECT * FROM raw_audit')",
      "cc = clickhouse_connect.get_client(host='ch01', port=8123)",
      "cc.insert('metrics.daily', [[1]])",
      "bq = bigquery.Client(project='acme-dw')",
      "rows = bq.query('SELECT day, total FROM mart.daily_sales').result()",
      "bq.load_table_from_uri('gs://acme-in/rates.csv', 'staging.rates')",
      "bq.extract_table('mart.daily_sales', 'gs://acme-out/daily.csv')",
      "bq.insert_rows_json('raw.events', [])",
    ].join('\n'),
  );
  assert.deepEqual(reads(x), [
    'endpoint:gs://acme-in/rates.csv',
    'table:bigquery://acme-dw/mart.daily_sales',
    'table:clickhouse://*/raw_audit',
    'table:clickhouse://ch01/logs.staging_events',
    'table:snowflake://xy12345/analytics.public.orders',
  ]);
  assert.deepEqual(writes(x), [
    'endpoint:gs://acme-out/daily.csv',
    'table:bigquery://acme-dw/raw.events',
    'table:bigquery://acme-dw/staging.rates',
    'table:clickhouse://*/audit',
    'table:clickhouse://ch01/logs.events',
    'table:clickhouse://ch01/metrics.daily',
    'table:snowflake://xy12345/analytics.public.summary',
  ]);
});
