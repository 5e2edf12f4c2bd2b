/**
 * Instant positions without a layout engine: each group (community or host) gets a disc, placed on a
 * sunflower spiral, with its members on a smaller spiral inside. It seeds ForceAtlas2 and is the
 * fallback when no worker can start.
 */
import type { LayoutEdge, LayoutNode } from './protocol.js';

const GOLDEN = Math.PI * (3 - Math.sqrt(5));

function spiral(i: number, spacing: number): [number, number] {
  const r = spacing * Math.sqrt(i + 0.5);
  const a = i * GOLDEN;
  return [r * Math.cos(a), r * Math.sin(a)];
}

export function seedPositions(nodes: LayoutNode[], _edges: LayoutEdge[] = []): Map<string, [number, number]> {
  const groups = new Map<string, LayoutNode[]>();
  for (const n of nodes) {
    const g = n.group ?? '';
    const list = groups.get(g);
    if (list) list.push(n);
    else groups.set(g, [n]);
  }
  const ordered = [...groups.values()].sort((a, b) => b.length - a.length);
  const spacing = 40;
  const out = new Map<string, [number, number]>();
  // group centres on a spiral whose step is the radius of the largest group
  const step = spacing * Math.sqrt((ordered[0]?.length ?? 1) + 1) * 1.3;
  ordered.forEach((members, gi) => {
    const [cx, cy] = gi === 0 ? [0, 0] : spiral(gi, step);
    members.forEach((n, i) => {
      const [x, y] = spiral(i, spacing);
      out.set(n.id, [cx + x, cy + y]);
    });
  });
  return out;
}
