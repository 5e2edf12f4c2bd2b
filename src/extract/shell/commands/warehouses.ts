/**
 * Data warehouse clients: BigQuery's `bq`, Snowflake's `snowsql` and `clickhouse-client`. Their
 * SQL goes to the SQL extractor in the warehouse's namespace (`bigquery://PROJECT`,
 * `snowflake://ACCOUNT`, `clickhouse://HOST`; `*` where the script does not say), and `bq
 * load|extract|cp` name their tables and files directly. Passwords are options never read.
 */
import { toTableNode } from '../../../model/keys.js';
import type { SqlContext } from '../../types.js';
import { flag, type ParsedOptions, parseOptions } from '../options.js';
import type { Value } from '../value.js';
import { envSetting, hostName, runSql, runSqlFile, setting, stdinSql } from './databases.js';
import type { CommandCall, CommandResolver } from './types.js';

/* ---- BigQuery ---- */

/** `[PROJECT:]DATASET.TABLE` in the project's namespace (the default project: `*`). */
function bqTable(v: Value, project: string): { name: string; ns: string } {
  const colon = v.text.indexOf(':');
  const p = colon > 0 ? v.text.slice(0, colon) : project;
  const name = (colon > 0 ? v.text.slice(colon + 1) : v.text).replace(/`/g, '').toLowerCase();
  return { name, ns: `bigquery://${p.includes('*') ? '*' : p.toLowerCase()}` };
}

const BQ_VALUED = [
  'project_id',
  'location',
  'dataset_id',
  'format',
  'destination_table',
  'parameter',
  'max_rows',
  'source_format',
  'field_delimiter',
  'skip_leading_rows',
  'schema',
  'destination_format',
  'compression',
  'time_partitioning_field',
  'clustering_fields',
  'job_id',
  'api',
  'apilog',
];

/** `bq [GLOBAL FLAGS] query|load|extract|cp [FLAGS] ARGS`. */
function bq(call: CommandCall): void {
  const p = parseOptions(call.argv.slice(1), { short: '', long: BQ_VALUED });
  const [command, ...ops] = p.operands;
  const project = setting(flag(p, 'project_id')) ?? '*';
  const run = call.run;
  const table = (dir: 'read' | 'write', v: Value) => {
    const t = bqTable(v, project);
    run.emitRef(dir, {
      node: toTableNode(t.name, t.ns),
      evidence: run.evidence(call.node, `bq ${command?.text}`),
      confidence: 'exact',
    });
  };
  switch (command?.text) {
    case 'query': {
      const ctx: SqlContext = {
        dialect: 'unknown',
        namespace: `bigquery://${project === '*' ? '*' : project.toLowerCase()}`,
      };
      const dataset = setting(flag(p, 'dataset_id'));
      if (dataset && dataset !== '*') ctx.schema = dataset;
      const sql = ops.at(-1);
      if (sql) runSql(call, sql.text, call.run.line(call.node), ctx, 'bq query');
      else stdinSql(call, ctx, 'bq query');
      const dest = flag(p, 'destination_table');
      if (dest) table('write', dest);
      return;
    }
    case 'load': {
      const [dest, sources] = ops;
      if (!dest || !sources) return;
      for (const s of sources.text.split(',')) run.emitRead({ ...sources, text: s }, call.node, 'bq load');
      table('write', dest);
      return;
    }
    case 'extract': {
      const [source, dest] = ops;
      if (!source || !dest) return;
      table('read', source);
      run.emitWrite(dest, call.node, 'bq extract');
      return;
    }
    case 'cp': {
      const dest = ops.at(-1);
      if (!dest || ops.length < 2) return;
      for (const s of ops.slice(0, -1))
        for (const part of s.text.split(',')) table('read', { ...s, text: part });
      table('write', dest);
      return;
    }
  }
}

/* ---- Snowflake ---- */

/** `snowsql -a ACCOUNT -d DB -s SCHEMA -q "SQL" | -f FILE.sql [-o output_file=PATH]`. */
function snowsql(call: CommandCall): void {
  const p = parseOptions(call.argv.slice(1), {
    short: 'adsuwrqfoc',
    long: [
      'accountname',
      'dbname',
      'schemaname',
      'username',
      'warehouse',
      'rolename',
      'query',
      'filename',
      'option',
      'connection',
      'config',
      'authenticator',
      'private-key-path',
    ],
  });
  const account = setting(flag(p, 'a', 'accountname'), envSetting(call, 'SNOWSQL_ACCOUNT'));
  const db = setting(flag(p, 'd', 'dbname'), envSetting(call, 'SNOWSQL_DATABASE'));
  const schema = setting(flag(p, 's', 'schemaname'), envSetting(call, 'SNOWSQL_SCHEMA'));
  const ctx: SqlContext = {
    dialect: 'unknown',
    namespace: `snowflake://${account ? account.toLowerCase() : '*'}`,
  };
  // a bare table name is DB.SCHEMA.NAME where both are known
  if (db && schema && db !== '*' && schema !== '*') ctx.schema = `${db}.${schema}`;
  const line = call.run.line(call.node);
  for (const q of [...(p.flags.get('q') ?? []), ...(p.flags.get('query') ?? [])])
    runSql(call, q.text, line, ctx, 'snowsql -q');
  for (const f of [...(p.flags.get('f') ?? []), ...(p.flags.get('filename') ?? [])])
    runSqlFile(call, f, ctx, 'snowsql -f');
  stdinSql(call, ctx, 'snowsql');
  for (const o of [...(p.flags.get('o') ?? []), ...(p.flags.get('option') ?? [])]) {
    const m = /^output_file=(.+)$/.exec(o.text);
    if (m?.[1]) call.run.emitWrite({ ...o, text: m[1] }, call.node, 'snowsql -o output_file');
  }
}

/* ---- ClickHouse ---- */

function clickhouseOptions(args: Value[]): ParsedOptions {
  return parseOptions(args, {
    short: 'hdqu',
    long: [
      'host',
      'port',
      'database',
      'query',
      'user',
      'password',
      'format',
      'queries-file',
      'config-file',
      'secure',
    ],
  });
}

/** `clickhouse-client --host H --database D --query "SQL"` (`clickhouse client` too); data on stdin. */
function clickhouseClient(call: CommandCall, args: Value[]): void {
  const p = clickhouseOptions(args);
  const host = hostName(setting(flag(p, 'h', 'host'), envSetting(call, 'CLICKHOUSE_HOST')));
  const database = setting(flag(p, 'd', 'database'));
  // one server whichever protocol and port reach it (native 9000, HTTP 8123): no port
  const ctx: SqlContext = {
    dialect: 'unknown',
    namespace: `clickhouse://${host}`,
    ...(database && database !== '*' ? { database } : {}),
  };
  const line = call.run.line(call.node);
  for (const q of [...(p.flags.get('q') ?? []), ...(p.flags.get('query') ?? [])])
    runSql(call, q.text, line, ctx, 'clickhouse-client --query');
  for (const f of p.flags.get('queries-file') ?? [])
    runSqlFile(call, f, ctx, 'clickhouse-client --queries-file');
  // with a query, standard input is its data (`INSERT ... FORMAT CSV < file.csv`), not SQL
  if (!p.flags.has('q') && !p.flags.has('query')) stdinSql(call, ctx, 'clickhouse-client');
}

export const warehouseCommands: CommandResolver = {
  id: 'warehouses',
  title: 'Data warehouse clients: bq, snowsql, clickhouse-client',
  emits: ['reads', 'writes', 'invokes'],
  commands: {
    bq,
    snowsql,
    'clickhouse-client': (call) => clickhouseClient(call, call.argv.slice(1)),
    clickhouse: (call) => {
      if (call.argv[1]?.text === 'client') clickhouseClient(call, call.argv.slice(2));
    },
  },
};
