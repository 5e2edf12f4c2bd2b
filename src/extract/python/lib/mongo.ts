import { MONGO_PORT, mongoHosts, mongoUrl } from '../../kit/mongo-url.js';
import { arg, type Call, construct, type Handler } from '../call.js';
import type { Direction } from '../recorder.js';
import { strValue } from '../recorder.js';
import { options, type PyObject, render, type Str, str, UNKNOWN, type Value } from '../value.js';
import { tablesIn } from './database.js';

type Mongo = Extract<PyObject, { type: 'mongo' }>;

const READS = [
  'find',
  'find_one',
  'find_raw_batches',
  'aggregate',
  'aggregate_raw_batches',
  'count_documents',
  'estimated_document_count',
  'count',
  'distinct',
  'watch',
];
const WRITES = [
  'insert_one',
  'insert_many',
  'insert',
  'save',
  'update_one',
  'update_many',
  'update',
  'replace_one',
  'delete_one',
  'delete_many',
  'remove',
  'bulk_write',
  'drop',
  'find_one_and_update',
  'find_one_and_replace',
  'find_one_and_delete',
  'create_index',
  'create_indexes',
  'rename',
];

const mongo = (o: Mongo): Value => ({ k: 'obj', obj: o });

/** `MongoClient(host=URL|NAME, port=N)`: a client of one server. */
const client: Handler = (c) => {
  const hostArg = arg(c, 0, 'host');
  const host = hostArg ? strValue(hostArg) : undefined;
  const portArg = arg(c, 1, 'port');
  const portText = portArg ? options(portArg).find((o) => o.k === 'num' || o.k === 'str') : undefined;
  const port =
    portText?.k === 'num' ? String(portText.n) : portText?.k === 'str' ? render(portText.s) : undefined;
  const server = (h: string | undefined, p: string | undefined, db?: Str): Value =>
    mongo({
      type: 'mongo',
      role: 'client',
      ns: `mongodb://${h ?? '*'}:${p ?? MONGO_PORT}`,
      ...(db ? { db } : {}),
    });
  // no host is this host; one given but not a string the walk knows is unknown
  if (!host) return server(hostArg ? '*' : 'localhost', port);
  const text = render(host.s);
  const url = mongoUrl(text);
  if (url) return server(url.host, port ?? url.port, url.db ? str(url.db, host.via) : undefined);
  const named = mongoHosts(text);
  return server(named.host, port ?? named.port);
};

/** `client.shop`, `client['shop']`, `db.orders`, `db['orders']`: the database or collection named. */
export function mongoChild(o: Mongo, name: Value | undefined): Value {
  const s = name ? strValue(name) : undefined;
  if (!s) return UNKNOWN;
  // pymongo refuses attribute names with a leading underscore; subscripts take any name
  if (o.role === 'client') return mongo({ type: 'mongo', role: 'db', ns: o.ns, db: s });
  if (o.role === 'db')
    return mongo({ type: 'mongo', role: 'coll', ns: o.ns, ...(o.db ? { db: o.db } : {}), coll: s });
  // `db.fs.files`: a sub-collection, named with a dot
  const coll = o.coll ? str(`${o.coll.s}.${s.s}`, o.coll.via || s.via) : s;
  return mongo({ ...o, coll });
}

function receiver(c: Call): Mongo | undefined {
  const r = c.receiver;
  return r?.k === 'obj' && r.obj.type === 'mongo' ? r.obj : undefined;
}

/** A read or write of collection `coll` of `o`'s database: table `db.coll` in `o`'s namespace. */
function emit(c: Call, dir: Direction, o: Mongo, coll: Str | undefined): void {
  if (!c.frame.emit) return;
  const name = coll ? render(coll.s).trim() : '*';
  if (name === '' || name === '*') {
    c.interp.rec.unresolved(c.frame, c.node, construct(c));
    return;
  }
  // a server the script does not name in full is `*` in the key, and the edge partial (the recorder)
  tablesIn(c, dir, coll, o.db, {
    type: 'db',
    role: 'connection',
    sql: { dialect: 'unknown', namespace: o.ns },
  });
}

const collectionMethod =
  (dir: Direction): Handler =>
  (c) => {
    const o = receiver(c);
    if (o?.role === 'coll') emit(c, dir, o, o.coll);
    return UNKNOWN;
  };

/** `db.create_collection(name)`, `db.drop_collection(name)`: a write of the collection named. */
const namedCollection: Handler = (c) => {
  const o = receiver(c);
  const name = arg(c, 0, 'name', 'name_or_collection');
  if (o?.role === 'db' && name) emit(c, 'writes', o, strValue(name));
  return o?.role === 'db' ? mongoChild(o, name) : UNKNOWN;
};

export const mongoCalls: Record<string, Handler> = {
  'pymongo.MongoClient': client,
  'pymongo.mongo_client.MongoClient': client,
};

export const mongoMethods: Record<string, Handler> = {
  get_database: (c) => {
    const o = receiver(c);
    return o?.role === 'client' ? mongoChild(o, arg(c, 0, 'name')) : UNKNOWN;
  },
  get_default_database: (c) => {
    const o = receiver(c);
    if (o?.role !== 'client') return UNKNOWN;
    return o.db ? mongoChild(o, o.db) : mongoChild(o, arg(c, 0, 'default'));
  },
  get_collection: (c) => {
    const o = receiver(c);
    return o?.role === 'db' ? mongoChild(o, arg(c, 0, 'name')) : UNKNOWN;
  },
  create_collection: namedCollection,
  drop_collection: namedCollection,
  // a collection with other read or write options is the same collection
  with_options: (c) => c.receiver ?? UNKNOWN,
  ...Object.fromEntries(READS.map((m) => [m, collectionMethod('reads')])),
  ...Object.fromEntries(WRITES.map((m) => [m, collectionMethod('writes')])),
};
