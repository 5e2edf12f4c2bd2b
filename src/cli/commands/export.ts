import fs from 'node:fs';
import type { Command } from 'commander';
import { filterNodeKeys, hasFilters, type MapFilters } from '../../analyses/select/filter-nodes.js';
import { selectNodeKeys } from '../../analyses/select/select-nodes.js';
import { anonymizeGraph } from '../../export/anonymize.js';
import {
  EXPORT_FORMATS,
  type ExportContent,
  type Exporter,
  type ExportFormat,
  exporters,
  isExportFiles,
  isExportFormat,
} from '../../export/index.js';
import { DEFAULT_SALT } from '../../export/pseudonym.js';
import { indexFlow } from '../../graph/flow-index.js';
import { inducedSubgraph } from '../../graph/subgraph.js';
import { UsageError } from '../../model/errors.js';
import { isNodeKind, NODE_KINDS, type NodeKind } from '../../model/kinds.js';
import { checkOutputPath, writeFileSafely } from '../../store/safe-write.js';
import { localExtname, localJoin } from '../../util/paths.js';
import { catalogOf, readGraphFrom } from '../catalog-source.js';
import type { Io } from '../io.js';
import { MAP_HELP, mapPath } from '../map-input.js';
import { openLineageRuns, postLineage } from '../openlineage-io.js';
import { addStatusOptions, applyStatus, checkStatusFlags, type StatusFlags } from '../status-options.js';
import type { CliContext, CommandModule } from './types.js';

interface ExportFlags extends StatusFlags {
  format?: string;
  output?: string;
  focus?: string;
  radius?: string;
  kind?: string;
  community?: string;
  select?: string;
  exclude?: string;
  anonymize?: boolean;
  salt?: string;
  runs?: boolean;
  url?: string;
  force?: boolean;
}

/** Formats that carry a node's `health` object: the viewer, and the map itself (view it later). */
const STATUS_FORMATS: readonly ExportFormat[] = ['html', 'json'];

const FORMAT_LIST = EXPORT_FORMATS.map((f) => `  ${f.padEnd(8)} ${exporters[f].title}`).join('\n');

export const exportCommand: CommandModule = {
  name: 'export',
  register(program: Command, ctx: CliContext) {
    const cmd = program
      .command('export')
      .description(
        'write the map for other tools: Graphviz, Mermaid, Gephi, yEd, Neo4j, NetworkX, spreadsheets',
      )
      .option(
        '-f, --format <format>',
        `output format: ${EXPORT_FORMATS.join(', ')} (default: from --output's extension)`,
      )
      .option('-m, --map <file>', MAP_HELP)
      .option('-o, --output <path>', 'file to write (a directory for csv); stdout when omitted')
      .option('--force', 'write through a symbolic link at --output (refused otherwise)')
      .option('--focus <node>', 'keep only the ego network of NODE (a key, path, table or name)')
      .option('--radius <k>', 'with --focus: how many steps from NODE, either direction', '1')
      .option('--kind <kinds>', `keep only these node kinds, comma-separated (${NODE_KINDS.join(', ')})`)
      .option('--community <id>', 'keep only one community (subsystem)')
      .option('--select <expr>', 'keep what a dbt-style selection picks (e.g. +combined_export.json)')
      .option('--exclude <expr>', 'drop what a dbt-style selection picks')
      .option('--anonymize', 'replace every name with a stable pseudonym that keeps the shape')
      .option(
        '--salt <secret>',
        'with --anonymize: the key of the pseudonyms (default: a fixed public salt)',
      );
    cmd
      .option('--runs', 'openlineage: RunEvents of the runs the server recorded, instead of JobEvents')
      .option('--url <server>', 'openlineage: also POST the events to SERVER/api/v1/lineage');
    addStatusOptions(cmd)
      .addHelpText(
        'after',
        `
Formats:
${FORMAT_LIST}

Filters combine: the export keeps the nodes every given filter keeps, and the edges among them.

Examples:
  dfmap export --format mermaid --focus combined_export.json --radius 2 > flow.mmd
  dfmap export -o map.svg                      format from the extension
  dfmap export --format csv -o map-csv/        nodes.csv and edges.csv in map-csv/
  dfmap export --format json --anonymize --salt "$SECRET" -o shareable.json
  dfmap export --format html --status --at 2026-11-26T09:00 -o health.html   coloured by health`,
      )
      .action(async (flags: ExportFlags) => runExport(ctx, flags));
  },
};

function resolveFormat(flags: ExportFlags): ExportFormat {
  const known = `known formats: ${EXPORT_FORMATS.join(', ')}`;
  if (flags.format !== undefined) {
    const f = flags.format.toLowerCase();
    if (isExportFormat(f)) return f;
    throw new UsageError(`--format: unknown format '${flags.format}'.`, { hint: known });
  }
  const ext = flags.output ? localExtname(flags.output).slice(1).toLowerCase() : '';
  const byExt = EXPORT_FORMATS.find(
    (f) => exporters[f].extension === ext || (ext === 'mermaid' && f === 'mermaid'),
  );
  if (ext && byExt) return byExt;
  throw new UsageError('export: which format? Pass --format.', { hint: known });
}

