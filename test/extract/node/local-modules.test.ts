/**
 * Node.js local modules, as real cron scripts split their work (a mail helper, a db helper, a
 * fetch helper): `require('./lib/x')` and `import { f } from './lib/x.js'` run the module's top
 * level once and give its exports; the exported functions are walked at each call with the
 * caller's arguments, seeing the module's own top-level names and its own file (`__dirname`,
 * `import.meta.url`), with evidence in the module.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractSnippet, keys } from '../../helpers/script.js';

const files = {
  '/srv/quotes/lib/fetch.js':
    "const fs = require('fs');\nconst https = require('https');\nconst CACHE = '/srv/quotes/cache';\nfunction pull(url, name) {\n  https.get(url, (res) => res.pipe(fs.createWriteStream(`${CACHE}/${name}`)));\n}\nexports.store = function (name, body) {\n  fs.writeFileSync(__dirname + '/../out/' + name, body);\n};\nmodule.exports.pull = pull;\n",
  '/srv/quotes/lib/db.js':
    "const { Pool } = require('pg');\nmodule.exports = new Pool({ host: 'pg-quotes', database: 'market' });\n",
  '/srv/quotes/lib/keys.mjs':
    "import fs from 'node:fs';\nimport path from 'node:path';\nimport { fileURLToPath } from 'node:url';\nconst here = path.dirname(fileURLToPath(import.meta.url));\nexport function signingKey() {\n  return fs.readFileSync(path.join(here, 'signing.pem'));\n}\nexport default (day) => fs.writeFileSync(`/srv/quotes/daily/${day}.json`, '{}');\n",
};

const script = (text: string, path = '/srv/quotes/run.js') => extractSnippet('node', text, { path, files });

describe('Node.js: local modules are followed', () => {
  it("require: the module's functions run with the caller's arguments and the module's own names", async () => {
    const x = await script(
      "const quotes = require('./lib/fetch');\nconst { store } = require('./lib/fetch');\nconst CACHE = '/tmp/elsewhere';\nquotes.pull('https://feed.example.org/v2/eod.json', 'eod.json');\nstore('summary.json', '{}');\n",
    );
    assert.deepEqual(keys(x.reads), ['endpoint:https://feed.example.org/v2/eod.json']);
    // CACHE is the module's, not the caller's; __dirname is the module's directory
    assert.deepEqual(keys(x.writes), [
      'file:/srv/quotes/cache/eod.json',
      'file:/srv/quotes/out/summary.json',
    ]);
    const w = x.writes.find((r) => r.node.key === 'file:/srv/quotes/cache/eod.json');
    assert.equal(w?.evidence.file, '/srv/quotes/lib/fetch.js');
    assert.equal(w?.evidence.line, 5);
  });

  it('a module that exports a connection: the caller queries it', async () => {
    const x = await script(
      "const db = require('./lib/db');\ndb.query('INSERT INTO closes SELECT * FROM staging_closes');\n",
    );
    assert.deepEqual(keys(x.reads), ['table:postgres://pg-quotes:5432/staging_closes']);
    assert.deepEqual(keys(x.writes), ['table:postgres://pg-quotes:5432/closes']);
  });

  it('ES modules: named and default imports; import.meta.url is the module', async () => {
    const x = await script(
      "import writeDay, { signingKey } from './lib/keys.mjs';\nsigningKey();\nwriteDay('2026-12-01');\n",
      '/srv/quotes/run.mjs',
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/quotes/lib/signing.pem']);
    assert.deepEqual(keys(x.writes), ['file:/srv/quotes/daily/2026-12-01.json']);
  });

  it('an unknown directory is unknown, never the working directory', async () => {
    const x = await script(
      "const fs = require('fs');\nfs.readFileSync(require('path').join(path.dirname(whereFrom()), 'k.pem'));\n",
    );
    assert.ok(!keys(x.reads).includes('file:/srv/quotes/k.pem'), keys(x.reads).join(' '));
  });
});
