import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { createParsers, type Parsers } from '../../../src/extract/parse/tree-sitter.js';
import { perlExtractor } from '../../../src/extract/perl/index.js';
import { ServerFs } from '../../../src/util/server-fs.js';
import { rng } from '../../helpers/prng.js';
import { makeRoot } from '../../helpers/server-root.js';

const SNIPPETS = new URL('../../fixtures/snippets/perl/', import.meta.url);
const seeds = readdirSync(SNIPPETS).map((f) => readFileSync(new URL(f, SNIPPETS), 'utf8'));
const PIECES = [
  "'",
  '"',
  '`',
  'q{',
  '}',
  '<<EOF',
  '\nEOF\n',
  '#',
  ';',
  '(',
  ')',
  '{',
  '$',
  '@',
  '%',
  '/',
  '=pod\n',
  '\n=cut\n',
  'open(',
  'system(',
  '->do(',
];
let parsers: Parsers;
before(async () => {
  parsers = await createParsers();
});

/** mulberry32: deterministic, so a failing input can be replayed. */
describe('perlExtractor under mutated input', () => {
  it('never fails internally and keeps evidence on every edge', () => {
    const r = rng(7331);
    const fs = new ServerFs(makeRoot({}));
    for (let n = 0; n < 150; n++) {
      let text = seeds[n % seeds.length] ?? '';
      for (let k = 0; k < 1 + Math.floor(r() * 5); k++) {
        const at = Math.floor(r() * (text.length + 1));
        text =
          r() < 0.6
            ? text.slice(0, at) + (PIECES[Math.floor(r() * PIECES.length)] ?? '') + text.slice(at)
            : text.slice(0, at) + text.slice(at + Math.floor(r() * 30));
      }
      const x = perlExtractor.extract({
        path: '/opt/f.pl',
        text,
        language: 'perl',
        args: ['a'],
        env: {},
        cwd: '/opt',
        host: 'h',
        fs,
        parsers,
        budgetMs: 5000,
      });
      assert.ok(
        !x.diagnostics.some((d) => d.code === 'perl-internal-error'),
        `internal error on input #${n}: ${JSON.stringify(x.diagnostics[0])}`,
      );
      for (const ref of [...x.reads, ...x.writes]) assert.ok(ref.evidence.line >= 1);
    }
  });
});
