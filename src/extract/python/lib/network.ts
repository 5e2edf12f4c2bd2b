/**
 * Data that leaves or enters over the network: HTTP (requests, httpx, urllib: GET reads, POST/PUT/
 * PATCH/DELETE write, and any request whose response body is read reads as well: call.ts
 * readResponse), S3 through boto3 (client and resource APIs), SFTP (paramiko, pysftp), FTP
 * (ftplib) and mail (smtplib writes `smtp://host`). URLs never keep credentials or query strings.
 */
import { joinServer } from '../../../util/paths.js';
import {
  arg,
  argText,
  type Call,
  construct,
  endpointRef,
  fileRef,
  type Handler,
  readResponse,
} from '../call.js';
import type { Direction } from '../recorder.js';
import {
  concatValues,
  HOLE,
  mapAlts,
  options,
  type PyObject,
  str,
  toStr,
  UNKNOWN,
  type Value,
} from '../value.js';
import { modeDirections } from './file-io.js';

type Remote = Extract<PyObject, { type: 'remote' }>;

const READ_VERBS = new Set(['get', 'head', 'options']);

function httpUrl(_c: Call, url: Value | undefined, base?: Value): Value | undefined {
  if (!url) return undefined;
  if (!base) return url;
  return mapAlts(url, (u) => {
    const s = toStr(u);
    if (/^[a-z][\w+.-]*:\/\//i.test(s.s)) return s;
    return concatValues([base, s.s.startsWith('/') ? s : str(`/${s.s}`, s.via)]);
  });
}

function httpVerb(verb: string, urlIndex = 0): Handler {
  return (c) => {
    const base = c.receiver?.k === 'obj' && c.receiver.obj.type === 'http' ? c.receiver.obj.base : undefined;
    const dir: Direction = READ_VERBS.has(verb) ? 'reads' : 'writes';
    const url = httpUrl(c, arg(c, urlIndex, 'url'), base);
    endpointRef(c, dir, url, construct(c));
    return response(url, dir === 'writes');
  };
}

/** The response of a request to `url`: what call.ts readResponse turns into a read when its body is used. */
function response(url: Value | undefined, sent: boolean): Value {
  return url ? { k: 'obj', obj: { type: 'response', url, sent } } : UNKNOWN;
}

/** Methods of a response that read its body. */
const bodyRead: Handler = (c) => {
  readResponse(c, c.receiver);
  return UNKNOWN;
};
export const responseMethods: Record<string, Handler> = {};
for (const m of ['read', 'read1', 'readline', 'readlines', 'json', 'iter_content', 'iter_lines'])
  responseMethods[m] = bodyRead;

const httpRequest: Handler = (c) => {
  const method = (argText(c, 0, 'method') ?? 'GET').toLowerCase();
  return httpVerb(method, 1)(c);
};

const session: Handler = (c) => {
  const base = c.kwargs.get('base_url');
  return { k: 'obj', obj: base ? { type: 'http', base } : { type: 'http' } };
};

const urlopen: Handler = (c) => {
  const target = arg(c, 0, 'url');
  const data = arg(c, 1, 'data');
  const sent: Array<[Value, boolean]> = [];
  for (const o of options(target ?? UNKNOWN)) {
    if (o.k === 'obj' && o.obj.type === 'http' && o.obj.base) {
      const m = (o.obj.method ?? 'get').toLowerCase();
      endpointRef(c, READ_VERBS.has(m) ? 'reads' : 'writes', o.obj.base, construct(c));
      sent.push([o.obj.base, !READ_VERBS.has(m)]);
    } else if (o.k === 'str') {
      const writes = data !== undefined && data.k !== 'none';
      endpointRef(c, writes ? 'writes' : 'reads', o, construct(c));
      sent.push([o, writes]);
    }
  }
  const [only] = sent;
  return only && sent.length === 1 ? response(only[0], only[1]) : UNKNOWN;
};

const urlRequest: Handler = (c) => {
  const data = arg(c, 1, 'data');
  const method = argText(c, -1, 'method') ?? (data && data.k !== 'none' ? 'POST' : 'GET');
  return { k: 'obj', obj: { type: 'http', base: arg(c, 0, 'url') ?? UNKNOWN, method } };
};

const urlretrieve: Handler = (c) => {
  endpointRef(c, 'reads', arg(c, 0, 'url'), construct(c));
  fileRef(c, 'writes', arg(c, 1, 'filename'), construct(c));
  return UNKNOWN;
};

export const networkCalls: Record<string, Handler> = {
  'requests.request': httpRequest,
  'requests.Session': session,
  'requests.session': session,
  'httpx.request': httpRequest,
  'httpx.Client': session,
  'httpx.AsyncClient': session,
  'urllib.request.urlopen': urlopen,
  'urllib2.urlopen': urlopen,
  'urllib.urlopen': urlopen,
  'urllib.request.Request': urlRequest,
  'urllib2.Request': urlRequest,
  'urllib.request.urlretrieve': urlretrieve,
  'urllib.urlretrieve': urlretrieve,
  'boto3.client': (c) => s3Of(c, 'client'),
  'boto3.resource': (c) => s3Of(c, 'resource'),
  'boto3.Session': () => ({ k: 'ref', name: 'boto3' }),
  'boto3.session.Session': () => ({ k: 'ref', name: 'boto3' }),
  'paramiko.Transport': (c) => remote('sftp', hostOf(arg(c, 0, 'sock'))),
  'paramiko.SSHClient': () => remote('ssh'),
  'google.cloud.storage.Client': () => gcs({ type: 'gcs', role: 'client' }),
  'google.cloud.storage.Client.from_service_account_json': () => gcs({ type: 'gcs', role: 'client' }),
  'google.cloud.storage.Blob': (c) =>
    gcs({
      type: 'gcs',
      role: 'blob',
      name: arg(c, 0, 'name') ?? UNKNOWN,
      ...bucketOfBlob(arg(c, 1, 'bucket')),
    }),
  'paramiko.SFTPClient.from_transport': (c) => sftpFrom(arg(c, 0, 't')),
  'pysftp.Connection': (c) => remote('sftp', arg(c, 0, 'host')),
  'ftplib.FTP': (c) => remote('ftp', arg(c, 0, 'host')),
  'ftplib.FTP_TLS': (c) => remote('ftp', arg(c, 0, 'host')),
  'smtplib.SMTP': (c) => smtp(c),
  'smtplib.SMTP_SSL': (c) => smtp(c),
  'smtplib.LMTP': (c) => smtp(c),
};
for (const lib of ['requests', 'httpx']) {
  for (const verb of ['get', 'head', 'options', 'post', 'put', 'patch', 'delete']) {
    networkCalls[`${lib}.${verb}`] = httpVerb(verb);
  }
}

export const httpMethods: Record<string, Handler> = { request: httpRequest };
for (const verb of ['get', 'head', 'options', 'post', 'put', 'patch', 'delete'])
  httpMethods[verb] = httpVerb(verb);

/* ---- S3 ---- */

function s3Of(c: Call, role: 'client' | 'resource'): Value {
  const service = argText(c, 0, 'service_name');
  return service === 's3' ? { k: 'obj', obj: { type: 's3', role } } : UNKNOWN;
}

function s3Url(bucket: Value | undefined, key: Value | undefined): Value {
  if (!bucket) return UNKNOWN;
  const k = key ? mapAlts(key, (v) => ({ ...toStr(v), s: toStr(v).s.replace(/^\/+/, '') })) : str('');
  return concatValues([str('s3://'), bucket, str('/'), k]);
}

/**
 * Bucket, key and the remaining arguments of an S3 call. The client takes (Bucket, Key, ...),
 * a Bucket takes (Key, ...), an Object neither; `first` skips a leading local-file argument
 * (upload_file(Filename, Bucket, Key)).
 */
function s3Args(c: Call, first = 0): { url: Value; rest: Value[] } {
  const o = c.receiver?.k === 'obj' && c.receiver.obj.type === 's3' ? c.receiver.obj : undefined;
  const args = c.args.slice(first);
  if (o?.role === 'object') return { url: s3Url(o.bucket, o.key), rest: args };
  if (o?.role === 'bucket')
    return { url: s3Url(o.bucket, c.kwargs.get('Key') ?? args[0]), rest: args.slice(1) };
  const bucket = c.kwargs.get('Bucket') ?? args[0];
  return { url: s3Url(bucket, c.kwargs.get('Key') ?? args[1]), rest: args.slice(2) };
}

function s3Download(withFile: boolean): Handler {
  return (c) => {
    const { url, rest } = s3Args(c);
    endpointRef(c, 'reads', url, construct(c));
    const local = c.kwargs.get('Filename') ?? rest[0];
    if (withFile && local && local.k !== 'obj') fileRef(c, 'writes', local, construct(c));
    return UNKNOWN;
  };
}

function s3Upload(withFile: boolean): Handler {
  return (c) => {
    const fromKw = c.kwargs.has('Filename') || c.kwargs.has('Fileobj');
    const { url } = s3Args(c, fromKw ? 0 : 1);
    const local = c.kwargs.get('Filename') ?? (fromKw ? undefined : c.args[0]);
    if (withFile && local && local.k !== 'obj') fileRef(c, 'reads', local, construct(c));
    endpointRef(c, 'writes', url, construct(c));
    return UNKNOWN;
  };
}

function s3Object(dir: Direction): Handler {
  return (c) => {
    endpointRef(c, dir, s3Args(c).url, construct(c));
    return UNKNOWN;
  };
}

export const s3Methods: Record<string, Handler> = {
  download_file: s3Download(true),
  download_fileobj: s3Download(false),
  upload_file: s3Upload(true),
  upload_fileobj: s3Upload(false),
  get_object: s3Object('reads'),
  put_object: s3Object('writes'),
  get: s3Object('reads'),
  put: s3Object('writes'),
  Bucket: (c) => ({ k: 'obj', obj: { type: 's3', role: 'bucket', bucket: arg(c, 0, 'name') ?? UNKNOWN } }),
  Object: (c) => {
    const o = c.receiver?.k === 'obj' && c.receiver.obj.type === 's3' ? c.receiver.obj : undefined;
    const bucket = o?.bucket ?? arg(c, 0, 'bucket_name');
    const key = o?.bucket ? arg(c, 0, 'key') : arg(c, 1, 'key');
    return { k: 'obj', obj: { type: 's3', role: 'object', bucket: bucket ?? UNKNOWN, key: key ?? UNKNOWN } };
  },
};

/* ---- Google Cloud Storage ---- */

/** `storage.Blob(name, bucket)`: the bucket object's name. */
function bucketOfBlob(b: Value | undefined): { bucket?: Value } {
  const o = b?.k === 'obj' && b.obj.type === 'gcs' ? b.obj : undefined;
  return o?.bucket ? { bucket: o.bucket } : {};
}

type Gcs = Extract<PyObject, { type: 'gcs' }>;

const gcs = (o: Gcs): Value => ({ k: 'obj', obj: o });

function gcsOf(c: Call): Gcs | undefined {
  return c.receiver?.k === 'obj' && c.receiver.obj.type === 'gcs' ? c.receiver.obj : undefined;
}

/** `gs://bucket/name` of a blob (a bucket alone when the name is not given). */
function gsUrl(o: Gcs): Value {
  if (!o.bucket) return UNKNOWN;
  const name = o.name
    ? mapAlts(o.name, (v) => ({ ...toStr(v), s: toStr(v).s.replace(/^\/+/, '') }))
    : str('');
  return concatValues([str('gs://'), o.bucket, str('/'), name]);
}

/** A blob's transfer: `upload_from_filename(PATH)` reads PATH and writes the blob, and so on. */
function gcsTransfer(blob: Direction, local?: Direction): Handler {
  return (c) => {
    const o = gcsOf(c);
    if (o?.role !== 'blob') return UNKNOWN;
    const file = local ? arg(c, 0, 'filename', 'file_obj') : undefined;
    if (local === 'reads' && file && file.k !== 'obj') fileRef(c, 'reads', file, construct(c));
    endpointRef(c, blob, gsUrl(o), construct(c));
    if (local === 'writes' && file && file.k !== 'obj') fileRef(c, 'writes', file, construct(c));
    return UNKNOWN;
  };
}

export const gcsMethods: Record<string, Handler> = {
  bucket: (c) =>
    gcsOf(c)?.role === 'client'
      ? gcs({ type: 'gcs', role: 'bucket', bucket: arg(c, 0, 'bucket_name') ?? UNKNOWN })
      : UNKNOWN,
  get_bucket: (c) =>
    gcsOf(c)?.role === 'client'
      ? gcs({ type: 'gcs', role: 'bucket', bucket: arg(c, 0, 'bucket_or_name') ?? UNKNOWN })
      : UNKNOWN,
  blob: (c) => {
    const o = gcsOf(c);
    return o?.role === 'bucket'
      ? gcs({ ...o, role: 'blob', name: arg(c, 0, 'blob_name') ?? UNKNOWN })
      : UNKNOWN;
  },
  get_blob: (c) => {
    const o = gcsOf(c);
    return o?.role === 'bucket'
      ? gcs({ ...o, role: 'blob', name: arg(c, 0, 'blob_name') ?? UNKNOWN })
      : UNKNOWN;
  },
  upload_from_filename: gcsTransfer('writes', 'reads'),
  upload_from_file: gcsTransfer('writes', 'reads'),
  upload_from_string: gcsTransfer('writes'),
  download_to_filename: gcsTransfer('reads', 'writes'),
  download_to_file: gcsTransfer('reads', 'writes'),
  download_as_bytes: gcsTransfer('reads'),
  download_as_string: gcsTransfer('reads'),
  download_as_text: gcsTransfer('reads'),
};

/* ---- SFTP / FTP / SSH ---- */

function remote(scheme: Remote['scheme'], host?: Value): Value {
  return { k: 'obj', obj: host ? { type: 'remote', scheme, host } : { type: 'remote', scheme } };
}

function hostOf(v: Value | undefined): Value | undefined {
  if (!v) return undefined;
  if (v.k === 'list') return v.items[0];
  return mapAlts(v, (o) => (o.k === 'str' ? { ...o, s: o.s.replace(/:\d+$/, '') } : o));
}

function sftpFrom(t: Value | undefined): Value {
  const o = t?.k === 'obj' && t.obj.type === 'remote' ? t.obj : undefined;
  return remote('sftp', o?.host);
}

function remoteUrl(o: Remote, path: Value | undefined): Value | undefined {
  if (!o.host || !path) return undefined;
  const scheme = o.scheme === 'ftp' ? 'ftp' : 'sftp';
  const full = mapAlts(path, (p) => {
    const s = toStr(p);
    if (s.s.startsWith('/')) return s;
    const cwd = o.cwd ? toStr(o.cwd) : undefined;
    if (cwd && !cwd.s.includes(HOLE)) return { ...s, s: joinServer(cwd.s, s.s) };
    return cwd ? concatValues([cwd, str('/'), s]) : { ...s, s: `/${s.s}` };
  });
  return concatValues([str(`${scheme}://`), o.host, full]);
}

function remoteTransfer(dir: Direction, remoteIdx: number, localIdx: number): Handler {
  return (c) => {
    const o = c.receiver?.k === 'obj' && c.receiver.obj.type === 'remote' ? c.receiver.obj : undefined;
    if (!o) return UNKNOWN;
    endpointRef(c, dir, remoteUrl(o, arg(c, remoteIdx, 'remotepath', 'remotedir')), construct(c));
    const local = localIdx >= 0 ? arg(c, localIdx, 'localpath', 'localdir') : undefined;
    if (local && local.k !== 'obj') fileRef(c, dir === 'reads' ? 'writes' : 'reads', local, construct(c));
    return UNKNOWN;
  };
}

const setCwd: Handler = (c) => {
  const o = c.receiver?.k === 'obj' && c.receiver.obj.type === 'remote' ? c.receiver.obj : undefined;
  const d = arg(c, 0, 'path', 'remotepath', 'dirname');
  if (o && d) {
    const cur = o.cwd ? toStr(o.cwd) : undefined;
    const next = toStr(d);
    o.cwd =
      cur && !next.s.startsWith('/') && !cur.s.includes(HOLE) ? str(joinServer(cur.s, next.s), true) : next;
  }
  return UNKNOWN;
};

function ftpCommand(dir: Direction): Handler {
  return (c) => {
    const o = c.receiver?.k === 'obj' && c.receiver.obj.type === 'remote' ? c.receiver.obj : undefined;
    const cmd = arg(c, 0, 'cmd');
    if (!o || !cmd) return UNKNOWN;
    const name = mapAlts(cmd, (v) => {
      const s = toStr(v);
      const m = /^\s*(RETR|STOR|STOU|APPE)\s+(.*)$/i.exec(s.s);
      return m ? { ...s, s: m[2] as string } : UNKNOWN;
    });
    if (name.k !== 'unknown') endpointRef(c, dir, remoteUrl(o, name), construct(c));
    return UNKNOWN;
  };
}

export const remoteMethods: Record<string, Handler> = {
  connect: (c) => {
    const o = c.receiver?.k === 'obj' && c.receiver.obj.type === 'remote' ? c.receiver.obj : undefined;
    const h = arg(c, 0, 'hostname', 'host');
    if (o && h) o.host = hostOf(h);
    return UNKNOWN;
  },
  open_sftp: (c) => sftpFrom(c.receiver),
  get: remoteTransfer('reads', 0, 1),
  get_d: remoteTransfer('reads', 0, 1),
  get_r: remoteTransfer('reads', 0, 1),
  getfo: remoteTransfer('reads', 0, -1),
  put: (c) => putLike(c),
  put_d: (c) => putLike(c),
  put_r: (c) => putLike(c),
  putfo: (c) => {
    const o = c.receiver?.k === 'obj' && c.receiver.obj.type === 'remote' ? c.receiver.obj : undefined;
    if (o) endpointRef(c, 'writes', remoteUrl(o, arg(c, 1, 'remotepath')), construct(c));
    return UNKNOWN;
  },
  open: (c) => {
    const o = c.receiver?.k === 'obj' && c.receiver.obj.type === 'remote' ? c.receiver.obj : undefined;
    if (!o) return UNKNOWN;
    for (const dir of modeDirections(argText(c, 1, 'mode'))) {
      endpointRef(c, dir, remoteUrl(o, arg(c, 0, 'filename', 'remotepath')), construct(c));
    }
    return UNKNOWN;
  },
  chdir: setCwd,
  cwd: setCwd,
  retrbinary: ftpCommand('reads'),
  retrlines: ftpCommand('reads'),
  storbinary: ftpCommand('writes'),
  storlines: ftpCommand('writes'),
};

function putLike(c: Call): Value {
  // put(localpath, remotepath): the remote name defaults to the local one
  const o = c.receiver?.k === 'obj' && c.receiver.obj.type === 'remote' ? c.receiver.obj : undefined;
  if (!o) return UNKNOWN;
  const local = arg(c, 0, 'localpath', 'localdir');
  fileRef(c, 'reads', local, construct(c));
  const target =
    arg(c, 1, 'remotepath', 'remotedir') ??
    (local ? mapAlts(local, (l) => str(toStr(l).s.replace(/^.*\//, ''), true)) : undefined);
  endpointRef(c, 'writes', remoteUrl(o, target), construct(c));
  return UNKNOWN;
}

/* ---- SMTP ---- */

function smtp(c: Call): Value {
  const host = arg(c, 0, 'host');
  if (host && !(host.k === 'str' && host.s === ''))
    endpointRef(c, 'writes', concatValues([str('smtp://'), host]), construct(c));
  return { k: 'obj', obj: host ? { type: 'smtp', host } : { type: 'smtp' } };
}

export const smtpMethods: Record<string, Handler> = {
  connect: (c) => {
    const host = arg(c, 0, 'host');
    if (host) endpointRef(c, 'writes', concatValues([str('smtp://'), host]), construct(c));
    return UNKNOWN;
  },
};
