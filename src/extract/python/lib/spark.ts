import type { SqlContext } from '../../types.js';
import { arg, type Call, construct, fileRef, type Handler } from '../call.js';
import type { Direction } from '../recorder.js';
import { options, type PyObject, render, type Str, UNKNOWN, type Value } from '../value.js';
import { contextFromUrl, runSql, tablesIn } from './database.js';

type Spark = Extract<PyObject, { type: 'spark' }>;

const METASTORE: SqlContext = { dialect: 'unknown' };

/** `X.read`, `X.write` (and their streaming forms) on a value the walk does not know. */
export function sparkAttribute(attr: string): Value | undefined {
  if (attr === 'read' || attr === 'readStream') return { k: 'obj', obj: { type: 'spark', role: 'reader' } };
  if (attr === 'write' || attr === 'writeStream') return { k: 'obj', obj: { type: 'spark', role: 'writer' } };
  return undefined;
}

function role(c: Call): Spark['role'] | undefined {
  const r = c.receiver;
  return r?.k === 'obj' && r.obj.type === 'spark' ? r.obj.role : undefined;
}

/** Every path a reader or writer is given (`spark.read.csv([a, b])` reads both). */
function paths(v: Value | undefined): Value[] {
  if (!v) return [];
  return options(v).flatMap((o) => (o.k === 'list' ? o.items : [o]));
}

const keep: Handler = (c) => c.receiver ?? UNKNOWN;

/** csv/parquet/json/orc/text/load(PATH) on a reader, the same and save(PATH) on a writer. */
function pathMethod(readerDir: Direction | undefined, writerDir: Direction | undefined): Handler {
  return (c) => {
    const dir = role(c) === 'reader' ? readerDir : role(c) === 'writer' ? writerDir : undefined;
    // a reader takes several paths (`parquet(a, b)`) or a list of them
    const given = [...c.args, ...(c.kwargs.has('path') ? [c.kwargs.get('path') as Value] : [])];
    const all = dir === 'reads' ? given : given.slice(0, 1);
    if (dir) for (const p of all.flatMap(paths)) fileRef(c, dir, p, construct(c));
    return UNKNOWN;
  };
}

/** A table a reader or writer names (`db.name`, a metastore table), in `ctx`'s namespace. */
function table(c: Call, dir: Direction, name: Value | undefined, ctx: SqlContext = METASTORE): void {
  tablesIn(c, dir, name, undefined, { type: 'db', role: 'connection', sql: ctx });
}

function tableMethod(
  readerDir: Direction | undefined,
  writerDir: Direction | undefined,
  ...kw: string[]
): Handler {
  return (c) => {
    const dir = role(c) === 'reader' ? readerDir : role(c) === 'writer' ? writerDir : undefined;
    if (dir) table(c, dir, arg(c, 0, ...kw));
    return UNKNOWN;
  };
}

/**
 * `jdbc(URL, TABLE)`: a table of the database the URL names; a TABLE that is a subquery
 * (`(SELECT ... WHERE ...) AS t`, read in the database) is read as SQL there.
 */
const jdbc: Handler = (c) => {
  const dir = role(c) === 'reader' ? 'reads' : role(c) === 'writer' ? 'writes' : undefined;
  const url = arg(c, 0, 'url');
  const u = url ? options(url).find((o): o is Str => o.k === 'str') : undefined;
  const ctx = (u ? contextFromUrl(render(u.s).replace(/^jdbc:/, ''), c.interp.cwd)?.sql : undefined) ?? {
    dialect: 'unknown',
  };
  if (!dir) return UNKNOWN;
  const name = arg(c, 1, 'table');
  const query = name ? options(name).find((o): o is Str => o.k === 'str') : undefined;
  const sub = query ? /^\s*\((.*)\)\s*(?:as\s+)?[\w\uE000]*\s*$/is.exec(query.s) : undefined;
  if (query && sub?.[1])
    runSql(c, { ...query, s: sub[1] }, { type: 'db', role: 'connection', sql: ctx }, construct(c));
  else table(c, dir, name, ctx);
  return UNKNOWN;
};

/** The temporary views a script registers (`df.createOrReplaceTempView('t')`): no tables of its own. */
const views = new WeakMap<object, Set<string>>();

function tempView(c: Call): Value {
  const name = arg(c, 0, 'name', 'viewName');
  const s = name ? options(name).find((o): o is Str => o.k === 'str') : undefined;
  if (!s) return UNKNOWN;
  let known = views.get(c.interp);
  if (!known) {
    known = new Set();
    views.set(c.interp, known);
  }
  const view = render(s.s).toLowerCase();
  known.add(view).add(`global_temp.${view}`);
  return UNKNOWN;
}

export const sparkMethods: Record<string, Handler> = {
  format: keep,
  option: keep,
  options: keep,
  schema: keep,
  mode: keep,
  partitionBy: keep,
  bucketBy: keep,
  sortBy: keep,
  outputMode: keep,
  trigger: keep,
  queryName: keep,
  csv: pathMethod('reads', 'writes'),
  parquet: pathMethod('reads', 'writes'),
  json: pathMethod('reads', 'writes'),
  orc: pathMethod('reads', 'writes'),
  text: pathMethod('reads', 'writes'),
  load: pathMethod('reads', undefined),
  save: pathMethod(undefined, 'writes'),
  start: pathMethod(undefined, 'writes'),
  table: tableMethod('reads', undefined, 'tableName'),
  saveAsTable: tableMethod(undefined, 'writes', 'name'),
  insertInto: tableMethod(undefined, 'writes', 'tableName'),
  toTable: tableMethod(undefined, 'writes', 'tableName'),
  jdbc,
};

/** `spark.sql(TEXT)` on a receiver the walk does not know: SQL-looking text only. */
export const anyReceiverSparkMethods: Record<string, Handler> = {
  sql: (c) => {
    const q = arg(c, 0, 'sqlQuery');
    const s = q ? options(q).find((o): o is Str => o.k === 'str') : undefined;
    if (s && /^\s*(\(\s*)?(select|insert|with|create|merge|update|delete)\b/i.test(s.s))
      runSql(
        c,
        s,
        { type: 'db', role: 'connection', sql: METASTORE },
        construct(c),
        true,
        views.get(c.interp),
      );
    return UNKNOWN;
  },
  createOrReplaceTempView: tempView,
  createTempView: tempView,
  registerTempTable: tempView,
  createOrReplaceGlobalTempView: tempView,
  createGlobalTempView: tempView,
};
