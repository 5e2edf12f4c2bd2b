/**
 * Evaluate a dbt-style selection (parse-selection.ts) against the map: names resolve through
 * resolveNode, methods match attributes, graph operators walk the index.
 */

import type { FlowShape } from '../../graph/flow-index.js';
import { UsageError } from '../../model/errors.js';
import { basename } from '../../model/keys.js';
import { isNodeKind, NODE_KINDS } from '../../model/kinds.js';
import { traverse } from '../algorithms/traverse.js';
import { nodeName, nodePath } from '../describe.js';
import { globToRegExp } from './glob.js';
import { parseSelection, type SelectorAtom } from './parse-selection.js';
import { matchNodes, resolveNode } from './resolve-node.js';

export interface SelectOptions {
  /** Nodes to leave out, in the same syntax. */
  exclude?: string | readonly string[];
}

/**
 * Node numbers selected by `selection` (one string, or several: their union), sorted by key.
 * A name that matches nothing, or several nodes, throws NodeNotFoundError.
 */
export function selectNodes(
  index: FlowShape,
  selection: string | readonly string[],
  opts: SelectOptions = {},
): number[] {
  const chosen = evaluate(index, selection);
  if (opts.exclude !== undefined && opts.exclude.length > 0) {
    for (const v of evaluate(index, opts.exclude)) chosen.delete(v);
  }
  return [...chosen].sort((a, b) => (index.keys[a]! < index.keys[b]! ? -1 : 1));
}

/** selectNodes for library callers: keys in, keys out. */
export function selectNodeKeys(
  index: FlowShape,
  selection: string | readonly string[],
  opts: SelectOptions = {},
): string[] {
  return selectNodes(index, selection, opts).map((v) => index.keys[v]!);
}

function evaluate(index: FlowShape, selection: string | readonly string[]): Set<number> {
  const out = new Set<number>();
  for (const arg of typeof selection === 'string' ? [selection] : selection) {
    // a whole argument that names a node exactly wins over the syntax (a path with a space or a +)
    const exact = matchNodes(index, arg);
    if ((exact.rule === 'key' || exact.rule === 'identity') && exact.nodes.length === 1) {
      out.add(exact.nodes[0]!);
      continue;
    }
    for (const term of parseSelection(arg)) {
      let acc: Set<number> | undefined;
      for (const atom of term) {
        const got = evaluateAtom(index, atom);
        acc = acc === undefined ? got : new Set([...acc].filter((v) => got.has(v)));
      }
      for (const v of acc ?? []) out.add(v);
    }
  }
  return out;
}

function evaluateAtom(index: FlowShape, atom: SelectorAtom): Set<number> {
  const base = atom.name !== undefined ? [resolveNode(index, atom.name)] : matchMethod(index, atom);
  const out = new Set<number>(base);
  const add = (order: Int32Array) => {
    for (const v of order) out.add(v);
  };
  if (atom.at) {
    const below = traverse(index, base, 'out').order;
    add(below);
    add(traverse(index, below, 'in').order);
    return out;
  }
  if (atom.parents > 0) add(traverse(index, base, 'in', { depth: atom.parents }).order);
  if (atom.children > 0) add(traverse(index, base, 'out', { depth: atom.children }).order);
  return out;
}

function matchMethod(index: FlowShape, atom: SelectorAtom): number[] {
  const value = atom.value ?? '';
  const test = predicate(index, atom.method!, value, atom.text);
  const out: number[] = [];
  for (let v = 0; v < index.order; v++) if (test(v)) out.push(v);
  return out;
}

function predicate(
  index: FlowShape,
  method: NonNullable<SelectorAtom['method']>,
  value: string,
  text: string,
) {
  switch (method) {
    case 'kind': {
      if (!isNodeKind(value)) {
        throw new UsageError(`'${text}': unknown kind '${value}'.`, {
          hint: `kinds are ${NODE_KINDS.join(', ')}`,
        });
      }
      return (v: number) => index.nodes[v]!.kind === value;
    }
    case 'host':
      return (v: number) => hostsOf(index, v).includes(value.toLowerCase());
    case 'path': {
      // as dbt's path: a file, or a directory and everything under it; `*` in a glob may cross
      // `/` (dbt matches with fnmatch), so `path:/var/log/*` is everything under /var/log
      const re = globToRegExp(value.replace(/\*+/g, '**'));
      const dir = value.endsWith('/') ? value : `${value}/`;
      return (v: number) => {
        const p = nodePath(index, v);
        return p !== undefined && (p === value || p.startsWith(dir) || re.test(p));
      };
    }
    case 'name': {
      const re = globToRegExp(value, 'i');
      // the whole name, or its last part (`name:*.log` finds /var/log/x.log)
      return (v: number) => {
        const name = nodeName(index, v);
        return re.test(name) || re.test(basename(name)) || re.test(String(index.nodes[v]!.label ?? ''));
      };
    }
    case 'id': {
      const re = globToRegExp(value);
      return (v: number) => index.keys[v] === value || re.test(index.keys[v]!);
    }
  }
}

/** The hosts a node lives on or talks to: its `host`, its URL's host, the map's host for local things. */
export function hostsOf(index: FlowShape, v: number): string[] {
  const a = index.nodes[v]!;
  const out: string[] = [];
  if (typeof a.host === 'string') out.push(a.host.toLowerCase());
  if (a.kind === 'host' && typeof a.name === 'string') out.push(a.name.toLowerCase());
  const url = typeof a.url === 'string' ? a.url : typeof a.namespace === 'string' ? a.namespace : undefined;
  if (url) {
    const m = /^[a-z][\w+.-]*:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/?#]+)/i.exec(url);
    if (m?.[1]) out.push(m[1].toLowerCase());
  } else if (typeof index.meta.host === 'string' && ['job', 'script', 'file'].includes(a.kind)) {
    out.push(index.meta.host.toLowerCase());
  }
  return out;
}
