import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractSqlText } from '../../../src/extract/sql/index.js';
import type { Extraction, SqlContext } from '../../../src/extract/types.js';

const FILE = '/opt/etl/job.py';

function run(sql: string, ctx: Partial<SqlContext> = {}, line = 1): Extraction {
  return extractSqlText(sql, { file: FILE, line, ctx: { dialect: 'unknown', ...ctx } });
}
const reads = (x: Extraction): string[] => [...new Set(x.reads.map((r) => r.node.key))].sort();
const writes = (x: Extraction): string[] => [...new Set(x.writes.map((r) => r.node.key))].sort();
const pg = (sql: string, ctx: Partial<SqlContext> = {}): Extraction =>
  run(sql, { dialect: 'postgresql', ...ctx });
const my = (sql: string, ctx: Partial<SqlContext> = {}): Extraction => run(sql, { dialect: 'mysql', ...ctx });

describe('extractSqlText: tables read', () => {
  it('reads the table named in FROM', () => {
    assert.deepEqual(reads(my('SELECT id FROM orders WHERE id = 1')), ['table:orders']);
  });

  it('reads the table named in a JOIN', () => {
    const x = my('SELECT * FROM orders o LEFT JOIN customers c ON c.id = o.customer_id');
    assert.deepEqual(reads(x), ['table:customers', 'table:orders']);
  });

  it('reads tables in subqueries and comma joins', () => {
    const x = pg('SELECT * FROM a, (SELECT * FROM b) sb WHERE a.id IN (SELECT id FROM c)');
    assert.deepEqual(reads(x), ['table:a', 'table:b', 'table:c']);
  });

  it('treats a CTE name as no table', () => {
    const x = my('WITH recent AS (SELECT * FROM orders) SELECT * FROM recent JOIN items USING (id)');
    assert.deepEqual(reads(x), ['table:items', 'table:orders']);
  });

  it('ignores system catalogs and DUAL', () => {
    assert.deepEqual(reads(my('SELECT * FROM information_schema.tables')), []);
    assert.deepEqual(reads(pg('SELECT * FROM pg_catalog.pg_tables; SELECT * FROM pg_stat_activity')), []);
    assert.deepEqual(reads(my('SELECT NOW() FROM DUAL')), []);
  });

  it('does not take EXTRACT(... FROM col) for a table', () => {
    assert.deepEqual(reads(pg('SELECT EXTRACT(YEAR FROM created) FROM events')), ['table:events']);
  });

  it('gives exact confidence to what the parser reads', () => {
    assert.equal(my('SELECT * FROM orders').reads[0]?.confidence, 'exact');
  });
});

