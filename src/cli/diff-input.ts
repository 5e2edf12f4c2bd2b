/**
 * The two sides of a diff (`dfmap diff A B`, `dfmap view --diff A B`): map files, snapshot numbers,
 * or hosts in a catalog, each in the fleet's terms so they compare like for like.
 */
import fs from 'node:fs';
import { diffMaps, type MapDiff, parseRename, type Rename } from '../catalog/diff-maps.js';
import { loadMap } from '../catalog/load-map.js';
import { pickSnapshots } from '../catalog/pick-snapshots.js';
import { toFleetMap } from '../catalog/store-snapshot.js';
import { UsageError } from '../model/errors.js';
import type { NodeLinkData } from '../store/node-link.js';
import { readMapData } from '../store/read-map-data.js';
import { catalogOf, parseAsOf, withCatalog } from './catalog-source.js';

export interface DiffFlags {
  catalog?: string;
  asOf?: string;
  rename: string[];
  json?: boolean;
  limit?: string;
}

export async function runDiff(
  a: string,
  b: string,
  flags: DiffFlags,
): Promise<{ diff: MapDiff; a: NodeLinkData; b: NodeLinkData; renames: Rename[] }> {
  const renames: Rename[] = flags.rename.map((r) => {
    const x = parseRename(r);
    if (!x)
      throw new UsageError(`--rename '${r}' is not OLD=NEW.`, {
        hint: 'e.g. --rename etl01=etl02 or --rename /opt/old=/opt/new',
      });
    return x;
  });
  const [ma, mb] = [await side(a, flags), await side(b, flags)];
  return {
    diff: diffMaps(ma.map, mb.map, { a: ma.name, b: mb.name }, renames),
    a: ma.map,
    b: mb.map,
    renames,
  };
}

export async function side(arg: string, flags: DiffFlags): Promise<{ map: NodeLinkData; name: string }> {
  if (fs.existsSync(arg) && fs.statSync(arg).isFile()) {
    const data = readMapData(arg);
    const host = typeof data.graph.host === 'string' ? data.graph.host : 'localhost';
    return { map: toFleetMap(data, host), name: arg };
  }
  const where = catalogOf(flags);
  if (!where) {
    throw new UsageError(`'${arg}' is not a map file.`, {
      hint: 'pass map files, or --catalog C to compare snapshots or hosts',
    });
  }
  return withCatalog(where, async (store) => {
    const asOf = parseAsOf(flags.asOf);
    const pick = /^\d+$/.test(arg) ? { snapshot: Number(arg) } : { host: arg, ...(asOf ? { asOf } : {}) };
    const snaps = await pickSnapshots(store, pick);
    const s = snaps[0]!;
    return { map: await loadMap(store, snaps), name: `${s.host} (snapshot ${s.id}, ${s.scannedAt})` };
  });
}
