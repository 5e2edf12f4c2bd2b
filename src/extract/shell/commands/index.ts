/**
 * Command resolvers, dispatched by command name (knip's shell-command resolvers). Each is a plain
 * typed object (types.ts, copy _template.ts for a new one) saying which commands it handles and
 * what it finds; wrappers (`nice`, `sudo -u`, `flock`, ...) hand their inner command back to the
 * dispatcher. The registry is this list; a name claimed twice is a bug caught by the tests.
 */
import { basename } from '../../../util/paths.js';
import { awkCommands } from '../../awk/command.js';
import { backupCommands } from './backups.js';
import { containerCommands } from './containers.js';
import { cryptoCommands } from './crypto.js';
import { databaseCommands } from './databases.js';
import { loaderCommands } from './db-loaders.js';
import { fileCommands } from './files.js';
import { interpreterCommands, pathCommandResolver } from './interpreters.js';
import { makeCommands } from './make.js';
import { mongoToolCommands } from './mongo-tools.js';
import { optionParserCommands } from './option-parsers.js';
import { oracleCommands } from './oracle.js';
import { rakeCommands } from './rake.js';
import { remoteCommands } from './remote.js';
import { runnerCommands } from './runners.js';
import { storageCommands } from './storage.js';
import { transferCommands } from './transfer.js';
import type { CommandCall, CommandResolver, Handler } from './types.js';
import { warehouseCommands } from './warehouses.js';
import { wrapperCommands } from './wrappers.js';

export const commandResolvers: readonly CommandResolver[] = [
  wrapperCommands,
  optionParserCommands,
  fileCommands,
  transferCommands,
  remoteCommands,
  oracleCommands,
  storageCommands,
  databaseCommands,
  warehouseCommands,
  loaderCommands,
  mongoToolCommands,
  cryptoCommands,
  backupCommands,
  makeCommands,
  rakeCommands,
  containerCommands,
  awkCommands,
  runnerCommands,
  interpreterCommands,
];

const byName = new Map<string, Handler>();
for (const r of commandResolvers) for (const [name, h] of Object.entries(r.commands)) byName.set(name, h);

export function resolveCommand(call: CommandCall): void {
  // `setsid $TORIFY /usr/bin/upload ...`: an unknown (possibly empty) command prefix held in a
  // variable; what follows names the real command, so it is resolved as well
  const next = call.argv[1];
  const runnable =
    next &&
    (byName.has(basename(next.text)) || (!next.text.includes('*') && call.run.ctx.fs.isFile(next.text)));
  if (call.name === '*' && next && runnable) {
    call.run.dispatch({ ...call, name: next.text, argv: call.argv.slice(1) });
    return;
  }
  const base = basename(call.name);
  const direct = byName.get(base);
  const family = direct ? undefined : commandResolvers.find((r) => r.matches?.(base));
  const handler = direct ?? family?.resolve ?? pathCommandResolver;
  handler(call);
}
