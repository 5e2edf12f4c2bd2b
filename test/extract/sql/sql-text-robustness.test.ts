import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractSqlText } from '../../../src/extract/sql/index.js';
import type { Extraction, SqlContext } from '../../../src/extract/types.js';

const FILE = '/opt/etl/load.sh';

function run(sql: string, ctx: Partial<SqlContext> = {}, line = 1): Extraction {
  return extractSqlText(sql, { file: FILE, line, ctx: { dialect: 'unknown', ...ctx } });
}
const keys = (refs: Extraction['reads']): string[] => refs.map((r) => r.node.key).sort();

describe('extractSqlText: names', () => {
  it('qualifies unqualified MySQL tables with the default database, keeps qualified ones', () => {
    const x = run('INSERT INTO archive.orders SELECT * FROM orders', {
      dialect: 'mysql',
      database: 'shop',
      namespace: 'mysql://db01:3306',
    });
    assert.deepEqual(keys(x.reads), ['table:mysql://db01:3306/shop.orders']);
    assert.deepEqual(keys(x.writes), ['table:mysql://db01:3306/archive.orders']);
    assert.equal(x.reads[0]?.node.attrs.namespace, 'mysql://db01:3306');
  });

  it('qualifies PostgreSQL tables with the schema only when one is given', () => {
    assert.deepEqual(keys(run('SELECT * FROM orders', { dialect: 'postgresql', database: 'dw' }).reads), [
      'table:orders',
    ]);
    assert.deepEqual(keys(run('SELECT * FROM orders', { dialect: 'postgresql', schema: 'sales' }).reads), [
      'table:sales.orders',
    ]);
  });

  it('lowercases names and strips backticks and double quotes', () => {
    assert.deepEqual(keys(run('SELECT * FROM `Shop`.`Orders`', { dialect: 'mysql' }).reads), [
      'table:shop.orders',
    ]);
    assert.deepEqual(keys(run('SELECT * FROM "Sales"."Orders"', { dialect: 'postgresql' }).reads), [
      'table:sales.orders',
    ]);
  });

  it('USE db changes the default database of later statements (MySQL)', () => {
    const x = run('SELECT * FROM a;\nUSE shop;\nSELECT * FROM b', { dialect: 'mysql', database: 'crm' });
    assert.deepEqual(keys(x.reads), ['table:crm.a', 'table:shop.b']);
  });

  it('SET search_path changes the default schema (PostgreSQL)', () => {
    const x = run('SET search_path TO mart, public;\nSELECT * FROM dim_date', { dialect: 'postgresql' });
    assert.deepEqual(keys(x.reads), ['table:mart.dim_date']);
  });
});

describe('extractSqlText: comments, placeholders, holes', () => {
  it('a comment yields no table', () => {
    const x = run('-- SELECT * FROM a\n/* INSERT INTO b SELECT 1 */\nSELECT 1', { dialect: 'postgresql' });
    assert.deepEqual([...keys(x.reads), ...keys(x.writes)], []);
  });

  it('a # comment yields no table in MySQL', () => {
    const x = run('# DELETE FROM users\nSELECT id FROM accounts', { dialect: 'mysql' });
    assert.deepEqual(keys(x.reads), ['table:accounts']);
    assert.deepEqual(keys(x.writes), []);
  });

  it('tolerates driver placeholders %s, %(name)s, ?, :name and $1', () => {
    for (const [sql, dialect] of [
      ['INSERT INTO t (a, b) VALUES (%s, %(b)s)', 'mysql'],
      ['INSERT INTO t (a, b) VALUES (?, ?)', 'unknown'],
      ['INSERT INTO t (a, b) VALUES (:a, :b)', 'unknown'],
      ['INSERT INTO t (a, b) VALUES ($1, $2)', 'postgresql'],
    ] as const) {
      const x = run(sql, { dialect });
      assert.deepEqual(keys(x.writes), ['table:t'], sql);
      assert.equal(x.writes[0]?.confidence, 'exact', sql);
    }
  });

  it('a table built from a caller hole becomes a partial name', () => {
    const x = run('SELECT * FROM sales_{year} s JOIN regions r ON r.id = s.region_id', { dialect: 'mysql' });
    assert.deepEqual(keys(x.reads), ['table:regions', 'table:sales_*']);
    const partial = x.reads.find((r) => r.node.key === 'table:sales_*');
    assert.equal(partial?.confidence, 'partial');
    assert.equal(partial?.node.attrs.partial, true);
  });

  it('a table that is only a `*` hole or a %s placeholder stays partial', () => {
    assert.deepEqual(keys(run('DELETE FROM * WHERE id = ?', { dialect: 'mysql', database: 'app' }).writes), [
      'table:app.*',
    ]);
    assert.deepEqual(keys(run('SELECT count(*) FROM %s', { dialect: 'mysql' }).reads), ['table:*']);
  });

  it('skips the inline rows of a pg_dump COPY ... FROM stdin', () => {
    const dump = [
      'COPY public.orders (id, note) FROM stdin;',
      '1\tselect from nowhere',
      '2\tinsert into fake values',
      '\\.',
      '',
      'SELECT count(*) FROM public.customers;',
    ].join('\n');
    const x = run(dump, { dialect: 'postgresql' });
    assert.deepEqual(keys(x.writes), ['table:public.orders']);
    assert.deepEqual(keys(x.reads), ['table:public.customers']);
    assert.equal(x.reads[0]?.evidence.line, 6);
    assert.equal(x.diagnostics.length, 0);
  });

  it('several statements in one text each give their edges', () => {
    const x = run('INSERT INTO a SELECT * FROM b; DELETE FROM c; SELECT * FROM d', { dialect: 'postgresql' });
    assert.deepEqual(keys(x.writes), ['table:a', 'table:c']);
    assert.deepEqual(keys(x.reads), ['table:b', 'table:d']);
  });

  it('ignores bodies of functions and procedures (definitions, not runs)', () => {
    const pgFn =
      'CREATE FUNCTION f() RETURNS void AS $$ BEGIN INSERT INTO t VALUES (1); END $$ LANGUAGE plpgsql;';
    assert.equal(run(pgFn, { dialect: 'postgresql' }).writes.length, 0);
    const myProc =
      'DELIMITER //\nCREATE PROCEDURE p() BEGIN INSERT INTO t SELECT * FROM u; END //\nDELIMITER ;';
    const x = run(myProc, { dialect: 'mysql' });
    assert.equal(x.writes.length + x.reads.length, 0);
    assert.equal(x.diagnostics.length, 0);
  });
});

