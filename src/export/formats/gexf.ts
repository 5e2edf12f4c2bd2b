/**
 * GEXF 1.3 (Gephi): nodes carry their label natively and a colour by kind (viz:color), edges carry
 * their kind natively (`kind="writes"`); every other attribute is a declared, typed <attribute>.
 * Attribute ids are generated, never taken from a name; every value is XML-escaped.
 */
import type { DataflowGraph } from '../../graph/types.js';
import { type Column, type ColumnType, cellText, edgeColumns, nodeColumns } from '../columns.js';
import { KIND_STYLES } from '../style.js';
import { nodeLabel, sortedEdges, sortedNodes } from '../text.js';
import type { Exporter } from '../types.js';
import { xmlEscape } from '../xml.js';

const GEXF_TYPE: Record<ColumnType, string> = {
  boolean: 'boolean',
  int: 'integer',
  double: 'double',
  string: 'string',
  json: 'string',
};

function declare(cls: 'node' | 'edge', cols: Column[]): string[] {
  if (cols.length === 0) return [];
  return [
    `    <attributes class="${cls}">`,
    ...cols.map(
      (c, i) => `      <attribute id="${i}" title="${xmlEscape(c.name)}" type="${GEXF_TYPE[c.type]}"/>`,
    ),
    '    </attributes>',
  ];
}

function attvalues(cols: Column[], attrs: Record<string, unknown>, indent: string): string[] {
  const values: string[] = [];
  cols.forEach((c, i) => {
    const v = attrs[c.name];
    if (v === undefined || v === null) return;
    values.push(`${indent}  <attvalue for="${i}" value="${xmlEscape(cellText(v, c.type))}"/>`);
  });
  return values.length ? [`${indent}<attvalues>`, ...values, `${indent}</attvalues>`] : [];
}

function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `r="${(n >> 16) & 255}" g="${(n >> 8) & 255}" b="${n & 255}"`;
}

export function toGexf(g: DataflowGraph): string {
  // label (nodes) and kind (edges) are native GEXF attributes; the rest are declared.
  const nCols = nodeColumns(g).filter((c) => c.name !== 'label');
  const eCols = edgeColumns(g).filter((c) => c.name !== 'kind');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
    '  <meta>',
    '    <creator>dfmap</creator>',
    '  </meta>',
    '  <graph defaultedgetype="directed" mode="static">',
    ...declare('node', nCols),
    ...declare('edge', eCols),
    '    <nodes>',
  ];
  for (const { key, attrs } of sortedNodes(g)) {
    const style = KIND_STYLES[attrs.kind] ?? KIND_STYLES.unknown;
    lines.push(
      `      <node id="${xmlEscape(key)}" label="${xmlEscape(nodeLabel(key, attrs))}">`,
      ...attvalues(nCols, attrs, '        '),
      `        <viz:color ${rgb(style.fill)}/>`,
      '      </node>',
    );
  }
  lines.push('    </nodes>', '    <edges>');
  sortedEdges(g).forEach((e, i) => {
    const open = `      <edge id="${i}" source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}" kind="${xmlEscape(e.attrs.kind)}"`;
    const values = attvalues(eCols, e.attrs, '        ');
    lines.push(...(values.length ? [`${open}>`, ...values, '      </edge>'] : [`${open}/>`]));
  });
  lines.push('    </edges>', '  </graph>', '</gexf>');
  return `${lines.join('\n')}\n`;
}

export const gexf: Exporter = {
  id: 'gexf',
  title: 'GEXF (Gephi)',
  extension: 'gexf',
  mediaType: 'application/gexf+xml',
  output: 'text',
  export: (g) => toGexf(g),
};
