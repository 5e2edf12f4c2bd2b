/**
 * PNG: the Graphviz SVG rasterised by resvg (@resvg/resvg-js ships its prebuilt binary inside the npm
 * package, so nothing is downloaded at install or run time). Text uses the system fonts; DejaVu Sans
 * is what the DOT asks for and what Debian installs by default.
 */
import { Resvg } from '@resvg/resvg-js';
import type { DataflowGraph } from '../../graph/types.js';
import type { Exporter } from '../types.js';
import { adviseLayout, toSvg } from './svg.js';

/** Twice the SVG's size, so labels stay sharp on high-density screens and in tickets. */
const SCALE = 2;
/** resvg refuses to allocate absurd canvases; past this width the picture is scaled down. */
const MAX_WIDTH = 16000;

export function rasterizeSvg(svgText: string): Uint8Array {
  const probe = new Resvg(svgText, { font: { loadSystemFonts: false } });
  const width = Math.min(probe.width * SCALE, MAX_WIDTH);
  const r = new Resvg(svgText, {
    background: 'white',
    fitTo: { mode: 'width', value: Math.max(1, Math.round(width)) },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return new Uint8Array(r.render().asPng());
}

export async function toPng(g: DataflowGraph): Promise<Uint8Array> {
  return rasterizeSvg(await toSvg(g));
}

export const png: Exporter = {
  id: 'png',
  title: 'PNG (Graphviz layout)',
  extension: 'png',
  mediaType: 'image/png',
  output: 'binary',
  export: (g) => toPng(g),
  advise: (g) => adviseLayout(g, 'png'),
};
