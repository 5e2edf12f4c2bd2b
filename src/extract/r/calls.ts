/**
 * The R calls batch scripts use for data (read from public Rscript cron jobs and report chains):
 * base/utils readers and writers, readr, data.table, readxl/writexl, arrow, jsonlite/yaml config,
 * DBI with its SQL, httr/curl/download.file, system/system2. Keyed by the function's own name
 * (`readr::read_csv` and `read_csv` alike).
 */

import { basenameOf, dirnameOf } from '../kit/calls.js';
import { readConfig } from '../kit/config.js';
import { dbFromOptions, dbFromUrl, dbOf, sqliteDb } from '../kit/db.js';
import type { Direction } from '../kit/sink.js';
import { asStr, concat, joinPath, str, UNKNOWN, type V } from '../kit/value.js';
import { type Args, arg, type ScriptRun } from '../kit/walk.js';
import { OPTION_CALLS } from './options.js';
import { S3_CALLS } from './s3.js';

export type RCall = (run: ScriptRun, a: Args, line: number, name: string) => V | undefined;

/** Readers: the file is the first argument (or `file=`/`path=`...). */
const READERS = [
  'read.csv',
  'read.csv2',
  'read.table',
  'read.delim',
  'read.delim2',
  'read.fwf',
  'readLines',
  'readRDS',
  'read_rds',
  'load',
  'scan',
  'read_csv',
  'read_csv2',
  'read_tsv',
  'read_delim',
  'read_table',
  'read_fwf',
  'read_lines',
  'read_file',
  'fread',
  'read_excel',
  'read_xlsx',
  'read_xls',
  'read.xlsx',
  'read_parquet',
  'read_feather',
  'read_sav',
  'read_dta',
  'read_sas',
  'st_read',
  'read_sf',
  'readOGR',
  'raster',
  'nc_open',
  'unzip',
  'untar',
];
/** Writers: the object first, the file second (or `file=`/`path=`/`con=`...). */
const WRITERS = [
  'write.csv',
  'write.csv2',
  'write.table',
  'writeLines',
  'saveRDS',
  'write_rds',
  'write_csv',
  'write_csv2',
  'write_tsv',
  'write_delim',
  'write_lines',
  'write_file',
  'fwrite',
  'write_xlsx',
  'write.xlsx',
  'write_parquet',
  'write_feather',
  'write_json',
  'write_yaml',
  'st_write',
  'writeRaster',
];
const FILE_NAMES = ['file', 'path', 'con', 'x_path', 'filename', 'sink', 'dsn', 'description', 'input'];
/** Graphics devices and sinks: the file is the first argument. */
const FIRST_ARG_WRITERS = ['ggsave', 'pdf', 'png', 'jpeg', 'svg', 'tiff', 'bmp', 'sink'];
const CONFIG_READERS = ['fromJSON', 'read_json', 'read_yaml', 'yaml.load_file', 'read.ini', 'read.config'];
const SQL_CALLS = ['dbGetQuery', 'dbSendQuery', 'dbExecute', 'dbSendStatement', 'sqlQuery', 'dbSendUpdate'];
const HTTP = [
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'VERB',
  'request',
  'curl_download',
  'curl_fetch_memory',
  'url',
];

function io(dir: Direction, index: number): RCall {
  return (run, a, line, name) => {
    const target = arg(a, index, ...FILE_NAMES);
    // `writeLines(x, con)` with a connection opened by file(path, "w")
    if (target?.k === 'handle') run.sink.file(dir, target.path, line, name);
    else if (target) run.sink.file(dir, target, line, name);
    return UNKNOWN;
  };
}

function copy(op: string): RCall {
  return (run, a, line) => {
    const from = arg(a, 0, 'from');
    const to = arg(a, 1, 'to');
    if (from) run.sink.file('read', from, line, op);
    if (to) run.sink.file('write', to, line, op);
    return str('TRUE');
  };
}

