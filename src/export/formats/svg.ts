/**
 * SVG rendered from the DOT by Graphviz compiled to WebAssembly (@hpcc-js/wasm-graphviz): no system
 * Graphviz, no network. Graphviz escapes every text it writes into the SVG.
 */
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import type { DataflowGraph } from '../../graph/types.js';
import type { Exporter } from '../types.js';
import { toDot } from './dot.js';

let loading: Promise<Graphviz> | undefined;

/** The WASM module loads once per process (it takes a few hundred milliseconds). */
export function loadGraphviz(): Promise<Graphviz> {
  loading ??= Graphviz.load();
  return loading;
}

export async function renderDot(dotText: string): Promise<string> {
  const gv = await loadGraphviz();
  return gv.dot(dotText, 'svg');
}

/** Graphviz's layered layout grows faster than linearly: about 7 s for 1,000 nodes on a 2-core machine. */
export function adviseLayout(g: DataflowGraph, format: string): string[] {
  return g.order > 1000
    ? [
        `${format}: laying out ${g.order} nodes can take minutes; narrow the map with --focus, --kind or --select.`,
      ]
    : [];
}

export async function toSvg(g: DataflowGraph): Promise<string> {
  return renderDot(toDot(g));
}

export const svg: Exporter = {
  id: 'svg',
  title: 'SVG (Graphviz layout)',
  extension: 'svg',
  mediaType: 'image/svg+xml',
  output: 'text',
  export: (g) => toSvg(g),
  advise: (g) => adviseLayout(g, 'svg'),
};
