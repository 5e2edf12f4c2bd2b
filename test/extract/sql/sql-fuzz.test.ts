import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { extractSqlText } from '../../../src/extract/sql/index.js';
import type { SqlContext } from '../../../src/extract/types.js';
import { rng } from '../../helpers/prng.js';

const SNIPPETS = new URL('../../fixtures/snippets/sql/', import.meta.url);
const seeds = readdirSync(SNIPPETS).map((f) => readFileSync(new URL(f, SNIPPETS), 'utf8'));
const PIECES = [
  "'",
  '"',
  '`',
  '$$',
  '/*',
  '*/',
  '--',
  '#',
  ';',
  '(',
  ')',
  '\\copy ',
  'FROM ',
  'INTO ',
  '{x}',
  '*',
  '%s',
  ':v',
  '\n',
];
const DIALECTS: SqlContext['dialect'][] = ['mysql', 'postgresql', 'unknown', 'sqlite'];

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function mutate(text: string, r: () => number): string {
  let s = text;
  const edits = 1 + Math.floor(r() * 6);
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(r() * (s.length + 1));
    const choice = r();
    if (choice < 0.4) s = s.slice(0, at) + (PIECES[Math.floor(r() * PIECES.length)] ?? '') + s.slice(at);
    else if (choice < 0.7) s = s.slice(0, at) + s.slice(at + Math.floor(r() * 20));
    else s = s.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x3000)) + s.slice(at);
  }
  return s;
}

describe('extractSqlText under random and mutated input', () => {
  it('never throws, and every edge keeps file and line', () => {
    const r = rng(20240607);
    for (let n = 0; n < 150; n++) {
      const base = seeds[n % seeds.length] ?? '';
      const text =
        n % 5 === 0
          ? Array.from({ length: 200 }, () => PIECES[Math.floor(r() * PIECES.length)]).join('')
          : mutate(base, r);
      const dialect = DIALECTS[n % DIALECTS.length] ?? 'unknown';
      const x = extractSqlText(text, { file: '/fuzz.sql', line: 1, ctx: { dialect } });
      for (const ref of [...x.reads, ...x.writes]) {
        assert.equal(ref.evidence.file, '/fuzz.sql');
        assert.ok(Number.isInteger(ref.evidence.line) && ref.evidence.line >= 1, `line of ${ref.node.key}`);
      }
      assert.ok(!x.diagnostics.some((d) => d.code === 'sql-internal-error'), `internal error on input #${n}`);
    }
  });
});
