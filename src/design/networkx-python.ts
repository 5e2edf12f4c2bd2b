/**
 * A map drawn by hand in Python with NetworkX, read statically (never run):
 *   G = nx.DiGraph()
 *   G.add_edge("1.py", "orders.json")
 *   G.add_edges_from([("orders.json", "3.py"), ("3.py", "sales.orders")])
 *   G.add_node("sales.orders", kind="table")
 *   nx.add_path(G, ["a.csv", "load.py", "b.csv"])
 * Strings, f-strings and concatenations of known parts, names bound to them, lists, tuples and
 * dicts, and `for x in [...]` loops over literal lists are followed; a name that cannot be known
 * without running the file is a warning with its line, and the call is left out.
 * The result is the node-link data `json.dump(nx.node_link_data(G))` would give, with each edge's
 * file:line as `declared` evidence; kinds are inferred from the names where the file gives none.
 */
import {
  createParser,
  lineOf,
  named,
  parseWithBudget,
  type SyntaxNode,
} from '../extract/parse/tree-sitter.js';
import { type Diagnostic, warning } from '../model/diagnostic.js';
import type { Evidence } from '../model/evidence.js';

type Value = string | number | boolean | null | Value[] | { [k: string]: Value } | undefined;

export interface DrawnGraph {
  nodes: Array<{ id: string } & Record<string, unknown>>;
  links: Array<{ source: string; target: string; evidence: Evidence[] } & Record<string, unknown>>;
  warnings: Diagnostic[];
  graphs: number;
}

const GRAPH_CLASSES = /^(?:(?:nx|networkx)\.)?(?:Multi)?(?:Di)?Graph$/;
const SNIPPET = 160;

interface State {
  file: string;
  lines: string[];
  env: Map<string, Value>;
  graphs: Set<string>;
  out: DrawnGraph;
  nodeIndex: Map<string, { id: string } & Record<string, unknown>>;
  linkIndex: Map<string, DrawnGraph['links'][number]>;
}

/** Read a NetworkX Python file's graph without running it. */
export async function readNetworkxPython(text: string, file: string): Promise<DrawnGraph> {
  const parser = await createParser('python');
  const tree = parseWithBudget(parser, text);
  const out: DrawnGraph = { nodes: [], links: [], warnings: [], graphs: 0 };
  if (!tree) {
    out.warnings.push(warning('parse-timeout', 'the file took too long to parse.', { file }));
    return out;
  }
  const s: State = {
    file,
    lines: text.split('\n'),
    env: new Map(),
    graphs: new Set(),
    out,
    nodeIndex: new Map(),
    linkIndex: new Map(),
  };
  walk(s, tree.rootNode);
  out.graphs = s.graphs.size;
  tree.delete();
  return out;
}

function walk(s: State, node: SyntaxNode): void {
  for (const child of named(node)) statement(s, child);
}

function statement(s: State, n: SyntaxNode): void {
  switch (n.type) {
    case 'expression_statement': {
      const e = named(n)[0];
      if (e?.type === 'assignment') assign(s, e);
      else if (e?.type === 'call') call(s, e);
      return;
    }
    case 'for_statement':
      forLoop(s, n);
      return;
    case 'if_statement':
    case 'with_statement':
    case 'try_statement':
    case 'block':
    case 'else_clause':
    case 'elif_clause':
    case 'with_clause':
    case 'function_definition':
    case 'decorated_definition':
      for (const c of named(n)) if (c.type === 'block' || c.type.endsWith('clause')) walk(s, c);
      if (n.type === 'block') walk(s, n);
      return;
    default:
      return;
  }
}

function assign(s: State, a: SyntaxNode): void {
  const left = a.childForFieldName('left');
  const right = a.childForFieldName('right');
  if (left?.type !== 'identifier' || !right) return;
  if (right.type === 'call' && GRAPH_CLASSES.test(right.childForFieldName('function')?.text ?? '')) {
    s.graphs.add(left.text);
    s.env.delete(left.text);
    return;
  }
  s.env.set(left.text, evaluate(s, right));
}

