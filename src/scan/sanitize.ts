/** The last line of defence for secrets: every free-text field of every fact is redacted before the graph is built. */
import type { DataRef, Extraction, Invocation } from '../extract/types.js';
import type { EdgeFact } from '../graph/types.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Evidence } from '../model/evidence.js';
import type { NodeSpec } from '../model/node.js';
import { redactDeep, redactText, redactUrl } from '../util/redact.js';

const TEXT_ATTRS = ['command', 'label', 'snippet'] as const;

function node(n: NodeSpec): NodeSpec {
  const attrs = { ...n.attrs };
  for (const k of TEXT_ATTRS) if (typeof attrs[k] === 'string') attrs[k] = redactText(attrs[k] as string);
  if (typeof attrs.url === 'string') attrs.url = redactUrl(attrs.url);
  const key =
    n.key.startsWith('endpoint:') || n.key.startsWith('database:')
      ? redactUrl(n.key.replace(/^\w+:/, ''))
      : undefined;
  return { key: key ? `${n.key.slice(0, n.key.indexOf(':') + 1)}${key}` : n.key, attrs };
}

function evidence(e: Evidence): Evidence {
  const ev = { ...e };
  if (ev.snippet) ev.snippet = redactText(ev.snippet);
  ev.construct = redactText(ev.construct);
  return ev;
}

function diag(d: Diagnostic): Diagnostic {
  return { ...d, message: redactText(d.message), ...(d.hint ? { hint: redactText(d.hint) } : {}) };
}

/**
 * Objects already redacted (an extraction from the scan cache was stored redacted): the Sanitizer
 * takes them as they are instead of redacting every fact of an unchanged script again.
 */
const redacted = new WeakSet<object>();

/** Mark what sanitizeExtraction made (and the cache stored) as redacted. */
export function markRedacted(ex: Extraction): void {
  const ref = (r: DataRef) => {
    redacted.add(r.node);
    redacted.add(r.evidence);
  };
  ex.reads.forEach(ref);
  ex.writes.forEach(ref);
  for (const inv of ex.invokes) {
    redacted.add(inv.evidence);
    inv.redirects?.reads.forEach(ref);
    inv.redirects?.writes.forEach(ref);
  }
  for (const d of ex.diagnostics) redacted.add(d);
}

/**
 * One pass's redaction, remembered: the same labels, keys, constructs and snippet lines recur on
 * thousands of facts, and the same node object sits on every edge of its script. The redaction
 * functions are pure, so a remembered answer is the answer (the same as node(), edge(), diag()).
 * The scan redacts each fact as it arrives (scan-facts.ts), while the workers are still busy.
 */
export class Sanitizer {
  private readonly texts = new Map<string, string>();
  private readonly urls = new Map<string, string>();
  private readonly nodes = new WeakMap<NodeSpec, NodeSpec>();

  text(s: string): string {
    let r = this.texts.get(s);
    if (r === undefined) {
      r = redactText(s);
      this.texts.set(s, r);
    }
    return r;
  }

  url(s: string): string {
    let r = this.urls.get(s);
    if (r === undefined) {
      r = redactUrl(s);
      this.urls.set(s, r);
    }
    return r;
  }

  /** The node asked last and its answer: a script's node is asked for on each of its facts in a row. */
  private last: [NodeSpec, NodeSpec] | undefined;

  node(n: NodeSpec): NodeSpec {
    if (this.last?.[0] === n) return this.last[1];
    if (redacted.has(n)) return n;
    let r = this.nodes.get(n);
    if (!r) {
      const attrs = { ...n.attrs };
      for (const k of TEXT_ATTRS) if (typeof attrs[k] === 'string') attrs[k] = this.text(attrs[k] as string);
      if (typeof attrs.url === 'string') attrs.url = this.url(attrs.url);
      const key =
        n.key.startsWith('endpoint:') || n.key.startsWith('database:')
          ? this.url(n.key.replace(/^\w+:/, ''))
          : undefined;
      r = { key: key ? `${n.key.slice(0, n.key.indexOf(':') + 1)}${key}` : n.key, attrs };
      this.nodes.set(n, r);
    }
    this.last = [n, r];
    return r;
  }

  edge(e: EdgeFact): EdgeFact {
    if (redacted.has(e.evidence)) return { ...e, from: this.node(e.from), to: this.node(e.to) };
    const ev = { ...e.evidence };
    if (ev.snippet) ev.snippet = this.text(ev.snippet);
    ev.construct = this.text(ev.construct);
    return { ...e, from: this.node(e.from), to: this.node(e.to), evidence: ev };
  }

  diag(d: Diagnostic): Diagnostic {
    if (redacted.has(d)) return d;
    return { ...d, message: this.text(d.message), ...(d.hint ? { hint: this.text(d.hint) } : {}) };
  }
}

const ref = (r: DataRef): DataRef => ({ ...r, node: node(r.node), evidence: evidence(r.evidence) });

/**
 * An extraction as the scan cache may keep it: redacted as the map will be (so the map made from
 * it is the same), or undefined when an invocation passes on a secret (arguments, environment)
 * that the map never shows but the callee's extraction needs: such a script is not cached.
 */
export function sanitizeExtraction(ex: Extraction): Extraction | undefined {
  const invokes: Invocation[] = [];
  for (const inv of ex.invokes) {
    const { evidence: ev, redirects, ...how } = inv;
    if (JSON.stringify(redactDeep(how)) !== JSON.stringify(how)) return undefined;
    invokes.push({
      ...inv,
      evidence: evidence(ev),
      ...(redirects
        ? { redirects: { reads: redirects.reads.map(ref), writes: redirects.writes.map(ref) } }
        : {}),
    });
  }
  return {
    reads: ex.reads.map(ref),
    writes: ex.writes.map(ref),
    invokes,
    diagnostics: ex.diagnostics.map(diag),
  };
}
