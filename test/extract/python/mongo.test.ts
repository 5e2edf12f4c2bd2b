/**
 * pymongo: a client from a URL, a host and port, or nothing; databases and collections by
 * attribute, subscript and get_*(); the collection methods that read and write. The keys are the
 * ones the Node.js driver and the shell's mongoexport give (`table:mongodb://HOST:PORT/db.coll`).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractServerScript, extractText, reads, writes } from './helpers.js';

test('pymongo: each way of reaching a collection, read or written, on the server it names', async () => {
  const x = await extractText(
    [
      'import os',
      'from pymongo import MongoClient',
      'import pymongo',
      "client = MongoClient('mongodb://etl:s3cret@Mongo01:27018,mongo02/shop?authSource=admin')",
      'db = client.get_default_database()',
      'orders = db.orders',
      "for o in orders.find({'status': 'new'}):",
      '    pass',
      "db['order_totals'].insert_many([])",
      "crm = MongoClient('mongo02', 27017)['crm']",
      "crm.contacts.update_one({'_id': 1}, {'$set': {}})",
      "n = crm.get_collection('leads').with_options().count_documents({})",
      "client.get_database('files').fs.chunks.find_one()",
      'local = MongoClient()',
      "local.cache.drop_collection('tmp')",
    ].join('\n'),
  );
  assert.deepEqual(reads(x), [
    'table:mongodb://mongo01:27018/files.fs.chunks',
    'table:mongodb://mongo01:27018/shop.orders',
    'table:mongodb://mongo02:27017/crm.leads',
  ]);
  assert.deepEqual(writes(x), [
    'table:mongodb://localhost:27017/cache.tmp',
    'table:mongodb://mongo01:27018/shop.order_totals',
    'table:mongodb://mongo02:27017/crm.contacts',
  ]);
  assert.ok([...x.reads, ...x.writes].every((r) => r.confidence === 'exact'));
  const find = x.reads.find((r) => r.node.key.endsWith('shop.orders'));
  assert.equal(find?.evidence.line, 7);
  assert.match(find?.evidence.construct ?? '', /orders\.find\(\)/);
  // the URL's user and password are in no node and no evidence
  assert.ok(!JSON.stringify(x).includes('s3cret'));
});

test('pymongo: a server from the environment is what the crontab set, else unknown and partial', async () => {
  const script = [
    'import os, pymongo',
    "archive = pymongo.MongoClient(os.environ['ARCHIVE_URI'])",
    'archive.history.events.insert_one({})',
  ].join('\n');
  const known = await extractText(script, { env: { ARCHIVE_URI: 'mongodb://arch01:27020/' } });
  assert.deepEqual(writes(known), ['table:mongodb://arch01:27020/history.events']);
  const unknown = await extractText(script);
  assert.deepEqual(writes(unknown), ['table:mongodb://*:27017/history.events']);
  assert.equal(unknown.writes[0]?.confidence, 'partial');
});

test('pymongo: a collection whose name the script does not know makes no node', async () => {
  const x = await extractText(
    ['import sys', 'from pymongo import MongoClient', 'MongoClient().shop[sys.argv[1]].find()'].join('\n'),
  );
  assert.deepEqual(reads(x), []);
});

test("pymongo: a local module's class holding its collections as attributes, used by the script", async () => {
  const x = await extractServerScript('/opt/app/uses_store.py');
  assert.deepEqual(reads(x), ['table:mongodb://localhost:27017/ledger.entries']);
  assert.deepEqual(writes(x), [
    'table:mongodb://localhost:27017/ledger.audit',
    'table:mongodb://localhost:27017/ledger.totals',
  ]);
  // where the collection is used: in the module, for the calls made there
  const audit = x.writes.find((w) => w.node.key.endsWith('ledger.audit'));
  assert.equal(audit?.evidence.file, '/opt/app/lib/ledger_store.py');
});
