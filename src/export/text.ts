/** Helpers every text exporter shares: deterministic order, readable titles, text made safe to embed. */
import type { DataflowGraph } from '../graph/types.js';
import type { EdgeAttributes, NodeAttributes } from '../model/node.js';

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface NodeEntry {
  key: string;
  attrs: NodeAttributes;
}

export interface EdgeEntry {
  key: string;
  source: string;
  target: string;
  attrs: EdgeAttributes;
}

/** Nodes sorted by key, so the same map always exports the same bytes (golden files, diffs). */
export function sortedNodes(g: DataflowGraph): NodeEntry[] {
  return g.mapNodes((key, attrs) => ({ key, attrs })).sort((a, b) => byString(a.key, b.key));
}

/** Edges sorted by (source, target). */
export function sortedEdges(g: DataflowGraph): EdgeEntry[] {
  return g
    .mapEdges((key, attrs, source, target) => ({ key, attrs, source, target }))
    .sort((a, b) => byString(a.source, b.source) || byString(a.target, b.target));
}

/** What a person calls the node in full: its path, URL or qualified name, else the key. */
export function nodeTitle(key: string, attrs: NodeAttributes): string {
  if (typeof attrs.path === 'string') return attrs.path;
  if (typeof attrs.url === 'string') return attrs.url;
  if (attrs.kind === 'table' && typeof attrs.name === 'string') {
    return typeof attrs.namespace === 'string' ? `${attrs.namespace}/${attrs.name}` : attrs.name;
  }
  return key;
}

/** The short label a picture shows. */
export function nodeLabel(key: string, attrs: NodeAttributes): string {
  return typeof attrs.label === 'string' && attrs.label !== '' ? attrs.label : nodeTitle(key, attrs);
}

// XML 1.0 (and most renderers) cannot carry C0 controls other than tab, LF, CR; lone surrogates are
// not text at all. File names can hold both, so they become U+FFFD rather than a broken file.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNREPRESENTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD').replace(UNREPRESENTABLE, '\uFFFD');
}

const MAX_PICTURE_LABEL = 40;

/**
 * The label a drawing shows: short enough to read. A job shows its schedule (the command is in the
 * tooltip); anything longer than 40 characters keeps its start and end around an ellipsis.
 */
export function pictureLabel(key: string, attrs: NodeAttributes): string {
  const full =
    attrs.kind === 'job' && typeof attrs.schedule === 'string' ? attrs.schedule : nodeLabel(key, attrs);
  if (full.length <= MAX_PICTURE_LABEL) return full;
  const head = Math.ceil((MAX_PICTURE_LABEL - 1) / 2);
  return `${full.slice(0, head)}…${full.slice(full.length - (MAX_PICTURE_LABEL - 1 - head))}`;
}
