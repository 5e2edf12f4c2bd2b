/**
 * Where a data node lives when a host moves: on the host itself (files, SQLite files, tables of a
 * database server on localhost: they move and must be copied or bridged), or elsewhere (a database
 * server, an HTTP or S3 endpoint, another host: they stay, and the target only needs access).
 */
import type { NodeAttributes } from '../model/node.js';

const LOOPBACK = /^(localhost|127(?:\.\d+){3}|\[?::1\]?)$/i;

/** The host part of a namespace URL (`mysql://db01:3306` -> db01). */
function hostOf(namespace: string): string | undefined {
  const m = /^[a-z][\w+.-]*:\/\/(\[[^\]]+\]|[^:/]*)/i.exec(namespace);
  return m?.[1];
}

/** A data node that lives on the moving host (and so moves with it). */
export function isLocalData(node: NodeAttributes, host: string | undefined): boolean {
  if (node.kind === 'file' || isHousekeepingPath(node)) return true;
  if (node.kind === 'table' || node.kind === 'database') {
    const ns = String(node.namespace ?? node.url ?? '');
    if (ns.startsWith('sqlite:')) return true;
    const h = hostOf(ns);
    return h !== undefined && (LOOPBACK.test(h) || (host !== undefined && h === host));
  }
  return false;
}

/** A data node on another machine: a database server, an endpoint, a host reached over ssh. */
export function isRemoteData(node: NodeAttributes, host: string | undefined): boolean {
  if (node.kind === 'endpoint' || node.kind === 'host') return true;
  if (node.kind === 'table' || node.kind === 'database') return !isLocalData(node, host);
  return false;
}

/** Logs, locks, pid files and temporary files: they move with their scripts and need no bridge. */
export function isHousekeepingPath(node: NodeAttributes): boolean {
  const kind = String(node.kind);
  if (kind !== 'file') return kind === 'log' || kind === 'temp' || kind === 'lock';
  const p = String(node.path ?? '');
  return /^\/var\/log\/|\.(log|lock|pid)(\.\d+)?$|^\/(var\/)?tmp\/|^\/(var\/)?run\//.test(p);
}
