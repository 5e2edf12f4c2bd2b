import fs from 'node:fs';
import type { Command } from 'commander';
import { dropEdgesBelow, isConfidence } from '../../graph/confidence-filter.js';
import { summarizeMap } from '../../graph/summary.js';
import { readServerZone } from '../../health/time/server-zone.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { formatLocation } from '../../model/diagnostic.js';
import { UsageError } from '../../model/errors.js';
import type { CacheCounts, ExtractionCache } from '../../scan/extraction-cache.js';
import { type ScanResult, scan } from '../../scan/index.js';
import { isSshTarget } from '../../scan/ssh/ssh-target.js';
import { DEFAULT_MAP_FILE, serializeMap, writeMap } from '../../store/map-file.js';
import { checkOutputPath } from '../../store/safe-write.js';
import { localResolve } from '../../util/paths.js';
import { colors, EXIT_FINDINGS, type Io, printJson } from '../io.js';
import { parseCount } from '../map-input.js';
import { mergeBatch, printMergeSummary, readObserved } from '../observe-io.js';
import { formatOutline } from '../outline.js';
import { createProgress } from '../progress.js';
import { type ScannedMap, scanIntoCatalog } from '../scan-catalog.js';
import { addRemoteOptions, type ScanFlags, type ScanSource } from '../scan-remote-options.js';
import { VERSION } from '../version.js';
import type { CliContext, CommandModule } from './types.js';

const collect = (v: string, prev: string[]) => [...prev, v];
const OUTLINE_MAX_SCRIPTS = 40;

export const scanCommand: CommandModule = {
  name: 'scan',
  register(program: Command, ctx: CliContext) {
    addRemoteOptions(program.command('scan'))
      .description('scan a server (or a copy of one) and write its dataflow map')
      .argument('[root]', "directory that stands for the server's / (default: /, the server itself)", '/')
      .option('--host <name>', 'host name for the map (default: ROOT/etc/hostname)')
      .option(
        '-o, --output <file>',
        `where to write the map (NetworkX node-link JSON; - for stdout; default ${DEFAULT_MAP_FILE} without --catalog)`,
      )
      .option(
        '--catalog <where>',
        'also store the map as a snapshot in a catalog: a SQLite file or postgres://host/db',
      )
      .option(
        '--include <dir>',
        'also scan scripts under DIR (server path) that no scheduler runs; repeatable',
        collect,
        [],
      )
      .option(
        '--min-confidence <level>',
        'keep only edges at least this sure: exact, resolved, partial, heuristic',
      )
      .option('--max-file-size <bytes>', 'skip files larger than this (default 8388608)')
      .option(
        '--observed <path>',
        'merge strace output files or audit logs (a file, or a directory of them) into the map; repeatable',
        collect,
        [],
      )
      .option('--no-cache', 'with --catalog: extract every script again, not reusing stored extractions')
      .option('--strict', 'exit 1 when the scan recorded error diagnostics')
      .option('--warnings <n>', 'how many warnings to print (default 20; all are kept in the map)', '20')
      .option('--outline', 'print the map as an outline (default: when it has at most 40 scripts)')
      .option('--no-outline', 'never print the outline')
      .option('--force', 'write the map through a symbolic link at --output (refused otherwise)')
      .option('-q, --quiet', 'print nothing but errors')
      .option('--json', 'print the summary and warnings as JSON')
      .addHelpText(
        'after',
        `
Examples:
  dfmap scan examples/seed-server                 map the worked example into ./dfmap.json
  dfmap scan / --include /opt/scripts -o etl01.json
  dfmap scan /mnt/copy --host etl01 --json

Nothing under ROOT is executed, imported or evaluated. Problems found on the server (unreadable
files, malformed crontab lines, scripts that do not parse) are warnings kept in the map
(graph.warnings); the scan goes on and always writes what it found.`,
      )
      .action(async (root: string, flags: ScanFlags) => runScan(ctx, root, flags));
  },
};

