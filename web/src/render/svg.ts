/**
 * The current view as a standalone SVG: the same shapes and colours as the canvas, names as escaped
 * text nodes (a name can never become markup), the viewBox set to what is on screen.
 */
import type { Camera, Painter } from './draw.js';
import type { Scene } from './scene.js';
import { shapePath } from './shapes.js';

/** XML 1.0 forbids most control characters even as references: they are dropped. */
function isXmlChar(c: string): boolean {
  const n = c.charCodeAt(0);
  return n >= 0x20 || n === 0x09 || n === 0x0a || n === 0x0d;
}

export function escapeXml(s: string): string {
  return [...s]
    .filter(isXmlChar)
    .join('')
    .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const n1 = (x: number) => (Math.round(x * 10) / 10).toString();

function polyline(p: number[]): string {
  let d = '';
  for (let i = 0; i < p.length; i += 2)
    d += `${i === 0 ? 'M' : 'L'}${n1(p[i] as number)} ${n1(p[i + 1] as number)}`;
  return d;
}

export function sceneToSvg(
  scene: Scene,
  painter: Painter,
  cam: Camera,
  width: number,
  height: number,
): string {
  const vb = [cam.x, cam.y, width / cam.k, height / cam.k].map(n1).join(' ');
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${vb}" width="${Math.round(width)}" height="${Math.round(height)}" font-family="system-ui, sans-serif" font-size="12">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse" markerUnits="userSpaceOnUse"><path d="M0 0L10 5L0 10z" fill="context-stroke"/></marker></defs>',
    `<rect x="${n1(cam.x)}" y="${n1(cam.y)}" width="${n1(width / cam.k)}" height="${n1(height / cam.k)}" fill="#f8fafc"/>`,
    '<g fill="none">',
  ];
  const edges = [...scene.edges].sort((a, b) => Number(painter.edge(a).top) - Number(painter.edge(b).top));
  for (const e of edges) {
    const p = painter.edge(e);
    out.push(
      `<path d="${polyline(e.points)}" stroke="${p.color}" stroke-opacity="${p.alpha}" stroke-width="${p.width}" marker-end="url(#arrow)"/>`,
    );
  }
  out.push('</g>');
  for (const n of scene.nodes) {
    const p = painter.node(n);
    const d = shapePath(n.shape, n.x, n.y, n.w, n.h);
    out.push(`<g opacity="${p.alpha}"><title>${escapeXml(n.title)}</title>`);
    if (p.ring) out.push(`<path d="${d}" fill="none" stroke="${p.ring}" stroke-width="5"/>`);
    out.push(`<path d="${d}" fill="${p.fill}" stroke="${p.stroke}" stroke-width="1.4"/>`);
    const label = escapeXml(n.label);
    if (scene.mode === 'boxed') {
      const weight = n.kind === 'group' ? ' font-weight="600" font-size="13"' : '';
      out.push(
        `<text x="${n1(n.x)}" y="${n1(n.y)}" text-anchor="middle" dominant-baseline="central" fill="${p.text}"${weight}>${label}</text>`,
      );
    } else {
      out.push(
        `<text x="${n1(n.x + n.w / 2 + 3)}" y="${n1(n.y)}" dominant-baseline="central" fill="${p.text}">${label}</text>`,
      );
    }
    out.push('</g>');
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
