/** How each node and edge is painted for the current highlight and colour mode. */
import { DIFF_STYLES, type DiffStatus } from '../diff.js';
import { HEALTH_STYLES, type HealthStatus } from '../health.js';
import { HIGHLIGHT, KIND_STYLES, paletteColor, tint } from '../kinds.js';
import type { EdgePaint, NodePaint, Painter } from '../render/draw.js';
import type { ColorBy } from '../state/view-state.js';
import type { Highlight } from './highlight.js';

const DIM = 0.16;
/** Logs, lock and temporary files: present, but not what the map is about. */
const NON_DATA = 0.4;
const TEXT = '#0f172a';

export function createPainter(
  h: Highlight,
  colorBy: ColorBy,
  communityIndex: Map<string, number>,
  healthStatus: (id: string) => HealthStatus,
  diffStatus?: (id: string) => DiffStatus | undefined,
): Painter {
  const active = h.selected !== undefined;
  const impact = h.impact !== undefined;
  return {
    node(n): NodePaint {
      const k = KIND_STYLES[n.kind];
      let fill = k.fill;
      let stroke = k.stroke;
      if (colorBy === 'subsystem' && n.community !== undefined && n.kind !== 'group') {
        const c = paletteColor(communityIndex.get(n.community) ?? 0);
        stroke = c;
        fill = tint(c, 0.72);
      } else if (colorBy === 'health') {
        const style = HEALTH_STYLES[healthStatus(n.id)];
        stroke = style.stroke;
        fill = style.fill;
      }
      // a diff map (dfmap view --diff): what changed wears the change's colour in every mode
      const change = diffStatus?.(n.id);
      if (change) {
        stroke = DIFF_STYLES[change].stroke;
        fill = DIFF_STYLES[change].fill;
      }
      if (!active) return { fill, stroke, text: TEXT, alpha: n.nonData ? NON_DATA : 1 };
      if (n.id === h.selected) return { fill, stroke, text: TEXT, alpha: 1, ring: HIGHLIGHT.selected };
      if (impact) {
        return h.impactNodes.has(n.id)
          ? { fill, stroke, text: TEXT, alpha: 1, ring: HIGHLIGHT.impact }
          : { fill, stroke, text: TEXT, alpha: DIM };
      }
      if (h.up.has(n.id)) return { fill, stroke, text: TEXT, alpha: 1, ring: HIGHLIGHT.upstream };
      if (h.down.has(n.id)) return { fill, stroke, text: TEXT, alpha: 1, ring: HIGHLIGHT.downstream };
      return { fill, stroke, text: TEXT, alpha: n.nonData ? DIM * 0.6 : DIM };
    },
    edge(e): EdgePaint {
      const base = e.kind === 'invokes' ? HIGHLIGHT.invokesEdge : HIGHLIGHT.edge;
      const width = e.count > 1 ? Math.min(8, 1.2 + Math.log2(e.count) * 1.2) : 1.3;
      if (e.minor && !active) return { color: HIGHLIGHT.invokesEdge, alpha: 0.6, width: 1, top: false };
      if (!active) return { color: base, alpha: e.nonData ? 0.3 : 0.9, width, top: false };
      if (impact) {
        return h.impactEdges.has(e.id)
          ? { color: HIGHLIGHT.impact, alpha: 1, width: width + 1, top: true }
          : { color: base, alpha: 0.12, width, top: false };
      }
      if (h.upEdges.has(e.id)) return { color: HIGHLIGHT.upstream, alpha: 1, width: width + 1, top: true };
      if (h.downEdges.has(e.id))
        return { color: HIGHLIGHT.downstream, alpha: 1, width: width + 1, top: true };
      return { color: base, alpha: 0.12, width, top: false };
    },
  };
}
