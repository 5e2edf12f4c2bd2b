/**
 * The MongoDB Node.js driver: `new MongoClient(url)` / `MongoClient.connect(url)`, `client.db(name)`
 * (or the database named in the URL's path), `db.collection(name)` and the collection methods
 * that read or write it. A collection is a table node named `db.collection` (just `collection`
 * when the database is unknown) in the namespace `mongodb://HOST:PORT`; user names and passwords
 * in the URL are never kept. A handle that comes from somewhere the walk cannot follow (a helper
 * in a local module, `const { db } = await connect()`) is still a MongoDB database when the script
 * calls `.collection(name)` on it and then a collection method: see `untypedCollection`.
 */
import { MONGO_PORT, mongoUrl } from '../kit/mongo-url.js';
import { asStr, concat, str, textOf, UNKNOWN, type V } from '../kit/value.js';
import type { ScriptRun } from '../kit/walk.js';

const TAG = '\u0000mongo';

const READS = new Set([
  'find',
  'findOne',
  'aggregate',
  'countDocuments',
  'estimatedDocumentCount',
  'count',
  'distinct',
  'watch',
]);
const WRITES = new Set([
  'insertOne',
  'insertMany',
  'insert',
  'updateOne',
  'updateMany',
  'update',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'remove',
  'bulkWrite',
  'drop',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'createIndex',
  'rename',
]);

type Level = 'client' | 'db' | 'coll';

function mongoValue(level: Level, ns: string, db: V | undefined, coll?: V, untyped = false): V {
  const props = new Map<string, V>([
    [TAG, str(level)],
    [`${TAG}ns`, str(ns)],
  ]);
  if (untyped) props.set(`${TAG}untyped`, str('1'));
  if (db) props.set(`${TAG}db`, db);
  if (coll) props.set(`${TAG}coll`, coll);
  return { k: 'obj', props };
}

export function isMongo(v: V | undefined): boolean {
  return v?.k === 'obj' && v.props.has(TAG);
}

/** `mongodb://user:pw@h1:27018,h2/shop?authSource=admin` -> namespace of the first host, db. */
export function parseMongoUrl(url: V | undefined): { ns: string; db?: V } {
  const s = asStr(url);
  const u = mongoUrl(s.s);
  if (!u) return { ns: `mongodb://*:${MONGO_PORT}` };
  const out: { ns: string; db?: V } = { ns: `mongodb://${u.host ?? '*'}:${u.port ?? MONGO_PORT}` };
  if (u.db) out.db = str(u.db, s.via);
  return out;
}

/** `new MongoClient(url)`, `MongoClient.connect(url)`: a client. */
export function mongoClient(url: V | undefined): V {
  const { ns, db } = parseMongoUrl(url);
  return mongoValue('client', ns, db);
}

/**
 * `handle.collection(name)` on a value the walk does not know: a collection of an unknown server
 * and database. Only a later collection method (`find`, `deleteMany`, ...) makes an edge, and
 * its confidence is at most `resolved` (the handle's type was inferred from the calls).
 */
export function untypedCollection(name: V | undefined): V {
  const coll = part(name);
  return coll ? mongoValue('coll', `mongodb://*:${MONGO_PORT}`, undefined, coll, true) : UNKNOWN;
}

function part(v: V | undefined): V | undefined {
  if (!v) return undefined;
  const s = asStr(v);
  // a wholly unknown name is left out (a bare collection, no node for a collection)
  return s.s.trim() === '' || s.s.trim() === '*' ? undefined : s;
}

/** A method called on a client, database or collection value. */
export function mongoMethod(run: ScriptRun, recv: V, prop: string, a: V[], line: number): V {
  if (recv.k !== 'obj') return UNKNOWN;
  const level = textOf(recv.props.get(TAG)) as Level;
  const ns = textOf(recv.props.get(`${TAG}ns`)) ?? `mongodb://*:${MONGO_PORT}`;
  const db = recv.props.get(`${TAG}db`);
  if (level === 'client') {
    if (prop === 'connect') return recv;
    if (prop === 'db') return mongoValue('db', ns, part(a[0]) ?? db);
    return UNKNOWN;
  }
  if (level === 'db') {
    if (prop === 'collection' || prop === 'createCollection') {
      const coll = part(a[0]);
      if (prop === 'createCollection' && coll) emit(run, 'write', ns, db, coll, line, prop);
      return coll ? mongoValue('coll', ns, db, coll) : UNKNOWN;
    }
    if (prop === 'dropCollection' && a[0]) emit(run, 'write', ns, db, a[0], line, prop);
    return UNKNOWN;
  }
  const coll = recv.props.get(`${TAG}coll`);
  const dir = READS.has(prop) ? 'read' : WRITES.has(prop) ? 'write' : undefined;
  const untyped = recv.props.has(`${TAG}untyped`);
  if (dir && coll) emit(run, dir, ns, db, untyped ? str(asStr(coll).s, true) : coll, line, prop);
  return UNKNOWN;
}

function emit(
  run: ScriptRun,
  dir: 'read' | 'write',
  ns: string,
  db: V | undefined,
  coll: V,
  line: number,
  method: string,
): void {
  const construct = `mongodb .${method}()`;
  const c = asStr(coll);
  // a collection whose name is wholly unknown would be an invented node
  if (c.s.trim() === '*') {
    run.sink.note('table-unknown', `${construct}: the collection is not known statically`, line);
    return;
  }
  const name = db ? concat([db, str('.'), c]) : c;
  const s = asStr(name);
  run.sink.table(dir, s, { dialect: 'unknown', namespace: ns }, line, construct);
}
