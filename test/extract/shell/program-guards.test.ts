/**
 * A wrapper that runs an optional hook only when it is installed (`if [ -f "$DIR/hook.sh" ]; then
 * "$DIR/hook.sh"; fi`, `[ -x P ] && P`): the hook is not on the server, so nothing runs it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractShell } from '../../helpers/shell.js';

const files = { '/srv/digest/post.sh': '#!/bin/sh\n', '/srv/digest/make.py': 'print(1)\n' };
const run = async (text: string) =>
  (await extractShell(text, { path: '/srv/digest/run.sh', files })).invokes.map((i) => i.path).sort();

describe('shell: a file test guarding the program it runs', () => {
  test('if [ -f P ]; then P; fi with P not on the server: P is not invoked', async () => {
    assert.deepEqual(
      await run('D=/srv/digest\npython3 $D/make.py\nif [ -f ${D}/notify.sh ]; then\n  ${D}/notify.sh\nfi\n'),
      ['/srv/digest/make.py'],
    );
  });

  test('[ -x P ] && P, and sourcing through the guard, likewise; . P and sh P count as running P', async () => {
    assert.deepEqual(
      await run(
        '[ -x /srv/digest/hook ] && /srv/digest/hook\nif [ -r /srv/digest/extra.sh ]; then sh /srv/digest/extra.sh; fi\n',
      ),
      [],
    );
  });

  test('a guard on a program that is on the server runs it; a test on another file still decides nothing', async () => {
    assert.deepEqual(
      await run(
        'if [ -f /srv/digest/post.sh ]; then /srv/digest/post.sh; fi\nif [ -f /srv/digest/ready.flag ]; then /srv/digest/make.py; fi\n',
      ),
      ['/srv/digest/make.py', '/srv/digest/post.sh'],
    );
  });

  test('the negated guard is not a guard: [ ! -f P ] on a missing P runs its branch', async () => {
    assert.deepEqual(await run('if [ ! -f /srv/digest/state.db ]; then /srv/digest/post.sh; fi\n'), [
      '/srv/digest/post.sh',
    ]);
  });
});