describe('extractSqlText: tables written', () => {
  it('INSERT ... SELECT writes the target and reads the source', () => {
    const x = my('INSERT INTO sales.orders (a, b) SELECT a, b FROM staging.orders_raw');
    assert.deepEqual(writes(x), ['table:sales.orders']);
    assert.deepEqual(reads(x), ['table:staging.orders_raw']);
    assert.equal(x.writes[0]?.evidence.construct, 'SQL INSERT');
  });

  it('UPDATE writes its target and reads the FROM table (PostgreSQL)', () => {
    const x = pg('UPDATE accounts a SET balance = t.total FROM totals t WHERE a.id = t.id');
    assert.deepEqual(writes(x), ['table:accounts']);
    assert.deepEqual(reads(x), ['table:totals']);
  });

  it('UPDATE with a JOIN writes the first table (MySQL)', () => {
    const x = my('UPDATE stock s JOIN deliveries d ON d.sku = s.sku SET s.qty = s.qty + d.qty');
    assert.deepEqual(writes(x), ['table:stock']);
    assert.deepEqual(reads(x), ['table:deliveries']);
  });

  it('DELETE writes the table', () => {
    assert.deepEqual(writes(my('DELETE FROM sessions WHERE expires < NOW()')), ['table:sessions']);
  });

  it('DELETE ... USING writes the target and reads the other (heuristic)', () => {
    const x = pg('DELETE FROM a USING b WHERE a.id = b.id');
    assert.deepEqual(writes(x), ['table:a']);
    assert.deepEqual(reads(x), ['table:b']);
    assert.equal(x.writes[0]?.confidence, 'heuristic');
  });

  it('MERGE INTO writes the target and reads the source (heuristic)', () => {
    const x = pg(
      'MERGE INTO dim_customer d USING staging.customers s ON d.id = s.id ' +
        'WHEN MATCHED THEN UPDATE SET name = s.name WHEN NOT MATCHED THEN INSERT (id, name) VALUES (s.id, s.name)',
    );
    assert.deepEqual(writes(x), ['table:dim_customer']);
    assert.deepEqual(reads(x), ['table:staging.customers']);
    assert.equal(x.writes[0]?.confidence, 'heuristic');
    assert.equal(x.writes[0]?.evidence.construct, 'SQL MERGE');
  });

  it('REPLACE INTO writes the table (MySQL)', () => {
    const x = my('REPLACE INTO kv (k, v) VALUES (%s, %s)');
    assert.deepEqual(writes(x), ['table:kv']);
    assert.equal(x.writes[0]?.evidence.construct, 'SQL REPLACE');
  });

  it('CREATE TABLE AS writes the new table and reads its SELECT', () => {
    const x = pg('CREATE TABLE report_2024 AS SELECT * FROM sales WHERE year = 2024');
    assert.deepEqual(writes(x), ['table:report_2024']);
    assert.deepEqual(reads(x), ['table:sales']);
  });

  it('CREATE TABLE AS goes through the parser (exact)', () => {
    assert.equal(my('CREATE TABLE report AS SELECT * FROM sales').writes[0]?.confidence, 'exact');
  });

  it('a temporary table is no dataflow: neither its creation nor its later use', () => {
    const x = pg(
      'CREATE TEMP TABLE tmp_ids AS SELECT id FROM orders;\nINSERT INTO archive SELECT o.* FROM orders o JOIN tmp_ids t USING (id);',
    );
    assert.deepEqual(writes(x), ['table:archive']);
    assert.deepEqual(reads(x), ['table:orders']);
  });

  it('a plain CREATE TABLE (DDL) gives no edge', () => {
    const x = my('CREATE TABLE IF NOT EXISTS audit_log (id INT, msg TEXT)');
    assert.deepEqual([...reads(x), ...writes(x)], []);
  });

  it('SELECT INTO writes the new table (PostgreSQL)', () => {
    const x = pg('SELECT * INTO archive_2023 FROM orders WHERE year = 2023');
    assert.deepEqual(writes(x), ['table:archive_2023']);
    assert.deepEqual(reads(x), ['table:orders']);
  });

  it('TRUNCATE writes the table', () => {
    assert.deepEqual(writes(pg('TRUNCATE TABLE staging.raw')), ['table:staging.raw']);
    assert.deepEqual(writes(my('TRUNCATE staging_raw')), ['table:staging_raw']);
    assert.equal(pg('TRUNCATE staging.raw').writes[0]?.confidence, 'exact');
  });

  it('INSERT ... ON CONFLICT DO UPDATE still parses exactly (PostgreSQL)', () => {
    const x = pg('INSERT INTO s.t (id, v) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v');
    assert.deepEqual(writes(x), ['table:s.t']);
    assert.deepEqual(reads(x), []);
    assert.equal(x.writes[0]?.confidence, 'exact');
  });

  it('a data-modifying WITH writes the INSERT target and reads the CTE source', () => {
    const x = pg('WITH x AS (SELECT * FROM a) INSERT INTO b SELECT * FROM x');
    assert.deepEqual(writes(x), ['table:b']);
    assert.deepEqual(reads(x), ['table:a']);
  });
});

