/**
 * The command registry: one loader per command, so a run imports only the command it runs (the
 * analyses, exporters, viewer and health modules are large; loading them all cost ~0.25 s of every
 * start). Add a command by adding one line here.
 */
import type { CommandModule } from './types.js';

export const commandLoaders: Record<string, () => Promise<CommandModule>> = {
  scan: async () => (await import('./scan.js')).scanCommand,
  upstream: async () => (await import('./upstream.js')).upstreamCommand,
  downstream: async () => (await import('./downstream.js')).downstreamCommand,
  impact: async () => (await import('./impact.js')).impactCommand,
  path: async () => (await import('./path.js')).pathCommand,
  ego: async () => (await import('./ego.js')).egoCommand,
  communities: async () => (await import('./communities.js')).communitiesCommand,
  critical: async () => (await import('./critical.js')).criticalCommand,
  lint: async () => (await import('./lint.js')).lintCommand,
  stats: async () => (await import('./stats.js')).statsCommand,
  export: async () => (await import('./export.js')).exportCommand,
  view: async () => (await import('./view.js')).viewCommand,
  status: async () => (await import('./status.js')).statusCommand,
  diagnose: async () => (await import('./diagnose.js')).diagnoseCommand,
  catalog: async () => (await import('./catalog.js')).catalogCommand,
  diff: async () => (await import('./diff.js')).diffCommand,
  trace: async () => (await import('./trace.js')).traceCommand,
  observe: async () => (await import('./observe.js')).observeCommand,
  coverage: async () => (await import('./coverage.js')).coverageCommand,
  check: async () => (await import('./check.js')).checkCommand,
  import: async () => (await import('./import.js')).importCommand,
  plan: async () => (await import('./plan.js')).planCommand,
  schedule: async () => (await import('./schedule.js')).scheduleCommand,
  // an alias of schedule (commander knows it; this line loads the module when it is the word used)
  jobs: async () => (await import('./schedule.js')).scheduleCommand,
};

/** The command a command line names (its first word that is not an option), if it is one of ours. */
export function commandNamed(argv: string[]): string | undefined {
  const first = argv.find((a) => !a.startsWith('-'));
  return first !== undefined && Object.hasOwn(commandLoaders, first) ? first : undefined;
}

/** The modules to register: only the named command, or all of them (for help and unknown words). */
export async function loadCommands(argv: string[]): Promise<CommandModule[]> {
  const named = commandNamed(argv);
  if (!named && argv.length > 0 && argv.every((a) => a === '-V' || a === '--version')) return [];
  const loaders = named
    ? [commandLoaders[named] as () => Promise<CommandModule>]
    : Object.values(commandLoaders);
  // an alias loads the module its command has: register each module once
  return [...new Set(await Promise.all(loaders.map((load) => load())))];
}
