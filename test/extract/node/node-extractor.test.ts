import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confidenceOf, extractSnippet, keys } from '../../helpers/script.js';

const js = (text: string, opts = {}) =>
  extractSnippet('node', text, { path: '/opt/publish/export.js', ...opts });

describe('Node.js extractor: files and arguments', () => {
  it('binds process.argv[2] and [3] from the caller', async () => {
    const x = await js(
      "const fs = require('fs');\nconst input = process.argv[2];\nconst output = process.argv[3];\nconst rows = fs.readFileSync(input, 'utf8');\nfs.writeFileSync(output, rows);\n",
      { args: ['/srv/in/feed.csv', '/srv/out/feed.json'] },
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/in/feed.csv']);
    assert.deepEqual(keys(x.writes), ['file:/srv/out/feed.json']);
    assert.equal(confidenceOf(x.reads, 'file:/srv/in/feed.csv'), 'resolved');
  });

  it('fs.promises, node:fs imports, streams and copies, literal paths exact', async () => {
    const x = await js(
      "import { readFile, writeFile } from 'node:fs/promises';\nimport * as fs from 'fs';\nconst a = await readFile('/srv/in/a.json');\nawait writeFile('/srv/out/b.txt', a);\nfs.createReadStream('/srv/in/big.csv').pipe(fs.createWriteStream('/srv/out/big.csv.gz'));\nfs.copyFileSync('/srv/out/b.txt', '/srv/archive/b.txt');\nawait fs.promises.appendFile('/var/log/export.log', 'ok');\n",
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/in/a.json', 'file:/srv/in/big.csv', 'file:/srv/out/b.txt']);
    assert.deepEqual(keys(x.writes), [
      'file:/srv/archive/b.txt',
      'file:/srv/out/b.txt',
      'file:/srv/out/big.csv.gz',
      'file:/var/log/export.log',
    ]);
    assert.equal(confidenceOf(x.writes, 'file:/srv/out/b.txt'), 'exact');
  });

  it('builds paths with path.join, __dirname and template literals, unknown parts as *', async () => {
    const x = await js(
      "const path = require('path');\nconst day = new Date().toISOString().slice(0, 10);\nconst out = path.join(__dirname, 'out', `report_${day}.csv`);\nrequire('fs').writeFileSync(out, '');\n",
    );
    assert.deepEqual(keys(x.writes), ['file:/opt/publish/out/report_*.csv']);
    assert.equal(confidenceOf(x.writes, 'file:/opt/publish/out/report_*.csv'), 'partial');
  });

  it('--env prod through minimist picks config/${env}.json under ROOT, whose values resolve', async () => {
    const x = await js(
      "const argv = require('minimist')(process.argv.slice(2));\nconst env = argv.env || 'dev';\nconst cfg = require(`./config/${env}.json`);\nconst fs = require('fs');\nfs.writeFileSync(cfg.outputFile, JSON.stringify(fs.readFileSync(cfg.inputFile)));\n",
      {
        args: ['--env', 'prod'],
        files: {
          '/opt/publish/config/prod.json':
            '{"inputFile": "/srv/prod/in.json", "outputFile": "/srv/prod/out.json"}',
          '/opt/publish/config/dev.json':
            '{"inputFile": "/tmp/dev-in.json", "outputFile": "/tmp/dev-out.json"}',
        },
      },
    );
    assert.deepEqual(keys(x.reads), ['file:/opt/publish/config/prod.json', 'file:/srv/prod/in.json']);
    assert.deepEqual(keys(x.writes), ['file:/srv/prod/out.json']);
  });

  it('yargs and commander options', async () => {
    const y = await js(
      "const yargs = require('yargs/yargs');\nconst { hideBin } = require('yargs/helpers');\nconst argv = yargs(hideBin(process.argv)).argv;\nrequire('fs').readFileSync(argv.input);\n",
      { args: ['--input=/srv/in/y.csv'] },
    );
    assert.deepEqual(keys(y.reads), ['file:/srv/in/y.csv']);
    const c = await js(
      "const { program } = require('commander');\nprogram.option('--out-dir <dir>');\nprogram.parse(process.argv);\nconst opts = program.opts();\nrequire('fs').writeFileSync(opts.outDir + '/c.csv', '');\n",
      { args: ['--out-dir', '/srv/out'] },
    );
    assert.deepEqual(keys(c.writes), ['file:/srv/out/c.csv']);
  });

  it('dotenv loads .env into process.env', async () => {
    const x = await js(
      "require('dotenv').config();\nconst fs = require('fs');\nfs.writeFileSync(process.env.EXPORT_PATH, '');\n",
      {
        files: { '/opt/publish/.env': 'EXPORT_PATH=/srv/out/env-export.csv\n' },
      },
    );
    assert.deepEqual(keys(x.reads), ['file:/opt/publish/.env']);
    assert.deepEqual(keys(x.writes), ['file:/srv/out/env-export.csv']);
  });
});

describe('Node.js extractor: databases, HTTP, commands', () => {
  it('pg Pool query runs its SQL on the pool connection', async () => {
    const x = await js(
      "const { Pool } = require('pg');\nconst pool = new Pool({ host: 'pg1', database: 'shop' });\nconst r = await pool.query('SELECT id FROM orders WHERE d > $1', [d]);\nawait pool.query(`INSERT INTO reports.daily SELECT * FROM orders`);\n",
    );
    assert.deepEqual(keys(x.reads), ['table:postgres://pg1:5432/orders']);
    assert.deepEqual(keys(x.writes), ['table:postgres://pg1:5432/reports.daily']);
  });

  it('mysql2 createConnection and knex raw', async () => {
    const x = await js(
      "const mysql = require('mysql2/promise');\nconst conn = await mysql.createConnection({ host: 'my1', database: 'crm' });\nawait conn.execute('UPDATE contacts SET synced = 1');\nconst knex = require('knex')({ client: 'pg', connection: 'postgres://pg2:5432/dw' });\nawait knex.raw('TRUNCATE staging.leads');\n",
    );
    assert.deepEqual(keys(x.writes), [
      'table:mysql://my1:3306/crm.contacts',
      'table:postgres://pg2:5432/staging.leads',
    ]);
  });

  it('fetch, axios and https.get are endpoints; POST writes', async () => {
    const x = await js(
      "const axios = require('axios');\nconst https = require('https');\nconst r = await fetch('https://api.example.org/v2/items?page=1');\nawait axios.post('https://hooks.example.org/done', {});\nhttps.get('https://mirror.example.org/list.txt', () => {});\nawait fetch('https://api.example.org/upload', { method: 'PUT' });\n",
    );
    assert.deepEqual(keys(x.reads), [
      'endpoint:https://api.example.org/v2/items',
      'endpoint:https://mirror.example.org/list.txt',
    ]);
    assert.deepEqual(keys(x.writes), [
      'endpoint:https://api.example.org/upload',
      'endpoint:https://hooks.example.org/done',
    ]);
  });

  it('child_process exec is a shell command, spawn an argv running another script', async () => {
    const x = await js(
      "const { exec, spawn } = require('child_process');\nexec('gzip -k /srv/out/feed.json');\nspawn('python3', ['/opt/publish/post.py', '/srv/out/feed.json']);\n",
      { files: { '/opt/publish/post.py': 'print(1)\n' } },
    );
    assert.ok(keys(x.reads).includes('file:/srv/out/feed.json'));
    assert.deepEqual(
      x.invokes.map((i) => [i.path, i.args]),
      [['/opt/publish/post.py', ['/srv/out/feed.json']]],
    );
  });

  it('reads TypeScript too', async () => {
    const x = await extractSnippet(
      'node',
      "import { readFileSync } from 'fs';\nconst p: string = process.argv[2] as string;\nreadFileSync(p);\n",
      {
        path: '/opt/publish/run.ts',
        args: ['/srv/in/t.csv'],
      },
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/in/t.csv']);
  });
});

describe('Node.js extractor: ES module config', () => {
  it('a JSON config imported as a module is read and its values resolve', async () => {
    const x = await extractSnippet(
      'node',
      "import fs from 'node:fs';\nimport settings from './settings.json' with { type: 'json' };\nimport { helper } from './lib/helper.js';\nfs.writeFileSync(settings.target, helper());\n",
      {
        path: '/opt/publish/job.mjs',
        files: { '/opt/publish/settings.json': '{"target": "/srv/out/es.txt"}' },
      },
    );
    assert.deepEqual(keys(x.reads), ['file:/opt/publish/settings.json']);
    assert.deepEqual(keys(x.writes), ['file:/srv/out/es.txt']);
  });
});

describe('Node.js extractor: MongoDB driver', () => {
  it('new MongoClient(url), client.db(name).collection(name): finds read, inserts write, credentials dropped', async () => {
    const x = await js(
      "const { MongoClient } = require('mongodb');\nconst client = new MongoClient('mongodb://etl:s3cret@mongo-a.internal:27018/?authSource=admin');\nawait client.connect();\nconst db = client.db('warehouse');\nconst docs = await db.collection('shipments').find({ late: true }).toArray();\nconst n = await db.collection('shipments').countDocuments();\nawait db.collection('late_report').insertMany(docs);\n",
    );
    assert.deepEqual(keys(x.reads), ['table:mongodb://mongo-a.internal:27018/warehouse.shipments']);
    assert.deepEqual(keys(x.writes), ['table:mongodb://mongo-a.internal:27018/warehouse.late_report']);
    assert.equal(
      confidenceOf(x.writes, 'table:mongodb://mongo-a.internal:27018/warehouse.late_report'),
      'exact',
    );
    assert.ok(!JSON.stringify(x).includes('s3cret'));
  });

  it('MongoClient.connect(url) with the database in the URL path, default port, collection in a variable', async () => {
    const x = await js(
      "import { MongoClient } from 'mongodb';\nconst url = process.env.MONGO_URL || 'mongodb://docs-db/ledger';\nconst client = await MongoClient.connect(url);\nconst entries = client.db().collection('entries');\nawait entries.aggregate([{ $match: {} }]).toArray();\nawait entries.distinct('account');\nawait entries.deleteMany({ closed: true });\nawait entries.bulkWrite([]);\n",
    );
    assert.deepEqual(keys(x.reads), ['table:mongodb://docs-db:27017/ledger.entries']);
    assert.deepEqual(keys(x.writes), ['table:mongodb://docs-db:27017/ledger.entries']);
    assert.equal(confidenceOf(x.reads, 'table:mongodb://docs-db:27017/ledger.entries'), 'resolved');
  });

  it('collection names from a for-of loop and forEach over literal arrays; callback-style connect', async () => {
    const x = await js(
      "const mongodb = require('mongodb');\nmongodb.MongoClient.connect('mongodb://replica1:27020', (err, cl) => {\n  const db = cl.db('archive');\n  for (const name of ['sessions', 'events']) {\n    db.collection(name).drop();\n  }\n  ['users', 'teams'].forEach((c) => db.collection(c).findOne({}));\n});\n",
    );
    assert.deepEqual(keys(x.writes), [
      'table:mongodb://replica1:27020/archive.events',
      'table:mongodb://replica1:27020/archive.sessions',
    ]);
    assert.deepEqual(keys(x.reads), [
      'table:mongodb://replica1:27020/archive.teams',
      'table:mongodb://replica1:27020/archive.users',
    ]);
  });

  it('a promise chain: connect(url).then((client) => ...) binds the client', async () => {
    const x = await js(
      "const { MongoClient } = require('mongodb');\nMongoClient.connect('mongodb://stats-db:27019/metrics').then((c) => {\n  return c.db().collection('hourly').updateMany({}, { $set: { done: true } });\n});\n",
    );
    assert.deepEqual(keys(x.writes), ['table:mongodb://stats-db:27019/metrics.hourly']);
  });

  it('an unknown database keeps the bare collection; an unknown collection gives no node', async () => {
    const x = await js(
      "const { MongoClient } = require('mongodb');\nconst client = new MongoClient(process.env.MONGO_URI);\nconst db = client.db(process.env.DB_NAME);\nawait db.collection('audit_log').replaceOne({ _id: 1 }, {});\nfunction wipe(coll) { return db.collection(coll).deleteOne({}); }\nawait db.collection(`daily_${process.env.DAY}`).updateOne({}, {});\n",
    );
    assert.deepEqual(keys(x.writes), [
      'table:mongodb://*:27017/audit_log',
      'table:mongodb://*:27017/daily_*',
    ]);
  });
});

describe('Node.js extractor: handles from helpers and the script own functions', () => {
  it('db.collection(name) on a handle from a local helper module: reads and deletes over a literal list', async () => {
    const x = await js(
      "import { openStore } from '../lib/store.js';\nconst { handle: store, conn } = await openStore();\nconst run = async () => {\n  for (const kind of ['invoices', 'refunds']) {\n    const old = await store.collection(kind).find({ stale: true }).toArray();\n    if (old.length) await store.collection(kind).deleteMany({ stale: true });\n  }\n  const n = await store.collection('ledger').countDocuments();\n};\nawait run();\n",
    );
    assert.deepEqual(keys(x.reads), [
      'table:mongodb://*:27017/invoices',
      'table:mongodb://*:27017/ledger',
      'table:mongodb://*:27017/refunds',
    ]);
    assert.deepEqual(keys(x.writes), ['table:mongodb://*:27017/invoices', 'table:mongodb://*:27017/refunds']);
    // the handle's type was inferred from the calls and its server is unknown (`*`): partial
    assert.equal(confidenceOf(x.reads, 'table:mongodb://*:27017/ledger'), 'partial');
  });

  it('a .collection() with no collection method after it, or an unknown name, makes no node', async () => {
    const x = await js(
      "import { gallery } from './ui.js';\nconst c = gallery.collection('thumbnails');\nc.render();\nawait gallery.collection(process.argv[5]).find({});\n",
    );
    assert.deepEqual(keys(x.reads), []);
    assert.deepEqual(keys(x.writes), []);
  });

  it("a helper's parameter is bound at each call with a literal: collection names and paths", async () => {
    const x = await js(
      "const { MongoClient } = require('mongodb');\nconst fs = require('fs');\nconst client = new MongoClient('mongodb://hist-db:27017');\nconst db = client.db('history');\nasync function trim(name, keepDays = 30) {\n  await db.collection(name).deleteMany({ age: { $gt: keepDays } });\n}\nconst dumpPath = (label) => `/srv/dumps/${label}.ndjson`;\nasync function main() {\n  await trim('clicks');\n  await trim('views', 7);\n  fs.writeFileSync(dumpPath('clicks'), '');\n}\nmain();\n",
    );
    assert.deepEqual(keys(x.writes), [
      'file:/srv/dumps/clicks.ndjson',
      'table:mongodb://hist-db:27017/history.clicks',
      'table:mongodb://hist-db:27017/history.views',
    ]);
  });

  it('a function declared below its caller is known; recursion stops; locals do not leak', async () => {
    const x = await js(
      "const fs = require('fs');\nfunction go() { copyOne('a.csv'); }\nfunction copyOne(f) {\n  const dir = '/srv/stage';\n  fs.copyFileSync(`/srv/in/${f}`, `${dir}/${f}`);\n  copyOne(f);\n}\ngo();\nfs.writeFileSync(`${dir}/done.flag`, '');\n",
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/in/a.csv']);
    assert.deepEqual(keys(x.writes), ['file:/srv/stage/a.csv']);
  });
});

describe('Node.js extractor: calls of functions without known arguments', () => {
  it('a call above the declarations walks the hoisted functions once: no extra walk with unknown parameters', async () => {
    const x = await js(
      "const fs = require('fs');\nmain();\nfunction main() { stage('orders'); }\nfunction stage(name) { fs.copyFileSync(`/srv/in/${name}.csv`, `/srv/stage/${name}.csv`); }\n",
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/in/orders.csv']);
    assert.deepEqual(keys(x.writes), ['file:/srv/stage/orders.csv']);
  });

  it('a connect() helper that sets a module variable: the handle is known after the call', async () => {
    const x = await js(
      "const { MongoClient } = require('mongodb');\nlet store;\nasync function connect() {\n  const client = await MongoClient.connect('mongodb://ledger-db:27017/books');\n  store = client.db();\n}\nawait connect();\nawait store.collection('entries').insertOne({});\n",
    );
    assert.deepEqual(keys(x.writes), ['table:mongodb://ledger-db:27017/books.entries']);
  });

  it('a function without arguments is walked where it is called, with the values of that moment', async () => {
    const x = await js(
      "const fs = require('fs');\nlet target = '/srv/out/first.txt';\nfunction flush() { const note = 'x'; fs.writeFileSync(target, note); }\nflush();\ntarget = '/srv/out/second.txt';\nconsole.log(typeof note);\n",
    );
    assert.deepEqual(keys(x.writes), ['file:/srv/out/first.txt']);
  });
});

describe('Node.js extractor: database servers the script does not name', () => {
  it('a host from options the walk cannot read is *, not localhost; no options at all is the default', async () => {
    const x = await js(
      [
        "const { Pool, Client } = require('pg');",
        'const cfg = loadConfig();',
        "const a = new Pool({ host: cfg.pgHost, database: 'web' });",
        "await a.query('SELECT * FROM sessions');",
        'const b = new Client(cfg.pg);',
        "await b.query('SELECT * FROM orders');",
        'const c = new Client();',
        "await c.query('SELECT * FROM here');",
      ].join('\n'),
    );
    assert.deepEqual(keys(x.reads), [
      'table:postgres://*:*/orders',
      'table:postgres://*:5432/sessions',
      'table:postgres://localhost:5432/here',
    ]);
    assert.equal(confidenceOf(x.reads, 'table:postgres://*:5432/sessions'), 'partial');
  });
});
