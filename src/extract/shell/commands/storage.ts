/**
 * Object stores and cluster file systems: `gsutil cp|mv|rsync`, `hdfs dfs` / `hadoop fs`
 * (`-put`, `-get`, `-cp`, `-mv`, `-cat`, `-text`), `rclone copy|sync|move|copyto|moveto|cat`.
 * Remote locations are endpoints: `gs://bucket/key`, `hdfs://NAMENODE/path` (a bare HDFS path is
 * `hdfs:///path`: the cluster's default namenode), `rclone://REMOTE/path` for an rclone remote
 * (`REMOTE:path`, named in rclone.conf), Azure blobs (`az storage blob`, `azcopy`) as
 * `https://ACCOUNT.blob.core.windows.net/CONTAINER/NAME`. A destination that is a directory
 * (`.../`) gets the source's name.
 */

import { parseOptions } from '../options.js';
import type { Value } from '../value.js';
import { envSetting } from './databases.js';
import { destinationFor } from './files.js';
import { withName } from './transfer.js';
import type { CommandCall, CommandResolver, Handler } from './types.js';

const isUrl = (t: string) => /^[a-zA-Z][\w+.-]*:\/\//.test(t);

/** SRC... DST: each source read, the destination (or the source's name in it) written. */
function copyAll(call: CommandCall, sources: Value[], dst: Value, construct: string, toLocal: boolean): void {
  for (const src of sources) {
    call.run.emitRead(src, call.node, construct);
    call.run.emitWrite(into(call, src, dst, toLocal), call.node, construct);
  }
}

function into(call: CommandCall, src: Value, dst: Value, toLocal: boolean): Value {
  return toLocal ? destinationFor(call, src, dst) : withName(dst, src);
}

function gsutil(call: CommandCall): void {
  const args = call.argv.slice(1).filter((a) => !/^-[mq]$/.test(a.text)); // top-level -m, -q
  const [verb, ...rest] = args;
  if (!verb || !['cp', 'mv', 'rsync'].includes(verb.text)) return;
  const ops = parseOptions(rest, { short: 'zxjJpsDC', long: [] }).operands;
  const dst = ops.pop();
  if (!dst || ops.length === 0) return;
  copyAll(call, ops, dst, `gsutil ${verb.text}`, !isUrl(dst.text));
}