function checkRemoteArgs(root: string, flags: ScanFlags): { rootDir: string; maxFileBytes?: number } {
  const { maxFileBytes } = checkScanArgs('/', flags);
  return maxFileBytes === undefined ? { rootDir: root } : { rootDir: root, maxFileBytes };
}

/** The arguments a scan cannot start without, checked before any work (usage errors, exit 2). */
function checkScanArgs(root: string, flags: ScanFlags): { rootDir: string; maxFileBytes?: number } {
  const rootDir = localResolve(root);
  if (!fs.existsSync(rootDir) || !fs.statSync(rootDir).isDirectory()) {
    throw new UsageError(`cannot read ROOT '${root}': not a directory.`, {
      hint: "pass the directory that contains the server's etc/",
    });
  }
  if (flags.minConfidence && !isConfidence(flags.minConfidence)) {
    throw new UsageError(`--min-confidence '${flags.minConfidence}' is not a level.`, {
      hint: 'use exact, resolved, partial or heuristic',
    });
  }
  // a missing directory or a planted symlink fails now, not after the whole scan
  if (flags.output && flags.output !== '-') checkOutputPath(flags.output, { force: flags.force ?? false });
  parseCount(flags.warnings, '--warnings');
  const maxFileBytes =
    flags.maxFileSize === undefined ? undefined : parseCount(flags.maxFileSize, '--max-file-size');
  if (maxFileBytes !== undefined && !(maxFileBytes > 0))
    throw new UsageError('--max-file-size must be a positive number of bytes.');
  return maxFileBytes === undefined ? { rootDir } : { rootDir, maxFileBytes };
}

async function runScan(ctx: CliContext, root: string, flags: ScanFlags): Promise<void> {
  if (isSshTarget(root) || flags.hosts) {
    await (await import('../scan-remote.js')).runRemoteScan(ctx, root, flags, scanRoot);
    return;
  }
  if (flags.catalog) {
    await scanIntoCatalog(ctx, root, flags, flags.catalog, (cache) =>
      scanRoot(ctx, root, flags, scan, cache),
    );
    return;
  }
  await scanRoot(ctx, root, { ...flags, output: flags.output ?? DEFAULT_MAP_FILE });
}

export async function scanRoot(
  ctx: CliContext,
  root: string,
  flags: ScanFlags,
  source: ScanSource = scan,
  cache?: ExtractionCache,
): Promise<ScannedMap> {
  const { io } = ctx;
  const { rootDir, maxFileBytes } =
    source === scan ? checkScanArgs(root, flags) : checkRemoteArgs(root, flags);
  const progress = createProgress(flags.quiet || flags.json ? { ...io, interactive: false } : io, 'scanning');
  const started = Date.now();
  const result = await source({
    root: rootDir,
    ...(flags.host ? { host: flags.host } : {}),
    include: flags.include,
    ...(maxFileBytes ? { maxFileBytes } : {}),
    onProgress: (d, t, label) => progress.update(d, t, label),
    toolVersion: VERSION,
    cache,
  });
  progress.done();
  const kept = await finishMap(io, result, rootDir, flags);
  writeScanMap(io, result, flags);
  const summary = result.summary ?? summarizeMap(result.graph);
  const diags = result.diagnostics;
  if (flags.json) {
    printJson(io, {
      output: flags.output,
      seconds: (Date.now() - started) / 1000,
      summary,
      cache: result.cache,
      warnings: diags,
    });
  } else if (!flags.quiet) {
    printSummary(
      io,
      summary,
      flags.output === '-' ? undefined : flags.output,
      diags,
      Number(flags.warnings ?? 20),
      result.cache,
    );
    const small = (summary.nodes.script ?? 0) <= OUTLINE_MAX_SCRIPTS;
    if (flags.output !== '-' && (flags.outline === true || (flags.outline === undefined && small))) {
      io.out('');
      for (const line of formatOutline(result.graph, colors(io))) io.out(line);
    }
  }
  if (flags.strict && diags.some((d) => d.severity === 'error')) ctx.setExit(EXIT_FINDINGS);
  return kept;
}

