/**
 * Which snapshots a query reads: the latest of each host (or of one host) scanned at or before
 * `--as-of`, or one snapshot by number. A snapshot written by a newer dfmap is refused by name.
 */
import { CatalogError } from './errors.js';
import { type CatalogStore, SNAPSHOT_FORMAT, type SnapshotInfo } from './types.js';

export interface PickOptions {
  host?: string;
  /** ISO time. */
  asOf?: string;
  /** A snapshot number (`dfmap catalog list` shows them). */
  snapshot?: number;
}

export async function pickSnapshots(store: CatalogStore, opts: PickOptions = {}): Promise<SnapshotInfo[]> {
  const all = await store.listSnapshots({
    ...(opts.host ? { host: opts.host.toLowerCase() } : {}),
    ...(opts.asOf ? { asOf: opts.asOf } : {}),
  });
  let picked: SnapshotInfo[];
  if (opts.snapshot !== undefined) {
    picked = all.filter((s) => s.id === opts.snapshot);
    if (picked.length === 0) {
      throw new CatalogError(
        `${store.where}: no snapshot ${opts.snapshot}${opts.host ? ` of ${opts.host}` : ''}.`,
        {
          hint: 'dfmap catalog list shows the snapshots',
        },
      );
    }
  } else {
    const latest = new Map<string, SnapshotInfo>();
    for (const s of all) latest.set(s.host, s); // ordered by scan time: the last one wins
    picked = [...latest.values()].sort((a, b) => (a.host < b.host ? -1 : 1));
  }
  if (picked.length === 0) {
    throw new CatalogError(
      `${store.where}: no snapshot${opts.host ? ` of ${opts.host}` : ''}${opts.asOf ? ` at or before ${opts.asOf}` : ''}.`,
      {
        hint: opts.asOf
          ? 'dfmap catalog list shows when each host was scanned'
          : 'store one with dfmap scan ROOT --catalog C',
      },
    );
  }
  for (const s of picked) checkFormat(store, s);
  return picked;
}

export function checkFormat(store: CatalogStore, s: SnapshotInfo): void {
  if (s.format > SNAPSHOT_FORMAT) {
    throw new CatalogError(
      `${store.where}: snapshot ${s.id} of ${s.host} was written by a newer dfmap (format ${s.format}; this one reads ${SNAPSHOT_FORMAT}).`,
      {
        hint: `upgrade dfmap${s.toolVersion ? ` to ${s.toolVersion} or later` : ''}; the snapshot is kept as it is`,
      },
    );
  }
}
