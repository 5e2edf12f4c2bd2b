import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractSnippet, keys } from '../../helpers/script.js';

const js = (text: string, opts = {}) => extractSnippet('node', text, { path: '/srv/feeds/push.js', ...opts });

const CONFIGS = {
  '/srv/feeds/settings/live.json':
    '{"target": "/var/www/feeds/live.xml", "source": "/data/items/live.ndjson"}',
  '/srv/feeds/settings/staging.json': '{"target": "/tmp/staging.xml", "source": "/tmp/staging.ndjson"}',
};

describe('Node.js extractor: argv searched with indexOf', () => {
  it("argv[argv.indexOf('--mode') + 1] takes the word after the option, not the || fallback", async () => {
    const x = await js(
      "const fs = require('fs');\nconst argv = process.argv.slice(2);\nconst mode = argv[argv.indexOf('--mode') + 1] || 'staging';\nconst s = JSON.parse(fs.readFileSync(`${__dirname}/settings/${mode}.json`, 'utf8'));\nfs.writeFileSync(s.target, fs.readFileSync(s.source));\n",
      { args: ['--verbose', '--mode', 'live'], files: CONFIGS },
    );
    assert.deepEqual(keys(x.reads), ['file:/data/items/live.ndjson', 'file:/srv/feeds/settings/live.json']);
    assert.deepEqual(keys(x.writes), ['file:/var/www/feeds/live.xml']);
  });

  it('process.argv searched directly; an absent option falls back as JavaScript does', async () => {
    const text =
      "const fs = require('fs');\nconst i = process.argv.indexOf('--mode');\nconst mode = i > 0 ? process.argv[i + 1] : 'staging';\nconst pick = process.argv[process.argv.indexOf('--mode') + 1];\nfs.readFileSync('/srv/feeds/settings/' + pick + '.json');\n";
    const found = await js(text, { args: ['--mode', 'live'], files: CONFIGS });
    assert.deepEqual(keys(found.reads), ['file:/srv/feeds/settings/live.json']);
    // without the option: indexOf is -1, + 1 is argv[0], the interpreter word: no invented config
    const absent = await js(text, { args: [], files: CONFIGS });
    assert.deepEqual(keys(absent.reads), ['file:/srv/feeds/settings/node.json']);
  });

  it('an argv with an unknown word before the option stays unknown', async () => {
    const x = await js(
      "const fs = require('fs');\nconst a = process.argv.slice(2);\nconst m = a[a.indexOf('--mode') + 1];\nfs.readFileSync(`/srv/feeds/settings/${m}.json`);\n",
      { args: ['*', '--mode', 'live'], files: CONFIGS },
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/feeds/settings/*.json']);
  });

  it('a string plus a number is still text, not arithmetic', async () => {
    const x = await js("require('fs').writeFileSync('/srv/out/part' + 1 + '.txt', '');\n");
    assert.deepEqual(keys(x.writes), ['file:/srv/out/part1.txt']);
  });
});

describe('Node.js extractor: argv searched with find, and conditional values', () => {
  it("argv.find((a) => a.startsWith('--mode=')) and split('=')[1] give the option's value", async () => {
    const x = await js(
      "const fs = require('fs');\nconst opt = process.argv.find((a) => a.startsWith('--mode='));\nconst mode = opt ? opt.split('=')[1] : 'staging';\nconst s = require(`./settings/${mode}.json`);\nfs.writeFileSync(s.target, '');\n",
      { args: ['--mode=live'], files: CONFIGS },
    );
    assert.deepEqual(keys(x.writes), ['file:/var/www/feeds/live.xml']);
  });

  it('without the option find is unknown (undefined is not modelled): the value stays *, not a guess', async () => {
    const x = await js(
      "const fs = require('fs');\nconst opt = process.argv.find(function (a) { return a.endsWith('.json'); });\nconst mode = opt ? 'live' : 'staging';\nfs.readFileSync(`/srv/feeds/settings/${mode}.json`);\n",
      { args: ['--quiet'], files: CONFIGS },
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/feeds/settings/*.json']);
  });

  it('a literal false decides; 0 is not taken for true; an undecided one evaluates both branches', async () => {
    const x = await js(
      "const fs = require('fs');\nconst a = false ? '/srv/x/a.txt' : '/srv/x/b.txt';\nfs.readFileSync(a);\nconst n = 0;\nfs.readFileSync(n ? '/srv/x/c.txt' : '/srv/x/c.txt');\nprocess.env.FLAG ? fs.readFileSync('/srv/x/d.txt') : fs.readFileSync('/srv/x/e.txt');\n",
    );
    assert.deepEqual(keys(x.reads), [
      'file:/srv/x/b.txt',
      'file:/srv/x/c.txt',
      'file:/srv/x/d.txt',
      'file:/srv/x/e.txt',
    ]);
  });
});

describe('Node.js extractor: numbers and comparisons', () => {
  it("a helper opt(name, dflt) with i >= 0 ? argv[i + 1] : dflt gives each option's word", async () => {
    const x = await js(
      "const fs = require('fs');\nconst argv = process.argv.slice(2);\nfunction opt(name, dflt) {\n  const i = argv.indexOf(name);\n  return i >= 0 ? argv[i + 1] : dflt;\n}\nconst mode = opt('--mode', 'staging');\nconst s = require(`./settings/${mode}.json`);\nfs.copyFileSync(opt('--from'), s.target);\nfs.readFileSync(opt('--absent', '/srv/feeds/default.txt'));\n",
      { args: ['--from', '/data/items/today.ndjson', '--mode', 'live'], files: CONFIGS },
    );
    assert.deepEqual(keys(x.writes), ['file:/var/www/feeds/live.xml']);
    assert.deepEqual(keys(x.reads), [
      'file:/data/items/today.ndjson',
      'file:/srv/feeds/default.txt',
      'file:/srv/feeds/settings/live.json',
    ]);
  });

  it('digits that are text concatenate; === and && decide on known values', async () => {
    const x = await js(
      "const fs = require('fs');\nconst day = process.argv[2];\nfs.writeFileSync('/srv/out/d' + (day + 1) + '.txt', '');\nconst live = process.argv[3] === 'live' && day !== '0';\nfs.writeFileSync(live ? '/srv/out/live.txt' : '/srv/out/test.txt', '');\n",
      { args: ['5', 'live'] },
    );
    assert.deepEqual(keys(x.writes), ['file:/srv/out/d51.txt', 'file:/srv/out/live.txt']);
  });
});

describe('Node.js extractor: argv taken apart by array destructuring', () => {
  it('const [, , src, dest] = process.argv: holes count, so src and dest are the two arguments', async () => {
    const x = await js(
      "import { readFile, writeFile } from 'node:fs/promises';\nconst [, , src, dest] = process.argv;\nconst text = await readFile(src, 'utf8');\nawait writeFile(dest, text);\n",
      { args: ['/data/items/live.ndjson', '/var/www/feeds/live.xml'] },
    );
    assert.deepEqual(keys(x.reads), ['file:/data/items/live.ndjson']);
    assert.deepEqual(keys(x.writes), ['file:/var/www/feeds/live.xml']);
  });

  it('a rest element takes what is left: const [, , ...files] = process.argv', async () => {
    const x = await js(
      "const fs = require('fs');\nconst [, , ...files] = process.argv;\nfor (const f of files) fs.readFileSync(f);\n",
      { args: ['/data/a.csv', '/data/b.csv'] },
    );
    assert.deepEqual(keys(x.reads), ['file:/data/a.csv', 'file:/data/b.csv']);
  });
});