/** An HDFS path as an endpoint: `hdfs://nn:8020/p` kept, `/p` on the default namenode (`hdfs:///p`). */
function hdfsPath(v: Value): Value {
  if (isUrl(v.text)) return v;
  // a relative path is under the running user's home, which is not known statically
  return { ...v, text: `hdfs://${v.text.startsWith('/') ? v.text : `/user/*/${v.text}`}` };
}

function hdfs(call: CommandCall): void {
  const argv = call.argv.slice(1);
  // `hdfs dfs -put ...` / `hadoop fs -put ...`
  if (!argv[0] || !['dfs', 'fs'].includes(argv[0].text)) return;
  const [op, ...rest] = argv.slice(1);
  if (!op) return;
  const ops = rest.filter((a) => !a.text.startsWith('-'));
  const name = op.text.replace(/^-/, '');
  const construct = `${call.name} ${argv[0].text} ${op.text}`;
  const dst = ops[ops.length - 1];
  if (['put', 'copyFromLocal', 'moveFromLocal', 'appendToFile'].includes(name) && dst && ops.length >= 2)
    copyAll(call, ops.slice(0, -1), hdfsPath(dst), construct, false);
  else if (['get', 'copyToLocal', 'getmerge'].includes(name) && dst && ops.length >= 2)
    copyAll(call, ops.slice(0, -1).map(hdfsPath), dst, construct, true);
  else if (['cp', 'mv'].includes(name) && dst && ops.length >= 2)
    copyAll(call, ops.slice(0, -1).map(hdfsPath), hdfsPath(dst), construct, false);
  else if (['cat', 'text', 'tail', 'head'].includes(name))
    for (const p of ops) call.run.emitRead(hdfsPath(p), call.node, construct);
}

/** `REMOTE:path` of an rclone remote as an endpoint; a local path stays a file. */
function rclonePath(v: Value): Value {
  const m = /^([A-Za-z0-9_][\w.-]*):(.*)$/.exec(v.text);
  if (!m || v.text.startsWith('/')) return v;
  const path = (m[2] as string).replace(/^\/*/, '/');
  return { ...v, text: `rclone://${m[1]}${path === '/' ? '' : path}` };
}

function rclone(call: CommandCall): void {
  const [verb, ...rest] = call.argv.slice(1);
  if (!verb) return;
  const ops = parseOptions(rest, {
    short: '',
    long: [
      'config',
      'include',
      'exclude',
      'filter',
      'transfers',
      'checkers',
      'log-file',
      'bwlimit',
      'max-age',
      'min-age',
    ],
  }).operands;
  const construct = `rclone ${verb.text}`;
  if (verb.text === 'cat') {
    for (const p of ops) call.run.emitRead(rclonePath(p), call.node, construct);
    return;
  }
  if (!['copy', 'sync', 'move', 'copyto', 'moveto'].includes(verb.text) || ops.length !== 2) return;
  const [src, dst] = ops as [Value, Value];
  const to = rclonePath(dst);
  // copy/sync/move copy a directory's contents into DST; copyto/moveto name the file
  call.run.emitRead(rclonePath(src), call.node, construct);
  call.run.emitWrite(to, call.node, construct);
}

/**
 * `s3cmd put FILE... s3://B/P`, `get s3://B/K LOCAL`, `sync SRC DST` (either way), `cp`/`mv`
 * between buckets. A directory synced into `s3://B/dir/` lands under its own name.
 */
function s3cmd(call: CommandCall): void {
  const p = parseOptions(call.argv.slice(1), {
    short: 'cm',
    long: [
      'config',
      'exclude',
      'include',
      'rexclude',
      'rinclude',
      'exclude-from',
      'mime-type',
      'storage-class',
      'acl-grant',
      'acl-revoke',
      'add-header',
      'region',
      'bucket-location',
      'encoding',
      'cache-file',
      'limit-rate',
      'multipart-chunk-size-mb',
      'ssl-client-key-file',
      'ssl-client-cert-file',
    ],
  });
  const [verb, ...ops] = p.operands;
  if (!verb || !['put', 'get', 'sync', 'cp', 'mv', 'modify'].includes(verb.text)) return;
  const dst = ops.pop();
  if (!dst || ops.length === 0) return;
  copyAll(call, ops, dst, `s3cmd ${verb.text}`, !isUrl(dst.text));
}

/** An Azure blob (or a container's path) as its URL: `https://ACCOUNT.blob.core.windows.net/C/N`. */
export function azureBlob(
  account: Value | undefined,
  container: Value | undefined,
  name?: Value,
): Value | undefined {
  if (!container) return undefined;
  const acc = account && !account.text.includes('*') ? account.text.toLowerCase() : '*';
  const path = name ? `/${name.text.replace(/^\/+/, '')}` : '';
  return {
    text: `https://${acc}.blob.core.windows.net/${container.text}${path}`,
    resolved: Boolean(account?.resolved || container.resolved || name?.resolved),
  };
}

/**
 * `az storage blob upload|download|upload-batch|download-batch|sync`: a local file or directory
 * and a blob or container (`--account-name`, else AZURE_STORAGE_ACCOUNT; `*` when unknown).
 * Keys, SAS tokens and connection strings are options dfmap never reads.
 */
function az(call: CommandCall): void {
  const [group, kind, verb, ...rest] = call.argv.slice(1);
  if (group?.text !== 'storage' || kind?.text !== 'blob' || !verb) return;
  const p = parseOptions(rest, {
    short: 'cnfsd',
    long: [
      'account-name',
      'container-name',
      'container',
      'name',
      'file',
      'source',
      'destination',
      'pattern',
      'account-key',
      'sas-token',
      'connection-string',
      'auth-mode',
      'content-type',
      'tier',
      'overwrite',
      'subscription',
    ],
  });
  const get = (...names: string[]) => names.map((n) => p.flags.get(n)?.at(-1)).find((v) => v !== undefined);
  const account = get('account-name') ?? envSetting(call, 'AZURE_STORAGE_ACCOUNT');
  const construct = `az storage blob ${verb.text}`;
  if (verb.text === 'upload' || verb.text === 'download') {
    const blob = azureBlob(account, get('container-name', 'c'), get('name', 'n'));
    const file = get('file', 'f');
    if (!blob || !file) return;
    if (verb.text === 'upload') copyAll(call, [file], blob, construct, false);
    else copyAll(call, [blob], file, construct, true);
  } else if (verb.text === 'upload-batch' || verb.text === 'sync') {
    const dir = get('source', 's');
    const blob = azureBlob(account, get('destination', 'd', 'container', 'c'));
    if (dir && blob) copyAll(call, [dir], blob, construct, false);
  } else if (verb.text === 'download-batch') {
    const blob = azureBlob(account, get('source', 's'));
    const dir = get('destination', 'd');
    if (dir && blob) copyAll(call, [blob], dir, construct, true);
  }
}

/**
 * `azcopy copy|sync SRC DST`: blob URLs and local paths. A URL's query (a SAS) is dropped first, so
 * that a container URL ending in `/` gets the source's name (the endpoint would drop it anyway).
 */
function azcopy(call: CommandCall): void {
  const [verb, ...rest] = call.argv.slice(1);
  if (!verb || !['copy', 'cp', 'sync'].includes(verb.text)) return;
  const ops = parseOptions(rest, {
    long: [
      'include-pattern',
      'exclude-pattern',
      'include-path',
      'exclude-path',
      'block-size-mb',
      'log-level',
      'cap-mbps',
      'from-to',
      'overwrite',
      'delete-destination',
    ],
  }).operands;
  const [src, dst] = ops;
  if (!src || !dst) return;
  const strip = (v: Value): Value => ({ ...v, text: v.text.replace(/\?.*$/, '') });
  copyAll(
    call,
    [isUrl(src.text) ? strip(src) : src],
    isUrl(dst.text) ? strip(dst) : dst,
    `azcopy ${verb.text}`,
    !isUrl(dst.text),
  );
}

const commands: Record<string, Handler> = { gsutil, hdfs, hadoop: hdfs, rclone, s3cmd, az, azcopy };

export const storageCommands: CommandResolver = {
  id: 'storage',
  title: 'Object stores and HDFS: gsutil, s3cmd, hdfs, rclone, az storage blob, azcopy',
  emits: ['reads', 'writes'],
  commands,
};