function forLoop(s: State, n: SyntaxNode): void {
  const left = n.childForFieldName('left');
  const right = n.childForFieldName('right');
  const body = n.childForFieldName('body');
  if (!left || !right || !body) return;
  const items = right ? evaluate(s, right) : undefined;
  if (!Array.isArray(items)) {
    if (containsGraphCall(s, body))
      s.out.warnings.push(at(s, n, 'networkx-dynamic-loop', 'a loop over values known only at run time'));
    return;
  }
  for (const item of items) {
    bind(s, left, item);
    walk(s, body);
  }
}

function bind(s: State, target: SyntaxNode, v: Value): void {
  if (target.type === 'identifier') s.env.set(target.text, v);
  else if ((target.type === 'tuple_pattern' || target.type === 'pattern_list') && Array.isArray(v)) {
    for (const [i, t] of named(target).entries()) bind(s, t, v[i]);
  }
}

function containsGraphCall(s: State, n: SyntaxNode): boolean {
  return [...s.graphs].some((g) => n.text.includes(`${g}.add_`)) || /\badd_path\(/.test(n.text);
}

function call(s: State, c: SyntaxNode): void {
  const fn = c.childForFieldName('function');
  const args = c.childForFieldName('arguments');
  if (!fn || !args) return;
  const positional = named(args).filter((a) => a.type !== 'keyword_argument' && a.type !== 'comment');
  const keywords = keywordArgs(s, args);
  if (fn.type === 'attribute') {
    const obj = fn.childForFieldName('object')?.text ?? '';
    const method = fn.childForFieldName('attribute')?.text ?? '';
    if (s.graphs.has(obj)) {
      graphMethod(s, c, method, positional, keywords);
      return;
    }
    if (
      /^(nx|networkx)$/.test(obj) &&
      method === 'add_path' &&
      positional[0] &&
      s.graphs.has(positional[0].text)
    )
      addPath(s, c, positional[1]);
    return;
  }
}

function graphMethod(
  s: State,
  c: SyntaxNode,
  method: string,
  args: SyntaxNode[],
  kw: Record<string, Value>,
): void {
  const v = args.map((a) => evaluate(s, a));
  switch (method) {
    case 'add_edge':
      addEdge(s, c, v[0], v[1], kw);
      return;
    case 'add_edges_from':
      if (!Array.isArray(v[0])) {
        unknown(s, c, 'the edge list');
        return;
      }
      for (const e of v[0]) {
        if (!Array.isArray(e)) unknown(s, c, 'an edge');
        else addEdge(s, c, e[0], e[1], { ...asAttrs(e[2]), ...kw });
      }
      return;
    case 'add_node':
      addNode(s, c, v[0], kw);
      return;
    case 'add_nodes_from':
      if (!Array.isArray(v[0])) {
        unknown(s, c, 'the node list');
        return;
      }
      for (const n of v[0]) {
        if (Array.isArray(n)) addNode(s, c, n[0], { ...asAttrs(n[1]), ...kw });
        else addNode(s, c, n, kw);
      }
      return;
    default:
      return;
  }
}

function addPath(s: State, c: SyntaxNode, list: SyntaxNode | undefined): void {
  const v = list ? evaluate(s, list) : undefined;
  if (!Array.isArray(v)) {
    unknown(s, c, 'the path');
    return;
  }
  for (let i = 0; i + 1 < v.length; i++) addEdge(s, c, v[i], v[i + 1], {});
}

function addNode(s: State, c: SyntaxNode, id: Value, attrs: Record<string, Value>): void {
  if (typeof id !== 'string' && typeof id !== 'number') {
    unknown(s, c, 'a node name');
    return;
  }
  const key = String(id);
  let node = s.nodeIndex.get(key);
  if (!node) {
    node = { id: key };
    s.nodeIndex.set(key, node);
    s.out.nodes.push(node);
  }
  for (const [k, val] of Object.entries(attrs)) if (val !== undefined && k !== 'id') node[k] = val;
}

function addEdge(s: State, c: SyntaxNode, from: Value, to: Value, attrs: Record<string, Value>): void {
  if (
    (typeof from !== 'string' && typeof from !== 'number') ||
    (typeof to !== 'string' && typeof to !== 'number')
  ) {
    unknown(s, c, 'an edge end');
    return;
  }
  addNode(s, c, from, {});
  addNode(s, c, to, {});
  const key = `${from}\0${to}`;
  const ev: Evidence = {
    file: s.file,
    line: lineOf(c),
    construct: 'networkx add_edge',
    method: 'declared',
    snippet: (s.lines[c.startPosition.row] ?? '').trim().slice(0, SNIPPET),
  };
  const existing = s.linkIndex.get(key);
  if (existing) {
    existing.evidence.push(ev);
    return;
  }
  const link = {
    source: String(from),
    target: String(to),
    method: 'declared',
    evidence: [ev],
  } as DrawnGraph['links'][number];
  for (const [k, val] of Object.entries(attrs)) if (val !== undefined) link[k] = val;
  s.linkIndex.set(key, link);
  s.out.links.push(link);
}

function keywordArgs(s: State, args: SyntaxNode): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const a of named(args)) {
    if (a.type !== 'keyword_argument') continue;
    const name = a.childForFieldName('name')?.text;
    const value = a.childForFieldName('value');
    if (name && value) out[name] = evaluate(s, value);
  }
  return out;
}