/**
 * The scan's map as the command stores it: the server's zone set, and the edits the flags ask
 * for. The map as the scan cache kept it (text and digest) goes on when nothing edited it.
 */
async function finishMap(io: Io, result: ScanResult, rootDir: string, flags: ScanFlags): Promise<ScannedMap> {
  // the server's zone, so every answer about times (impact, lint, schedule) reads schedules in it
  const zone = readServerZone(rootDir);
  const zoneAttributes = { timeZone: zone.timeZone, timeZoneSource: zone.source };
  if (result.text) Object.assign(result.text.attributes, zoneAttributes);
  else result.graph.mergeAttributes(zoneAttributes);
  // an edit builds the graph (a reused scan has none yet), which ends the text
  if (flags.minConfidence && isConfidence(flags.minConfidence))
    dropEdgesBelow(result.graph, flags.minConfidence);
  if (flags.observed.length > 0) {
    const batch = await readObserved(flags.observed.map((p) => localResolve(p)));
    const merged = mergeBatch(result.graph, batch);
    result.diagnostics.push(...batch.diagnostics);
    if (!flags.quiet && !flags.json) printMergeSummary(io, batch, merged);
  }
  // taken now: reading the graph later (the outline) ends them too
  const kept: ScannedMap = { result };
  if (result.text) kept.text = result.text;
  if (result.digest) kept.digest = result.digest;
  return kept;
}

/** The map to --output: a stored scan reused whole as its file held it, otherwise from the graph. */
function writeScanMap(io: Io, result: ScanResult, flags: ScanFlags): void {
  const map = result.text ?? result.graph;
  if (flags.output === '-') io.out(serializeMap(map));
  else if (flags.output) writeMap(map, flags.output, { force: flags.force ?? false });
}

function printSummary(
  io: Io,
  s: ReturnType<typeof summarizeMap>,
  output: string | undefined,
  diags: Diagnostic[],
  limit: number,
  cache?: CacheCounts,
): void {
  const c = colors(io);
  const print = output ? io.out : io.err; // keep stdout clean when the map goes there
  const n = (k: keyof typeof s.nodes) => s.nodes[k] ?? 0;
  print(
    `${c.bold(`dfmap scan${s.host ? ` of ${s.host}` : ''}`)}: ${n('job')} jobs, ${n('script')} scripts${s.missingScripts ? ` (${s.missingScripts} missing)` : ''}, ${n('file')} files, ${n('table')} tables, ${n('database')} databases, ${n('endpoint')} endpoints${n('host') ? `, ${n('host')} hosts` : ''}, ${s.edges} edges, ${s.warnings} warnings${s.errors ? `, ${s.errors} errors` : ''}`,
  );
  const shown = diags.filter((d) => d.severity !== 'info').slice(0, limit);
  for (const d of shown) {
    const tag = d.severity === 'error' ? c.red('error') : c.yellow('warning');
    const where = formatLocation(d.location);
    const msg = where && d.message.startsWith(where) ? d.message : `${where ? `${where}: ` : ''}${d.message}`;
    print(`  ${tag} ${msg}${c.dim(` [${d.code}]`)}`);
  }
  const rest = diags.filter((d) => d.severity !== 'info').length - shown.length;
  if (rest > 0) print(c.dim(`  ... and ${rest} more (all are in the map's graph.warnings)`));
  if (output) print(`map written to ${output}`);
  if (cache) {
    const stale = cache.whole
      ? ' (nothing the scan read had changed)'
      : cache.stale
        ? ` (${cache.stale} of them had changed or read changed files)`
        : '';
    io.err(`scan cache: ${cache.hits} scripts reused, ${cache.misses} extracted${stale}`);
  }
}
