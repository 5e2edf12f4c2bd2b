/**
 * GraphML (yEd, Gephi, Cytoscape desktop, NetworkX `read_graphml`): one typed <key> per attribute,
 * every attribute a <data> element. Key ids are generated (`n0`, `e0`), never taken from a name, and
 * every id and value is XML-escaped.
 */
import type { DataflowGraph } from '../../graph/types.js';
import {
  type Column,
  type ColumnType,
  cellText,
  edgeColumns,
  graphScalars,
  nodeColumns,
  typeOf,
} from '../columns.js';
import { sortedEdges, sortedNodes } from '../text.js';
import type { Exporter } from '../types.js';
import { xmlEscape } from '../xml.js';

const GRAPHML_TYPE: Record<ColumnType, string> = {
  boolean: 'boolean',
  int: 'int',
  double: 'double',
  string: 'string',
  json: 'string',
};

interface KeyDecl extends Column {
  id: string;
}

function keyLines(domain: 'graph' | 'node' | 'edge', prefix: string, cols: Column[]): [KeyDecl[], string[]] {
  const keys = cols.map((c, i) => ({ ...c, id: `${prefix}${i}` }));
  const lines = keys.map(
    (k) =>
      `  <key id="${k.id}" for="${domain}" attr.name="${xmlEscape(k.name)}" attr.type="${GRAPHML_TYPE[k.type]}"/>`,
  );
  return [keys, lines];
}

function dataLines(keys: KeyDecl[], attrs: Record<string, unknown>, indent: string): string[] {
  const out: string[] = [];
  for (const k of keys) {
    const v = attrs[k.name];
    if (v === undefined || v === null) continue;
    out.push(`${indent}<data key="${k.id}">${xmlEscape(cellText(v, k.type))}</data>`);
  }
  return out;
}

export function toGraphml(g: DataflowGraph): string {
  const scalars = graphScalars(g);
  const [gKeys, gDecl] = keyLines(
    'graph',
    'g',
    scalars.map(([name, v]) => ({ name, type: typeOf(v) })),
  );
  const [nKeys, nDecl] = keyLines('node', 'n', nodeColumns(g));
  const [eKeys, eDecl] = keyLines('edge', 'e', edgeColumns(g));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...gDecl,
    ...nDecl,
    ...eDecl,
    '  <graph id="dfmap" edgedefault="directed">',
    ...dataLines(gKeys, Object.fromEntries(scalars), '    '),
  ];
  for (const { key, attrs } of sortedNodes(g)) {
    lines.push(`    <node id="${xmlEscape(key)}">`, ...dataLines(nKeys, attrs, '      '), '    </node>');
  }
  sortedEdges(g).forEach((e, i) => {
    lines.push(
      `    <edge id="edge${i}" source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}">`,
      ...dataLines(eKeys, e.attrs, '      '),
      '    </edge>',
    );
  });
  lines.push('  </graph>', '</graphml>');
  return `${lines.join('\n')}\n`;
}

export const graphml: Exporter = {
  id: 'graphml',
  title: 'GraphML (yEd, Gephi, Cytoscape)',
  extension: 'graphml',
  mediaType: 'application/graphml+xml',
  output: 'text',
  export: (g) => toGraphml(g),
};
