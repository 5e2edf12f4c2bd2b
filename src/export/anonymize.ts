/**
 * `--anonymize`: a copy of the map with every name replaced by a stable pseudonym (pseudonym.ts) and
 * the shape kept: kinds, edges, confidences, extensions, path depth, table qualification, schedules,
 * line numbers. Evidence snippets and job commands are dropped (they are source text); evidence
 * constructs keep their words but lose every path and every name the map knows. Attributes this
 * module does not know are kept only when they are numbers or booleans.
 */
import { createGraph } from '../graph/build.js';
import type { DataflowGraph, MapAttributes } from '../graph/types.js';
import type { Evidence } from '../model/evidence.js';
import { basename } from '../model/keys.js';
import { isNodeKind, type NodeKind } from '../model/kinds.js';
import type { EdgeAttributes, NodeAttributes } from '../model/node.js';
import { DEFAULT_SALT, Pseudonyms } from './pseudonym.js';
import { createScrubber, type Scrub } from './scrub.js';

const KEEP_AS_IS = new Set(['kind', 'schedule', 'line', 'partial', 'missing', 'language', 'scheduler']);
const EDGE_KEEP = new Set(['kind', 'confidence', 'method', 'kinds']);
const KEEP_GRAPH = new Set(['schemaVersion', 'tool', 'toolVersion', 'scannedAt']);

function isPlainValue(v: unknown): boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

/** The identity after `kind:` in a node key, anonymized by what that kind's identity is. */
function anonymizeKey(p: Pseudonyms, key: string, kind: NodeKind): string {
  const i = key.indexOf(':');
  const prefix = i > 0 ? key.slice(0, i) : '';
  if (!isNodeKind(prefix) || key.startsWith(`${prefix}://`)) return p.any(key);
  const id = key.slice(i + 1);
  switch (kind) {
    case 'table': {
      const m = /^([A-Za-z][\w+.-]*:\/\/[^/]*)\/(.*)$/.exec(id);
      return m ? `table:${p.url(m[1]!)}/${p.qualified(m[2]!)}` : `table:${p.qualified(id)}`;
    }
    case 'job': {
      const m = /^(.*):(\d+)$/.exec(id);
      return m ? `job:${p.any(m[1]!)}:${m[2]}` : `job:${p.any(id)}`;
    }
    case 'host':
      return `host:${p.word(id)}`;
    default:
      return `${prefix}:${p.any(id)}`;
  }
}

/** A database's name is its engine (the URL scheme, vocabulary); a table's is qualified; else one word. */
function anonymousName(p: Pseudonyms, attrs: NodeAttributes, name: string): string {
  if (attrs.kind === 'database' && typeof attrs.url === 'string' && attrs.url.startsWith(`${name}:`))
    return name;
  return attrs.kind === 'table' ? p.qualified(name) : p.word(name);
}

function anonymizeNode(p: Pseudonyms, attrs: NodeAttributes): NodeAttributes {
  const out: NodeAttributes = { kind: attrs.kind };
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || k === 'label' || k === 'command') continue;
    if (KEEP_AS_IS.has(k)) out[k] = v;
    else if (typeof v !== 'string') {
      if (isPlainValue(v)) out[k] = v;
    } else if (k === 'path' || k === 'source') out[k] = p.any(v);
    else if (k === 'url' || k === 'namespace') out[k] = p.url(v);
    else if (k === 'name') out[k] = anonymousName(p, attrs, v);
    else if (k === 'user' || k === 'host') out[k] = p.word(v);
  }
  out.label = anonymousLabel(out);
  return out;
}

function anonymousLabel(a: NodeAttributes): string {
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  switch (a.kind) {
    case 'job':
      return str(a.schedule) ?? 'job';
    case 'script':
    case 'file':
      return basename(str(a.path) ?? a.kind);
    case 'database':
    case 'endpoint':
      return str(a.url) ?? a.kind;
    default:
      return str(a.name) ?? str(a.path) ?? str(a.url) ?? a.kind;
  }
}

function anonymizeEvidence(p: Pseudonyms, scrub: Scrub, ev: Evidence): Evidence {
  return { file: p.any(ev.file), line: ev.line, construct: scrub(ev.construct), method: ev.method };
}

function anonymizeEdge(p: Pseudonyms, scrub: Scrub, attrs: EdgeAttributes): EdgeAttributes {
  const out = {
    kind: attrs.kind,
    confidence: attrs.confidence,
    method: attrs.method,
    evidence: (attrs.evidence ?? []).map((e) => anonymizeEvidence(p, scrub, e)),
  } as EdgeAttributes;
  for (const [k, v] of Object.entries(attrs)) {
    if (EDGE_KEEP.has(k) || isPlainValue(v)) out[k] = v;
  }
  return out;
}

function anonymizeMeta(p: Pseudonyms, meta: MapAttributes): MapAttributes {
  const out: MapAttributes = { anonymized: true };
  for (const [k, v] of Object.entries(meta)) if (KEEP_GRAPH.has(k)) out[k] = v;
  if (typeof meta.host === 'string') out.host = p.word(meta.host);
  return out;
}

/** Run every name of the map through `p` (the collecting pass, then the real one). */
function rename(g: DataflowGraph, p: Pseudonyms): DataflowGraph {
  const out = createGraph(anonymizeMeta(p, g.getAttributes()));
  const keys = new Map<string, string>();
  const wholes = new Map<string, string>();
  g.forEachNode((key, attrs) => {
    const k = anonymizeKey(p, key, attrs.kind);
    keys.set(key, k);
    const anon = anonymizeNode(p, attrs);
    out.mergeNode(k, anon);
    for (const a of ['path', 'source', 'url', 'namespace', 'name']) {
      if (typeof attrs[a] === 'string' && typeof anon[a] === 'string') wholes.set(attrs[a], anon[a]);
    }
  });
  g.forEachEdge((_e, attrs) => {
    for (const ev of attrs.evidence ?? []) wholes.set(ev.file, p.any(ev.file));
  });
  const scrub = createScrubber(p, wholes, p.known());
  g.forEachEdge((_e, attrs, s, t) => {
    out.mergeDirectedEdge(keys.get(s)!, keys.get(t)!, anonymizeEdge(p, scrub, attrs));
  });
  return out;
}

export function anonymizeGraph(g: DataflowGraph, salt: string = DEFAULT_SALT): DataflowGraph {
  const p = new Pseudonyms(salt);
  rename(g, p);
  p.freeze();
  return rename(g, p);
}