export const R_CALLS = new Map<string, RCall>();
for (const n of READERS) R_CALLS.set(n, io('read', 0));
for (const n of WRITERS) R_CALLS.set(n, io('write', 1));
for (const n of FIRST_ARG_WRITERS) R_CALLS.set(n, io('write', 0));
for (const n of CONFIG_READERS)
  R_CALLS.set(n, (run, a, line, name) => {
    const p = arg(a, 0, 'file', 'path', 'txt', 'input');
    if (!p) return UNKNOWN;
    // `fromJSON('{"a":1}')` parses text, not a file
    if (/^\s*[[{]/.test(asStr(p).s)) return UNKNOWN;
    return readConfig(run.sink, p, line, name);
  });
R_CALLS.set('file.copy', copy('file.copy'));
R_CALLS.set('file.rename', copy('file.rename'));
R_CALLS.set('file.append', (run, a, line) => {
  const [to, from] = [arg(a, 0, 'file1'), arg(a, 1, 'file2')];
  if (from) run.sink.file('read', from, line, 'file.append');
  if (to) run.sink.file('write', to, line, 'file.append');
  return UNKNOWN;
});
/**
 * `rmarkdown::render('report.Rmd', output_file = 'weekly.html', output_dir = ...)` (and
 * `quarto_render`): the document is read; the output lands in `output_dir`, by default the
 * document's own directory, named `output_file` or the document's name with an extension its
 * format decides (`*`). Only a document with an R Markdown/Quarto/Markdown extension counts.
 */
function renderDocument(run: ScriptRun, a: Args, line: number, name: string): V {
  const input = arg(a, 0, 'input');
  const text = asStr(input).s;
  if (!input || !/\.(Rmd|rmd|qmd|Rmarkdown|md)$/.test(text)) return UNKNOWN;
  run.sink.file('read', input, line, name);
  // render(input, output_format, output_file, output_dir, ...)
  const dir = arg(a, 3, 'output_dir') ?? dirnameOf(input);
  const file = arg(a, 2, 'output_file');
  const out = file
    ? asStr(file).s.startsWith('/')
      ? file
      : joinPath([dir, file])
    : joinPath([
        dir,
        str(basenameOf(input).k === 'str' ? `${asStr(basenameOf(input)).s.replace(/\.[^.]+$/, '')}.*` : '*'),
      ]);
  run.sink.file('write', out, line, name);
  return UNKNOWN;
}
R_CALLS.set('render', renderDocument);
R_CALLS.set('quarto_render', renderDocument);
R_CALLS.set('download.file', (run, a, line) => {
  const url = arg(a, 0, 'url');
  const dest = arg(a, 1, 'destfile');
  if (url) run.sink.endpoint('read', url, line, 'download.file');
  if (dest) run.sink.file('write', dest, line, 'download.file');
  return UNKNOWN;
});
for (const n of HTTP)
  R_CALLS.set(n, (run, a, line, name) => {
    const url = arg(a, 0, 'url');
    const dir: Direction = /^(POST|PUT|PATCH|DELETE)$/.test(name) ? 'write' : 'read';
    if (url && /^[a-z]+:\/\//i.test(asStr(url).s)) run.sink.endpoint(dir, url, line, `httr ${name}`);
    const dest = arg(a, 1, 'destfile');
    if (name === 'curl_download' && dest) run.sink.file('write', dest, line, name);
    return UNKNOWN;
  });
// connections: file("x.txt", "w") is a handle writeLines/cat write through
for (const n of ['file', 'gzfile', 'bzfile', 'xzfile'])
  R_CALLS.set(n, (_run, a) => {
    const path = arg(a, 0, 'description');
    if (!path) return UNKNOWN;
    const mode = (arg(a, 1, 'open') && asStr(arg(a, 1, 'open')).s) || 'r';
    return { k: 'handle', path, mode: /[wa]/.test(mode) ? 'write' : 'read' };
  });
R_CALLS.set('close', () => UNKNOWN);
// `cat(..., file = "x")` writes only when file= is given (else stdout)
R_CALLS.set('cat', (run, a, line) => {
  const f = a.named.get('file');
  if (f?.k === 'handle') run.sink.file('write', f.path, line, 'cat');
  else if (f) run.sink.file('write', f, line, 'cat');
  return UNKNOWN;
});

// DBI: driver constructors name the dialect dbConnect gets
for (const n of [
  'Postgres',
  'PostgreSQL',
  'Redshift',
  'MySQL',
  'MariaDB',
  'SQLite',
  'Oracle',
  'odbc',
  'JDBC',
])
  R_CALLS.set(n, () => str(n));
R_CALLS.set('dbConnect', (_run, a) => {
  const drv = a.pos[0];
  const driver = asStr(drv).s;
  const url = arg(a, 99, 'url', 'dsn');
  if (/sqlite/i.test(driver)) return sqliteDb(asStr(arg(a, 1, 'dbname')).s);
  const named = new Map(a.named);
  return dbFromUrl(url) ?? dbFromOptions(driver.replace(/^.*::/, ''), { k: 'obj', props: named });
});
for (const n of SQL_CALLS)
  R_CALLS.set(n, (run, a, line, name) => {
    const sql = arg(a, 1, 'statement', 'query');
    if (sql) run.sink.sql(sql, dbOf(a.pos[0]), line, name);
    return UNKNOWN;
  });
for (const [n, dir] of [
  ['dbWriteTable', 'write'],
  ['dbAppendTable', 'write'],
  ['dbCreateTable', 'write'],
  ['dbRemoveTable', 'write'],
  ['dbReadTable', 'read'],
  ['copy_to', 'write'],
] as const)
  R_CALLS.set(n, (run, a, line, name) => {
    const t = arg(a, 1, 'name', 'table');
    if (t) run.sink.table(dir, t, dbOf(a.pos[0]), line, name);
    return UNKNOWN;
  });
R_CALLS.set('tbl', (run, a, line) => {
  const t = a.pos[1];
  if (t?.k === 'str') run.sink.table('read', t, dbOf(a.pos[0]), line, 'dplyr tbl');
  return UNKNOWN;
});

// aws.s3 objects (s3.ts)
for (const [n, f] of S3_CALLS)
  R_CALLS.set(n, (run, a, line, name) => {
    f(run, a, line, name);
    return UNKNOWN;
  });

// commands
R_CALLS.set('system', (run, a, line) => {
  const cmd = arg(a, 0, 'command');
  if (cmd) run.sink.command(cmd, line, 'system');
  return UNKNOWN;
});
R_CALLS.set('system2', (run, a, line) => {
  const cmd = arg(a, 0, 'command');
  const args = arg(a, 1, 'args');
  const words = args?.k === 'list' ? args.items : args ? [args] : [];
  if (cmd) run.sink.argv([cmd, ...words], line, 'system2');
  return UNKNOWN;
});

// values
R_CALLS.set('paste0', (_run, a) => concat(a.pos));
R_CALLS.set('paste', (_run, a) => {
  const sep = a.named.get('sep') ?? str(' ');
  const parts: V[] = [];
  a.pos.forEach((p, i) => {
    if (i > 0) parts.push(sep);
    parts.push(p);
  });
  return concat(parts);
});
R_CALLS.set('file.path', (_run, a) => joinPath(a.pos));
R_CALLS.set('sprintf', (_run, a) => sprintf(a.pos));
R_CALLS.set('Sys.getenv', (run, a) => {
  const name = asStr(a.pos[0]).s;
  const v = run.sink.env[name];
  return v !== undefined ? str(v, true) : (a.pos[1] ?? a.named.get('unset') ?? str('*', true));
});
R_CALLS.set('c', (_run, a) => ({ k: 'list', items: a.pos }));
// `list(a = 1)` is a named list (an object); `list(x, y)` of positional elements a list
R_CALLS.set('list', (_run, a) =>
  a.named.size === 0 && a.pos.length > 0
    ? { k: 'list', items: a.pos }
    : { k: 'obj', props: new Map(a.named) },
);
// optparse (options.ts)
for (const [n, f] of OPTION_CALLS) R_CALLS.set(n, f);
for (const n of [
  'normalizePath',
  'path.expand',
  'as.character',
  'toString',
  'trimws',
  'here',
  'I',
  'tolower',
  'toupper',
])
  R_CALLS.set(n, (_run, a) => (n === 'here' ? UNKNOWN : (a.pos[0] ?? UNKNOWN)));
R_CALLS.set('basename', (_run, a) => {
  const s = asStr(a.pos[0]);
  return str(s.s.slice(s.s.lastIndexOf('/') + 1), s.via);
});
R_CALLS.set('dirname', (_run, a) => {
  const s = asStr(a.pos[0]);
  const i = s.s.lastIndexOf('/');
  return i > 0 ? str(s.s.slice(0, i), s.via) : str('.', s.via);
});

/** `sprintf("/x/%s_%d.csv", a, b)`: each conversion takes the next argument (unknown -> `*`). */
export function sprintf(pos: V[]): V {
  const fmt = pos[0];
  if (fmt?.k !== 'str') return UNKNOWN;
  const parts: V[] = [];
  let next = 1;
  let last = 0;
  const re = /%(%|[-+ 0#]*\d*(?:\.\d+)?[sdifeEgGxXo])/g;
  for (let m = re.exec(fmt.s); m; m = re.exec(fmt.s)) {
    parts.push(str(fmt.s.slice(last, m.index), fmt.via));
    parts.push(m[1] === '%' ? str('%') : (pos[next++] ?? UNKNOWN));
    last = m.index + m[0].length;
  }
  parts.push(str(fmt.s.slice(last), fmt.via));
  return concat(parts);
}
