/**
 * Node outlines as SVG path data, centred on (x, y): the canvas draws them through Path2D and the SVG
 * export writes the same string, so both pictures match.
 */
import type { Shape } from '../kinds.js';

const f = (n: number) => (Math.round(n * 10) / 10).toString();

function rect(x0: number, y0: number, w: number, h: number, r: number): string {
  const x1 = x0 + w;
  const y1 = y0 + h;
  const rr = Math.min(r, w / 2, h / 2);
  if (rr <= 0) return `M${f(x0)} ${f(y0)}H${f(x1)}V${f(y1)}H${f(x0)}Z`;
  return (
    `M${f(x0 + rr)} ${f(y0)}H${f(x1 - rr)}Q${f(x1)} ${f(y0)} ${f(x1)} ${f(y0 + rr)}` +
    `V${f(y1 - rr)}Q${f(x1)} ${f(y1)} ${f(x1 - rr)} ${f(y1)}H${f(x0 + rr)}` +
    `Q${f(x0)} ${f(y1)} ${f(x0)} ${f(y1 - rr)}V${f(y0 + rr)}Q${f(x0)} ${f(y0)} ${f(x0 + rr)} ${f(y0)}Z`
  );
}

export function shapePath(shape: Shape, x: number, y: number, w: number, h: number): string {
  const x0 = x - w / 2;
  const y0 = y - h / 2;
  const x1 = x + w / 2;
  const y1 = y + h / 2;
  switch (shape) {
    case 'process':
      return rect(x0, y0, w, h, Math.min(6, h / 4));
    case 'hexagon': {
      const d = Math.min(h / 2, w / 4);
      return `M${f(x0 + d)} ${f(y0)}H${f(x1 - d)}L${f(x1)} ${f(y)}L${f(x1 - d)} ${f(y1)}H${f(x0 + d)}L${f(x0)} ${f(y)}Z`;
    }
    case 'document': {
      // a page with a folded top-right corner
      const c = Math.min(h / 2.5, w / 3);
      return `M${f(x0)} ${f(y0)}H${f(x1 - c)}L${f(x1)} ${f(y0 + c)}V${f(y1)}H${f(x0)}ZM${f(x1 - c)} ${f(y0)}V${f(y0 + c)}H${f(x1)}`;
    }
    case 'folder': {
      const tab = Math.min(w / 3, 18);
      const t = Math.min(h / 5, 4);
      return `M${f(x0)} ${f(y0)}H${f(x0 + tab)}L${f(x0 + tab + t)} ${f(y0 + t)}H${f(x1)}V${f(y1)}H${f(x0)}Z`;
    }
    case 'table': {
      // a grid: header band and one column rule
      const hb = Math.min(h / 3, 7);
      return `${rect(x0, y0, w, h, 1)}M${f(x0)} ${f(y0 + hb)}H${f(x1)}`;
    }
    case 'cylinder': {
      const ry = Math.min(h / 5, 6);
      const rx = w / 2;
      return (
        `M${f(x0)} ${f(y0 + ry)}A${f(rx)} ${f(ry)} 0 0 1 ${f(x1)} ${f(y0 + ry)}V${f(y1 - ry)}` +
        `A${f(rx)} ${f(ry)} 0 0 1 ${f(x0)} ${f(y1 - ry)}ZM${f(x0)} ${f(y0 + ry)}A${f(rx)} ${f(ry)} 0 0 0 ${f(x1)} ${f(y0 + ry)}`
      );
    }
    case 'stadium':
      return rect(x0, y0, w, h, h / 2);
    case 'host': {
      const i = Math.min(3, h / 6);
      return `${rect(x0, y0, w, h, 3)}${rect(x0 + i, y0 + i, w - 2 * i, h - 2 * i, 2)}`;
    }
    default:
      return rect(x0, y0, w, h, 3);
  }
}

/** Where the segment from (x, y) towards (tx, ty) leaves the node's bounding box. */
export function clipToBox(
  x: number,
  y: number,
  w: number,
  h: number,
  tx: number,
  ty: number,
): [number, number] {
  const dx = tx - x;
  const dy = ty - y;
  if (dx === 0 && dy === 0) return [x, y];
  const sx = dx === 0 ? Number.POSITIVE_INFINITY : w / 2 / Math.abs(dx);
  const sy = dy === 0 ? Number.POSITIVE_INFINITY : h / 2 / Math.abs(dy);
  const s = Math.min(sx, sy, 1);
  return [x + dx * s, y + dy * s];
}
