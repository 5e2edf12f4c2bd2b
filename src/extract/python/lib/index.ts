/**
 * The library registry: qualified names (`os.path.join`, `pandas.read_csv`) and object methods
 * (`cursor.execute`, `sftp.get`) to handlers, as plain typed records (one line per entry point).
 */
import type { Handler, MethodTable } from '../call.js';
import { argparseCalls, argparserMethods } from './argparse.js';
import { configCalls, configMethods } from './config.js';
import { coreCalls, pathValueMethods } from './core.js';
import { anyReceiverDbMethods, databaseCalls, dbMethods } from './database.js';
import {
  anyReceiverFileMethods,
  archiveMethods,
  documentMethods,
  fileCalls,
  fileObjectMethods,
  pathIoMethods,
} from './file-io.js';
import { invokeCalls } from './invoke.js';
import { mongoCalls, mongoMethods } from './mongo.js';
import {
  gcsMethods,
  httpMethods,
  networkCalls,
  remoteMethods,
  responseMethods,
  s3Methods,
  smtpMethods,
} from './network.js';
import { anyReceiverSparkMethods, sparkMethods } from './spark.js';
import { webdavCalls, webdavMethods } from './webdav.js';

export const libraryCalls: Record<string, Handler> = {
  ...coreCalls,
  ...fileCalls,
  ...configCalls,
  ...argparseCalls,
  ...databaseCalls,
  ...mongoCalls,
  ...networkCalls,
  ...webdavCalls,
  ...invokeCalls,
};

export const objectMethods: MethodTable = {
  db: dbMethods,
  mongo: mongoMethods,
  spark: sparkMethods,
  file: fileObjectMethods,
  document: documentMethods,
  archive: archiveMethods,
  config: configMethods,
  argparser: argparserMethods,
  s3: s3Methods,
  gcs: gcsMethods,
  remote: remoteMethods,
  http: httpMethods,
  response: responseMethods,
  smtp: smtpMethods,
  webdav: webdavMethods,
};

/** Methods of pathlib.Path values. */
export const pathMethods: Record<string, Handler> = { ...pathValueMethods, ...pathIoMethods };

/** Methods with names distinctive enough to recognise on a receiver dfmap could not trace. */
export const anyReceiverMethods: Record<string, Handler> = {
  ...anyReceiverFileMethods,
  ...anyReceiverDbMethods,
  ...anyReceiverSparkMethods,
};

/** Module aliases that name the same functions. */
const ALIASES: Array<[string, string]> = [
  ['posixpath.', 'os.path.'],
  ['pd.', 'pandas.'],
  ['np.', 'numpy.'],
  ['xr.', 'xarray.'],
  ['sa.', 'sqlalchemy.'],
  ['sqlalchemy.engine.base.', 'sqlalchemy.'],
  ['urllib.parse.', 'urllib.parse.'],
];

export function libraryHandler(name: string): Handler | undefined {
  const direct = libraryCalls[name];
  if (direct) return direct;
  for (const [from, to] of ALIASES)
    if (name.startsWith(from)) return libraryCalls[to + name.slice(from.length)];
  return undefined;
}
