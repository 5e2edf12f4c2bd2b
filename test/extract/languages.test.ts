import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { detectLanguage, extractorFor, extractors } from '../../src/extract/index.js';
import {
  languageOfInterpreter,
  languageOfPath,
  languageOfShebang,
  languages,
} from '../../src/extract/languages.js';

describe('language registry', () => {
  it('gives every language a distinct id, and no extension to two languages', () => {
    const ids = languages.map((l) => l.id);
    assert.equal(new Set(ids).size, ids.length);
    const exts = languages.flatMap((l) => l.extensions);
    assert.equal(new Set(exts).size, exts.length);
  });

  it('has an extractor for every registered language, and a test folder for each', () => {
    for (const l of languages) {
      const x = extractorFor(l.id);
      assert.ok(x, `no extractor for ${l.id}`);
      assert.ok(x.languages.includes(l.id), `${x.id} does not declare ${l.id}`);
      assert.ok(existsSync(l.tests), `${l.id}: tests folder ${l.tests} is missing`);
    }
    assert.equal(Object.keys(extractors).length, languages.length);
  });

  it('picks a language from the extension, case-insensitively', () => {
    assert.equal(languageOfPath('/opt/etl/load.py'), 'python');
    assert.equal(languageOfPath('/opt/rep/summarise.R'), 'r');
    assert.equal(languageOfPath('/opt/web/publish.mjs'), 'node');
    assert.equal(languageOfPath('/opt/web/cron.php'), 'php');
    assert.equal(languageOfPath('/opt/ops/rotate.rb'), 'ruby');
    assert.equal(languageOfPath('/opt/rep/sum.awk'), 'awk');
    assert.equal(languageOfPath('/opt/rep/README'), undefined);
  });

  it('reads the interpreter a shebang names, through env and its options', () => {
    assert.equal(languageOfShebang('#!/usr/bin/env python3\nprint(1)'), 'python');
    assert.equal(languageOfShebang('#!/usr/bin/env -S Rscript --vanilla\n'), 'r');
    assert.equal(languageOfShebang('#!/usr/bin/awk -f\n'), 'awk');
    assert.equal(languageOfShebang('#!/usr/local/bin/ruby2.7\n'), 'ruby');
    assert.equal(languageOfShebang('#!/usr/bin/php -q\n'), 'php');
    assert.equal(languageOfShebang('no shebang'), undefined);
  });

  it('names the language an interpreter runs', () => {
    assert.equal(languageOfInterpreter('/usr/bin/python3.11'), 'python');
    assert.equal(languageOfInterpreter('Rscript'), 'r');
    assert.equal(languageOfInterpreter('nodejs'), 'node');
    assert.equal(languageOfInterpreter('gawk'), 'awk');
    assert.equal(languageOfInterpreter('cp'), undefined);
  });

  it('prefers the caller hint, then the extension, then the shebang', () => {
    assert.equal(detectLanguage('/opt/x/run', '#!/bin/bash\n', 'sql'), 'sql');
    assert.equal(detectLanguage('/opt/x/run.pl', '#!/usr/bin/env python3\n'), 'perl');
    assert.equal(detectLanguage('/opt/x/run', '#!/usr/bin/env node\n'), 'node');
    assert.equal(detectLanguage('/opt/x/run', 'echo hi\n'), 'unknown');
  });
});
