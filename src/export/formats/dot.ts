/**
 * Graphviz DOT: inputs on the left, outputs on the right (rankdir=LR), shapes and colours by kind.
 * Every id and label is a quoted DOT string, so a name can never become DOT syntax or an HTML label.
 */
import type { DataflowGraph } from '../../graph/types.js';
import { EDGE_KINDS, NODE_KINDS } from '../../model/kinds.js';
import { confidenceLineStyle, EDGE_STYLES, KIND_STYLES } from '../style.js';
import { cleanText, nodeLabel, nodeTitle, pictureLabel, sortedEdges, sortedNodes } from '../text.js';
import type { Exporter } from '../types.js';

/**
 * A DOT double-quoted string. Graphviz reads `\"` as a quote; in labels a backslash starts an escape
 * (`\n`, `\N`, `\G`, `\l`...), so a literal backslash is written `\\`. Newlines become `\n` (a line
 * break in a label), other controls U+FFFD.
 */
export function dotString(s: string): string {
  const body = cleanText(s)
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/\t/g, ' ');
  return `"${body}"`;
}

function attrList(attrs: Record<string, string>): string {
  return Object.entries(attrs)
    .map(([k, v]) => `${k}=${dotString(v)}`)
    .join(', ');
}

/**
 * A legend under the drawing: the kinds present, in their colours, and what the lines mean. An
 * HTML-like label built only from dfmap's vocabulary, never from a name.
 */
function legend(g: DataflowGraph): string {
  const kinds = NODE_KINDS.filter((k) => g.someNode((_n, a) => a.kind === k));
  const cells = kinds.map((k) => `<td bgcolor="${KIND_STYLES[k].fill}">${k}</td>`).join('');
  const lines = EDGE_KINDS.filter((k) => g.someEdge((_e, a) => a.kind === k))
    .map(
      (k) => `<font color="${EDGE_STYLES[k].color}">${k} ${k === 'contains' ? '&#8212;' : '&#8594;'}</font>`,
    )
    .join('  ');
  const doubt = '  dashed: partial, dotted: heuristic';
  return `  graph [labelloc="b", labeljust="l", fontsize="10", label=<<table border="0" cellborder="1" cellspacing="3" cellpadding="3"><tr>${cells}<td border="0">${lines}${doubt}</td></tr></table>>];`;
}

export function toDot(g: DataflowGraph): string {
  const lines = [
    `// dfmap map: ${g.order} nodes, ${g.size} edges`,
    'digraph dfmap {',
    '  graph [rankdir="LR", fontname="DejaVu Sans", nodesep="0.3", ranksep="0.8"];',
    '  node [fontname="DejaVu Sans", fontsize="11", style="filled"];',
    '  edge [fontname="DejaVu Sans", fontsize="9", arrowsize="0.7"];',
  ];
  for (const { key, attrs } of sortedNodes(g)) {
    const style = KIND_STYLES[attrs.kind] ?? KIND_STYLES.unknown;
    const styles = ['filled', style.dotStyle, attrs.missing === true ? 'dashed' : undefined].filter(Boolean);
    const a: Record<string, string> = {
      label: pictureLabel(key, attrs),
      tooltip: `${attrs.kind}: ${attrs.kind === 'job' ? nodeLabel(key, attrs) : nodeTitle(key, attrs)}`,
      shape: style.dotShape,
      style: [...new Set(styles)].join(','),
      fillcolor: style.fill,
      color: style.stroke,
    };
    lines.push(`  ${dotString(key)} [${attrList(a)}];`);
  }
  for (const e of sortedEdges(g)) {
    const style = EDGE_STYLES[e.attrs.kind] ?? EDGE_STYLES.reads;
    const a: Record<string, string> = {
      color: style.color,
      style: confidenceLineStyle(e.attrs.confidence),
      tooltip: `${e.attrs.kind} (${e.attrs.confidence})`,
    };
    if (e.attrs.kind === 'contains') a.arrowhead = 'none';
    lines.push(`  ${dotString(e.source)} -> ${dotString(e.target)} [${attrList(a)}];`);
  }
  lines.push(legend(g), '}');
  return `${lines.join('\n')}\n`;
}

export const dot: Exporter = {
  id: 'dot',
  title: 'Graphviz DOT',
  extension: 'dot',
  mediaType: 'text/vnd.graphviz',
  output: 'text',
  export: (g) => toDot(g),
};
