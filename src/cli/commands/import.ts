/** `dfmap import graph.py`: a map drawn by hand with NetworkX, read statically (never run) into a map file. */
import fs from 'node:fs';
import type { Command } from 'commander';
import { formatLocation } from '../../model/diagnostic.js';
import { ConfigError } from '../../model/errors.js';
import { parseNodeLink } from '../../store/node-link.js';
import { DEFAULT_MAP_FILE } from '../../store/read-map-data.js';
import { redactDeep } from '../../util/redact.js';
import { colors, printJson } from '../io.js';
import type { CliContext, CommandModule } from './types.js';

interface ImportFlags {
  output: string;
  json?: boolean;
  host?: string;
}

export const importCommand: CommandModule = {
  name: 'import',
  register(program: Command, ctx: CliContext) {
    program
      .command('import')
      .description('read a map drawn by hand in Python with NetworkX (G.add_edge ...) without running it')
      .argument('<file>', 'a Python file that builds a networkx graph')
      .option('-o, --output <file>', 'where to write the map (- for stdout)', DEFAULT_MAP_FILE)
      .option('--host <name>', 'host name recorded in the map')
      .option('--json', 'print the summary as JSON')
      .addHelpText(
        'after',
        '\nExample:\n  dfmap import examples/design/seed-graph.py -o drawn.json && dfmap stats --map drawn.json',
      )
      .action((file: string, flags: ImportFlags) => runImport(ctx, file, flags));
  },
};

async function runImport(ctx: CliContext, file: string, flags: ImportFlags): Promise<void> {
  const { readNetworkxPython } = await import('../../design/networkx-python.js');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'EIO'}).`, {
      cause: err,
    });
  }
  const drawn = await readNetworkxPython(text, file);
  if (drawn.graphs === 0) {
    throw new ConfigError(`${file}: no networkx graph is built here (no \`G = nx.DiGraph()\`).`, {
      hint: 'dfmap import reads files that build a graph with networkx',
    });
  }
  // the file's own text reaches the map (snippets, attribute values, names): one redaction pass
  const map = redactDeep(
    parseNodeLink({
      directed: true,
      multigraph: false,
      graph: {
        tool: 'dfmap',
        source: file,
        ...(flags.host ? { host: flags.host } : {}),
        warnings: drawn.warnings,
      },
      nodes: drawn.nodes,
      links: drawn.links,
    }),
  );
  const text2 = `${JSON.stringify(map, null, 1)}\n`;
  if (flags.output === '-') ctx.io.out(text2);
  else {
    const { writeFileAtomic } = await import('../write-file.js');
    writeFileAtomic(flags.output, text2);
  }
  const summary = {
    file,
    nodes: map.nodes.length,
    edges: map.links.length,
    warnings: drawn.warnings,
    output: flags.output,
  };
  if (flags.json) return printJson(ctx.io, summary);
  const c = colors(ctx.io);
  const say = flags.output === '-' ? ctx.io.err : ctx.io.out;
  say(
    `${file}: ${map.nodes.length} nodes, ${map.links.length} edges, ${drawn.warnings.length} warnings${flags.output === '-' ? '' : `; map written to ${flags.output}`}`,
  );
  for (const w of drawn.warnings) say(c.yellow(`  ${formatLocation(w.location)}: ${w.message}`));
}