function parseFilters(flags: ExportFlags): MapFilters {
  const f: MapFilters = {};
  if (flags.kind) {
    const kinds = flags.kind
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    const bad = kinds.filter((k) => !isNodeKind(k));
    if (bad.length)
      throw new UsageError(`--kind: unknown kind '${bad[0]}'.`, { hint: `kinds: ${NODE_KINDS.join(', ')}` });
    f.kinds = kinds as NodeKind[];
  }
  if (flags.focus) {
    const radius = Number(flags.radius ?? '1');
    if (!Number.isInteger(radius) || radius < 0)
      throw new UsageError(`--radius must be a whole number >= 0, not '${flags.radius}'.`);
    f.focus = flags.focus;
    f.radius = radius;
  }
  if (flags.community !== undefined) f.community = flags.community;
  if (flags.select) f.select = flags.select;
  if (flags.exclude) f.exclude = flags.exclude;
  return f;
}

async function runExport(ctx: CliContext, flags: ExportFlags): Promise<void> {
  const { io } = ctx;
  if (flags.output === '-') delete flags.output; // `-o -`: stdout, as when omitted
  const format = resolveFormat(flags);
  const exporter = exporters[format];
  const filters = parseFilters(flags);
  if (exporter.output === 'binary' && !flags.output && process.stdout.isTTY) {
    throw new UsageError(`${format} is binary and stdout is a terminal.`, {
      hint: `pass --output FILE.${exporter.extension}, or pipe the output`,
    });
  }
  checkStatusFlags(flags.runs ? { ...flags, status: true } : flags); // --runs reads the records as --status does
  if (flags.output && exporter.output !== 'files')
    checkOutputPath(flags.output, { force: flags.force ?? false });
  if (flags.status && !STATUS_FORMATS.includes(format))
    throw new UsageError(`--status: ${format} cannot carry health; it goes with --format html or json.`);
  if (flags.status && flags.anonymize)
    throw new UsageError('--status and --anonymize: health quotes log lines and paths the pseudonyms hide.', {
      hint: 'share the anonymized map without --status',
    });
  if (!catalogOf(flags)) flags.map = mapPath(io, flags.map);
  let g = await readGraphFrom(flags);
  // a selection that matches nothing is a mistake, here as in every command (not "export it all")
  for (const [option, selection] of [
    ['--select', flags.select],
    ['--exclude', flags.exclude],
  ] as const) {
    if (selection !== undefined && selectNodeKeys(indexFlow(g), selection).length === 0)
      throw new UsageError(`${option} '${selection}' selects no nodes.`, {
        hint: 'check the selector (kind:, host:, path:, name:) against `dfmap stats`',
      });
  }
  // judged on the whole map: a node's health depends on its upstream, which a filter may cut away
  if (flags.status) await applyStatus(io, g, flags);
  const keep = filterNodeKeys(indexFlow(g), filters);
  if (keep) g = inducedSubgraph(g, keep);
  if (hasFilters(filters) && g.order === 0)
    io.err('dfmap: warning: the filters keep no node; the export is empty.');
  if (flags.anonymize) {
    if (flags.salt === undefined) {
      io.err(
        'dfmap: note: pseudonyms use the public default salt; pass --salt SECRET so names cannot be guessed.',
      );
    }
    g = anonymizeGraph(g, flags.salt ?? DEFAULT_SALT);
  } else if (flags.salt !== undefined) {
    throw new UsageError('--salt only means something with --anonymize.');
  }
  for (const advice of exporter.advise?.(g) ?? []) io.err(`dfmap: warning: ${advice}`);
  const title = typeof g.getAttribute('host') === 'string' ? `dfmap: ${g.getAttribute('host')}` : 'dfmap';
  const runs = await openLineageRuns(io, format, flags);
  const content = await exporter.export(g, { title, ...(runs ? { runs } : {}) });
  if (flags.url && typeof content === 'string') await postLineage(io, flags.url, content);
  writeContent(io, exporter, content, flags.output, flags.force ?? false);
  if (flags.output)
    io.err(`dfmap: wrote ${format} of ${g.order} nodes and ${g.size} edges to ${flags.output}`);
}

function writeContent(
  io: Io,
  exporter: Exporter,
  content: ExportContent,
  output: string | undefined,
  force: boolean,
): void {
  if (isExportFiles(content)) {
    if (!output) {
      // Both files on stdout, each after a `head`-style header line.
      io.out(content.files.map((f) => `==> ${f.name} <==\n${f.content}`).join('\n'));
      return;
    }
    if (fs.existsSync(output) && !fs.statSync(output).isDirectory()) {
      throw new UsageError(`--output '${output}' is a file; ${exporter.id} writes a directory of files.`, {
        hint: 'pass a directory (it is created if missing)',
      });
    }
    fs.mkdirSync(output, { recursive: true });
    for (const f of content.files) writeFileSafely(localJoin(output, f.name), f.content, { force });
    return;
  }
  if (output) {
    writeFileSafely(output, content, { force });
    return;
  }
  if (typeof content === 'string') io.out(content);
  else process.stdout.write(content);
}
