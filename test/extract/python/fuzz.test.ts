import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { rng } from '../../helpers/prng.js';
import { extractText, SNIPPETS } from './helpers.js';

/** Small deterministic PRNG (mulberry32) so a failure can be replayed from its seed. */
const TOKENS = [
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ':',
  ',',
  '"',
  "'",
  '\n',
  '    ',
  'if ',
  'def ',
  'f"{',
  '%',
  '/',
  '+',
  '*',
  '\\',
];

function mutate(text: string, rand: () => number): string {
  let s = text;
  const edits = 1 + Math.floor(rand() * 8);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (s.length + 1));
    const op = rand();
    if (op < 0.4) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rand() * 20));
    else if (op < 0.8) s = s.slice(0, at) + TOKENS[Math.floor(rand() * TOKENS.length)] + s.slice(at);
    else {
      const from = Math.floor(rand() * s.length);
      s = s.slice(0, at) + s.slice(from, from + 40) + s.slice(at);
    }
  }
  return s;
}

test('mutated snippets never make the extractor throw or report an internal error', async () => {
  const sources = readdirSync(SNIPPETS)
    .filter((f) => f.endsWith('.py'))
    .sort()
    .map((f) => readFileSync(`${SNIPPETS}${f}`, 'utf8'));
  const rand = rng(20240601);
  for (let i = 0; i < 300; i++) {
    const text = mutate(sources[i % sources.length] as string, rand);
    const x = await extractText(text, { args: ['/data/in/a.csv', '--out', '/data/out/b.csv'] });
    const internal = x.diagnostics.filter((d) => d.code === 'python-internal-error');
    assert.deepEqual(internal, [], `mutation ${i} of snippet ${i % sources.length}:\n${text}`);
  }
});
