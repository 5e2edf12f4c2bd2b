/**
 * Databases: DB-API drivers and SQLAlchemy engines become connection objects that carry a
 * SqlContext; cursors, sessions and connections made from them keep it; the SQL they execute goes
 * to the SQL extractor; pandas read_sql_table and to_sql name tables directly.
 */
import { toFileNode, toTableNode } from '../../../model/keys.js';
import type { Confidence } from '../../../model/kinds.js';
import { joinServer } from '../../../util/paths.js';
import { extractSqlText } from '../../sql/index.js';
import { qualifyTable } from '../../sql/names.js';
import type { Extraction, SqlContext } from '../../types.js';
import { arg, type Call, construct, fileRef, type Handler } from '../call.js';
import { lookup } from '../frame.js';
import { named } from '../nodes.js';
import type { Direction } from '../recorder.js';
import {
  confidenceOfStr,
  HOLE,
  memberOf,
  options,
  type PyObject,
  render,
  type Str,
  str,
  toStr,
  UNKNOWN,
  type Value,
} from '../value.js';
import { configGet, parseIni, readConfigText } from './config-files.js';
import { type ConnParts, parseDbUrl, parseKeywordDsn, parseOdbc, parseOracleDsn, sqlContext } from './dsn.js';

type Db = Extract<PyObject, { type: 'db' }>;

const text = (v: Value | undefined): string | undefined => {
  const s = v ? options(v).find((o): o is Str => o.k === 'str') : undefined;
  if (s) return s.s;
  const n = v ? options(v).find((o) => o.k === 'num') : undefined;
  return n?.k === 'num' ? String(n.n) : undefined;
};

function connection(c: Call, sql: SqlContext, sqliteFile?: string, role: Db['role'] = 'connection'): Value {
  if (!c.interp.dbContexts.some((x) => x.namespace === sql.namespace && x.database === sql.database)) {
    c.interp.dbContexts.push(sql);
  }
  const obj: Db = { type: 'db', role, sql };
  if (sqliteFile) obj.sqliteFile = sqliteFile;
  return { k: 'obj', obj };
}

/** Keyword (and driver-specific positional) connection arguments. */
function kwParts(c: Call, positional: Array<keyof ConnParts | undefined> = []): ConnParts {
  const parts: ConnParts = {};
  // a server given but not known statically is unknown (`*`), never the driver's default
  const pick = (k: keyof ConnParts, unknownIsHole: boolean, ...names: string[]): void => {
    const i = positional.indexOf(k);
    const given = [...names.map((n) => c.kwargs.get(n)), i >= 0 ? c.args[i] : undefined].filter(
      (v): v is Value => v !== undefined,
    );
    const v = given.map(text).find((t) => t !== undefined);
    if (v !== undefined) parts[k] = v;
    else if (given.length > 0 && unknownIsHole) parts[k] = HOLE;
  };
  pick('host', true, 'host', 'server', 'hostname', 'unix_socket');
  pick('port', true, 'port');
  pick('database', false, 'database', 'db', 'dbname', 'schema');
  const optionFile = text(c.kwargs.get('read_default_file') ?? c.kwargs.get('option_files'));
  if (optionFile) fromOptionFile(c, optionFile, parts);
  return parts;
}

/** MySQL option file ([client] host/port/database), the way the drivers read it. */
function fromOptionFile(c: Call, path: string, parts: ConnParts): void {
  const home = c.interp.env.HOME ?? '/root';
  const file = readConfigText(c.interp, path.replace(/^~/, home));
  if (!file) return;
  const sections = new Map<string, Map<string, string>>();
  parseIni(file, sections);
  const cfg = { type: 'config' as const, sections, style: 'raw' as const };
  const group = text(c.kwargs.get('read_default_group') ?? c.kwargs.get('option_groups')) ?? 'client';
  for (const s of [group, 'client']) {
    parts.host ??= configGet(cfg, s, 'host');
    parts.port ??= configGet(cfg, s, 'port');
    parts.database ??= configGet(cfg, s, 'database');
  }
}

const mysqlConnect =
  (positional: Array<keyof ConnParts | undefined> = []): Handler =>
  (c) =>
    connection(c, sqlContext('mysql', kwParts(c, positional)));

