/**
 * A declared map written by hand (`dfmap.design.yaml`) -> the same node-link map `dfmap scan`
 * writes, every edge with `method: declared` and the design's file:line as evidence:
 *
 *   host: etl01
 *   jobs:
 *     - script: /opt/dataops/3.py
 *       schedule: "30 1 * * *"
 *       reads: [/data/stage/orders.json]
 *       writes: [mysql://db01:3306/sales.orders]
 *   nodes:
 *     - id: mysql://db01:3306/sales.orders
 *       owner: sales-team
 *
 * Names follow design-ref.ts. A bad entry is a warning with its line (kept in `graph.warnings`),
 * and the rest of the design still loads; only text that is not YAML at all is an error.
 * The JSON Schema editors use is schemas/dfmap.design.schema.json.
 */
import { createRequire } from 'node:module';
import type { Node, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { type EdgeFact, SCHEMA_VERSION, type ScanFacts } from '../graph/types.js';
import { type Diagnostic, warning } from '../model/diagnostic.js';
import { ConfigError } from '../model/errors.js';
import type { Evidence } from '../model/evidence.js';
import { basename, toDatabaseNode, toJobNode } from '../model/keys.js';
import type { EdgeKind } from '../model/kinds.js';
import type { NodeSpec } from '../model/node.js';
import { redactDeep } from '../util/redact.js';
import { designRef } from './design-ref.js';
import type { NodeLinkData } from './node-link.js';

/** A file named like a design: read by every command that takes --map. */
export const isDesignFile = (file: string): boolean => /\.ya?ml$/i.test(file);

/** The keys a design, a job and a node may have (schemas/dfmap.design.schema.json says the same). */
export const DOC_KEYS = new Set(['host', 'description', 'owner', 'tags', 'jobs', 'nodes', 'timezone']);
export const JOB_KEYS = new Set([
  'script',
  'schedule',
  'user',
  'command',
  'name',
  'reads',
  'writes',
  'invokes',
  'description',
  'owner',
  'tags',
]);
export const NODE_KEYS = new Set(['id', 'description', 'owner', 'tags']);
const NOTE_KEYS = ['description', 'owner', 'tags'] as const;

// `yaml` loads only when a design is read: it is ~50 ms of start-up that map queries never need
type Yaml = typeof import('yaml');
let yamlModule: Yaml | undefined;
const yaml = (): Yaml => {
  yamlModule ??= createRequire(import.meta.url)('yaml') as Yaml;
  return yamlModule;
};
const isMap = (n: unknown): n is YAMLMap => yaml().isMap(n);
const isSeq = (n: unknown): n is YAMLSeq => yaml().isSeq(n);
const isScalar = (n: unknown): n is Scalar => yaml().isScalar(n);

interface Reader {
  file: string;
  lines: InstanceType<Yaml['LineCounter']>;
  warnings: Diagnostic[];
}

/** Parse a design's text into a map (node-link data), with its problems as warnings. */
export function designToNodeLink(text: string, file: string): NodeLinkData {
  const { LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = lines.linePos(e.pos[0]).line;
    throw new ConfigError(`${file}${line ? `:${line}` : ''}: not YAML (${e.message.split('\n')[0]}).`, {
      hint: 'a design is YAML: `jobs:` with a list of `script:`, `schedule:`, `reads:`, `writes:`',
    });
  }
  const root = doc.contents;
  if (!isMap(root)) {
    throw new ConfigError(`${file}: a design is a mapping with \`jobs:\` (found ${describe(root)}).`, {
      hint: 'see docs/design.md for the format',
    });
  }
  const r: Reader = { file, lines, warnings: [] };
  const facts: ScanFacts = { nodes: [], edges: [], diagnostics: r.warnings, meta: { tool: 'dfmap' } };
  checkKeys(r, root, DOC_KEYS, 'the design');
  const host = scalarString(root.get('host', true));
  if (host) facts.meta.host = host;
  const tz = scalarString(root.get('timezone', true));
  if (tz) facts.meta.timezone = tz;
  facts.meta.design = { file, ...notes(r, root) };
  const jobs = root.get('jobs', true);
  if (jobs !== undefined && !isSeq(jobs))
    r.warnings.push(at(r, jobs, 'design-bad-entry', '`jobs` is a list'));
  if (isSeq(jobs)) for (const item of jobs.items) readJob(r, item as Node, facts);
  const nodes = root.get('nodes', true);
  if (nodes !== undefined && !isSeq(nodes))
    r.warnings.push(at(r, nodes, 'design-bad-entry', '`nodes` is a list'));
  if (isSeq(nodes)) for (const item of nodes.items) readNote(r, item as Node, facts);
  // a design is hand-written text: a URL with user-info or a token in a note is redacted like a scan
  return redactDeep(toMap(facts));
}

function readJob(r: Reader, item: Node, facts: ScanFacts): void {
  if (!isMap(item)) {
    r.warnings.push(at(r, item, 'design-bad-entry', 'a job is a mapping with `script:`'));
    return;
  }
  checkKeys(r, item, JOB_KEYS, 'a job');
  const scriptText = scalarString(item.get('script', true));
  if (!scriptText) {
    r.warnings.push(at(r, item, 'design-bad-entry', 'a job without `script:` is left out'));
    return;
  }
  const script = designRef(scriptText, 'script');
  if ('error' in script) {
    r.warnings.push(at(r, item.get('script', true) as Node, 'design-bad-name', script.error));
    return;
  }
  Object.assign(script.attrs, notes(r, item));
  facts.nodes.push(script);
  const line = lineOf(r, item);
  const schedule = scalarString(item.get('schedule', true));
  if (schedule) {
    const user = scalarString(item.get('user', true));
    const command = scalarString(item.get('command', true)) ?? scriptText;
    const name = scalarString(item.get('name', true));
    const job = toJobNode(r.file, line, {
      schedule,
      command,
      scheduler: 'design',
      label: `${schedule} ${name ?? basename(script.attrs.path ?? scriptText)}`.slice(0, 80),
      ...(user ? { user } : {}),
    });
    facts.nodes.push(job);
    facts.edges.push(edge(job, script, 'invokes', evidenceAt(r, item, `job ${schedule}`)));
  }
  for (const [field, kind] of [
    ['reads', 'reads'],
    ['writes', 'writes'],
    ['invokes', 'invokes'],
  ] as const) {
    const list = item.get(field, true);
    if (list === undefined) continue;
    const entries = isSeq(list) ? list.items : [list];
    for (const entry of entries as Node[]) {
      const text = scalarString(entry);
      if (text === undefined) {
        r.warnings.push(at(r, entry, 'design-bad-entry', `each of \`${field}\` is a name`));
        continue;
      }
      const other = designRef(text, kind === 'invokes' ? 'script' : 'data');
      if ('error' in other) {
        r.warnings.push(at(r, entry, 'design-bad-name', other.error));
        continue;
      }
      const ev = evidenceAt(r, entry, `declared ${field}`);
      facts.edges.push(kind === 'reads' ? edge(other, script, 'reads', ev) : edge(script, other, kind, ev));
    }
  }
}

function readNote(r: Reader, item: Node, facts: ScanFacts): void {
  if (!isMap(item)) {
    r.warnings.push(at(r, item, 'design-bad-entry', 'a node is a mapping with `id:`'));
    return;
  }
  checkKeys(r, item, NODE_KEYS, 'a node');
  const id = scalarString(item.get('id', true));
  const spec = id === undefined ? undefined : designRef(id, id.startsWith('script:') ? 'script' : 'data');
  if (spec === undefined || 'error' in spec) {
    r.warnings.push(at(r, item, 'design-bad-name', spec?.error ?? 'a node without `id:` is left out'));
    return;
  }
  Object.assign(spec.attrs, notes(r, item));
  facts.nodes.push(spec);
}

function edge(from: NodeSpec, to: NodeSpec, kind: EdgeKind, evidence: Evidence): EdgeFact {
  const partial = from.attrs.partial === true || to.attrs.partial === true;
  return { from, to, kind, evidence, confidence: partial ? 'partial' : 'exact', method: 'declared' };
}

function notes(r: Reader, m: YAMLMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of NOTE_KEYS) {
    const v = m.get(k, true);
    if (v === undefined) continue;
    if (k === 'tags') {
      const list = isSeq(v) ? v.items.map((x) => scalarString(x as Node)) : [scalarString(v as Node)];
      if (list.every((x) => x !== undefined)) out.tags = list;
      else r.warnings.push(at(r, v as Node, 'design-bad-entry', '`tags` is a list of words'));
    } else {
      const s = scalarString(v as Node);
      if (s === undefined) r.warnings.push(at(r, v as Node, 'design-bad-entry', `\`${k}\` is text`));
      else out[k] = s;
    }
  }
  return out;
}

