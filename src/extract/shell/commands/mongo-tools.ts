/**
 * The MongoDB Database Tools: `mongoexport` and `mongodump` read a collection (or a whole
 * database) and write a file or directory; `mongoimport` and `mongorestore` read one and write
 * the collection or database. The server comes from `--uri`/`--host`/`--port` (a replica set's
 * `rs0/h1:27017,h2` names its first host), the database and collection from `--db`/`-d` and
 * `--collection`/`-c`, or the URI's path. A collection is a table node named `db.collection` in
 * the namespace `mongodb://HOST:PORT`, as the Node.js driver's are (extract/node/mongo.ts), so a
 * collection one script exports and another writes is one node. Passwords (`-p`, in the URI) are
 * never read into a node.
 */
import { toDatabaseNode, toTableNode } from '../../../model/keys.js';
import type { Confidence } from '../../../model/kinds.js';
import { basename } from '../../../util/paths.js';
import { isMongoUrl, MONGO_PORT, mongoHosts, mongoUrl } from '../../kit/mongo-url.js';
import { flag, hasFlag, type ParsedOptions, parseOptions } from '../options.js';
import type { Value } from '../value.js';
import { hostName, known, setting } from './databases.js';
import type { CommandCall, CommandResolver } from './types.js';

/** Options of every tool that take a value (`--archive` takes one only as `--archive=FILE`). */
const VALUED = [
  'uri',
  'host',
  'port',
  'username',
  'password',
  'authenticationDatabase',
  'authenticationMechanism',
  'db',
  'collection',
  'out',
  'file',
  'query',
  'queryFile',
  'fields',
  'fieldFile',
  'type',
  'sort',
  'skip',
  'limit',
  'readPreference',
  'mode',
  'upsertFields',
  'numInsertionWorkers',
  'nsInclude',
  'nsExclude',
  'nsFrom',
  'nsTo',
  'dir',
  'excludeCollection',
  'numParallelCollections',
  'config',
  'sslCAFile',
  'sslPEMKeyFile',
  'tlsCAFile',
  'tlsCertificateKeyFile',
];

interface Target {
  ns: string;
  db?: string;
  coll?: string;
}

/** The server, database and collection a tool works on, from its options and URI. */
function targetOf(p: ParsedOptions): Target {
  const uriFlag = flag(p, 'uri');
  const hostFlag = flag(p, 'h', 'host');
  // a URI with unknown parts still names what it knows (`mongodb+srv://$USER:$PW@cluster0/db`)
  const uri = uriFlag?.text ?? p.operands.map((o) => o.text).find(isMongoUrl);
  const fromUri = (uri && mongoUrl(uri)) || {};
  const fromHost = hostFlag ? mongoHosts(hostFlag.text) : fromUri;
  const port = setting(flag(p, 'port')) ?? fromHost.port ?? fromUri.port ?? MONGO_PORT;
  // no server named at all is the tool's default, this host; one named but unknown stays `*`
  const server = fromHost.host ?? (uri || uriFlag || hostFlag ? undefined : 'localhost');
  const ns = `mongodb://${server ? hostName(server) : '*'}:${port}`;
  const db = known(flag(p, 'd', 'db')) ?? fromUri.db;
  const coll = known(flag(p, 'c', 'collection'));
  return { ns, ...(db ? { db } : {}), ...(coll ? { coll } : {}) };
}

/** The collection (or with none, the database's server) a tool reads or writes. */
function emitData(
  call: CommandCall,
  dir: 'read' | 'write',
  t: Target,
  confidence: Confidence = 'exact',
): void {
  const ev = call.run.evidence(call.node, call.name);
  // a server the script does not name in full is `*` in the key, and the edge partial (emitRef)
  if (t.coll && t.db) {
    const name = `${t.db}.${t.coll}`.toLowerCase();
    call.run.emitRef(dir, { node: toTableNode(name, t.ns), evidence: ev, confidence });
  } else call.run.emitRef(dir, { node: toDatabaseNode(t.ns), evidence: ev, confidence: 'exact' });
}

/** A file option's value, unless it is standard input or output (`-`). */
function fileOf(v: Value | undefined): Value | undefined {
  return v && v.text !== '-' && v.text !== '' ? v : undefined;
}

function options(call: CommandCall): ParsedOptions {
  return parseOptions(call.argv.slice(1), { short: 'hdcoupq', long: VALUED });
}

/** `mongoexport --db D --collection C --out FILE` (stdout without `--out`). */
function mongoexport(call: CommandCall): void {
  const p = options(call);
  emitData(call, 'read', targetOf(p));
  const out = fileOf(flag(p, 'o', 'out'));
  if (out) call.run.emitWrite(out, call.node, 'mongoexport --out');
}

/**
 * `mongoimport --db D --collection C --file FILE` (or FILE as an operand, or standard input).
 * Without `--collection`, mongoimport names the collection after the file, extension dropped.
 */
function mongoimport(call: CommandCall): void {
  const p = options(call);
  const file = fileOf(flag(p, 'file')) ?? p.operands.find((o) => !isMongoUrl(o.text));
  if (file) call.run.emitRead(file, call.node, 'mongoimport --file');
  const t = targetOf(p);
  if (!t.coll && file && !file.text.includes('*')) {
    const base = basename(file.text);
    const dot = base.lastIndexOf('.');
    emitData(call, 'write', { ...t, coll: dot > 0 ? base.slice(0, dot) : base }, 'resolved');
    return;
  }
  emitData(call, 'write', t);
}

/** `mongodump [--db D [--collection C]] [--out DIR | --archive=FILE]` (DIR defaults to `dump`). */
function mongodump(call: CommandCall): void {
  const p = options(call);
  emitData(call, 'read', targetOf(p));
  const archive = flag(p, 'archive');
  if (archive) {
    // `--archive` alone writes to standard output (a redirection says where)
    if (fileOf(archive)) call.run.emitWrite(archive, call.node, 'mongodump --archive');
    return;
  }
  const out = flag(p, 'o', 'out');
  if (out?.text === '-') return;
  call.run.emitWrite(out ?? { text: 'dump', resolved: true }, call.node, 'mongodump --out');
}

/** `mongorestore [--db D [--collection C]] [DIR | FILE | --dir DIR | --archive=FILE]`. */
function mongorestore(call: CommandCall): void {
  const p = options(call);
  const archive = fileOf(flag(p, 'archive'));
  const from = archive ?? flag(p, 'dir') ?? p.operands.find((o) => !isMongoUrl(o.text));
  // nothing named and no archive from standard input: mongorestore reads `dump` in the directory
  if (from) call.run.emitRead(from, call.node, 'mongorestore');
  else if (!hasFlag(p, 'archive'))
    call.run.emitRead({ text: 'dump', resolved: true }, call.node, 'mongorestore');
  emitData(call, 'write', targetOf(p));
}

export const mongoToolCommands: CommandResolver = {
  id: 'mongo-tools',
  title: 'MongoDB Database Tools: mongoexport, mongoimport, mongodump, mongorestore',
  emits: ['reads', 'writes'],
  commands: { mongoexport, mongoimport, mongodump, mongorestore },
};
