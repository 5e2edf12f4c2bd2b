/**
 * An upstream or downstream result as tree items: each root, then what feeds it (or what it
 * feeds), each step with its edge kind and evidence. The tree is the breadth-first one (every
 * node hangs under the node that reached it first, at its shortest distance), so its depth stays
 * the distance, not the length of some long chain; every other edge is a one-line reference
 * ("see above"). With a kind filter, other nodes are skipped and their children lifted.
 */
import type { EdgeRef } from '../../analyses/describe.js';
import type { FlowTree } from '../../analyses/flow-tree.js';
import type { NodeKind } from '../../model/kinds.js';
import type { Colors } from '../io.js';
import { formatEvidence, formatNode, type NodeLike } from './format.js';
import type { TreeItem } from './tree.js';

const KIND_ORDER: NodeKind[] = ['script', 'file', 'table', 'endpoint', 'database', 'host', 'unknown', 'job'];

interface Frame {
  edge: EdgeRef;
  into: TreeItem[];
  via: string[];
}

export function flowTreeItems(c: Colors, tree: FlowTree, kinds?: readonly NodeKind[]): TreeItem[] {
  const upstream = tree.direction === 'upstream';
  const far = (e: EdgeRef) => (upstream ? e.source : e.target);
  const nodes = new Map<string, NodeLike>();
  for (const n of [...tree.roots, ...tree.nodes]) nodes.set(n.id, n);
  const node = (id: string): NodeLike =>
    nodes.get(id) ?? { id, kind: 'unknown', label: labelOf(id), name: id };
  const next = new Map<string, EdgeRef[]>();
  for (const e of tree.edges) {
    const from = upstream ? e.target : e.source;
    const list = next.get(from) ?? [];
    list.push(e);
    next.set(from, list);
  }
  const rank = (id: string) => (nodes.has(id) ? KIND_ORDER.indexOf(node(id).kind) : KIND_ORDER.length);
  for (const list of next.values())
    list.sort((a, b) => rank(far(a)) - rank(far(b)) || (far(a) < far(b) ? -1 : 1));

  const treeEdges = breadthFirstEdges(
    tree.roots.map((r) => r.id),
    next,
    far,
  );

  const shown = new Set(kinds ?? []);
  const visible = (id: string) => shown.size === 0 || shown.has(node(id).kind);
  const arrow = upstream ? '◀' : '▶';
  const printed = new Set<string>();
  const roots: TreeItem[] = [];
  const stack: Frame[] = [];
  const pushChildren = (id: string, into: TreeItem[], via: string[]) => {
    const outs = next.get(id) ?? [];
    for (let i = outs.length - 1; i >= 0; i--) stack.push({ edge: outs[i]!, into, via });
  };
  for (const r of tree.roots) {
    const item: TreeItem = { text: formatNode(c, node(r.id), { full: true }), children: [] };
    roots.push(item);
    printed.add(r.id);
    pushChildren(r.id, item.children!, []);
    while (stack.length > 0) {
      const { edge, into, via } = stack.pop()!;
      const id = far(edge);
      const isTree = treeEdges.has(edge);
      if (!visible(id)) {
        if (isTree) pushChildren(id, into, [...via, node(id).label]);
        continue;
      }
      const ref = isTree ? '' : printed.has(id) ? ' (see above)' : ' (see below)';
      const item: TreeItem = { text: line(c, node(id), edge, via, arrow, ref) };
      into.push(item);
      if (!isTree) continue;
      printed.add(id);
      item.children = [];
      pushChildren(id, item.children, []);
    }
  }
  return roots;
}

/** The edge that first reaches each node, breadth-first: the tree's own edges. */
function breadthFirstEdges(
  roots: string[],
  next: Map<string, EdgeRef[]>,
  far: (e: EdgeRef) => string,
): Set<EdgeRef> {
  const treeEdges = new Set<EdgeRef>();
  const reached = new Set(roots);
  let level = roots;
  while (level.length > 0) {
    const following: string[] = [];
    for (const id of level) {
      for (const e of next.get(id) ?? []) {
        if (reached.has(far(e))) continue;
        reached.add(far(e));
        treeEdges.add(e);
        following.push(far(e));
      }
    }
    level = following;
  }
  return treeEdges;
}

function line(c: Colors, n: NodeLike, edge: EdgeRef, via: string[], arrow: string, ref: string): string {
  const how = c.dim(`${arrow} ${edge.kind}${via.length > 0 ? ` via ${via.join(', ')}` : ''}`);
  const ev = edge.evidence.length > 0 && ref === '' ? `  ${c.dim(formatEvidence(edge.evidence))}` : '';
  const conf =
    edge.confidence !== 'exact' && edge.confidence !== 'resolved'
      ? ` ${c.yellow(`[${edge.confidence}]`)}`
      : '';
  return `${how} ${formatNode(c, n)}${conf}${ref ? c.dim(ref) : ''}${ev}`;
}

/** A label for a node the result left out (filtered by kind): the last part of its key. */
function labelOf(id: string): string {
  const rest = id.slice(id.indexOf(':') + 1);
  const cut = rest.lastIndexOf('/');
  return cut >= 0 && cut < rest.length - 1 ? rest.slice(cut + 1) : rest;
}