describe('extractSqlText: files and tables', () => {
  it('COPY FROM reads the file and writes the table (heuristic)', () => {
    const x = pg("COPY staging.orders FROM '/data/in/orders.csv' WITH (FORMAT csv)");
    assert.deepEqual(reads(x), ['file:/data/in/orders.csv']);
    assert.deepEqual(writes(x), ['table:staging.orders']);
    assert.ok([...x.reads, ...x.writes].every((r) => r.confidence === 'heuristic'));
    assert.equal(x.reads[0]?.evidence.construct, 'COPY FROM');
  });

  it('COPY t TO writes the file and reads the table', () => {
    const x = pg("COPY core.orders TO '/data/out/orders.csv' CSV HEADER");
    assert.deepEqual(reads(x), ['table:core.orders']);
    assert.deepEqual(writes(x), ['file:/data/out/orders.csv']);
  });

  it('COPY (SELECT ...) TO reads the query tables and writes the file', () => {
    const x = pg("COPY (SELECT * FROM a JOIN b USING (id)) TO '/tmp/ab.csv'");
    assert.deepEqual(reads(x), ['table:a', 'table:b']);
    assert.deepEqual(writes(x), ['file:/tmp/ab.csv']);
  });

  it('COPY FROM STDIN writes the table and names no file', () => {
    const x = pg('COPY staging.x FROM STDIN CSV');
    assert.deepEqual(writes(x), ['table:staging.x']);
    assert.deepEqual(reads(x), []);
  });

  it('\\copy with an unquoted file name reads the file and writes the table', () => {
    const x = pg('\\copy staging.orders_raw FROM /srv/batch/clean.csv WITH (FORMAT csv, HEADER true)');
    assert.deepEqual(reads(x), ['file:/srv/batch/clean.csv']);
    assert.deepEqual(writes(x), ['table:staging.orders_raw']);
    assert.equal(x.reads[0]?.evidence.construct, '\\copy FROM');
  });

  it('\\copy with a relative file keeps it as written and marks it partial', () => {
    const x = pg("\\copy t TO 'out/t.csv' CSV");
    assert.equal(x.writes[0]?.node.key, 'file:out/t.csv');
    assert.equal(x.writes[0]?.node.attrs.partial, true);
    assert.equal(x.writes[0]?.confidence, 'heuristic');
  });

  it('LOAD DATA LOCAL INFILE reads the file and writes the table (MySQL)', () => {
    const x = my("LOAD DATA LOCAL INFILE '/srv/drop/stock.csv' INTO TABLE stock FIELDS TERMINATED BY ','", {
      database: 'shop',
    });
    assert.deepEqual(reads(x), ['file:/srv/drop/stock.csv']);
    assert.deepEqual(writes(x), ['table:shop.stock']);
  });

  it('SELECT ... INTO OUTFILE writes the file and reads the table', () => {
    const x = my("SELECT * FROM stock WHERE qty < 5 INTO OUTFILE '/srv/reports/low.csv'");
    assert.deepEqual(reads(x), ['table:stock']);
    assert.deepEqual(writes(x), ['file:/srv/reports/low.csv']);
    assert.equal(x.writes[0]?.evidence.construct, 'SELECT INTO OUTFILE');
  });
});

describe('extractSqlText: SQL*Plus line commands (Oracle)', () => {
  const ora = (sql: string): Extraction =>
    run(sql, { dialect: 'oracle', namespace: 'oracle://ora01:1521', database: 'SALES' });

  it('SPOOL writes the output file, @ and START run other scripts, the rest is not SQL', () => {
    const x = ora(
      [
        'set pagesize 0 linesize 200',
        'column total format 999.99',
        'spool /data/out/daily.csv',
        'select id, total from sales.orders where day = trunc(sysdate);',
        'spool off',
        '@@post_steps',
        'START /opt/ora/cleanup.sql',
        'UPDATE sales.runs',
        'SET done = 1',
        '/',
        'exit',
      ].join('\n'),
    );
    assert.deepEqual(writes(x), ['file:/data/out/daily.csv', 'table:oracle://ora01:1521/sales.runs']);
    assert.deepEqual(reads(x), ['table:oracle://ora01:1521/sales.orders']);
    assert.deepEqual(
      x.invokes.map((i) => i.path),
      ['/opt/etl/post_steps.sql', '/opt/ora/cleanup.sql'],
    );
    assert.equal(x.writes.find((w) => w.node.key.startsWith('file:'))?.evidence.line, 3);
    assert.deepEqual(
      x.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message),
      [],
      'no SQL*Plus line is taken for an SQL statement',
    );
  });

  it('DML inside PL/SQL blocks, exception handlers and conditionals is found', () => {
    const x = ora(
      [
        'DECLARE',
        '  n NUMBER;',
        'BEGIN',
        '  DELETE FROM stage.orders_tmp;',
        '  SELECT COUNT(*) INTO n FROM sales.orders;',
        '  IF n > 0 THEN UPDATE stage.flags SET ready = 1;',
        '  END IF;',
        'EXCEPTION WHEN OTHERS THEN',
        '  INSERT INTO ops.error_log (msg) VALUES (SQLERRM);',
        'END;',
        '/',
      ].join('\n'),
    );
    assert.deepEqual(writes(x), [
      'table:oracle://ora01:1521/ops.error_log',
      'table:oracle://ora01:1521/stage.flags',
      'table:oracle://ora01:1521/stage.orders_tmp',
    ]);
    assert.deepEqual(reads(x), ['table:oracle://ora01:1521/sales.orders']);
    assert.deepEqual(
      x.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message),
      [],
    );
    assert.deepEqual(writes(pg('BEGIN TRANSACTION;\nDELETE FROM t;\nCOMMIT;')), ['table:t']);
  });

  it('a SET inside a statement stays SQL, and other dialects never see SQL*Plus lines', () => {
    assert.deepEqual(writes(ora('UPDATE sales.runs\nSET done = 1;')), [
      'table:oracle://ora01:1521/sales.runs',
    ]);
    const x = my('spool /data/out/x.csv\nselect 1 from t;');
    assert.deepEqual(writes(x), [], 'SPOOL means nothing to mysql');
  });
});

