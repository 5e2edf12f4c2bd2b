import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractSnippet, writes } from './helpers.js';

test('if False/if 0 bodies, code after return/raise/sys.exit, comments and docstrings produce no edges', async () => {
  const x = await extractSnippet('dead-code');
  assert.deepEqual(writes(x), [
    'file:/data/live/after_conditional_exit.csv',
    'file:/data/live/else_of_zero.csv',
    'file:/data/live/feed.csv',
  ]);
  assert.deepEqual(x.reads, []);
});
