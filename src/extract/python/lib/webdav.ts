/**
 * WebDAV clients (webdav3 / webdavclient `Client({'webdav_hostname': URL, ...})`): uploads write
 * `URL/remote_path` and read the local file; downloads the other way round; listings read.
 */
import { arg, type Call, construct, endpointRef, fileRef, type Handler } from '../call.js';
import { concatValues, dictGet, mapAlts, type PyObject, str, toStr, UNKNOWN, type Value } from '../value.js';

type WebDav = Extract<PyObject, { type: 'webdav' }>;

const client: Handler = (c) => {
  const opts = arg(c, 0, 'options');
  const host = opts?.k === 'dict' ? dictGet(opts, 'webdav_hostname') : undefined;
  const root = opts?.k === 'dict' ? dictGet(opts, 'webdav_root') : undefined;
  const base = host && root ? concatValues([host, root]) : host;
  return { k: 'obj', obj: base ? { type: 'webdav', base } : { type: 'webdav' } };
};

const davOf = (c: Call): WebDav | undefined =>
  c.receiver?.k === 'obj' && c.receiver.obj.type === 'webdav' ? c.receiver.obj : undefined;

/** base + '/' + remote path (one slash between them). */
function remoteUrl(dav: WebDav | undefined, remote: Value | undefined): Value | undefined {
  if (!dav?.base || !remote) return undefined;
  const base = dav.base;
  return mapAlts(remote, (r) => {
    const s = toStr(r);
    const rel = str(s.s.replace(/^\/+/, ''), s.via);
    return mapAlts(base, (b) => {
      const bs = toStr(b);
      return concatValues([str(bs.s.replace(/\/+$/, ''), bs.via), str('/'), rel]);
    });
  });
}

function transfer(up: boolean): Handler {
  return (c) => {
    const url = remoteUrl(davOf(c), arg(c, 0, 'remote_path'));
    const local = arg(c, 1, 'local_path');
    endpointRef(c, up ? 'writes' : 'reads', url, construct(c));
    fileRef(c, up ? 'reads' : 'writes', local, construct(c));
    return UNKNOWN;
  };
}

const listing: Handler = (c) => {
  endpointRef(c, 'reads', remoteUrl(davOf(c), arg(c, 0, 'remote_path') ?? str('')), construct(c));
  return UNKNOWN;
};

export const webdavCalls: Record<string, Handler> = {
  'webdav3.client.Client': client,
  'webdav.client.Client': client,
};

export const webdavMethods: Record<string, Handler> = {
  upload_sync: transfer(true),
  upload: transfer(true),
  upload_async: transfer(true),
  upload_file: transfer(true),
  download_sync: transfer(false),
  download: transfer(false),
  download_async: transfer(false),
  download_file: transfer(false),
  list: listing,
};
