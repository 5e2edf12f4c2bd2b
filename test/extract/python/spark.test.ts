/**
 * PySpark: a session's reader and a DataFrame's writer, whatever the session and the DataFrame
 * are; paths (local and hdfs/s3a URLs), metastore tables, JDBC tables and spark.sql.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractText, reads, writes } from './helpers.js';

test('PySpark: what spark.read reads and df.write writes, through formats, options and transformations', async () => {
  const x = await extractText(
    [
      'from pyspark.sql import SparkSession',
      "spark = SparkSession.builder.appName('daily').getOrCreate()",
      "events = spark.read.option('header', True).csv('/data/raw/events.csv')",
      "ref = spark.read.format('parquet').load('s3a://acme-lake/ref/stores/')",
      "sales = spark.read.parquet('hdfs:///warehouse/sales/2026', 'hdfs:///warehouse/sales/2025')",
      "dim = spark.read.table('dw.dim_store')",
      "pg = spark.read.jdbc('jdbc:postgresql://pg01:5432/crm', 'public.customers')",
      "joined = events.join(ref, 'store_id').join(sales, 'day').filter('qty > 0')",
      "joined.write.mode('overwrite').partitionBy('day').parquet('/data/curated/daily')",
      "joined.write.saveAsTable('dw.fact_daily')",
      "spark.sql('INSERT INTO dw.summary SELECT day, count(*) FROM dw.fact_daily GROUP BY day')",
      "joined.writeStream.format('console').start()",
    ].join('\n'),
  );
  assert.deepEqual(reads(x), [
    'endpoint:hdfs:///warehouse/sales/2025',
    'endpoint:hdfs:///warehouse/sales/2026',
    'endpoint:s3a://acme-lake/ref/stores',
    'file:/data/raw/events.csv',
    'table:dw.dim_store',
    'table:dw.fact_daily',
    'table:postgres://pg01:5432/public.customers',
  ]);
  assert.deepEqual(writes(x), ['file:/data/curated/daily', 'table:dw.fact_daily', 'table:dw.summary']);
  // spark.sql on a session the walk does not trace: its tables are a heuristic
  const summary = x.writes.find((w) => w.node.key === 'table:dw.summary');
  assert.equal(summary?.confidence, 'heuristic');
});

test('PySpark: .read/.write of anything else, and text that is no SQL, make no edge', async () => {
  const x = await extractText(
    [
      'import sys',
      "with open('/data/in.txt') as fh:",
      '    body = fh.read()',
      "logger.sql('not a query')",
      'obj.write(body)',
    ].join('\n'),
  );
  assert.deepEqual(reads(x), ['file:/data/in.txt']);
  assert.deepEqual(writes(x), []);
});

test('PySpark: a JDBC subquery is read as SQL in its database; temporary views are no tables', async () => {
  const x = await extractText(
    [
      'from pyspark.sql import SparkSession',
      'def load(date):',
      '    spark = SparkSession.builder.getOrCreate()',
      '    t = spark.read.jdbc(',
      "        url='jdbc:mysql://db7:3306/stock',",
      '        table=f"(SELECT * FROM transactions WHERE Date = \'{date}\')AS my_table",',
      "        properties={'user': 'etl', 'password': 'pw-not-kept'},",
      '    )',
      "    t.createOrReplaceTempView('Trades')",
      "    daily = spark.sql('SELECT sID, price FROM Trades JOIN dim.stocks USING (sID)')",
      "    daily.write.parquet(f'hdfs://nn1/stock/daily/{date}.parquet')",
      "load('2026-12-01')",
    ].join('\n'),
  );
  assert.deepEqual(reads(x), ['table:dim.stocks', 'table:mysql://db7:3306/stock.transactions']);
  assert.deepEqual(writes(x), ['endpoint:hdfs://nn1/stock/daily/2026-12-01.parquet']);
  assert.ok(!JSON.stringify(x).includes('pw-not-kept'));
});
