/**
 * The project's own rules fail when they should: `npm test` runs dependency-cruiser and knip over the
 * tree, and here each is run over a copy of it with one mistake planted, so a rule that stopped
 * matching (a typo in a path pattern, a folder left out of the run) shows up as a failing test.
 * The copy lives in a temp directory; the real tree is never touched.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '../..');
const COPY = ['src', 'web', 'bin', 'scripts', 'test', 'bench', 'examples'];
const FILES = ['package.json', 'tsconfig.json', 'knip.jsonc', '.dependency-cruiser.cjs'];
let dir: string;

/** Run a tool of node_modules/.bin in the copy. */
function run(tool: string, args: string[]): { code: number | null; out: string } {
  const r = spawnSync(path.join(ROOT, 'node_modules/.bin', tool), args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

function plant(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-rules-'));
  for (const d of COPY)
    fs.cpSync(path.join(ROOT, d), path.join(dir, d), {
      recursive: true,
      filter: (src) => !/[/\\](dist|node_modules|test-artifacts)$/.test(src),
    });
  for (const f of FILES) fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  // the same rules, with packages named by their path through the node_modules link
  fs.writeFileSync(
    path.join(dir, 'rules.cjs'),
    "module.exports = { extends: './.dependency-cruiser.cjs', options: { preserveSymlinks: true } };\n",
  );
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the dependency rules (dependency-cruiser)', () => {
  test('refuse a folder no rule places, and a web/ import of a stage', () => {
    // a new folder of src/ with an ordinary import: allowed nowhere until the rules place it
    plant(
      'src/unplaced/helper.ts',
      "import type { NodeKind } from '../model/kinds.js';\nexport type K = NodeKind;\n",
    );
    // the viewer reaching into the scanner: web/ may import types and analyses, never a stage
    plant('web/src/planted.ts', "import { scan } from '../../src/scan/scan.js';\nexport const s = scan;\n");
    const r = run('depcruise', ['src', 'web', 'bin', 'scripts', '--config', 'rules.cjs']);
    assert.notEqual(r.code, 0, r.out);
    const errors = r.out.split('\n').filter((l) => /^\s*error /.test(l));
    assert.deepEqual(
      errors.map((l) => l.trim()).sort(),
      [
        'error not-in-allowed: src/unplaced/helper.ts → src/model/kinds.ts',
        'error not-in-allowed: web/src/planted.ts → src/scan/scan.ts',
      ],
      r.out,
    );
  });
});

describe('no unused code (knip)', () => {
  test('an export nothing imports is a finding, named with its file and line', () => {
    const file = 'src/model/kinds.ts';
    fs.appendFileSync(path.join(dir, file), '\nexport const plantedUnusedExport = 1;\n');
    const line = fs.readFileSync(path.join(dir, file), 'utf8').split('\n').length - 1;
    const r = run('knip', ['--no-progress']);
    assert.notEqual(r.code, 0, r.out);
    assert.match(r.out, /Unused exports \(1\)/, r.out);
    assert.match(r.out, new RegExp(`plantedUnusedExport\\s+src/model/kinds\\.ts:${line}:`), r.out);
  });
});