function asAttrs(v: Value): Record<string, Value> {
  return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
}

function unknown(s: State, c: SyntaxNode, what: string): void {
  s.out.warnings.push(
    at(s, c, 'networkx-dynamic-name', `${what} is known only at run time; the call is left out`),
  );
}

function at(s: State, n: SyntaxNode, code: string, message: string): Diagnostic {
  return warning(code, `${message}.`, { file: s.file, line: lineOf(n) });
}

/** The value of an expression, where it can be known without running anything. */
function evaluate(s: State, n: SyntaxNode): Value {
  switch (n.type) {
    case 'string':
      return stringValue(s, n);
    case 'concatenated_string': {
      const parts = named(n).map((p) => evaluate(s, p));
      return parts.every((p) => typeof p === 'string') ? parts.join('') : undefined;
    }
    case 'integer':
    case 'float':
      return Number(n.text.replace(/_/g, ''));
    case 'true':
      return true;
    case 'false':
      return false;
    case 'none':
      return null;
    case 'identifier':
      return s.env.get(n.text);
    case 'parenthesized_expression':
      return named(n)[0] ? evaluate(s, named(n)[0]!) : undefined;
    case 'list':
    case 'tuple':
    case 'set':
      return named(n).map((x) => evaluate(s, x));
    case 'dictionary':
      return dictValue(s, n);
    case 'binary_operator': {
      const l = evaluate(s, n.childForFieldName('left')!);
      const r = evaluate(s, n.childForFieldName('right')!);
      if (n.childForFieldName('operator')?.text !== '+') return undefined;
      if (typeof l === 'string' && typeof r === 'string') return l + r;
      if (Array.isArray(l) && Array.isArray(r)) return [...l, ...r];
      return undefined;
    }
    default:
      return undefined;
  }
}

function dictValue(s: State, n: SyntaxNode): Value {
  const out: { [k: string]: Value } = {};
  for (const pair of named(n)) {
    if (pair.type !== 'pair') continue;
    const k = evaluate(s, pair.childForFieldName('key')!);
    if (typeof k === 'string') out[k] = evaluate(s, pair.childForFieldName('value')!);
  }
  return out;
}

/** A string literal; an f-string only when every interpolation is known. */
function stringValue(s: State, n: SyntaxNode): Value {
  let out = '';
  for (const part of named(n)) {
    if (part.type === 'string_content') out += unescapePython(part.text);
    else if (part.type === 'escape_sequence') out += unescapePython(part.text);
    else if (part.type === 'interpolation') {
      const expr = named(part)[0];
      const v = expr ? evaluate(s, expr) : undefined;
      if (typeof v !== 'string' && typeof v !== 'number') return undefined;
      out += String(v);
    }
  }
  return out;
}

function unescapePython(t: string): string {
  return t.replace(/\\(["'\\nt])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}
