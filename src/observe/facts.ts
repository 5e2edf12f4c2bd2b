/**
 * Observed facts of one run, aggregated by edge: a job that opens the same file 10,000 times is one
 * fact with count 10,000, so memory grows with the number of distinct edges, not with the input.
 */

import { toDatabaseNode, toEndpointNode, toFileNode, toScriptNode } from '../model/keys.js';
import type { EdgeKind } from '../model/kinds.js';
import type { NodeSpec } from '../model/node.js';
import type { Image } from './image.js';
import { type At, type ObservedFact, RUN_JOB_KEY, type SocketAddress } from './types.js';

const JOB: NodeSpec = { key: RUN_JOB_KEY, attrs: { kind: 'job' } };

/** Well-known ports: a database by its server's port, an endpoint by its protocol. */
const PORTS: Record<number, { scheme: string; database?: boolean }> = {
  21: { scheme: 'ftp' },
  22: { scheme: 'sftp' },
  80: { scheme: 'http' },
  443: { scheme: 'https' },
  1433: { scheme: 'mssql', database: true },
  1521: { scheme: 'oracle', database: true },
  3306: { scheme: 'mysql', database: true },
  5432: { scheme: 'postgres', database: true },
  6379: { scheme: 'redis', database: true },
  27017: { scheme: 'mongodb', database: true },
  8000: { scheme: 'http' },
  8080: { scheme: 'http' },
  8443: { scheme: 'https' },
};

/** A peer -> the node it stands for; unix sockets of database servers by their conventional names. */
export function peerNode(a: SocketAddress): NodeSpec | undefined {
  if (a.family === 'unix') {
    const pg = /\.s\.PGSQL\.(\d+)$/.exec(a.path);
    if (pg) return toDatabaseNode(`postgres://localhost:${pg[1]}`);
    if (/mysqld?\.sock$/.test(a.path)) return toDatabaseNode('mysql://localhost:3306');
    return undefined;
  }
  const host = a.host.includes(':') ? `[${a.host}]` : a.host;
  const known = PORTS[a.port];
  if (known?.database) return toDatabaseNode(`${known.scheme}://${host}:${a.port}`);
  // other ports: HTTP is what scheduled jobs speak most; the construct (connect) stays in the evidence
  const scheme = known?.scheme ?? 'http';
  const defaultPort = scheme === 'http' ? 80 : scheme === 'https' ? 443 : -1;
  return toEndpointNode(`${scheme}://${host}${a.port === defaultPort ? '' : `:${a.port}`}`);
}

export class Facts {
  private map = new Map<string, ObservedFact>();

  access(
    owner: string | undefined,
    path: string,
    kind: 'reads' | 'writes',
    at: At,
    construct: string,
    who: string,
    missing = false,
  ): void {
    const script = owner ? toScriptNode(owner) : JOB;
    const file = toFileNode(path);
    const [from, to] = kind === 'reads' ? [file, script] : [script, file];
    this.add(from, to, kind, at, construct, who, missing ? { missing: true } : {});
  }

  invoke(caller: string | undefined, img: Image, at: At, who: string): void {
    const from = caller ? toScriptNode(caller) : JOB;
    const to = toScriptNode(img.script as string, img.language ? { language: img.language } : {});
    this.add(from, to, 'invokes', at, 'execve', who, {});
  }

  importModule(owner: string | undefined, path: string, at: At, who: string): void {
    if (!owner || owner === path) return;
    this.add(
      toScriptNode(owner),
      toScriptNode(path, { language: 'python' }),
      'invokes',
      at,
      'import (open .py)',
      who,
      {},
    );
  }

  connect(owner: string | undefined, address: SocketAddress, at: At, who: string, error?: string): void {
    const peer = peerNode(address);
    if (!peer) return;
    const script = owner ? toScriptNode(owner) : JOB;
    const extra: Partial<ObservedFact> = { direction: 'unknown' };
    if (error) extra.missing = true;
    this.add(peer, script, 'reads', at, error ? `connect ${error}` : 'connect', who, extra);
  }

  /** Drop every fact about a path (a temporary file the run created and removed). */
  forget(path: string): void {
    const key = `file:${path}`;
    for (const [k, f] of this.map) if (f.from.key === key || f.to.key === key) this.map.delete(k);
  }

  private add(
    from: NodeSpec,
    to: NodeSpec,
    kind: EdgeKind,
    at: At,
    construct: string,
    who: string,
    extra: Partial<ObservedFact>,
  ): void {
    const key = `${from.key}\u0000${to.key}\u0000${kind}\u0000${extra.missing ? 1 : 0}`;
    const cur = this.map.get(key);
    if (cur) {
      cur.count++;
      if (at.time && (!cur.lastSeen || at.time > cur.lastSeen)) cur.lastSeen = at.time;
      if (at.time && (!cur.firstSeen || at.time < cur.firstSeen)) cur.firstSeen = at.time;
      return;
    }
    this.map.set(key, {
      from,
      to,
      kind,
      evidence: {
        file: at.file,
        line: at.line,
        construct: `${at.syscall} ${construct}`.trim(),
        method: 'trace',
        snippet: who,
      },
      count: 1,
      ...(at.time ? { firstSeen: at.time, lastSeen: at.time } : {}),
      ...extra,
    });
  }

  get size(): number {
    return this.map.size;
  }

  list(): ObservedFact[] {
    // a path missing once and present (read or written) in the same run: the miss was a probe
    const present = new Set<string>();
    for (const f of this.map.values()) if (!f.missing) present.add(f.from.key).add(f.to.key);
    // a path that is a directory of another observed path was opened as a directory (SQLite's fsync of its folder)
    const dirs = new Set<string>();
    for (const k of present)
      if (k.startsWith('file:'))
        for (let i = k.lastIndexOf('/'); i > 5; i = k.lastIndexOf('/', i - 1)) dirs.add(k.slice(0, i));
    const out = [...this.map.values()].filter(
      (f) => !(f.missing && present.has(f.from.key)) && !dirs.has(f.from.key) && !dirs.has(f.to.key),
    );
    return out.sort((a, b) => (a.from.key + a.to.key < b.from.key + b.to.key ? -1 : 1));
  }
}
