/**
 * The MongoDB Database Tools in shell scripts: each construct, a snippet in, node keys out. A
 * collection is `table:mongodb://HOST:PORT/db.collection`, the key the Node.js driver's calls give
 * (test/extract/node/node-extractor.test.ts), so the two languages meet on one node.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Extraction } from '../../../src/extract/types.js';
import { extractShell, keys } from '../../helpers/shell.js';

const confidence = (ex: Extraction, key: string) =>
  [...ex.reads, ...ex.writes].find((r) => r.node.key === key)?.confidence;

describe('MongoDB tools', () => {
  test('mongoexport reads the collection and writes --out; the server from --host or the URI', async () => {
    const ex = await extractShell(
      [
        'mongoexport --host mongo01 --db shop --collection orders --out /data/orders.json',
        'mongoexport --uri "mongodb://reader:s3cret@Mongo02:27018/crm?authSource=admin" -c contacts --type=csv -o /data/contacts.csv',
        'mongoexport -h rs0/mongo03:27019,mongo04 -d shop -c stock | gzip > /data/stock.json.gz',
      ].join('\n'),
    );
    assert.deepEqual(keys(ex).reads, [
      'table:mongodb://mongo01:27017/shop.orders',
      'table:mongodb://mongo02:27018/crm.contacts',
      'table:mongodb://mongo03:27019/shop.stock',
    ]);
    assert.deepEqual(keys(ex).writes, [
      'file:/data/contacts.csv',
      'file:/data/orders.json',
      'file:/data/stock.json.gz',
    ]);
    // the URI's password is not in any node or evidence
    assert.ok(!JSON.stringify(ex).includes('s3cret'));
  });

  test('mongoimport reads its file and writes the collection, named after the file when not given', async () => {
    const ex = await extractShell(
      [
        'mongoimport --host mongo01 --db staging --collection products --file /data/in/products.json',
        'mongoimport --uri mongodb://mongo01/staging /data/in/prices.csv --type csv --headerline',
      ].join('\n'),
    );
    assert.deepEqual(keys(ex).reads, ['file:/data/in/prices.csv', 'file:/data/in/products.json']);
    assert.deepEqual(keys(ex).writes, [
      'table:mongodb://mongo01:27017/staging.prices',
      'table:mongodb://mongo01:27017/staging.products',
    ]);
    assert.equal(confidence(ex, 'table:mongodb://mongo01:27017/staging.products'), 'exact');
    assert.equal(confidence(ex, 'table:mongodb://mongo01:27017/staging.prices'), 'resolved');
  });

  test('mongodump reads the collection or the whole server and writes --out, --archive=FILE or ./dump', async () => {
    const ex = await extractShell(
      [
        'mongodump --host mongo01 --db shop --collection orders --out /backup/mongo/$(date +%F)',
        'mongodump --uri mongodb://mongo02:27018 --archive=/backup/mongo02.archive --gzip',
        'mongodump --archive --db crm > /backup/crm.archive',
        'cd /backup/nightly && mongodump',
      ].join('\n'),
    );
    assert.deepEqual(keys(ex).reads, [
      'database:mongodb://localhost:27017',
      'database:mongodb://mongo02:27018',
      'table:mongodb://mongo01:27017/shop.orders',
    ]);
    assert.deepEqual(keys(ex).writes, [
      'file:/backup/crm.archive',
      'file:/backup/mongo/*',
      'file:/backup/mongo02.archive',
      'file:/backup/nightly/dump',
    ]);
    assert.equal(confidence(ex, 'file:/backup/mongo/*'), 'partial');
  });

  test('mongorestore reads the dump and writes the collection or the server', async () => {
    const ex = await extractShell(
      [
        'mongorestore --host mongo05 --db shop --collection orders /backup/mongo/latest/shop/orders.bson',
        'mongorestore --uri mongodb://mongo06 --archive=/backup/all.archive --gzip',
        'mongorestore --host mongo07 --dir /backup/full',
      ].join('\n'),
    );
    assert.deepEqual(keys(ex).reads, [
      'file:/backup/all.archive',
      'file:/backup/full',
      'file:/backup/mongo/latest/shop/orders.bson',
    ]);
    assert.deepEqual(keys(ex).writes, [
      'database:mongodb://mongo06:27017',
      'database:mongodb://mongo07:27017',
      'table:mongodb://mongo05:27017/shop.orders',
    ]);
  });

  test('a URI whose user and password are unknown still names its server and database', async () => {
    const ex = await extractShell(
      'mongoexport --uri "mongodb+srv://$MONGO_USER:$MONGO_PW@cluster0.example.net/covid?retryWrites=true" -c cases -o /data/cases.csv\n',
    );
    assert.deepEqual(keys(ex).reads, ['table:mongodb://cluster0.example.net:27017/covid.cases']);
    assert.equal(confidence(ex, 'table:mongodb://cluster0.example.net:27017/covid.cases'), 'exact');
  });

  test('a server or name the script does not know is unknown, never guessed', async () => {
    const ex = await extractShell(
      'mongoexport --uri "$MONGO_URL" -c "$COLL" --out /data/x.json\nmongodump --host=db7 --port=${PORT} --archive=/b/x.gz\n',
    );
    // an unknown server and no collection name: the server is `*`, the read is of the server
    assert.deepEqual(keys(ex).reads, ['database:mongodb://*:27017', 'database:mongodb://db7:*']);
    assert.equal(confidence(ex, 'database:mongodb://*:27017'), 'partial');
    assert.equal(confidence(ex, 'database:mongodb://db7:*'), 'partial');
    assert.deepEqual(keys(ex).writes, ['file:/b/x.gz', 'file:/data/x.json']);
  });
});
