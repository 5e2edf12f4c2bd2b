/**
 * The README's answers on the worked example reproduce byte for byte (issue 11: "the README's
 * examples still reproduce"): every `$ dfmap ...` block of "Asking the map" is run as a newcomer
 * runs it, in a directory where `dfmap scan examples/seed-server` wrote dfmap.json, and its stdout
 * must be the block's text, header line included.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runDfmap } from '../helpers/cli.js';

const README = fs.readFileSync('README.md', 'utf8');
const section = README.slice(README.indexOf('## Asking the map'), README.indexOf('## Looking at it'));

/** `$ dfmap ARGS` and the output under it, for each ```text block of the section. */
const examples = [...section.matchAll(/```text\n\$ dfmap (.+)\n([\s\S]*?)```/g)].map((m) => ({
  command: m[1]!,
  output: m[2]!,
}));

/** Shell words: spaces split, single quotes group. */
const words = (line: string): string[] => [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);

let dir = '';

// child processes with their own working directory: a test file shares its process with others,
// so it must not chdir
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-readme-'));
  // as in a clone: examples/ beside the map the quick start writes
  fs.symlinkSync(path.resolve('examples'), path.join(dir, 'examples'));
  const r = runDfmap(['scan', 'examples/seed-server', '-q'], { cwd: dir });
  assert.equal(r.code, 0, r.err);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the README's examples on the worked example", () => {
  it('has the examples this test runs', () => {
    assert.deepEqual(
      examples.map((e) => e.command.split(' ')[0]),
      ['upstream', 'impact', 'critical', 'lint', 'stats', 'schedule'],
    );
  });

  for (const { command, output } of examples) {
    it(`dfmap ${command}`, () => {
      const r = runDfmap(words(command), { cwd: dir });
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, output);
    });
  }
});
