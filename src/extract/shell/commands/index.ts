/**
 * Command resolvers, dispatched by command name (knip's shell-command resolvers). Each says what a
 * command reads, writes and invokes; wrappers (`nice`, `sudo -u`, `flock`, ...) hand their inner
 * command back to the dispatcher.
 */
import { basename } from '../../../util/paths.js';
import type { CommandCall } from '../interpreter.js';
import { containerResolvers } from './containers.js';
import { cryptoResolvers } from './crypto.js';
import { databaseResolvers } from './databases.js';
import { loaderResolvers } from './db-loaders.js';
import { fileResolvers } from './files.js';
import { interpreterResolver, isInterpreter, pathCommandResolver } from './interpreters.js';
import { makeResolvers } from './make.js';
import { oracleResolvers } from './oracle.js';
import { remoteResolvers } from './remote.js';
import { storageResolvers } from './storage.js';
import { transferResolvers } from './transfer.js';
import { wrapperResolvers } from './wrappers.js';

export type Resolver = (call: CommandCall) => void;

const resolvers: Record<string, Resolver> = {
  ...wrapperResolvers,
  ...fileResolvers,
  ...transferResolvers,
  ...remoteResolvers,
  ...oracleResolvers,
  ...storageResolvers,
  ...databaseResolvers,
  ...loaderResolvers,
  ...cryptoResolvers,
  ...makeResolvers,
  ...containerResolvers,
};

export function resolveCommand(call: CommandCall): void {
  // `setsid $TORIFY /usr/bin/upload ...`: an unknown (possibly empty) command prefix held in a
  // variable; what follows names the real command, so it is resolved as well
  const next = call.argv[1];
  if (
    call.name === '*' &&
    next &&
    (next.text.startsWith('/') || Object.hasOwn(resolvers, basename(next.text)))
  ) {
    call.run.dispatch({ ...call, name: next.text, argv: call.argv.slice(1) });
    return;
  }
  const base = basename(call.name);
  const direct = Object.hasOwn(resolvers, base) ? resolvers[base] : undefined;
  if (direct) direct(call);
  else if (isInterpreter(base)) interpreterResolver(call);
  else pathCommandResolver(call);
}
