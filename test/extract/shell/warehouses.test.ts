/**
 * Data warehouse clients in shell scripts: BigQuery's bq, snowsql and clickhouse-client. A snippet
 * in, node keys out; a project, account or host the script does not name is `*` (partial).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Extraction } from '../../../src/extract/types.js';
import { extractShell, keys } from '../../helpers/shell.js';

const confidence = (ex: Extraction, key: string) =>
  [...ex.reads, ...ex.writes].find((r) => r.node.key === key)?.confidence;

describe('data warehouse clients', () => {
  test('bq query reads its SQL and writes --destination_table; load, extract and cp name tables and files', async () => {
    const ex = await extractShell(
      [
        "bq --project_id=acme-dw query --use_legacy_sql=false --destination_table=mart.daily_sales --replace 'SELECT day, SUM(amount) FROM sales.orders GROUP BY day'",
        'bq load --source_format=CSV --skip_leading_rows=1 acme-dw:staging.rates gs://acme-in/rates/a.csv,gs://acme-in/rates/b.csv ./schema.json',
        'bq load --source_format=NEWLINE_DELIMITED_JSON staging.events /data/out/events.json',
        'bq extract --destination_format=CSV acme-dw:mart.daily_sales gs://acme-out/daily_sales.csv',
      ].join('\n'),
    );
    assert.deepEqual(keys(ex).reads, [
      'endpoint:gs://acme-in/rates/a.csv',
      'endpoint:gs://acme-in/rates/b.csv',
      'file:/data/out/events.json',
      'table:bigquery://acme-dw/mart.daily_sales',
      'table:bigquery://acme-dw/sales.orders',
    ]);
    assert.deepEqual(keys(ex).writes, [
      'endpoint:gs://acme-out/daily_sales.csv',
      'table:bigquery://*/staging.events',
      'table:bigquery://acme-dw/mart.daily_sales',
      'table:bigquery://acme-dw/staging.rates',
    ]);
    // the default project is not known statically: `*`, partial
    assert.equal(confidence(ex, 'table:bigquery://*/staging.events'), 'partial');
  });

  test('snowsql runs -q SQL in ACCOUNT (bare names in DB.SCHEMA), -f as an SQL script, and writes -o output_file', async () => {
    const ex = await extractShell(
      [
        'snowsql -a xy12345.eu-west-1 -d ANALYTICS -s PUBLIC -q "INSERT INTO summary SELECT region, count(*) FROM orders GROUP BY region" -o output_file=/data/out/sf.txt -o quiet=true',
        'snowsql -c prod -f /opt/sql/nightly.sql',
      ].join('\n'),
    );
    assert.deepEqual(keys(ex).reads, ['table:snowflake://xy12345.eu-west-1/analytics.public.orders']);
    assert.deepEqual(keys(ex).writes, [
      'file:/data/out/sf.txt',
      'table:snowflake://xy12345.eu-west-1/analytics.public.summary',
    ]);
    assert.deepEqual(keys(ex).invokes, ['/opt/sql/nightly.sql']);
  });

  test('clickhouse-client (and clickhouse client) runs --query on HOST; with a query, stdin is data', async () => {
    const ex = await extractShell(
      [
        'clickhouse-client --host ch01 --database logs --query "INSERT INTO events FORMAT CSV" < /data/out/events.csv',
        'clickhouse client -h ch01 -d logs -q "SELECT count() FROM events" > /data/out/count.txt',
        'clickhouse-client --host "$CH_HOST" --query "SELECT * FROM metrics.daily" > /data/out/m.tsv',
      ].join('\n'),
    );
    assert.deepEqual(keys(ex).reads, [
      'file:/data/out/events.csv',
      'table:clickhouse://*/metrics.daily',
      'table:clickhouse://ch01/logs.events',
    ]);
    assert.deepEqual(keys(ex).writes, [
      'file:/data/out/count.txt',
      'file:/data/out/m.tsv',
      'table:clickhouse://ch01/logs.events',
    ]);
    assert.deepEqual(keys(ex).invokes, [], 'the CSV on stdin is data, not an SQL script');
  });
});
