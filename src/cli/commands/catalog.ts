/**
 * `dfmap catalog list|show|import|export|prune`: the snapshots a catalog holds. Every scan stored
 * with `--catalog` is one; history is kept until pruned.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { loadMap } from '../../catalog/load-map.js';
import { checkFormat, pickSnapshots } from '../../catalog/pick-snapshots.js';
import { storeSnapshot } from '../../catalog/store-snapshot.js';
import type { CatalogStore, SnapshotInfo } from '../../catalog/types.js';
import { UsageError } from '../../model/errors.js';
import { readMapData } from '../../store/read-map-data.js';
import { type CatalogFlags, catalogOf, parseAsOf, pickOptions, withCatalog } from '../catalog-source.js';
import { colors, type Io, printJson } from '../io.js';
import { renderTable } from '../render/table.js';
import type { CliContext, CommandModule } from './types.js';

interface Flags extends CatalogFlags {
  json?: boolean;
  host?: string;
  output?: string;
  keep?: string;
  before?: string;
  dryRun?: boolean;
}

const need = (flags: Flags): string => {
  const where = catalogOf(flags);
  if (!where)
    throw new UsageError('which catalog?', {
      hint: 'pass --catalog FILE|postgres://HOST/DB, or set DFMAP_CATALOG',
    });
  return where;
};

export const catalogCommand: CommandModule = {
  name: 'catalog',
  register(program: Command, ctx: CliContext) {
    const cat = program
      .command('catalog')
      .description(
        'the snapshots stored in a catalog (SQLite file or PostgreSQL): list, show, import, export, prune',
      );
    const common = (c: Command) =>
      c
        .option('--catalog <where>', 'a SQLite file or postgres://host/db (env DFMAP_CATALOG)')
        .option('--json', 'print the result as JSON');
    common(cat.command('list').description('every snapshot: number, host, when, size'))
      .option('--host <name>', 'only this host')
      .action((flags: Flags) => withCatalog(need(flags), (s) => list(ctx.io, s, flags)));
    common(
      cat
        .command('show')
        .description('one snapshot (a number, or a host for its latest)')
        .argument('<snapshot>'),
    )
      .option('--as-of <time>', 'with a host: its last snapshot at or before TIME')
      .action((which: string, flags: Flags) =>
        withCatalog(need(flags), (s) => show(ctx.io, s, { ...flags, snapshot: which })),
      );
    common(
      cat
        .command('import')
        .description('store a map made earlier or elsewhere as a snapshot')
        .argument('<map...>'),
    )
      .option('--host <name>', "the host it describes (default: the map's graph.host)")
      .action((maps: string[], flags: Flags) =>
        withCatalog(need(flags), (s) => importMaps(ctx.io, s, maps, flags), false),
      );
    common(
      cat.command('export').description('write a snapshot, a host or the fleet graph as a node-link map'),
    )
      .option('--snapshot <n|host>', 'one snapshot or host (default: every host, joined)')
      .option('--as-of <time>', 'as it was then')
      .option('-o, --output <file>', 'where to write it (default: stdout)')
      .action((flags: Flags) => withCatalog(need(flags), (s) => exportMap(ctx.io, s, flags)));
    common(cat.command('prune').description('delete old snapshots (never the latest of a host)'))
      .option('--keep <n>', 'keep the latest N snapshots of each host', '10')
      .option('--before <time>', 'delete only snapshots scanned before TIME')
      .option('--dry-run', 'say what would be deleted, delete nothing')
      .action((flags: Flags) => withCatalog(need(flags), (s) => prune(ctx.io, s, flags), false));
  },
};

async function list(io: Io, store: CatalogStore, flags: Flags): Promise<void> {
  const snaps = await store.listSnapshots(flags.host ? { host: flags.host.toLowerCase() } : {});
  if (flags.json) return printJson(io, { catalog: store.where, snapshots: snaps });
  const c = colors(io);
  if (snaps.length === 0)
    return io.out(`${store.where}: no snapshots yet (dfmap scan ROOT --catalog ${store.where})`);
  const rows = snaps.map((s) => [
    String(s.id),
    s.host,
    s.scannedAt,
    String(s.nodes),
    String(s.edges),
    s.toolVersion ?? '',
    s.origin,
  ]);
  for (const l of renderTable(rows, {
    header: ['#', 'HOST', 'SCANNED', 'NODES', 'EDGES', 'DFMAP', 'FROM'],
    paintHeader: c.dim,
    right: [0, 3, 4],
  }))
    io.out(l);
}

async function show(io: Io, store: CatalogStore, flags: Flags): Promise<void> {
  const [snap] = await pickSnapshots(store, pickOptions(flags));
  const s = snap as SnapshotInfo;
  const meta = await store.snapshotMeta(s.id);
  const warnings = Array.isArray(meta.warnings) ? meta.warnings.length : 0;
  const mounts = Array.isArray(meta.mounts) ? (meta.mounts as Array<Record<string, string>>) : [];
  if (flags.json) return printJson(io, { ...s, warnings, mounts });
  const c = colors(io);
  io.out(
    `${c.bold(`snapshot ${s.id}`)} of ${s.host}, scanned ${s.scannedAt} by dfmap ${s.toolVersion ?? '?'}`,
  );
  io.out(
    `  ${s.nodes} nodes, ${s.edges} edges, ${warnings} warnings; from ${s.origin}${s.root ? ` (root ${s.root})` : ''}`,
  );
  if (s.rowsOf !== undefined)
    io.out(`  the same map as snapshot ${s.rowsOf}: its nodes and edges are shared`);
  for (const m of mounts)
    io.out(`  mount ${m.mountpoint} <- ${m.type} ${m.server}:${m.export} (${m.source})`);
  if (Object.keys(s.options).length > 0) io.out(c.dim(`  options ${JSON.stringify(s.options)}`));
}

async function importMaps(io: Io, store: CatalogStore, maps: string[], flags: Flags): Promise<void> {
  const out: SnapshotInfo[] = [];
  for (const file of maps) {
    const data = readMapData(file);
    const s = await storeSnapshot(store, data, {
      origin: `import ${file}`,
      ...(flags.host ? { host: flags.host } : {}),
    });
    out.push(s);
    if (!flags.json)
      io.out(
        `stored ${file} as snapshot ${s.id} of ${s.host} (${s.nodes} nodes, ${s.edges} edges) in ${store.where}`,
      );
  }
  if (flags.json) printJson(io, out);
}

async function exportMap(io: Io, store: CatalogStore, flags: Flags): Promise<void> {
  const snaps = await pickSnapshots(store, pickOptions(flags));
  const data = await loadMap(store, snaps);
  const text = `${JSON.stringify(data, null, 1)}\n`;
  if (flags.output) {
    const tmp = `${flags.output}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, flags.output);
    io.err(
      `dfmap: wrote ${data.nodes.length} nodes and ${data.links.length} edges of ${snaps.map((s) => s.host).join(', ')} to ${flags.output}`,
    );
  } else io.out(text);
}

async function prune(io: Io, store: CatalogStore, flags: Flags): Promise<void> {
  const keep = Number(flags.keep ?? 10);
  if (!Number.isInteger(keep) || keep < 1)
    throw new UsageError(`--keep '${flags.keep}' must be at least 1.`, {
      hint: 'the latest snapshot of a host is always kept',
    });
  const before = parseAsOf(flags.before);
  const all = await store.listSnapshots();
  const byHost = new Map<string, SnapshotInfo[]>();
  for (const s of all) byHost.set(s.host, [...(byHost.get(s.host) ?? []), s]);
  const doomed: SnapshotInfo[] = [];
  for (const snaps of byHost.values()) {
    const old = snaps.slice(0, Math.max(0, snaps.length - keep));
    doomed.push(...old.filter((s) => !before || s.scannedAt < before));
  }
  for (const s of doomed) checkFormat(store, s);
  if (!flags.dryRun && doomed.length > 0) await store.deleteSnapshots(doomed.map((s) => s.id));
  if (flags.json)
    return printJson(io, {
      deleted: flags.dryRun ? [] : doomed.map((s) => s.id),
      wouldDelete: flags.dryRun ? doomed.map((s) => s.id) : [],
    });
  const verb = flags.dryRun ? 'would delete' : 'deleted';
  io.out(
    `${verb} ${doomed.length} snapshot${doomed.length === 1 ? '' : 's'}${doomed.length ? `: ${doomed.map((s) => `${s.id} (${s.host} ${s.scannedAt})`).join(', ')}` : ''}`,
  );
}
