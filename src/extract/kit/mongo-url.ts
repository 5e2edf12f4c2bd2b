/**
 * MongoDB's addresses as every language takes them (the Node.js driver, pymongo, the shell's
 * mongoexport and friends): `mongodb[+srv]://user:pw@h1:27018,h2/shop?opts`, or a host list
 * `rs0/h1:27018,h2` (a replica set's name, then its hosts). The first host stands for the server.
 * User names and passwords are dropped. A host or port that holds `*` (not known statically) is
 * `*`, never a default; an unknown database is left out. A collection's node is
 * `table:mongodb://HOST:PORT/db.collection`.
 */

export const MONGO_PORT = '27017';

export interface MongoAddress {
  host?: string;
  port?: string;
  db?: string;
}

const URL_RE = /^mongodb(?:\+srv)?:\/\/([^/?]*)(?:\/([^?]*))?/;

export const isMongoUrl = (text: string): boolean => URL_RE.test(text.trim());

/** A `mongodb://` URL's first host, port and database; undefined when the text is no such URL. */
export function mongoUrl(text: string): MongoAddress | undefined {
  const m = URL_RE.exec(text.trim());
  if (!m) return undefined;
  const hosts = m[1] ?? '';
  const out = mongoHosts(hosts.slice(hosts.lastIndexOf('@') + 1));
  const db = m[2] ?? '';
  return db !== '' && !db.includes('*') ? { ...out, db } : out;
}

/** `rs0/h1:27017,h2` or `h1:27018`: the first host (lowercase) and its port. */
export function mongoHosts(text: string): MongoAddress {
  const first = text.slice(text.indexOf('/') + 1).split(',')[0] ?? '';
  const m = /^(\[[^\]]+\]|[^:]*)(?::([^:]+))?$/.exec(first);
  const host = m?.[1];
  const port = m?.[2];
  const unknownOr = (t: string) => (t.includes('*') ? '*' : t);
  return {
    ...(host ? { host: unknownOr(host.toLowerCase()) } : {}),
    ...(port ? { port: unknownOr(port) } : {}),
  };
}