function checkKeys(r: Reader, m: YAMLMap, allowed: Set<string>, what: string): void {
  for (const pair of m.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key !== undefined && allowed.has(key)) continue;
    r.warnings.push(
      at(
        r,
        pair.key as Node,
        'design-unknown-key',
        `${what} has no \`${key ?? '?'}\` (known: ${[...allowed].join(', ')})`,
      ),
    );
  }
}

function scalarString(n: unknown): string | undefined {
  if (!isScalar(n)) return undefined;
  const v = n.value;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function lineOf(r: Reader, n: Node | undefined): number {
  const offset = n?.range?.[0];
  return offset === undefined ? 1 : r.lines.linePos(offset).line;
}

function evidenceAt(r: Reader, n: Node, construct: string): Evidence {
  return { file: r.file, line: lineOf(r, n), construct, method: 'declared' };
}

function at(r: Reader, n: Node | undefined, code: string, message: string): Diagnostic {
  return warning(code, `${message}.`, { file: r.file, line: lineOf(r, n) });
}

function describe(n: unknown): string {
  if (n === null || n === undefined) return 'nothing';
  if (isSeq(n)) return 'a list';
  if (isScalar(n)) return `the value ${JSON.stringify(n.value)}`;
  return 'something else';
}

/**
 * Facts -> node-link data, merged as graph/build.ts merges a scan (nodes by key, first attributes
 * kept; edges by ends, evidence added up; a database node containing each table that names its
 * server). Written out here so that reading a map never loads graphology at start-up.
 */
function toMap(facts: ScanFacts): NodeLinkData {
  const nodes = new Map<string, NodeSpec['attrs']>();
  const add = (n: NodeSpec) => {
    const cur = nodes.get(n.key);
    if (!cur) nodes.set(n.key, { ...n.attrs });
    else
      for (const [k, v] of Object.entries(n.attrs)) if (cur[k] === undefined && v !== undefined) cur[k] = v;
  };
  const links = new Map<string, NodeLinkData['links'][number]>();
  for (const n of facts.nodes) add(n);
  for (const e of facts.edges) {
    add(e.from);
    add(e.to);
    const key = `${e.from.key}\0${e.to.key}`;
    const cur = links.get(key);
    if (cur) cur.evidence.push(e.evidence);
    else
      links.set(key, {
        source: e.from.key,
        target: e.to.key,
        kind: e.kind,
        confidence: e.confidence,
        method: 'declared',
        evidence: [e.evidence],
      });
  }
  for (const [key, attrs] of [...nodes]) {
    if (attrs.kind !== 'table' || typeof attrs.namespace !== 'string') continue;
    const db = toDatabaseNode(attrs.namespace);
    add(db);
    const k = `${db.key}\0${key}`;
    if (!links.has(k))
      links.set(k, {
        source: db.key,
        target: key,
        kind: 'contains',
        confidence: 'exact',
        method: 'declared',
        evidence: [],
      });
  }
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    directed: true,
    multigraph: false,
    graph: { schemaVersion: SCHEMA_VERSION, ...facts.meta, warnings: facts.diagnostics },
    nodes: [...nodes].map(([id, attrs]) => ({ id, ...attrs })).sort((a, b) => byId(a.id, b.id)),
    links: [...links.values()].sort((a, b) => byId(a.source + a.target, b.source + b.target)),
  };
}
