import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createParsers } from '../../../src/extract/parse/tree-sitter.js';
import { sqlExtractor } from '../../../src/extract/sql/index.js';
import type { Extraction, ScriptContext, SqlContext } from '../../../src/extract/types.js';
import { ServerFs } from '../../../src/util/server-fs.js';
import { makeRoot } from '../../helpers/server-root.js';

const SNIPPETS = new URL('../../fixtures/snippets/sql/', import.meta.url);

async function extractFile(
  name: string,
  path: string,
  sqlContext?: SqlContext,
  cwd = '/opt/sql',
): Promise<Extraction> {
  const text = readFileSync(new URL(name, SNIPPETS), 'utf8');
  const ctx: ScriptContext = {
    path,
    text,
    language: 'sql',
    args: [],
    env: {},
    cwd,
    host: 'db01',
    fs: new ServerFs(makeRoot({})),
    parsers: await createParsers(),
    budgetMs: 5000,
    ...(sqlContext ? { sqlContext } : {}),
  };
  return sqlExtractor.extract(ctx);
}
const keys = (refs: Extraction['reads']): string[] => [...new Set(refs.map((r) => r.node.key))].sort();

describe('sqlExtractor', () => {
  it('declares the sql language', () => {
    assert.deepEqual(sqlExtractor.languages, ['sql']);
  });

  it('reads a PostgreSQL .sql file: CTE, upsert, TRUNCATE, commented-out SQL ignored', async () => {
    const x = await extractFile('nightly-merge.pg.sql', '/opt/sql/nightly-merge.sql', {
      dialect: 'postgresql',
      namespace: 'postgres://pg01:5432',
    });
    assert.deepEqual(keys(x.reads), [
      'table:postgres://pg01:5432/core.customers',
      'table:postgres://pg01:5432/staging.orders_raw',
    ]);
    assert.deepEqual(keys(x.writes), [
      'table:postgres://pg01:5432/core.orders',
      'table:postgres://pg01:5432/staging.orders_raw',
    ]);
    const truncate = x.writes.find((w) => w.evidence.construct === 'SQL TRUNCATE');
    assert.equal(truncate?.evidence.line, 21);
    assert.equal(truncate?.evidence.file, '/opt/sql/nightly-merge.sql');
    assert.deepEqual(x.diagnostics, []);
  });

  it('reads a MySQL .sql file: USE, LOAD DATA, DELIMITER blocks, REPLACE, INTO OUTFILE, SOURCE', async () => {
    const x = await extractFile('warehouse-load.mysql.sql', '/opt/sql/warehouse-load.sql', {
      dialect: 'mysql',
    });
    assert.deepEqual(keys(x.reads), [
      'file:/srv/drop/stock.csv',
      'table:shop.stock_levels',
      'table:shop.stock_summary',
    ]);
    assert.deepEqual(keys(x.writes), [
      'file:/srv/reports/low_stock.csv',
      'table:shop.stock_levels',
      'table:shop.stock_summary',
    ]);
    assert.deepEqual(
      x.invokes.map((i) => [i.path, i.language, i.interpreter, i.sqlContext?.database]),
      [['/opt/sql/cleanup.sql', 'sql', 'mysql', 'shop']],
    );
  });

  it('follows psql meta-commands: \\set variables, \\copy, \\i, \\ir, \\c', async () => {
    const x = await extractFile(
      'psql-session.sql',
      '/opt/sql/fx/session.sql',
      { dialect: 'postgresql' },
      '/srv/work',
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/in/rates.csv', 'table:fx.rates', 'table:mart.daily_fx']);
    assert.deepEqual(keys(x.writes), [
      'file:/srv/work/exports/daily_fx.csv',
      'table:fx.rates',
      'table:mart.daily_fx',
    ]);
    const copyIn = x.reads.find((r) => r.node.key === 'file:/srv/in/rates.csv');
    assert.equal(copyIn?.confidence, 'heuristic');
    assert.equal(copyIn?.evidence.construct, '\\copy FROM');
    const viaVariable = x.reads.find((r) => r.node.key === 'table:fx.rates');
    assert.equal(viaVariable?.confidence, 'resolved');
    const invoked = x.invokes.map((i) => i.path).sort();
    assert.deepEqual(invoked, ['/opt/sql/fx/checks/verify.sql', '/opt/sql/post_load.sql']);
  });

  it('\\c switches the database the following statements run in', async () => {
    const x = await extractFile('psql-session.sql', '/opt/sql/fx/session.sql', { dialect: 'postgresql' });
    const before = x.invokes.find((i) => i.path === '/opt/sql/post_load.sql');
    const after = x.invokes.find((i) => i.path === '/opt/sql/fx/checks/verify.sql');
    assert.equal(before?.sqlContext?.database, undefined);
    assert.equal(after?.sqlContext?.database, 'reporting');
  });
});
