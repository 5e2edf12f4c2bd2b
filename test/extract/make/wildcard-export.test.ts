/**
 * A Makefile whose targets come from the files present (`$(wildcard ...)` through `patsubst`
 * into a pattern rule) and whose recipes see variables it exports (`export NAME = value`).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeExtractor } from '../../../src/extract/make/index.js';
import { planMake } from '../../../src/extract/make/plan.js';
import { keys, shellContext } from '../../helpers/shell.js';

const MAKEFILE = `SPOOL = /var/feeds
export FEED_DB = postgresql://loader@dbhost7/feeds
unexport SECRET_TOKEN
SOURCES := $(wildcard drops/*.xml)
PARSED := $(patsubst drops/%.xml,$(SPOOL)/%.tsv,$(SOURCES))

all: $(PARSED) push

$(SPOOL)/%.tsv: drops/%.xml bin/parse.py
\tpython3 bin/parse.py $< $@

push: $(PARSED)
\tnode bin/push.js $^
`;

const files = {
  '/opt/feeds/Makefile': MAKEFILE,
  '/opt/feeds/drops/north.xml': '<x/>',
  '/opt/feeds/drops/south.xml': '<x/>',
  '/opt/feeds/drops/notes.txt': 'not xml',
  '/opt/feeds/bin/parse.py': 'import sys\nopen(sys.argv[1]).read()\nopen(sys.argv[2], "w").write("")\n',
  '/opt/feeds/bin/push.js':
    "const { Client } = require('pg');\nconst c = new Client({ connectionString: process.env.FEED_DB });\nc.query('INSERT INTO arrivals (n) VALUES (1)');\n",
};

async function extract(goal: string) {
  const ctx = await shellContext({
    files,
    text: MAKEFILE,
    path: '/opt/feeds/Makefile',
    args: [goal],
    cwd: '/opt/feeds',
  });
  return { ctx, ex: makeExtractor.extract({ ...ctx, language: 'make' }) };
}

describe('make: $(wildcard) over the files under ROOT', () => {
  test('each matching file becomes a target of the pattern rule, named as make names it', async () => {
    const { ex } = await extract('all');
    assert.deepEqual(
      ex.invokes.filter((i) => i.path.endsWith('parse.py')).map((i) => i.args.join(' ')),
      ['drops/north.xml /var/feeds/north.tsv', 'drops/south.xml /var/feeds/south.tsv'],
    );
    assert.deepEqual(
      keys(ex).invokes.filter((i) => i.includes('push.js')),
      ['/opt/feeds/bin/push.js /var/feeds/north.tsv /var/feeds/south.tsv'],
    );
  });

  test('a pattern that matches nothing under ROOT stays as written (the job may make the files)', () => {
    const plan = planMake({
      file: '/w/Makefile',
      text: 'LIST := $(wildcard in/*.json)\nall:\n\tcat $(LIST) > out.txt\n',
      cwd: '/w',
      goals: ['all'],
      overrides: {},
      env: {},
      read: () => undefined,
      exists: () => false,
      glob: () => undefined,
    });
    assert.deepEqual(
      plan.runs[0]?.lines.map((l) => l.text),
      ['cat in/*.json > out.txt'],
    );
  });
});

describe('make: exported variables', () => {
  test('export NAME = value is in the recipes environment; unexport and plain variables are not', async () => {
    const plan = planMake({
      file: '/opt/feeds/Makefile',
      text: MAKEFILE,
      cwd: '/opt/feeds',
      goals: ['push'],
      overrides: {},
      env: {},
      read: () => undefined,
      exists: () => false,
    });
    assert.deepEqual(plan.exported, { FEED_DB: 'postgresql://loader@dbhost7/feeds' });
    const { ex } = await extract('push');
    const push = ex.invokes.find((i) => i.path.endsWith('push.js'));
    // the callee runs with it: node-postgres will connect to dbhost7, not localhost
    assert.equal(push?.env?.FEED_DB, 'postgresql://loader@dbhost7/feeds');
    assert.equal(push?.env?.SPOOL, undefined);
  });
});
