/**
 * Oracle's SQL*Plus: `sqlplus [-S] [-L] LOGON [@script.sql ARGS]`, or SQL (with SQL*Plus line
 * commands such as `SPOOL /data/out/x.csv`) in a here-document or `< file`. The logon
 * `user/password@connect` names the server: `//host:port/service`, `host:port/service`,
 * `host/service` or a TNS alias; without `@`, the local database named by TWO_TASK or ORACLE_SID.
 * The password is never kept. `/nolog` connects later (a CONNECT inside the SQL).
 */
import { parseOracleDsn } from '../../sql/oracle-dsn.js';
import type { SqlContext } from '../../types.js';
import type { Value } from '../value.js';
import { hostName, runSqlFile, stdinSql } from './databases.js';
import type { CommandCall, CommandResolver, Handler } from './types.js';

/** Options that take a value (`-M "HTML ON"`, `-R 3`, `-C 19.0`). */
const VALUED = /^-(m|markup|r|restrict|c|compatibility)$/i;

function sqlplus(call: CommandCall): void {
  const args = call.argv.slice(1);
  let i = 0;
  while (i < args.length && /^-/.test((args[i] as Value).text)) {
    i += VALUED.test((args[i] as Value).text) ? 2 : 1;
  }
  const logon = args[i] && !(args[i] as Value).text.startsWith('@') ? args[i++] : undefined;
  const ctx = oracleContext(call, logon?.text);
  const start = args[i];
  if (start?.text.startsWith('@')) {
    const path = start.text.replace(/^@+/, '');
    const file = { ...start, text: /\.[^/]*$/.test(path) ? path : `${path}.sql` };
    runSqlFile(call, file, ctx, 'sqlplus @');
  }
  stdinSql(call, ctx, 'sqlplus');
}

function oracleContext(call: CommandCall, logon: string | undefined): SqlContext {
  const env = (name: string) => {
    const v = call.inlineEnv.get(name) ?? call.run.lookup(name);
    return v && !v.text.includes('*') ? v.text : undefined;
  };
  const at =
    logon && !/^\/nolog$/i.test(logon) && logon.includes('@')
      ? logon.slice(logon.lastIndexOf('@') + 1)
      : undefined;
  const connect = at ?? env('TWO_TASK');
  const parts = connect && !connect.includes('*') ? parseOracleDsn(connect) : {};
  const local = connect === undefined;
  const host = hostName(local ? undefined : parts.host);
  const database = parts.database ?? (local ? env('ORACLE_SID') : undefined);
  return {
    dialect: 'oracle',
    namespace: `oracle://${host}:${parts.port ?? '1521'}`,
    ...(database ? { database } : {}),
  };
}

const commands: Record<string, Handler> = { sqlplus };

export const oracleCommands: CommandResolver = {
  id: 'oracle',
  title: 'SQL*Plus: @scripts, heredoc SQL, SPOOL',
  emits: ['reads', 'writes', 'invokes'],
  commands,
};