describe('extractSqlText: bracketed and quoted identifiers', () => {
  it('T-SQL [schema].[Table] is schema.table, also when the dialect is not known', () => {
    const x = run('SELECT e.id FROM [dbo].[Employee] e JOIN [HR].[Pay Grade] g ON g.id = e.grade');
    assert.deepEqual(reads(x), ['table:dbo.employee', 'table:hr.pay grade']);
    assert.deepEqual(writes(run('INSERT INTO [dbo].[Employee] (id) VALUES (1)', { dialect: 'mssql' })), [
      'table:dbo.employee',
    ]);
  });

  it('double-quoted parts are unquoted and lowercased', () => {
    assert.deepEqual(writes(run('UPDATE "Sales"."Orders" SET n = 1')), ['table:sales.orders']);
  });
});

// seen in a DBA's Sybase cron jobs: `isql -S SERVER <<EOF` here-documents of T-SQL batches
describe('extractSqlText: T-SQL batches (Sybase isql, sqlcmd)', () => {
  const batches = [
    'use sales_hist',
    'go',
    'delete old_msgs where queued_on < dateadd(yy,-1,getdate())',
    'go',
    "select cust_id as acct into #accts from customers where billto = '0499'",
    'go',
    'delete webshop..CUST_LIST',
    'from webshop..CUST_LIST, #accts',
    'where CustID = acct',
    'go',
    'insert webshop..CUST_LIST',
    "select acct, Name from webshop..CUST_LIST, #accts where CustID = '4220'",
    'go 2',
    'update deliveries set city = c.city',
    'from deliveries d, ##cities c, geo.dbo.postal_codes p',
    'where d.postal = p.postal',
    'go',
    'exit',
  ].join('\n');

  it('go ends a batch, use sets the database, db..t and db.dbo.t name tables, #temps are left out', () => {
    const x = run(batches, { dialect: 'mssql', namespace: 'sybase://cpdb1' });
    assert.deepEqual(reads(x), [
      'table:sybase://cpdb1/geo.dbo.postal_codes',
      'table:sybase://cpdb1/sales_hist.customers',
      'table:sybase://cpdb1/sales_hist.deliveries',
      'table:sybase://cpdb1/webshop.cust_list',
    ]);
    assert.deepEqual(writes(x), [
      'table:sybase://cpdb1/sales_hist.deliveries',
      'table:sybase://cpdb1/sales_hist.old_msgs',
      'table:sybase://cpdb1/webshop.cust_list',
    ]);
  });

  it('DELETE without FROM and INSERT without INTO write their table; # is a comment only outside T-SQL', () => {
    const x = run('delete staging_rows where loaded = 1;\ninsert audit_log select * from staging_rows;', {
      dialect: 'mssql',
    });
    assert.deepEqual(writes(x), ['table:audit_log', 'table:staging_rows']);
    const mysql = run('select a from t1 # a comment naming t2\n', { dialect: 'mysql' });
    assert.deepEqual(reads(mysql), ['table:t1']);
  });
});