const postgresConnect =
  (dsnIndex: number): Handler =>
  (c) => {
    const dsn = text(arg(c, dsnIndex, 'dsn', 'conninfo'));
    let parts: ConnParts = {};
    if (dsn) parts = /^[a-z][\w+]*:\/\//i.test(dsn) ? (parseDbUrl(dsn)?.parts ?? {}) : parseKeywordDsn(dsn);
    const kw = kwParts(c);
    const env = c.interp.env;
    const merged: ConnParts = {
      host: kw.host ?? parts.host ?? env.PGHOST,
      port: kw.port ?? parts.port ?? env.PGPORT,
      database: kw.database ?? parts.database ?? env.PGDATABASE,
      schema: parts.schema ?? parseKeywordDsn(text(c.kwargs.get('options')) ?? '').schema,
    };
    return connection(c, sqlContext('postgresql', merged));
  };

const sqliteConnect: Handler = (c) => {
  const db = text(arg(c, 0, 'database'));
  if (db === undefined || db === ':memory:' || db === '') return connection(c, { dialect: 'sqlite' });
  const file = joinServer(c.interp.cwd, render(db));
  return connection(c, { dialect: 'sqlite', namespace: `sqlite://${file}` }, file);
};

/** A URL or connection string given to create_engine(), psycopg, records, dataset. */
export function contextFromUrl(
  url: string,
  cwd: string,
): { sql: SqlContext; sqliteFile?: string } | undefined {
  const parsed = parseDbUrl(url);
  if (!parsed) return undefined;
  if (parsed.dialect === 'sqlite') {
    const raw = parsed.sqliteFile ?? '';
    if (raw === '' || raw === ':memory:') return { sql: { dialect: 'sqlite' } };
    const file = raw.startsWith('//') ? raw.slice(1) : joinServer(cwd, raw.replace(/^\//, ''));
    return { sql: { dialect: 'sqlite', namespace: `sqlite://${render(file)}` }, sqliteFile: render(file) };
  }
  return { sql: sqlContext(parsed.dialect, parsed.parts) };
}

const engine: Handler = (c) => {
  const url = text(arg(c, 0, 'url'));
  if (url === undefined) return connection(c, { dialect: 'unknown' }, undefined, 'engine');
  const ctx = contextFromUrl(url, c.interp.cwd);
  return ctx
    ? connection(c, ctx.sql, ctx.sqliteFile, 'engine')
    : connection(c, { dialect: 'unknown' }, undefined, 'engine');
};

const urlCreate: Handler = (c) => {
  const driver = text(arg(c, 0, 'drivername')) ?? 'unknown';
  const host = text(arg(c, 3, 'host')) ?? HOLE;
  const port = text(arg(c, 4, 'port'));
  const db = text(arg(c, 5, 'database')) ?? '';
  return str(`${driver}://${host}${port ? `:${port}` : ''}/${db}`, true);
};

const oracleConnect: Handler = (c) => {
  const dsn = text(arg(c, 2, 'dsn')) ?? (c.args.length === 1 ? text(c.args[0]) : undefined);
  const parts = dsn ? parseOracleDsn(dsn) : kwParts(c);
  return connection(c, sqlContext('oracle', parts));
};

const odbcConnect: Handler = (c) => {
  const conn = text(arg(c, 0, 'connstring')) ?? '';
  const { dialect, parts } = parseOdbc(conn);
  const kw = kwParts(c);
  return connection(c, sqlContext(dialect, { ...parts, ...kw }));
};

/** `snowflake.connector.connect(account=, database=, schema=)`: bare names are DB.SCHEMA.NAME. */
const snowflakeConnect: Handler = (c) => {
  const account = text(c.kwargs.get('account'));
  const db = text(c.kwargs.get('database'));
  const schema = text(c.kwargs.get('schema'));
  const known = (t: string | undefined) => t !== undefined && !t.includes(HOLE);
  const sql: SqlContext = {
    dialect: 'unknown',
    namespace: `snowflake://${known(account) ? (account as string).toLowerCase() : '*'}`,
  };
  if (known(db) && known(schema)) sql.schema = `${db}.${schema}`.toLowerCase();
  return connection(c, sql);
};

/**
 * ClickHouse clients (`clickhouse_driver.Client`, `clickhouse_connect.get_client`): one server
 * whichever protocol and port reach it (native 9000, HTTP 8123), so its namespace has no port.
 */
const clickhouseClient: Handler = (c) => {
  const hostArg = arg(c, 0, 'host');
  const host = text(hostArg);
  const database = text(c.kwargs.get('database'));
  // no host is this host; one given but not known statically is `*`
  const where =
    hostArg === undefined
      ? 'localhost'
      : host === undefined || host.includes(HOLE)
        ? '*'
        : host.toLowerCase();
  const sql: SqlContext = { dialect: 'unknown', namespace: `clickhouse://${where}` };
  if (database && !database.includes(HOLE)) sql.database = database;
  return connection(c, sql);
};

const bigqueryClient: Handler = (c) => {
  const project = text(arg(c, 0, 'project'));
  const p = project === undefined || project.includes(HOLE) ? '*' : project.toLowerCase();
  return connection(c, { dialect: 'unknown', namespace: `bigquery://${p}` });
};

export const databaseCalls: Record<string, Handler> = {
  'snowflake.connector.connect': snowflakeConnect,
  'clickhouse_driver.Client': clickhouseClient,
  'clickhouse_connect.get_client': clickhouseClient,
  'google.cloud.bigquery.Client': bigqueryClient,
  'mysql.connector.connect': mysqlConnect(),
  'mysql.connector.MySQLConnection': mysqlConnect(),
  'mysql.connector.connection.MySQLConnection': mysqlConnect(),
  'mysql.connector.pooling.MySQLConnectionPool': mysqlConnect(),
  'pymysql.connect': mysqlConnect(['host', undefined, undefined, 'database', 'port']),
  'pymysql.Connect': mysqlConnect(['host', undefined, undefined, 'database', 'port']),
  'pymysql.connections.Connection': mysqlConnect(['host', undefined, undefined, 'database', 'port']),
  'MySQLdb.connect': mysqlConnect(['host', undefined, undefined, 'database', 'port']),
  'MySQLdb.Connect': mysqlConnect(['host', undefined, undefined, 'database', 'port']),
  'MySQLdb.Connection': mysqlConnect(['host', undefined, undefined, 'database', 'port']),
  'mariadb.connect': mysqlConnect(),
  'psycopg2.connect': postgresConnect(0),
  'psycopg.connect': postgresConnect(0),
  'psycopg.Connection.connect': postgresConnect(0),
  'psycopg2.pool.SimpleConnectionPool': postgresConnect(2),
  'psycopg2.pool.ThreadedConnectionPool': postgresConnect(2),
  'pg8000.connect': postgresConnect(-1),
  'asyncpg.connect': postgresConnect(0),
  'sqlite3.connect': sqliteConnect,
  'cx_Oracle.connect': oracleConnect,
  'oracledb.connect': oracleConnect,
  'cx_Oracle.makedsn': (c) =>
    str(
      `${text(arg(c, 0, 'host')) ?? HOLE}:${text(arg(c, 1, 'port')) ?? '1521'}/${text(arg(c, 2, 'sid', 'service_name')) ?? HOLE}`,
      true,
    ),
  'oracledb.makedsn': (c) =>
    str(
      `${text(arg(c, 0, 'host')) ?? HOLE}:${text(arg(c, 1, 'port')) ?? '1521'}/${text(arg(c, 2, 'sid', 'service_name')) ?? HOLE}`,
      true,
    ),
  'pyodbc.connect': odbcConnect,
  'pymssql.connect': (c) =>
    connection(c, sqlContext('mssql', kwParts(c, ['host', undefined, undefined, 'database']))),
  'sqlalchemy.create_engine': engine,
  'sqlalchemy.engine.create_engine': engine,
  'sqlalchemy.ext.asyncio.create_async_engine': engine,
  'records.Database': engine,
  'dataset.connect': engine,
  'sqlalchemy.engine.URL.create': urlCreate,
  'sqlalchemy.URL.create': urlCreate,
  'sqlalchemy.engine.url.URL.create': urlCreate,
  'sqlalchemy.text': (c) => c.args[0] ?? UNKNOWN,
  'sqlalchemy.sql.text': (c) => c.args[0] ?? UNKNOWN,
  'sqlalchemy.orm.Session': (c) => sameConnection(c, arg(c, 0, 'bind')),
  // a session factory: calling it (dispatch.ts) gives a session on the same engine
  'sqlalchemy.orm.sessionmaker': (c) => sameConnection(c, arg(c, 0, 'bind')),
  'sqlalchemy.orm.scoped_session': (c) => sameConnection(c, arg(c, 0, 'session_factory')),
  'psycopg2.extras.execute_values': (c) => executeHelper(c),
  'psycopg2.extras.execute_batch': (c) => executeHelper(c),
  'pandas.read_sql': (c) => readSql(c, true),
  'pandas.read_sql_query': (c) => readSql(c, false),
  'pandas.read_sql_table': (c) =>
    tableRef(c, 'reads', arg(c, 0, 'table_name'), c.kwargs.get('schema'), arg(c, 1, 'con')),
};

/** psycopg2.extras.execute_values(cur, sql, rows) / execute_batch(cur, sql, rows). */
function executeHelper(c: Call): Value {
  const db = dbOf(c, arg(c, 0, 'cur'));
  for (const o of options(arg(c, 1, 'sql') ?? UNKNOWN)) if (o.k === 'str') runSql(c, o, db, construct(c));
  return UNKNOWN;
}

function sameConnection(_c: Call, v: Value | undefined): Value {
  const db = v ? options(v).find((o) => o.k === 'obj' && o.obj.type === 'db') : undefined;
  return db?.k === 'obj' && db.obj.type === 'db'
    ? { k: 'obj', obj: { ...db.obj, role: 'connection' } }
    : UNKNOWN;
}

function dbOf(c: Call, v: Value | undefined): Db {
  const o = v ? options(v).find((x) => x.k === 'obj' && x.obj.type === 'db') : undefined;
  if (o?.k === 'obj' && o.obj.type === 'db') return o.obj;
  const only = c.interp.dbContexts.length === 1 ? c.interp.dbContexts[0] : undefined;
  return { type: 'db', role: 'connection', sql: only ?? { dialect: 'unknown' } };
}

function readSql(c: Call, tableAllowed: boolean): Value {
  const q = arg(c, 0, 'sql');
  const con = arg(c, 1, 'con');
  for (const o of options(q ?? UNKNOWN)) {
    if (o.k !== 'str') continue;
    if (tableAllowed && /^[\w.$"`\uE000]+$/.test(o.s.trim()))
      tableRef(c, 'reads', o, c.kwargs.get('schema'), con);
    else runSql(c, o, dbOf(c, con), construct(c));
  }
  return UNKNOWN;
}

function tableRef(
  c: Call,
  dir: Direction,
  name: Value | undefined,
  schema: Value | undefined,
  con: Value | undefined,
): Value {
  return tablesIn(c, dir, name, schema, dbOf(c, con));
}

/** The tables `name` names (every value it may hold), in `db`'s namespace, read or written here. */
export function tablesIn(
  c: Call,
  dir: Direction,
  name: Value | undefined,
  schema: Value | undefined,
  db: Db,
): Value {
  if (!name || !c.frame.emit) return UNKNOWN;
  const s = schema ? options(schema).find((o): o is Str => o.k === 'str') : undefined;
  // a name bound by a loop over a literal list is every element, not the first
  for (const n of options(name)) {
    if (n.k !== 'str') continue;
    const parts = [...(s ? [render(s.s)] : []), ...render(n.s.trim()).replace(/["`]/g, '').split('.')];
    const qualified = qualifyTable(parts, db.sql);
    if (!qualified || qualified === '*') continue;
    const conf = confidenceOfStr({ k: 'str', s: qualified, via: n.via || (s?.via ?? false) }, qualified);
    const ev = c.interp.rec.evidence(c.frame, c.node, construct(c));
    c.interp.rec.ref(dir, toTableNode(qualified, db.sql.namespace), ev, conf);
    if (db.sqliteFile) c.interp.rec.ref(dir, toFileNode(db.sqliteFile), ev, conf);
  }
  return UNKNOWN;
}

/** Hand SQL text to the SQL extractor, with the connection's context, evidence at this call. */
export function runSql(
  c: Call,
  sql: Str,
  db: Db,
  what: string,
  guessed = false,
  /** Names that are no tables here (PySpark's temporary views), lowercase. */
  notTables?: ReadonlySet<string>,
): void {
  if (!c.frame.emit) return;
  const textForSql = sql.s.replace(/\uE000+/g, '{?}');
  if (textForSql.trim() === '' || textForSql.trim() === '{?}') {
    c.interp.rec.unresolved(c.frame, c.node, what);
    return;
  }
  const ev = c.interp.rec.evidence(c.frame, c.node, what);
  const out: Extraction = extractSqlText(textForSql, {
    file: ev.file,
    line: ev.line,
    ctx: db.sql,
    construct: what,
  });
  // a cursor dfmap could not trace to its connection: the tables are a guess
  const cap: Confidence = guessed ? 'heuristic' : sql.via ? 'resolved' : 'exact';
  const fix = (r: Extraction['reads'][number]) => ({
    ...r,
    evidence: { ...r.evidence, line: ev.line, snippet: ev.snippet ?? '' },
  });
  const table = (r: Extraction['reads'][number]) =>
    !(notTables && r.node.attrs.kind === 'table' && notTables.has(String(r.node.attrs.name).toLowerCase()));
  const moved: Extraction = {
    ...out,
    reads: out.reads.filter(table).map(fix),
    writes: out.writes.filter(table).map(fix),
  };
  if (db.sqliteFile) {
    const file = toFileNode(db.sqliteFile);
    for (const r of moved.reads) if (r.node.attrs.kind === 'table') moved.reads.push({ ...r, node: file });
    for (const w of moved.writes) if (w.node.attrs.kind === 'table') moved.writes.push({ ...w, node: file });
  }
  c.interp.rec.merge(c.frame, moved, cap);
}

/**
 * SQLAlchemy ORM: a mapped class names its table (`__tablename__`, else `__table__` is not
 * followed). `session.query(Reading).join(Sensor)` reads both tables; `session.add(Reading(...))`,
 * `add_all`, `merge`, `delete` and `bulk_save_objects` write the table of the objects' class.
 */
function ormTable(v: Value): Value | undefined {
  for (const o of options(v)) {
    const cls = o.k === 'class' ? o.cls : o.k === 'obj' && o.obj.type === 'instance' ? o.obj.cls : undefined;
    // a column (`Reading.when`) has no table name of its own: only a class is followed
    const name = cls ? memberOf(cls, '__tablename__') : undefined;
    if (name?.k === 'str') return name;
  }
  return undefined;
}

function ormRefs(c: Call, dir: Direction, values: readonly Value[]): boolean {
  let found = false;
  for (const v of values) {
    const items = v.k === 'list' ? v.items : [v];
    for (const item of items) {
      const table = ormTable(item);
      if (!table) continue;
      tableRef(c, dir, table, undefined, c.receiver);
      found = true;
    }
  }
  return found;
}

/**
 * The classes whose columns are arguments (`query(Pi.id, Pi.name)`, `join(Sensor.pi)`): a
 * column's value is not its class, so the class is looked up by the name written before the dot.
 */
function columnClasses(c: Call): Value[] {
  const out: Value[] = [];
  for (const a of named(c.node.childForFieldName('arguments'))) {
    const of = a.type === 'attribute' ? a.childForFieldName('object') : null;
    const v = of?.type === 'identifier' ? lookup(c.frame, of.text) : undefined;
    if (v?.k === 'class') out.push(v);
  }
  return out;
}

/** `session.query(Model, Model.column, ...)`: the mapped classes' tables; SQL text goes to execute. */
function query(c: Call): Value {
  if (ormRefs(c, 'reads', [...c.args, ...columnClasses(c)])) return c.receiver ?? UNKNOWN;
  return execute(c);
}

const ormReads: Handler = (c) => {
  ormRefs(c, 'reads', [...c.args, ...columnClasses(c)]);
  return c.receiver ?? UNKNOWN;
};

const ormWrites: Handler = (c) => {
  ormRefs(c, 'writes', c.args);
  return UNKNOWN;
};

function execute(c: Call): Value {
  const db = dbOf(c, c.receiver);
  for (const o of options(arg(c, 0, 'operation', 'query', 'statement', 'sql') ?? UNKNOWN)) {
    if (o.k === 'str') runSql(c, o, db, construct(c));
    else if (c.frame.emit && o.k === 'unknown') c.interp.rec.unresolved(c.frame, c.node, construct(c));
  }
  return c.receiver ?? UNKNOWN;
}

const derive =
  (role: Db['role']): Handler =>
  (c) => {
    const db = dbOf(c, c.receiver);
    return { k: 'obj', obj: { ...db, role } };
  };

export const dbMethods: Record<string, Handler> = {
  cursor: derive('cursor'),
  connect: derive('connection'),
  begin: derive('connection'),
  raw_connection: derive('connection'),
  get_connection: derive('connection'),
  getconn: derive('connection'),
  execution_options: derive('connection'),
  execute: execute,
  executemany: execute,
  executescript: execute,
  exec_driver_sql: execute,
  query,
  join: ormReads,
  outerjoin: ormReads,
  select_from: ormReads,
  add: ormWrites,
  add_all: ormWrites,
  merge: ormWrites,
  delete: ormWrites,
  bulk_save_objects: ormWrites,
  bulk_insert_mappings: ormWrites,
  bulk_update_mappings: ormWrites,
  copy: execute,
  copy_expert: execute,
  copy_from: (c) => tableRef(c, 'writes', arg(c, 1, 'table'), undefined, c.receiver),
  copy_to: (c) => tableRef(c, 'reads', arg(c, 1, 'table'), undefined, c.receiver),
  mogrify: (c) => toStr(c.args[0] ?? UNKNOWN),
  // clickhouse_connect
  command: execute,
  insert: (c) => tableRef(c, 'writes', arg(c, 0, 'table'), undefined, c.receiver),
  // google-cloud-bigquery: tables named `[project.]dataset.table`
  load_table_from_uri: (c) => {
    fileRef(c, 'reads', arg(c, 0, 'source_uris'), construct(c));
    return tableRef(c, 'writes', arg(c, 1, 'destination'), undefined, c.receiver);
  },
  load_table_from_file: (c) => tableRef(c, 'writes', arg(c, 1, 'destination'), undefined, c.receiver),
  load_table_from_dataframe: (c) => tableRef(c, 'writes', arg(c, 1, 'destination'), undefined, c.receiver),
  load_table_from_json: (c) => tableRef(c, 'writes', arg(c, 1, 'destination'), undefined, c.receiver),
  insert_rows: (c) => tableRef(c, 'writes', arg(c, 0, 'table'), undefined, c.receiver),
  insert_rows_json: (c) => tableRef(c, 'writes', arg(c, 0, 'table'), undefined, c.receiver),
  extract_table: (c) => {
    fileRef(c, 'writes', arg(c, 1, 'destination_uris'), construct(c));
    return tableRef(c, 'reads', arg(c, 0, 'source'), undefined, c.receiver);
  },
  copy_table: (c) => {
    tableRef(c, 'reads', arg(c, 0, 'sources'), undefined, c.receiver);
    return tableRef(c, 'writes', arg(c, 1, 'destination'), undefined, c.receiver);
  },
};

/** Methods recognised on receivers dfmap could not trace (a cursor passed in as a parameter). */
export const anyReceiverDbMethods: Record<string, Handler> = {
  execute: (c) => executeUntraced(c),
  executemany: (c) => executeUntraced(c),
  to_sql: (c) => tableRef(c, 'writes', arg(c, 0, 'name'), c.kwargs.get('schema'), arg(c, 1, 'con')),
};

/** Only SQL-looking text: `execute` is a common method name outside databases too. */
function executeUntraced(c: Call): Value {
  const first = arg(c, 0, 'operation', 'query', 'sql');
  const s = first ? options(first).find((o): o is Str => o.k === 'str') : undefined;
  if (
    !s ||
    !/^\s*(\(\s*)?(select|insert|update|delete|replace|merge|with|create|truncate|copy|load|call|drop|alter)\b/i.test(
      s.s,
    )
  ) {
    return UNKNOWN;
  }
  runSql(c, s, dbOf(c, undefined), construct(c), true);
  return UNKNOWN;
}
