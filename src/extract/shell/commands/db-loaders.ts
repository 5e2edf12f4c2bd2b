/**
 * Loading files into databases: `mysqlimport DB FILE...` (each file into the table named by its
 * base name, extension dropped, as mysqlimport does) and `pg_restore [-d DB] [-t T] DUMP`
 * (the dump is read; the named tables, or with none the whole database, are written; with `-f`
 * and no `-d` it only writes an SQL script).
 */
import { toDatabaseNode, toTableNode } from '../../../model/keys.js';
import { flag, parseOptions } from '../options.js';
import {
  envSetting,
  hostName,
  known,
  MYSQL_CONNECTION_OPTIONS,
  postgresContext,
  setting,
  withoutPassword,
} from './databases.js';
import type { CommandCall, CommandResolver, Handler } from './types.js';

function mysqlimport(call: CommandCall): void {
  const p = parseOptions(withoutPassword(call.argv.slice(1)), {
    short: 'hPuSc',
    long: [
      ...MYSQL_CONNECTION_OPTIONS,
      'columns',
      'fields-terminated-by',
      'fields-enclosed-by',
      'fields-optionally-enclosed-by',
      'fields-escaped-by',
      'lines-terminated-by',
      'ignore-lines',
      'character-sets-dir',
    ],
  });
  const [dbArg, ...files] = p.operands;
  const db = known(dbArg);
  if (!db) return;
  const host = hostName(setting(flag(p, 'h', 'host'), envSetting(call, 'MYSQL_HOST')));
  const ns = `mysql://${host}:${setting(flag(p, 'P', 'port')) ?? '3306'}`;
  const run = call.run;
  for (const f of files) {
    run.emitRead(f, call.node, 'mysqlimport');
    const base = f.text.slice(f.text.lastIndexOf('/') + 1).replace(/\..*$/, '');
    run.emitRef('write', {
      node: toTableNode(`${db}.${base.toLowerCase()}`, ns),
      evidence: run.evidence(call.node, 'mysqlimport'),
      confidence: base.includes('*') ? 'partial' : f.resolved ? 'resolved' : 'exact',
    });
  }
}

function pgRestore(call: CommandCall): void {
  const p = parseOptions(call.argv.slice(1), {
    short: 'dfhpUtnIFjLPNST',
    long: [
      'dbname',
      'file',
      'host',
      'port',
      'username',
      'table',
      'schema',
      'index',
      'format',
      'jobs',
      'use-list',
      'function',
      'exclude-schema',
      'superuser',
      'trigger',
      'role',
    ],
  });
  const run = call.run;
  const dump = p.operands[0];
  if (dump) run.emitRead(dump, call.node, 'pg_restore');
  else if (call.stdin?.file) run.emitRead(call.stdin.file, call.node, 'pg_restore <');
  const dbArg = flag(p, 'd', 'dbname');
  const out = flag(p, 'f', 'file');
  if (!dbArg) {
    if (out) run.emitWrite(out, call.node, 'pg_restore -f');
    return;
  }
  const ns = postgresContext(call, p, dbArg).namespace as string;
  const tables = [...(p.flags.get('t') ?? []), ...(p.flags.get('table') ?? [])];
  const evidence = run.evidence(call.node, 'pg_restore -d');
  if (tables.length === 0) run.emitRef('write', { node: toDatabaseNode(ns), evidence, confidence: 'exact' });
  for (const t of tables) {
    run.emitRef('write', {
      node: toTableNode(t.text.toLowerCase(), ns),
      evidence,
      confidence: t.text.includes('*') ? 'partial' : 'exact',
    });
  }
}

const commands: Record<string, Handler> = { mysqlimport, pg_restore: pgRestore };

export const loaderCommands: CommandResolver = {
  id: 'db-loaders',
  title: 'Bulk loaders: mysqlimport, pg_restore',
  emits: ['reads', 'writes'],
  commands,
};
