import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { type Command, Option } from 'commander';
import { diffMap } from '../../catalog/diff-maps.js';
import type { DataflowGraph } from '../../graph/types.js';
import { UsageError } from '../../model/errors.js';
import { startServer } from '../../server/server.js';
import { fromNodeLink } from '../../store/node-link-graph.js';
import { localJoin, localPathList } from '../../util/paths.js';
import { catalogOf, readGraphFrom } from '../catalog-source.js';
import { runDiff } from '../diff-input.js';
import { MAP_HELP, mapPath } from '../map-input.js';
import { addStatusOptions, applyStatus, checkStatusFlags, type StatusFlags } from '../status-options.js';
import type { CliContext, CommandModule } from './types.js';

interface ViewFlags extends StatusFlags {
  port?: string;
  listen: string;
  /** Old name of --listen (scan's --host is the server's name). */
  host?: string;
  open: boolean;
  diff?: string[];
  rename: string[];
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const p = Number(raw);
  if (!Number.isInteger(p) || p < 0 || p > 65535) {
    throw new UsageError(`--port must be a whole number from 1 to 65535, not '${raw}'.`, {
      hint: 'leave --port out to use a free port',
    });
  }
  return p;
}

function onPath(cmd: string): boolean {
  return localPathList(process.env.PATH ?? '').some((d) => d && fs.existsSync(localJoin(d, cmd)));
}

/** The command that opens a URL in a browser here, or undefined when none can (CI, SSH without X, tests). */
function browserOpener(): string[] | undefined {
  if (process.env.CI || !process.stdout.isTTY) return undefined;
  if (process.platform === 'darwin') return ['open'];
  if (process.platform === 'win32') return ['cmd', '/c', 'start', '""'];
  if ((process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && onPath('xdg-open')) return ['xdg-open'];
  return undefined;
}

function openBrowser(url: string): boolean {
  const cmd = browserOpener();
  if (!cmd) return false;
  const [bin, ...args] = cmd as [string, ...string[]];
  const child = spawn(bin, [...args, url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
  return true;
}

/** `--diff A B`: both sides in one map, what changed marked (added green, removed red, changed amber). */
async function diffGraph(io: CliContext['io'], flags: ViewFlags): Promise<DataflowGraph> {
  const [a, b] = flags.diff ?? [];
  if (!a || !b || (flags.diff?.length ?? 0) > 2)
    throw new UsageError('--diff takes two maps: A B.', {
      hint: 'map files, snapshot numbers or hosts (with --catalog)',
    });
  const r = await runDiff(a, b, { ...flags, rename: flags.rename });
  const n = r.diff.nodes;
  io.err(
    `dfmap: ${r.diff.a} -> ${r.diff.b}: nodes +${n.added.length} -${n.removed.length} ~${n.changed.length}`,
  );
  return fromNodeLink(diffMap(r.a, r.b, r.diff, r.renames), 'diff');
}

async function runView(ctx: CliContext, flags: ViewFlags): Promise<void> {
  const { io } = ctx;
  const port = parsePort(flags.port);
  checkStatusFlags(flags);
  if (!flags.diff && !catalogOf(flags)) flags.map = mapPath(io, flags.map);
  const g = flags.diff ? await diffGraph(io, flags) : await readGraphFrom(flags);
  if (flags.status) await applyStatus(io, g, flags);
  if (flags.host !== undefined) {
    io.err('dfmap: --host is the old name of --listen (the address to listen on); use --listen');
    flags.listen = flags.host;
  }
  const server = await startServer(g, { host: flags.listen, port });
  io.out(server.url);
  io.err(
    `dfmap: viewing ${flags.map} (${g.order} nodes, ${g.size} edges) at ${server.url}  (Ctrl+C to stop)`,
  );
  if (!['127.0.0.1', 'localhost', '::1'].includes(flags.listen)) {
    io.err(
      `dfmap: warning: listening on ${flags.listen}: anyone who can reach this address can read the map.`,
    );
  }
  if (flags.open && openBrowser(server.url)) io.err('dfmap: opened it in your browser.');
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export const viewCommand: CommandModule = {
  name: 'view',
  register(program: Command, ctx: CliContext) {
    const cmd = program
      .command('view')
      .description('open the map in an interactive viewer served on this machine')
      .option('-m, --map <file>', MAP_HELP)
      .option('-p, --port <port>', 'port to listen on (default: a free one)')
      .option('--listen <address>', 'address to listen on; other than 127.0.0.1 exposes the map', '127.0.0.1')
      .addOption(new Option('--host <address>', 'old name of --listen').hideHelp())
      .option(
        '--diff <maps...>',
        'view what changed from map A to map B (files, snapshots or hosts): added, removed, changed',
      )
      .option(
        '--rename <old=new>',
        'with --diff: a host or path prefix that moved (repeatable)',
        (v: string, acc: string[]) => [...acc, v],
        [],
      )
      .option('--no-open', 'do not open a browser (never opened in CI or without a display)');
    addStatusOptions(cmd)
      .addHelpText(
        'after',
        `
The server is read-only: it serves the viewer and a JSON API over the map:
  /api/map  /api/communities  /api/critical?top=N  /api/lint
  /api/node /api/upstream /api/downstream /api/impact /api/ego?radius=K  (?node=NAME)
For a file to share instead, use: dfmap export --format html -o map.html

Examples:
  dfmap view                         view ./dfmap.json on a free port
  dfmap view --map seed.json --port 8080 --no-open
  dfmap view --status --at 2026-11-26T09:00     nodes coloured by health (dfmap status)`,
      )
      .action(async (flags: ViewFlags) => runView(ctx, flags));
  },
};
