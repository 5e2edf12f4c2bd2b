import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confidenceOf, extractSnippet, keys } from '../../helpers/script.js';

const js = (text: string, opts = {}) =>
  extractSnippet('node', text, { path: '/opt/board/jobs/holidays.js', cwd: '/opt/board/jobs', ...opts });

describe('Node.js extractor: packages named as file readers, and $ in JavaScript strings', () => {
  it("pkg.parseFile('x.ics') of a package with no table entry reads the file, at heuristic", async () => {
    const x = await js(
      "const cal = require('vcal-lite');\nconst events = cal.parseFile('feeds/school.ics');\nconsole.log(events);\n",
    );
    assert.deepEqual(keys(x.reads), ['file:/opt/board/jobs/feeds/school.ics']);
    assert.equal(confidenceOf(x.reads, 'file:/opt/board/jobs/feeds/school.ics'), 'heuristic');
  });

  it('a destructured readFileSync/loadFile of a package reads too; a method of a non-package object does not', async () => {
    const x = await js(
      "const { loadFile } = require('sheet-kit');\nconst rows = loadFile('/srv/in/rota.xlsx');\nconst parser = makeParser();\nparser.parseFile('/srv/in/not-a-package.txt');\n",
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/in/rota.xlsx']);
  });

  it('a name that only starts like a reader is not one (parseFileName, readFiles)', async () => {
    const x = await js(
      "const u = require('name-utils');\nu.parseFileName('/srv/in/a.txt');\nu.readFiles('/srv/in/b.txt');\n",
    );
    assert.deepEqual(keys(x.reads), []);
  });

  it('`$HOME/...` inside a template literal is text: a path relative to the working directory', async () => {
    const x = await js(
      "const fs = require('fs');\nfs.writeFileSync(`$HOME/.cache/board/today.txt`, 'x');\nfs.appendFileSync('$HOME/.cache/board/log.txt', 'y');\n",
      { env: { HOME: '/home/board' } },
    );
    assert.deepEqual(keys(x.writes), [
      'file:/opt/board/jobs/$HOME/.cache/board/log.txt',
      'file:/opt/board/jobs/$HOME/.cache/board/today.txt',
    ]);
  });
});
