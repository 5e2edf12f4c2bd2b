import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Language } from '../../src/extract/types.js';
import { rng } from '../helpers/prng.js';
import { extractSnippet } from '../helpers/script.js';

/** Pieces of each language, shuffled and cut at random: the extractor must neither throw nor hang. */
const PIECES: Record<string, string[]> = {
  r: [
    'x <- read.csv(',
    'args[1]',
    ')',
    'paste0("/a/", ',
    '{',
    '}',
    'function(a)',
    'for (i in c("a"))',
    '"',
    '\n',
    '%>%',
    'dbGetQuery(con, "SELECT * FROM t")',
    'file.path(',
  ],
  node: [
    "require('fs')",
    '.readFileSync(',
    '`${',
    '}`',
    'process.argv[2]',
    '(',
    ')',
    '{',
    '}',
    '=>',
    'const {a} = ',
    "'",
    '\n',
    'pool.query("SELECT 1 FROM t")',
  ],
  php: [
    '<?php ',
    '$x = ',
    'fopen(',
    '"/a/$y"',
    ', "w")',
    ';',
    '{',
    '}',
    '->query(',
    "'",
    '"',
    '\n',
    'foreach ($a as $b)',
    '`ls`',
  ],
  ruby: [
    'File.write(',
    'ARGV[0]',
    '"#{',
    '}"',
    'do |f|',
    'end',
    '(',
    ')',
    "'",
    '\n',
    'conn.exec("DELETE FROM t")',
    '%w[a b].each',
  ],
  awk: ['{ print > ', '"/a/" $1', '}', 'BEGIN', '(getline l < "f")', '|', 'system(', ')', '"', '\n', 'END {'],
};

describe('script extractors on broken input', () => {
  for (const [lang, pieces] of Object.entries(PIECES)) {
    it(`${lang}: 60 random cuts of its own syntax give diagnostics, never a throw`, async () => {
      const random = rng(lang.length * 7919);
      for (let n = 0; n < 60; n++) {
        const parts: string[] = [];
        const count = 1 + Math.floor(random() * 25);
        for (let i = 0; i < count; i++) parts.push(pieces[Math.floor(random() * pieces.length)] as string);
        const text = parts.join(random() < 0.5 ? ' ' : '');
        const x = await extractSnippet(lang as Language, text, { args: ['/srv/in/a.csv'] });
        for (const r of [...x.reads, ...x.writes]) {
          assert.ok(r.evidence.line >= 1, `${lang}: an edge without a line for ${JSON.stringify(text)}`);
          assert.ok(!/^\*/.test(r.node.attrs.path ?? ''), `${lang}: a path starting with an unknown part`);
        }
      }
    });
  }

  it('a binary-looking file is read without a throw', async () => {
    const x = await extractSnippet('node', '\u0000\u0001\u0002garbage\u00ff', {});
    assert.equal(x.reads.length, 0);
  });
});
