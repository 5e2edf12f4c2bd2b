/** The last line of defence for secrets: every free-text field of every fact is redacted before the graph is built. */
import type { EdgeFact, ScanFacts } from '../graph/types.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { NodeSpec } from '../model/node.js';
import { redactText, redactUrl } from '../util/redact.js';

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

function edge(e: EdgeFact): EdgeFact {
  const ev = { ...e.evidence };
  if (ev.snippet) ev.snippet = redactText(ev.snippet);
  ev.construct = redactText(ev.construct);
  return { ...e, from: node(e.from), to: node(e.to), evidence: ev };
}

function diag(d: Diagnostic): Diagnostic {
  return { ...d, message: redactText(d.message), ...(d.hint ? { hint: redactText(d.hint) } : {}) };
}

export function sanitizeFacts(f: ScanFacts): ScanFacts {
  return { ...f, nodes: f.nodes.map(node), edges: f.edges.map(edge), diagnostics: f.diagnostics.map(diag) };
}
