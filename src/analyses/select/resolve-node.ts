/**
 * Naming a node the way people do: `combined_export.json`, `5.py`, `/data/export/combined_export.json`,
 * `sales.orders`, `orders`, a URL, or a full key. Tried best first, stopping at the first rule
 * that matches anything:
 *   1. the key itself (`file:/data/x.csv`);
 *   2. the identity: path, URL, table name (case-insensitive);
 *   3. a suffix: trailing path segments (`export/combined_export.json`, a basename), the label,
 *      a dot-suffix either way of a table name (`orders` ~ `shop.orders`), the end of a URL, the
 *      host of a URL (`db01` for `mysql://db01.example.com:3306`), a database's engine (`mysql`);
 *      a job's label as printed (`0 2 * * * 5.py`) and its place (`dataops:13`);
 *   4. a pattern node the name instantiates (`/data/out/recon_20261125.xlsx` is
 *      `/data/out/recon_*.xlsx`): users name the file they are looking at.
 * Several matches are an error that lists them (use a longer name); none suggests the closest.
 */

import type { FlowShape } from '../../graph/flow-index.js';
import { NodeNotFoundError } from '../../model/errors.js';
import { basename } from '../../model/keys.js';
import { describeNode, labelIs, nodeName, nodePath } from '../describe.js';
import { isPattern, patternToRegExp } from './glob.js';

export type MatchRule = 'key' | 'identity' | 'suffix' | 'pattern';

export interface NodeMatches {
  rule: MatchRule;
  nodes: number[];
}

/** Every node the name could mean under the best rule that matches any; `nodes` is empty when none does. */
export function matchNodes(index: FlowShape, name: string): NodeMatches {
  const key = index.indexOf(name);
  if (key >= 0) return { rule: 'key', nodes: [key] };
  const wanted = name.length > 1 && name.endsWith('/') ? name.slice(0, -1) : name;
  const lower = wanted.toLowerCase();
  const identity: number[] = [];
  const suffix: number[] = [];
  const patterns: number[] = [];
  const slashSuffix = `/${wanted}`;
  const dotSuffix = `.${lower}`;
  for (let v = 0; v < index.order; v++) {
    const a = index.nodes[v]!;
    const id = nodeName(index, v);
    const table = a.kind === 'table';
    if (
      id === wanted ||
      (table && id.toLowerCase() === lower) ||
      // a job as dfmap prints it: `0 2 * * * 5.py`
      (a.kind === 'job' && labelIs(index, v, wanted))
    )
      identity.push(v);
    else if (
      a.label === wanted ||
      (typeof a.name === 'string' && a.name.toLowerCase() === lower) ||
      urlHost(a.url) === lower ||
      urlHost(a.url)?.startsWith(`${lower}.`) ||
      nodePath(index, v)?.endsWith(slashSuffix) ||
      // a job's place as printed, from its file's name on: `dataops:13`, `crontabs/dataops:13`
      (a.kind === 'job' && id.endsWith(slashSuffix)) ||
      (table && (id.toLowerCase().endsWith(dotSuffix) || lower.endsWith(`.${id.toLowerCase()}`))) ||
      (typeof a.url === 'string' && wanted.includes('/') && a.url.endsWith(wanted))
    )
      suffix.push(v);
    else if ((a.partial === true || isPattern(id)) && instantiates(id, wanted)) patterns.push(v);
  }
  if (identity.length > 0) return { rule: 'identity', nodes: identity };
  if (suffix.length > 0) return { rule: 'suffix', nodes: suffix };
  return { rule: 'pattern', nodes: patterns };
}

/** The host of a URL (`db01.example.com` of `mysql://db01.example.com:3306`), lowercased. */
function urlHost(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  return /^[a-z][\w+.-]*:\/\/(?:[^@/]*@)?([^:/?#]+)/i.exec(url)?.[1]?.toLowerCase();
}

/** Does the concrete `name` fit the pattern node `pattern`, whole or as its trailing segments? */
function instantiates(pattern: string, name: string): boolean {
  if (!isPattern(pattern)) return false;
  const segments = name.split('/').length;
  const tail = pattern.split('/').slice(-segments).join('/');
  return patternToRegExp(pattern).test(name) || (!name.startsWith('/') && patternToRegExp(tail).test(name));
}

/**
 * The one node a name means. Throws NodeNotFoundError listing the candidates when it is
 * ambiguous, or suggesting the closest names when nothing matches.
 */
export function resolveNode(index: FlowShape, name: string): number {
  const { nodes } = matchNodes(index, name);
  if (nodes.length === 1) return nodes[0]!;
  if (nodes.length > 1) {
    const preferred = preferScript(index, nodes);
    if (preferred !== undefined) return preferred;
    const shown = nodes.slice(0, 8).map((v) => `  ${index.keys[v]}`);
    if (nodes.length > 8) shown.push(`  ... and ${nodes.length - 8} more`);
    throw new NodeNotFoundError(`'${name}' matches ${nodes.length} nodes:\n${shown.join('\n')}`, {
      hint: 'give a longer name (more of the path, the schema.table) or the full id',
    });
  }
  const close = closestNames(index, name, 3);
  throw new NodeNotFoundError(`no node matches '${name}'.`, {
    hint:
      close.length > 0
        ? `did you mean ${close.map((c) => `'${c}'`).join(', ')}?`
        : 'a name is a path (or its end), a table name, a URL or an id; select many with kind:, path:, name:',
  });
}

/** The same path seen as a script and as a file (a script read by another): the script is meant. */
function preferScript(index: FlowShape, nodes: number[]): number | undefined {
  const names = new Set(nodes.map((v) => nodeName(index, v)));
  if (names.size !== 1) return undefined;
  const scripts = nodes.filter((v) => index.nodes[v]!.kind === 'script');
  return scripts.length === 1 ? scripts[0] : undefined;
}

/**
 * The names nearest to `name` by edit distance, comparing like with like: a path with paths, a
 * bare name with basenames, labels and the last part of table names.
 */
export function closestNames(index: FlowShape, name: string, count: number): string[] {
  const target = name.toLowerCase();
  const limit = Math.max(2, Math.floor(target.length / 3));
  const scored: Array<[number, string]> = [];
  for (let v = 0; v < index.order; v++) {
    const full = nodeName(index, v);
    const table = index.nodes[v]!.kind === 'table';
    const forms = name.includes('/')
      ? [full]
      : [basename(full), describeNode(index, v).label, ...(table ? [full.split('.').pop() ?? full] : [])];
    let best = limit + 1;
    for (const f of forms) best = Math.min(best, editDistance(target, f.toLowerCase(), limit));
    if (best <= limit) scored.push([best, full]);
  }
  scored.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
  return [...new Set(scored.map((s) => s[1]))].slice(0, count);
}

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur.push(d);
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length]!;
}
