/**
 * Where the map comes from: embedded in the page by `dfmap export --format html` (a JSON script block,
 * never parsed as HTML), or from the read-only API of `dfmap view`.
 */
import type { NodeLinkData } from '../../../src/store/node-link.js';

export type MapSource = 'embedded' | 'server';

export async function loadMapData(): Promise<{ data: NodeLinkData; source: MapSource }> {
  const embedded = document.getElementById('dfmap-map');
  if (embedded) return { data: JSON.parse(embedded.textContent ?? '{}') as NodeLinkData, source: 'embedded' };
  const res = await fetch(new URL('api/map', document.baseURI));
  if (!res.ok) throw new Error(`the map could not be loaded from the dfmap server (HTTP ${res.status}).`);
  return { data: (await res.json()) as NodeLinkData, source: 'server' };
}
