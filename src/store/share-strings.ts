/** Repeated strings of a large map pointed at one copy while it is read. */
import type { Node } from './node-link-builder.js';

export interface StringSharer {
  /** A node's path or URL as a slice of its id; a job's crontab and schedule, a table's database, pooled. */
  node(attrs: Node, id: string): void;
  /** Evidence files as the string of the node they name, or pooled; constructs pooled. */
  evidence(evidence: unknown[], from: Node, to: Node): void;
}

/**
 * JSON.parse gives every string its own copy (except those of up to 10 characters, which V8
 * shares). A large map repeats a few strings hundreds of thousands of times: evidence names the
 * file of its script or crontab, jobs their crontab. Pointing each at one copy while the batch is
 * young lets the copies die cheaply (~80 MB less to keep at 1M edges).
 */
export function createStringSharer(): StringSharer {
  const pool = new Map<string, string>();
  const pooled = (s: string): string => {
    if (s.length > 200) return s;
    const hit = pool.get(s);
    if (hit !== undefined) return hit;
    if (pool.size < 1_000_000) pool.set(s, s);
    return s;
  };
  let lastConstruct = '';
  return {
    node(attrs, id) {
      // a path or URL is the end of the id (`file:/data/x.csv`): V8 makes a slice of 13 or more
      // characters a 32-byte view of the id instead of a copy
      const p = attrs.path ?? attrs.url;
      if (typeof p === 'string' && p.length >= 13 && id.length > p.length && id.endsWith(p)) {
        if (attrs.path === p) attrs.path = id.slice(id.length - p.length);
        else attrs.url = id.slice(id.length - p.length);
      }
      // what many nodes repeat: the crontab and schedule of a job, the database of a table
      if (attrs.kind === 'job') {
        if (typeof attrs.source === 'string') attrs.source = pooled(attrs.source);
        if (typeof attrs.schedule === 'string' && attrs.schedule.length > 10)
          attrs.schedule = pooled(attrs.schedule);
      } else if (attrs.kind === 'table' && typeof attrs.namespace === 'string') {
        attrs.namespace = pooled(attrs.namespace);
      }
    },
    evidence(evidence, from, to) {
      for (const ev of evidence) {
        if (!isRecord(ev)) continue;
        const f = ev.file;
        if (typeof f === 'string') ev.file = sameAs(f, to.path, from.path, from.source) ?? pooled(f);
        const c = ev.construct;
        // V8 already shares strings of up to 10 characters
        if (typeof c === 'string' && c.length > 10) {
          if (c !== lastConstruct) lastConstruct = pooled(c);
          ev.construct = lastConstruct;
        }
      }
    },
  };
}

/** The one of a, b, c equal to `s` (an equal string held elsewhere), if any. */
function sameAs(s: string, a?: string, b?: string, c?: string): string | undefined {
  if (s === a) return a;
  if (s === b) return b;
  return s === c ? c : undefined;
}

function isRecord(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}