describe('extractSqlText: evidence and bad input', () => {
  it('puts each edge on the line of its table, offset by where the SQL starts', () => {
    const x = run('SELECT *\nFROM orders o\nJOIN items i ON i.order_id = o.id', { dialect: 'mysql' }, 40);
    const lines = Object.fromEntries(x.reads.map((r) => [r.node.key, r.evidence.line]));
    assert.deepEqual(lines, { 'table:orders': 41, 'table:items': 42 });
    assert.equal(x.reads[0]?.evidence.file, FILE);
    assert.equal(x.reads[0]?.evidence.method, 'static');
  });

  it("prefixes the caller's construct and takes snippets from the caller's lines", () => {
    const x = extractSqlText('SELECT * FROM t', {
      file: FILE,
      line: 2,
      ctx: { dialect: 'mysql' },
      construct: 'cursor.execute',
      snippetLines: ['import db', '  cur.execute("SELECT * FROM t")  '],
    });
    assert.equal(x.reads[0]?.evidence.construct, 'cursor.execute: SQL SELECT');
    assert.equal(x.reads[0]?.evidence.snippet, 'cur.execute("SELECT * FROM t")');
  });

  it('redacts secrets in snippets', () => {
    const x = run("INSERT INTO users (name, password) VALUES ('bob', 'password=hunter2')", {
      dialect: 'mysql',
    });
    assert.ok(x.writes[0]);
    assert.doesNotMatch(x.writes[0].evidence.snippet ?? '', /hunter2/);
  });

  it('unparseable SQL gives a warning with file:line', () => {
    const x = run('SELECT 1;\n\nFROBNICATE the widgets NOW', { dialect: 'postgresql' }, 10);
    const d = x.diagnostics.find((e) => e.code === 'sql-unparsed');
    assert.ok(d);
    assert.equal(d.severity, 'warning');
    assert.deepEqual(d.location, { file: FILE, line: 12 });
  });

  it('an INSERT with no table gives a warning, not a throw', () => {
    const x = run('INSERT INTO', { dialect: 'mysql' });
    assert.equal(x.writes.length, 0);
    assert.ok(x.diagnostics.some((d) => d.code === 'sql-unparsed'));
  });

  it('unterminated strings and comments do not throw', () => {
    for (const sql of [
      "SELECT * FROM t WHERE a = 'oops",
      'SELECT * FROM t /* never closed',
      'COPY t FROM',
      '\\copy',
      '(((',
    ]) {
      assert.doesNotThrow(() => run(sql, { dialect: 'postgresql' }), sql);
    }
  });

  it('a 1 MB SQL text finishes', () => {
    const row =
      "INSERT INTO big_table (id, payload) VALUES (1, 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx');\n";
    const sql = `SELECT * FROM head_table;\n${row.repeat(Math.ceil(1_000_000 / row.length))}`;
    const x = run(sql, { dialect: 'mysql' });
    assert.deepEqual(keys(x.reads), ['table:head_table']);
    assert.ok(x.writes.length >= 1 && x.writes.length <= 3, 'repeated evidence is capped');
    assert.equal(x.writes[0]?.node.key, 'table:big_table');
  });

  it('a single 1 MB statement goes to the token scanner', () => {
    const values = Array.from({ length: 40_000 }, (_, i) => `(${i}, 'v${i}')`).join(',');
    const x = run(`INSERT INTO huge (id, v) VALUES ${values}`, { dialect: 'mysql' });
    assert.deepEqual(keys(x.writes), ['table:huge']);
    assert.equal(x.writes[0]?.confidence, 'heuristic');
    assert.ok(x.diagnostics.some((d) => d.code === 'sql-long-statement'));
  });
});
