/** The command resolver registry: typed objects, each name claimed once, the template works. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { templateCommands } from '../../../src/extract/shell/commands/_template.js';
import { commandResolvers } from '../../../src/extract/shell/commands/index.js';
import { extractShell, keys } from '../../helpers/shell.js';

describe('command resolvers', () => {
  test('every resolver has an id, a title and what it emits; no command name is claimed twice', () => {
    const seen = new Map<string, string>();
    for (const r of commandResolvers) {
      assert.match(r.id, /^[a-z-]+$/);
      assert.ok(r.title.length > 0 && r.emits.length > 0, r.id);
      assert.ok(Object.keys(r.commands).length > 0 || r.matches, `${r.id} matches nothing`);
      for (const name of Object.keys(r.commands)) {
        assert.equal(seen.get(name), undefined, `${name} claimed by ${seen.get(name)} and ${r.id}`);
        seen.set(name, r.id);
      }
    }
    assert.ok(!commandResolvers.includes(templateCommands), 'the template is not registered');
  });

  test('the template resolver reads its inputs and writes its output', async () => {
    const ex = await extractShell('report-tool --input /data/a.csv /data/b.csv -o /data/out.txt');
    // not registered: a command nobody knows yields nothing
    assert.deepEqual(keys(ex), { reads: [], writes: [], invokes: [] });
    const calls: string[] = [];
    const fake = {
      emitRead: (v: { text: string }) => calls.push(`read ${v.text}`),
      emitWrite: (v: { text: string }) => calls.push(`write ${v.text}`),
    };
    const h = templateCommands.commands['report-tool'];
    h?.({
      name: 'report-tool',
      argv: ['report-tool', '--input', '/data/a.csv', '/data/b.csv', '-o', '/data/out.txt'].map((text) => ({
        text,
        resolved: false,
      })),
      node: {} as never,
      run: fake as never,
      inlineEnv: new Map(),
    });
    assert.deepEqual(calls, ['read /data/a.csv', 'read /data/b.csv', 'write /data/out.txt']);
  });
});
