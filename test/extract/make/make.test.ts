/**
 * make as an orchestrator: a job that runs `make TARGET` runs the target's recipes in dependency
 * order, with make's variables bound; file prerequisites and targets are the recipe script's reads
 * and writes. Nothing is executed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeExtractor } from '../../../src/extract/make/index.js';
import { planMake } from '../../../src/extract/make/plan.js';
import { extractCronCommand, extractShell, keys, shellContext } from '../../helpers/shell.js';

const LEDGER_MAKEFILE = `# month-end ledger
PY ?= python3
BASE := /srv/ledger
OUT = $(BASE)/out
STAMP := $(shell date +%Y%m)
SCRIPTS = /opt/ledger/bin

.PHONY: nightly weekly clean

nightly: $(OUT)/balances.csv $(OUT)/summary.txt

$(OUT)/balances.csv: $(BASE)/in/entries.json
\t@$(PY) $(SCRIPTS)/balance.py $< $@

$(OUT)/summary.txt: $(OUT)/balances.csv
\tsort -t, -k2 $< | head -20 > $@

weekly: nightly
\t-$(SCRIPTS)/ship.sh $(OUT)/summary.txt archive_$(STAMP).tgz

clean:
\trm -f $(OUT)/*
`;

const files = {
  '/opt/ledger/Makefile': LEDGER_MAKEFILE,
  '/opt/ledger/bin/balance.py': 'import sys\n',
  '/opt/ledger/bin/ship.sh': '#!/bin/sh\n',
};

describe('make: planning', () => {
  test('recipes run after their prerequisites, with $< $@ and variables expanded', () => {
    const plan = planMake({
      file: '/m/Makefile',
      text: LEDGER_MAKEFILE,
      cwd: '/m',
      goals: ['weekly'],
      overrides: {},
      env: {},
      read: () => undefined,
      exists: () => false,
    });
    assert.deepEqual(
      plan.runs.map((r) => r.target),
      ['/srv/ledger/out/balances.csv', '/srv/ledger/out/summary.txt', 'weekly'],
    );
    assert.equal(
      plan.runs[0]?.lines[0]?.text,
      '@python3 /opt/ledger/bin/balance.py /srv/ledger/in/entries.json /srv/ledger/out/balances.csv',
    );
    assert.equal(plan.runs[0]?.lines[0]?.line, 13);
    // $(shell date) is unknown: * in its place
    assert.match(plan.runs[2]?.lines[0]?.text ?? '', /archive_\*\.tgz$/);
    assert.equal(plan.runs[2]?.targetIsFile, false);
  });

  test('command-line assignments override ?= and =; the default goal is the first target', () => {
    const plan = planMake({
      file: '/m/Makefile',
      text: LEDGER_MAKEFILE,
      cwd: '/m',
      goals: [],
      overrides: { PY: '/opt/venv/bin/python', BASE: '/data' },
      env: {},
      read: () => undefined,
      exists: () => false,
    });
    assert.equal(
      plan.runs[0]?.lines[0]?.text,
      '@/opt/venv/bin/python /opt/ledger/bin/balance.py /data/in/entries.json /data/out/balances.csv',
    );
  });

  test('pattern rules apply with the stem; includes and conditionals are read', () => {
    const text =
      'include vars.mk\nifdef FEED\nall: $(FEED).csv\nelse\nall: other.csv\nendif\n%.csv: %.json\n\tjq -r .rows $< > $@\n';
    const plan = planMake({
      file: '/w/Makefile',
      text,
      cwd: '/w',
      goals: [],
      overrides: {},
      env: {},
      read: (p) => (p === '/w/vars.mk' ? 'FEED = prices\n' : undefined),
      exists: (p) => p === '/w/prices.json',
    });
    assert.deepEqual(
      plan.runs.map((r) => [r.target, r.lines[0]?.text]),
      [['prices.csv', 'jq -r .rows prices.json > prices.csv']],
    );
  });
});

async function extractMake(args: string[], cwd = '/opt/ledger') {
  const ctx = await shellContext({ files, text: LEDGER_MAKEFILE, path: '/opt/ledger/Makefile', args, cwd });
  return makeExtractor.extract({ ...ctx, language: 'make' });
}

describe('make: a job that runs make', () => {
  test('cd DIR && make -s TARGET invokes DIR/Makefile with the goal, from DIR', async () => {
    const ex = await extractCronCommand('cd /opt/ledger && make -s weekly', { files });
    assert.deepEqual(keys(ex).invokes, ['/opt/ledger/Makefile weekly']);
    assert.equal(ex.invokes[0]?.language, 'make');
    assert.equal(ex.invokes[0]?.cwd, '/opt/ledger');
  });

  test('make -C DIR, make -f FILE and VAR=value overrides', async () => {
    const viaC = await extractCronCommand('make -C /opt/ledger -j 2 nightly', { files });
    assert.deepEqual(keys(viaC).invokes, ['/opt/ledger/Makefile nightly']);
    const viaF = await extractShell('make -f /opt/ledger/Makefile BASE=/mnt/ledger nightly', {
      files,
      cwd: '/tmp',
    });
    assert.deepEqual(keys(viaF).invokes, ['/opt/ledger/Makefile BASE=/mnt/ledger nightly']);
    assert.equal(viaF.invokes[0]?.cwd, '/tmp');
  });

  test('the Makefile runs the recipes as shell; prerequisites and targets go to the recipe script', async () => {
    const ex = await extractMake(['weekly']);
    const k = keys(ex);
    assert.deepEqual(k.invokes, [
      '/opt/ledger/bin/balance.py /srv/ledger/in/entries.json /srv/ledger/out/balances.csv',
      '/opt/ledger/bin/ship.sh /srv/ledger/out/summary.txt archive_*.tgz',
    ]);
    const balance = ex.invokes.find((i) => i.path.endsWith('balance.py'));
    assert.deepEqual(
      balance?.redirects?.reads.map((r) => r.node.key),
      ['file:/srv/ledger/in/entries.json'],
    );
    assert.deepEqual(
      balance?.redirects?.writes.map((r) => r.node.key),
      ['file:/srv/ledger/out/balances.csv'],
    );
    // a recipe that runs no script: the Makefile itself reads and writes
    assert.deepEqual(k.reads, ['file:/srv/ledger/out/balances.csv']);
    assert.deepEqual(k.writes, ['file:/srv/ledger/out/summary.txt']);
    assert.equal(ex.writes[0]?.evidence.file, '/opt/ledger/Makefile');
    assert.equal(ex.writes[0]?.evidence.line, 16);
    // `weekly` and `nightly` are goal names, not files
    assert.ok(![...k.reads, ...k.writes].some((x) => /weekly|nightly/.test(x)));
  });

  test('overrides passed as arguments rebind the Makefile variables', async () => {
    const k = keys(await extractMake(['BASE=/mnt/ledger', 'nightly']));
    assert.deepEqual(k.invokes, [
      '/opt/ledger/bin/balance.py /mnt/ledger/in/entries.json /mnt/ledger/out/balances.csv',
    ]);
  });

  test('a missing Makefile is a warning, not an invented node', async () => {
    const ex = await extractCronCommand('make -C /opt/nowhere all', { files });
    assert.deepEqual(keys(ex), { reads: [], writes: [], invokes: [] });
    assert.ok(ex.diagnostics.some((d) => d.code === 'makefile-missing'));
  });

  test('make -n runs nothing', async () => {
    assert.deepEqual(keys(await extractCronCommand('make -n -C /opt/ledger nightly', { files })).invokes, []);
  });

  test('a target the recipe copies into place is written by the copy, not by the script', async () => {
    const text =
      'OUT = /srv/tally\n$(OUT)/final.txt: $(OUT)/rows.tsv\n\t/opt/tally/count.sh $< $(OUT)/tmp.txt\n\tcp $(OUT)/tmp.txt $@\n';
    const ctx = await shellContext({
      files: { '/opt/tally/count.sh': '#!/bin/sh\n' },
      text,
      path: '/opt/tally/Makefile',
      cwd: '/opt/tally',
    });
    const ex = makeExtractor.extract({ ...ctx, language: 'make' });
    assert.deepEqual(keys(ex).writes, ['file:/srv/tally/final.txt']);
    assert.deepEqual(keys(ex).reads, ['file:/srv/tally/tmp.txt']);
    const count = ex.invokes[0];
    assert.deepEqual(
      count?.redirects?.reads.map((r) => r.node.key),
      ['file:/srv/tally/rows.tsv'],
    );
    assert.deepEqual(count?.redirects?.writes ?? [], []);
  });
});

// A Makefile that downloads through a function of its own, seen in real code (a data repository
// whose cron runs `make update`): `$(call NAME,ARGS)` binds $(1), $(2) in NAME's value, and the
// targets are goal names with dots in them, not files.
const MIRROR_MAKEFILE = `PY=python3
ROOT=./
RAW=$(ROOT)/raw/
API=https://stats.example.gov/api/v3/
fetch=$(PY) -c "from tools.net import fetch; fetch('$1', '$2')"
REGIONS = north south
KEEP ?=

update: pull-stats.example.gov_v3 tidy

pull-stats.example.gov_v3:
\tmkdir -p $(RAW)
\t$(call fetch,$(API)cases.csv,$(RAW)cases.csv)
\t$(foreach r,$(REGIONS),$(call fetch,$(API)$(r).csv,$(RAW)$(r).csv);)

tidy:
\t$(if $(KEEP),,sort -u $(RAW)cases.csv > $(RAW)cases-sorted.csv)
`;

describe('make: functions, and goal names that look like host names', () => {
  const net = 'import urllib.request\n\ndef fetch(url, path):\n    urllib.request.urlretrieve(url, path)\n';
  const mirror = {
    '/srv/mirror/Makefile': MIRROR_MAKEFILE,
    '/srv/mirror/tools/net.py': net,
    '/srv/mirror/tools/__init__.py': '',
  };

  test('$(call), $(foreach) and $(if) expand as GNU make expands them', () => {
    const plan = planMake({
      file: '/srv/mirror/Makefile',
      text: MIRROR_MAKEFILE,
      cwd: '/srv/mirror',
      goals: ['update'],
      overrides: {},
      env: {},
      read: () => undefined,
      exists: () => false,
    });
    const lines = plan.runs.flatMap((r) => r.lines.map((l) => l.text));
    assert.ok(
      lines.includes(
        `python3 -c "from tools.net import fetch; fetch('https://stats.example.gov/api/v3/cases.csv', './/raw/cases.csv')"`,
      ),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) =>
        l.includes("fetch('https://stats.example.gov/api/v3/south.csv', './/raw/south.csv')"),
      ),
    );
    // KEEP is empty: the else branch runs
    assert.ok(lines.includes('sort -u .//raw/cases.csv > .//raw/cases-sorted.csv'));
  });

  test('the inline Python the function runs reads each URL and writes each file, as the Makefile', async () => {
    const ex = await extractCronCommand('cd /srv/mirror && make update', { files: mirror });
    assert.deepEqual(keys(ex).invokes, ['/srv/mirror/Makefile update']);
    const ctx = await shellContext({
      files: mirror,
      text: MIRROR_MAKEFILE,
      path: '/srv/mirror/Makefile',
      args: ['update'],
      cwd: '/srv/mirror',
    });
    const mk = makeExtractor.extract({ ...ctx, language: 'make' });
    const k = keys(mk);
    for (const name of ['cases', 'north', 'south']) {
      assert.ok(k.reads.includes(`endpoint:https://stats.example.gov/api/v3/${name}.csv`), k.reads.join(' '));
      assert.ok(k.writes.includes(`file:/srv/mirror/raw/${name}.csv`), k.writes.join(' '));
    }
    assert.ok(k.writes.includes('file:/srv/mirror/raw/cases-sorted.csv'));
    // a goal name with dots but no file extension is not a file the Makefile writes
    assert.ok(!k.writes.some((w) => w.includes('pull-stats')), k.writes.join(' '));
  });
});
