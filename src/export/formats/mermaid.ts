/**
 * Mermaid `flowchart LR` for Markdown docs and wikis. Ids are made from the key's safe characters
 * (never a reserved word: they start with the kind); labels are quoted, and every character that
 * means something to Mermaid, Markdown or HTML is written as a Mermaid entity (`#quot;`, `#60;`), so
 * a name is shown as text and never read as syntax, a directive (`%%{init}%%`) or markup.
 */
import type { DataflowGraph } from '../../graph/types.js';
import { EDGE_STYLES, KIND_STYLES } from '../style.js';
import { cleanText, pictureLabel, sortedEdges, sortedNodes } from '../text.js';
import type { Exporter } from '../types.js';

/** Mermaid's own defaults: past these it shows an error instead of the chart (mermaid config). */
export const MERMAID_MAX_EDGES = 500;

const SAFE_LABEL_CHAR = /[\p{L}\p{N} ._:/+=@,()[\]~!?$^*'…-]/u;
const NAMED: Record<string, string> = { '"': '#quot;', '<': '#lt;', '>': '#gt;', '&': '#amp;' };

export function mermaidLabel(s: string): string {
  let out = '';
  for (const ch of cleanText(s).replace(/\s+/g, ' ')) {
    if (SAFE_LABEL_CHAR.test(ch)) out += ch;
    else out += NAMED[ch] ?? `#${ch.codePointAt(0)};`;
  }
  return out;
}

/** `file:/data/x.csv` -> `file_data_x_csv`: ASCII letters, digits and `_`, unique within the chart. */
export function mermaidIds(keys: string[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const key of keys) {
    const slug = key
      .replace(/[^A-Za-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 60);
    const base = /^[A-Za-z]/.test(slug) ? slug : `n_${slug}`;
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
    used.add(id);
    ids.set(key, id);
  }
  return ids;
}

export function toMermaid(g: DataflowGraph): string {
  const nodes = sortedNodes(g);
  const ids = mermaidIds(nodes.map((n) => n.key));
  const lines = [`%% dfmap map: ${g.order} nodes, ${g.size} edges`, 'flowchart LR'];
  const byKind = new Map<string, string[]>();
  for (const { key, attrs } of nodes) {
    const id = ids.get(key)!;
    const [open, close] = (KIND_STYLES[attrs.kind] ?? KIND_STYLES.unknown).mermaid;
    lines.push(`  ${id}${open}"${mermaidLabel(pictureLabel(key, attrs))}"${close}`);
    const members = byKind.get(attrs.kind);
    if (members) members.push(id);
    else byKind.set(attrs.kind, [id]);
  }
  for (const e of sortedEdges(g)) {
    const link = (EDGE_STYLES[e.attrs.kind] ?? EDGE_STYLES.reads).mermaidLink;
    lines.push(`  ${ids.get(e.source)} ${link} ${ids.get(e.target)}`);
  }
  for (const [kind, members] of [...byKind].sort()) {
    const s = KIND_STYLES[kind as keyof typeof KIND_STYLES] ?? KIND_STYLES.unknown;
    lines.push(`  classDef k_${kind} fill:${s.fill},stroke:${s.stroke},color:#111827`);
    lines.push(`  class ${members.join(',')} k_${kind}`);
  }
  return `${lines.join('\n')}\n`;
}

export const mermaid: Exporter = {
  id: 'mermaid',
  title: 'Mermaid flowchart',
  extension: 'mmd',
  mediaType: 'text/vnd.mermaid',
  output: 'text',
  export: (g) => toMermaid(g),
  advise: (g) =>
    g.size > MERMAID_MAX_EDGES
      ? [
          `mermaid: ${g.size} edges; Mermaid draws at most ${MERMAID_MAX_EDGES} by default (maxEdges). Narrow the map with --focus NODE --radius K, --kind or --select.`,
        ]
      : [],
};
