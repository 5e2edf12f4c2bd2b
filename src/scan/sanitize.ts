/** The last line of defence for secrets: every free-text field of every fact is redacted before the graph is built. */
import type { DataRef, Extraction, Invocation } from '../extract/types.js';
import type { EdgeFact, ScanFacts } from '../graph/types.js';
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

function edge(e: EdgeFact): EdgeFact {
  return { ...e, from: node(e.from), to: node(e.to), evidence: evidence(e.evidence) };
}

function diag(d: Diagnostic): Diagnostic {
  return { ...d, message: redactText(d.message), ...(d.hint ? { hint: redactText(d.hint) } : {}) };
}

export function sanitizeFacts(f: ScanFacts): ScanFacts {
  return { ...f, nodes: f.nodes.map(node), edges: f.edges.map(edge), diagnostics: f.diagnostics.map(diag) };
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
