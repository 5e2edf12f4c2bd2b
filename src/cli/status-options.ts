/**
 * `--status` of `dfmap export` and `dfmap view`: judge the health of the whole map (as `dfmap status`
 * does, never probing) and store it on the nodes, so the viewer can colour them by it and show its
 * evidence. Judged on the whole map before any filter, since a node's health depends on its upstream.
 */
import { type Command, Option } from 'commander';
import type { DataflowGraph } from '../graph/types.js';
import { assessHealth, healthAttributes } from '../health/index.js';
import { UsageError } from '../model/errors.js';
import { addCatalogOptions, type CatalogFlags } from './catalog-source.js';
import { loadHealthInputs } from './health-input.js';
import { colors, type Io } from './io.js';
import { atText, countLine, printWarnings } from './render/health.js';

export interface StatusFlags extends CatalogFlags {
  map?: string;
  status?: boolean;
  root?: string;
  at?: string;
  now?: string;
  tz?: string;
  journal?: string[];
}

export function addStatusOptions(cmd: Command): Command {
  return addCatalogOptions(cmd)
    .option('--status', "judge each node's health (as `dfmap status`, never probing) and colour by it")
    .option('--root <dir>', "with --status: the server's files (default: the ROOT the map was scanned from)")
    .option('--at <time>', "with --status: judge at this time (ISO 8601; default: now, server's zone)")
    .addOption(new Option('--now <time>', 'old name of --at').hideHelp())
    .option('--tz <zone>', "with --status: the server's time zone (default: from ROOT)")
    .option(
      '--journal <file>',
      'with --status: a `journalctl -o json` export to read (repeatable)',
      (v: string, acc: string[] = []) => [...acc, v],
    );
}

/** The options that only mean something with --status are refused without it, as --salt is. */
export function checkStatusFlags(flags: StatusFlags): void {
  if (flags.status) return;
  const stray = (['root', 'at', 'now', 'tz', 'journal'] as const).find((k) => flags[k] !== undefined);
  if (stray) throw new UsageError(`--${stray} only means something with --status.`);
}

/** Judge and store health on `g` (the map read from `flags.map`); says what it found on stderr. */
export async function applyStatus(io: Io, g: DataflowGraph, flags: StatusFlags): Promise<void> {
  const { index, opts } = loadHealthInputs(io, {
    map: flags.map,
    ...(flags.root !== undefined && { root: flags.root }),
    ...(flags.at !== undefined && { at: flags.at }),
    ...(flags.now !== undefined && { now: flags.now }),
    ...(flags.tz !== undefined && { tz: flags.tz }),
    ...(flags.journal !== undefined && { journal: flags.journal }),
    probe: false,
  });
  const report = await assessHealth(index, opts);
  const health = healthAttributes(report);
  for (const [node, attr] of health.nodes) if (g.hasNode(node)) g.setNodeAttribute(node, 'health', attr);
  g.mergeAttributes(health.graph);
  io.err(
    `dfmap: health at ${atText(report)}: ${countLine(report.nodes.values())} (${opts.root}, not probed)`,
  );
  printWarnings(io, colors(io), report);
}
