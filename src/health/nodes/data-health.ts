/**
 * Databases, endpoints and tables. A server's state is only known from a probe (--probe) or from what
 * its clients logged: a script whose run failed with "Can't connect to MySQL server on 'db01'" is
 * evidence that db01 was down at that run, and says so (marked as not probed). A table's contents are
 * never read (no credentials): it is unreachable when its database is down, and stale when its writer
 * failed.
 */

import { isIP } from 'node:net';
import { forEachInEdge, forEachInNeighbor, forEachOutNeighbor, nodeAttributes } from '../../graph/keyed.js';
import { type HealthContext, labelOf } from '../context.js';
import { matchSignature } from '../logs/signatures.js';
import { isLoopbackHost, probeTargetOf } from '../probe/target.js';
import { formatWhen, quoteLine } from '../time/format.js';
import type { NodeHealth, ProbeResult } from '../types.js';

function serverBase(ctx: HealthContext, node: string): NodeHealth {
  const kind = nodeAttributes(ctx.g, node).kind;
  return { node, kind, label: labelOf(ctx.g, node), status: 'unknown', summary: '', evidence: [] };
}

export function urlOf(ctx: HealthContext, node: string): string {
  const a = nodeAttributes(ctx.g, node);
  return String(a.url ?? a.namespace ?? node.replace(/^(database|endpoint):/, ''));
}

export function fromProbe(ctx: HealthContext, node: string, p: ProbeResult): NodeHealth {
  const base = serverBase(ctx, node);
  const evidence = [
    {
      source: 'probe' as const,
      time: new Date(ctx.now).toISOString(),
      text: `${p.protocol} ${p.host}:${p.port}: ${p.detail}`,
    },
  ];
  if (p.up) {
    return {
      ...base,
      status: 'ok',
      probe: p,
      evidence,
      summary: `up: ${p.version ? `${p.version} (${p.detail})` : p.detail}`,
    };
  }
  // this machine cannot find or route to it: that says nothing about the server itself
  if (p.reason === 'dns' || p.reason === 'unreachable') {
    return {
      ...base,
      status: 'unknown',
      probe: p,
      evidence,
      summary: `not judged: the probe from here ${p.reason === 'dns' ? 'cannot resolve the name' : 'has no route'} (${p.detail}); probe from the server's network`,
    };
  }
  const reason =
    p.reason === 'refused'
      ? 'connection refused'
      : p.reason === 'dns'
        ? 'name does not resolve'
        : (p.reason ?? 'down');
  return { ...base, status: 'down', probe: p, evidence, summary: `DOWN: ${reason} (${p.detail})` };
}

/** Without --probe: not judged, unless a probe would not be made anyway. */
export function notProbed(
  ctx: HealthContext,
  node: string,
  probing: boolean,
  probeLoopback: boolean,
): NodeHealth {
  const base = serverBase(ctx, node);
  const t = probeTargetOf(urlOf(ctx, node));
  if ('skip' in t) return { ...base, summary: `not probed: ${t.skip}` };
  if (probing && isLoopbackHost(t.target.host) && !probeLoopback) {
    return {
      ...base,
      summary: `not probed: '${t.target.host}' is the scanned server itself, not this machine (--probe-loopback to probe it from here)`,
    };
  }
  return { ...base, summary: 'not probed (pass --probe to connect)' };
}

/** `db01` names `db01.example.com`: a short name matches the first label; addresses must be equal. */
export const sameHost = (a: string, b: string): boolean => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return true;
  if (isIP(x) || isIP(y)) return false;
  return x.split('.')[0] === y.split('.')[0];
};

function familyOf(url: string): string {
  const s = url.split(':')[0]!.toLowerCase();
  if (s === 'mariadb' || s === 'mysql') return 'mysql';
  if (s.startsWith('postgres') || s === 'pg') return 'postgres';
  if (s === 'http' || s === 'https') return 'http';
  return s;
}

/** Databases and endpoints a script talks to: directly, or through the tables it reads and writes. */
export function serversOf(ctx: HealthContext, script: string): string[] {
  const out = new Set<string>();
  const consider = (n: string) => {
    const kind = nodeAttributes(ctx.g, n).kind;
    if (kind === 'database' || kind === 'endpoint') out.add(n);
    if (kind === 'table')
      forEachInNeighbor(ctx.g, n, (db) => nodeAttributes(ctx.g, db).kind === 'database' && out.add(db));
  };
  forEachInNeighbor(ctx.g, script, consider);
  forEachOutNeighbor(ctx.g, script, consider);
  return [...out];
}

/** A failing script's connection error names the server it could not reach (by host, or by protocol). */
export function inferServerDown(
  ctx: HealthContext,
  failing: NodeHealth,
): { server: string; text: string } | undefined {
  const ev = failing.evidence[0];
  if (!ev) return undefined;
  const sig = matchSignature(ev.text);
  if (!sig || (sig.kind !== 'connect' && sig.kind !== 'dns')) return undefined;
  const servers = serversOf(ctx, failing.node);
  let hits = servers.filter((s) => {
    const t = probeTargetOf(urlOf(ctx, s));
    return 'target' in t && sig.host !== undefined && sameHost(t.target.host, sig.host);
  });
  if (hits.length === 0 && sig.host === undefined) {
    hits = servers.filter((s) => sig.family === 'generic' || familyOf(urlOf(ctx, s)) === sig.family);
  }
  if (hits.length !== 1) return undefined;
  const when = ev.time ? ` at ${formatWhen(Date.parse(ev.time), ctx.now, ctx.tz)}` : '';
  return {
    server: hits[0]!,
    text: `${failing.label}${when}: "${quoteLine(sig.text)}"`,
  };
}

export function inferredDown(ctx: HealthContext, server: string, from: NodeHealth, text: string): NodeHealth {
  const ev = { ...from.evidence[0]!, text };
  return {
    ...serverBase(ctx, server),
    status: 'down',
    since: from.since,
    evidence: [ev],
    derivedFrom: [],
    summary: `DOWN (not probed): ${text}`,
  };
}

export function tableHealth(ctx: HealthContext, node: string): NodeHealth {
  const base = serverBase(ctx, node);
  let db: NodeHealth | undefined;
  forEachInEdge(ctx.g, node, (_e, attrs, source) => {
    if (attrs.kind === 'contains') db = ctx.results.get(source);
  });
  if (db && db.status === 'down') {
    return {
      ...base,
      status: 'down',
      derivedFrom: [db.node],
      evidence: db.evidence,
      summary: `UNREACHABLE: on ${db.label}, which is down`,
    };
  }
  const writers: NodeHealth[] = [];
  forEachInEdge(ctx.g, node, (_e, attrs, source) => {
    const h = ctx.results.get(source);
    if (attrs.kind === 'writes' && h && (h.status === 'failing' || h.status === 'missing')) writers.push(h);
  });
  if (writers.length) {
    const w = writers[0]!;
    return {
      ...base,
      status: 'stale',
      since: w.since,
      derivedFrom: writers.map((x) => x.node),
      evidence: w.evidence,
      summary: `STALE: its writer ${w.label} failed${w.since ? ` since ${formatWhen(Date.parse(w.since), ctx.now, ctx.tz)}` : ''}`,
    };
  }
  return { ...base, summary: 'contents not checked (no credentials)' };
}
