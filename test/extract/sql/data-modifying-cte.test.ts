/** A data-modifying CTE (PostgreSQL) writes its table even when the outer statement is a SELECT. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractSqlText } from '../../../src/extract/sql/index.js';
import type { Extraction } from '../../../src/extract/types.js';

const pg = (sql: string): Extraction =>
  extractSqlText(sql, { file: '/opt/queue/claim.py', line: 4, ctx: { dialect: 'postgresql' } });
const keys = (refs: Extraction['reads']): string[] => [...new Set(refs.map((r) => r.node.key))].sort();

describe('extractSqlText: WITH x AS (UPDATE ...) SELECT', () => {
  it('the UPDATE inside the CTE writes its table; the CTE name is no table', () => {
    const x = pg(
      'WITH claimed AS (UPDATE jobs.inbox SET owner = 7 WHERE owner IS NULL RETURNING id) SELECT count(*) FROM claimed',
    );
    assert.deepEqual(keys(x.writes), ['table:jobs.inbox']);
    assert.deepEqual(keys(x.reads), []);
    assert.equal(x.writes[0]?.evidence.construct, 'SQL UPDATE');
  });

  it('a plain UPDATE ... FROM still only reads the FROM table', () => {
    const x = pg('UPDATE jobs.inbox i SET owner = w.id FROM jobs.workers w WHERE w.free');
    assert.deepEqual(keys(x.writes), ['table:jobs.inbox']);
    assert.deepEqual(keys(x.reads), ['table:jobs.workers']);
  });
});
