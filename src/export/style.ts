/**
 * One look for every picture dfmap draws (DOT/SVG/PNG, Mermaid, GEXF colours): a kind keeps its shape
 * and colour everywhere, so a person learns the legend once.
 */
import type { Confidence, EdgeKind, NodeKind } from '../model/kinds.js';

export interface KindStyle {
  /** Graphviz shape. */
  dotShape: string;
  /** Extra Graphviz style words (`rounded`, `dashed`). */
  dotStyle?: string;
  /** Mermaid node shape as opening and closing brackets around a quoted label. */
  mermaid: [string, string];
  fill: string;
  stroke: string;
  /** Neo4j label. */
  neo4jLabel: string;
}

export const KIND_STYLES: Record<NodeKind, KindStyle> = {
  job: { dotShape: 'hexagon', mermaid: ['{{', '}}'], fill: '#fde68a', stroke: '#b45309', neo4jLabel: 'Job' },
  script: {
    dotShape: 'box',
    dotStyle: 'rounded',
    mermaid: ['(', ')'],
    fill: '#bfdbfe',
    stroke: '#1d4ed8',
    neo4jLabel: 'Script',
  },
  file: { dotShape: 'note', mermaid: ['[/', '/]'], fill: '#e5e7eb', stroke: '#4b5563', neo4jLabel: 'File' },
  table: {
    dotShape: 'cylinder',
    mermaid: ['[(', ')]'],
    fill: '#bbf7d0',
    stroke: '#15803d',
    neo4jLabel: 'Table',
  },
  database: {
    dotShape: 'cylinder',
    mermaid: ['[(', ')]'],
    fill: '#4ade80',
    stroke: '#166534',
    neo4jLabel: 'Database',
  },
  endpoint: {
    dotShape: 'ellipse',
    mermaid: ['([', '])'],
    fill: '#fbcfe8',
    stroke: '#be185d',
    neo4jLabel: 'Endpoint',
  },
  host: { dotShape: 'box3d', mermaid: ['[[', ']]'], fill: '#ddd6fe', stroke: '#6d28d9', neo4jLabel: 'Host' },
  unknown: {
    dotShape: 'ellipse',
    dotStyle: 'dashed',
    mermaid: ['[', ']'],
    fill: '#ffffff',
    stroke: '#6b7280',
    neo4jLabel: 'Unknown',
  },
};

export interface EdgeStyle {
  color: string;
  /** Mermaid link between two ids. */
  mermaidLink: string;
  neo4jType: string;
}

export const EDGE_STYLES: Record<EdgeKind, EdgeStyle> = {
  reads: { color: '#2563eb', mermaidLink: '-->', neo4jType: 'READS' },
  writes: { color: '#dc2626', mermaidLink: '-->', neo4jType: 'WRITES' },
  invokes: { color: '#b45309', mermaidLink: '-.->', neo4jType: 'INVOKES' },
  contains: { color: '#6b7280', mermaidLink: '---', neo4jType: 'CONTAINS' },
};

/** Doubt shows as a broken line: dashed for `partial`, dotted for `heuristic`. */
export function confidenceLineStyle(c: Confidence): 'solid' | 'dashed' | 'dotted' {
  return c === 'partial' ? 'dashed' : c === 'heuristic' ? 'dotted' : 'solid';
}
