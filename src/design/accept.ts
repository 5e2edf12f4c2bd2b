/**
 * `dfmap check --accept`: write what the map found back into the design, so the design says what
 * the server does. Edits the YAML in place (comments, order and the entries that agree are kept):
 * found edges are added to their job's `reads`/`writes`/`invokes`, declared edges that were not
 * found are removed, schedules are set to the one found, and scheduled scripts the design did not
 * know get a job of their own at the end.
 */
import { createRequire } from 'node:module';
import type { Document, Node, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { designRef } from '../store/design-ref.js';
import type { NodeLinkData } from '../store/node-link.js';
import type { DriftReport } from './check.js';
import type { Node as MapNode } from './match-nodes.js';

type Yaml = typeof import('yaml');
const yaml = (): Yaml => createRequire(import.meta.url)('yaml') as Yaml;

interface Edit {
  Y: Yaml;
  doc: Document;
  jobFor(scriptPath: string, create: boolean): YAMLMap | undefined;
}

/** The design text with the report's drift accepted. */
export function acceptDrift(
  text: string,
  report: DriftReport,
  design: NodeLinkData,
  found: NodeLinkData,
): string {
  const Y = yaml();
  const doc = Y.parseDocument(text) as Document;
  const root = doc.contents;
  if (!Y.isMap(root)) return text;
  let seq = root.get('jobs', true) as unknown;
  if (!Y.isSeq(seq)) {
    seq = doc.createNode([]);
    root.set('jobs', seq);
  }
  const jobs = seq as YAMLSeq;
  const jobFor = (scriptPath: string, create: boolean): YAMLMap | undefined => {
    for (const item of jobs.items) {
      if (Y.isMap(item) && String((item.get('script', true) as Scalar | undefined)?.value) === scriptPath)
        return item;
    }
    if (!create) return undefined;
    const m = doc.createNode({ script: scriptPath }) as YAMLMap;
    jobs.items.push(m);
    return m;
  };
  const edit: Edit = { Y, doc, jobFor };
  const dNodes = new Map(design.nodes.map((n) => [n.id, n]));
  const fNodes = new Map(found.nodes.map((n) => [n.id, n]));
  removeNotFound(edit, report, dNodes);
  addFound(edit, report, fNodes);
  setSchedules(edit, report, dNodes, fNodes);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

type Nodes = Map<string, MapNode>;

/** The script end of an edge, the other end, and the design field the other end belongs in. */
function sides(nodes: Nodes, e: { source: string; target: string; kind: string }) {
  const s = nodes.get(e.source);
  const t = nodes.get(e.target);
  if (!s || !t) return undefined;
  const [script, other, field] = s.kind === 'script' ? [s, t, fieldOf(e.kind)] : [t, s, 'reads'];
  return script.kind === 'script' && typeof script.path === 'string'
    ? { script: script.path, other, field }
    : undefined;
}

function removeNotFound(edit: Edit, report: DriftReport, nodes: Nodes): void {
  for (const e of report.declaredNotFound) {
    const side = sides(nodes, e);
    const job = side && edit.jobFor(side.script, false);
    if (side && job) removeName(edit.Y, job, side.field, side.other.id);
  }
}

function addFound(edit: Edit, report: DriftReport, nodes: Nodes): void {
  for (const e of report.foundNotDeclared) {
    const side = sides(nodes, e);
    const job = side && edit.jobFor(side.script, true);
    if (side && job) addName(edit.Y, edit.doc, job, side.field, designName(side.other, side.field));
  }
}

function setSchedules(edit: Edit, report: DriftReport, dNodes: Nodes, fNodes: Nodes): void {
  for (const s of report.schedules) {
    const node = dNodes.get(s.script) ?? fNodes.get(s.script);
    const job = node && typeof node.path === 'string' ? edit.jobFor(node.path, true) : undefined;
    if (!job) continue;
    if (s.found.length === 0) job.delete('schedule');
    else job.set('schedule', s.found[0]);
  }
}

const fieldOf = (kind: string): 'reads' | 'writes' | 'invokes' =>
  kind === 'invokes' ? 'invokes' : kind === 'reads' ? 'reads' : 'writes';

/** How a design names a map's node (design-ref.ts read backwards). */
export function designName(n: MapNode, field: string): string {
  if (n.kind === 'script') return field === 'invokes' ? String(n.path) : `script:${String(n.path)}`;
  if (typeof n.path === 'string') return n.path;
  if (n.kind === 'table' && typeof n.name === 'string') {
    return typeof n.namespace === 'string' ? `${n.namespace}/${n.name}` : `table:${n.name}`;
  }
  if (n.kind === 'endpoint' && typeof n.url === 'string') return n.url;
  if (n.kind === 'host' && typeof n.name === 'string') return `host:${n.name}`;
  return n.id;
}

function addName(Y: Yaml, doc: Document, job: YAMLMap, field: string, name: string): void {
  let list = job.get(field, true) as Node | undefined;
  if (!Y.isSeq(list)) {
    const items = list === undefined ? [] : [(list as Scalar).value];
    list = doc.createNode(items) as YAMLSeq;
    job.set(field, list);
  }
  const seq = list as YAMLSeq;
  if (seq.items.some((x) => Y.isScalar(x) && x.value === name)) return;
  seq.items.push(doc.createNode(name));
}

/** Remove the entries of `field` that name node `id` (however the design spelled it). */
function removeName(Y: Yaml, job: YAMLMap, field: string, id: string): void {
  const names = (x: unknown): boolean => {
    if (!Y.isScalar(x) || typeof x.value !== 'string') return false;
    const ref = designRef(x.value, field === 'invokes' ? 'script' : 'data');
    return !('error' in ref) && ref.key === id;
  };
  const list = job.get(field, true) as Node | undefined;
  if (Y.isScalar(list)) {
    if (names(list)) job.delete(field);
    return;
  }
  if (!Y.isSeq(list)) return;
  list.items = list.items.filter((x) => !names(x));
  if (list.items.length === 0) job.delete(field);
}
