/**
 * File reads and writes: open() in every mode, pathlib I/O, shutil and os moves, globs,
 * compressed and archive files, logging to files, and the data libraries (pandas, numpy,
 * matplotlib, openpyxl) that take a path.
 */
import { arg, argText, type Call, construct, fileRef, type Handler, readResponse } from '../call.js';
import type { Direction } from '../recorder.js';
import { type GlobUse, HOLE, mapAlts, options, type Str, str, toStr, UNKNOWN, type Value } from '../value.js';
import { readConfigText } from './config-files.js';
import { joinParts } from './core.js';

/**
 * Directions of an open() mode: `r` reads; `w`, `a`, `x` write; `+` both, except after `w` or
 * `x`: those truncate or create the file, so nothing that was in it is read (`w+` is a write).
 */
export function modeDirections(mode: string | undefined, fallback = 'r'): Direction[] {
  const m = mode ?? fallback;
  if (m.includes('+')) return /[wx]/.test(m) ? ['writes'] : ['reads', 'writes'];
  if (/[wax]/.test(m)) return ['writes'];
  return ['reads'];
}

const CONFIG_EXT = /\.(json|ya?ml|ini|cfg|conf|cnf|toml|env|properties|sql|txt)$/i;

function openLike(pathKw: string[], modeKw = 'mode', defaultMode = 'r', modePos = 1): Handler {
  return (c) => {
    const path = arg(c, 0, ...pathKw);
    if (!path || path.k === 'num' || path.k === 'obj') return UNKNOWN;
    const modeArg = arg(c, modePos, modeKw);
    const mode = modeArg ? argText(c, modePos, modeKw) : defaultMode;
    const label = construct(c, modeArg && mode ? `'${mode}'` : '');
    for (const dir of modeDirections(mode, defaultMode)) fileRef(c, dir, path, label);
    return { k: 'obj', obj: { type: 'file', path, mode: mode ?? defaultMode } };
  };
}

function pathIo(dir: Direction): Handler {
  return (c) => {
    fileRef(c, dir, c.receiver, construct(c));
    if (dir === 'reads' && c.name === 'read_text') return contentOf(c, c.receiver);
    return UNKNOWN;
  };
}

/** Text of a small config-like file a script reads (for json.loads, SQL files); else unknown. */
export function contentOf(c: Call, path: Value | undefined): Value {
  const p = path ? options(path).find((o): o is Str => o.k === 'str') : undefined;
  if (!p || !CONFIG_EXT.test(p.s)) return str(HOLE, true);
  const text = readConfigText(c.interp, p.s);
  return text === undefined ? str(HOLE, true) : str(text, true);
}

/** Read src, write dst (into dst/basename(src) when dst is a directory). */
function copyLike(srcKw: string[], dstKw: string[]): Handler {
  return (c) => {
    const src = arg(c, 0, ...srcKw);
    const dst = arg(c, 1, ...dstKw);
    fileRef(c, 'reads', src, construct(c));
    if (src && dst) fileRef(c, 'writes', intoDirectory(c, src, dst), construct(c));
    return dst ?? UNKNOWN;
  };
}

function intoDirectory(c: Call, src: Value, dst: Value): Value {
  return mapAlts(dst, (d) => {
    const ds = toStr(d);
    const isDir = ds.s.endsWith('/') || (!ds.s.includes(HOLE) && c.interp.ctx.fs.isDirectory(ds.s));
    if (!isDir) return d;
    return mapAlts(src, (s) => {
      const ss = toStr(s);
      const base = ss.s.slice(ss.s.lastIndexOf('/') + 1) || HOLE;
      return joinParts([ds, str(base, ss.via)]);
    });
  });
}

/**
 * A glob names an input pattern. Its read is recorded at the end of the script, and not at all
 * when what it found was only deleted (a housekeeping loop is not a reader of those files).
 */
function globOf(c: Call, pattern: Value | undefined, base?: Value): Value {
  if (!pattern) return UNKNOWN;
  const full = base
    ? mapAlts(base, (b) => mapAlts(pattern, (p) => joinParts([toStr(b), toStr(p)], true)))
    : pattern;
  const use: GlobUse = { deleted: false };
  const label = construct(c);
  c.interp.pendingGlobs.push({ use, record: () => fileRef(c, 'reads', full, label) });
  const found = mapAlts(full, (v) => (v.k === 'str' ? { ...v, glob: use } : v));
  return { k: 'list', items: [found], same: true };
}

/** os.remove / unlink / rmtree: no edge, but a glob whose files are deleted is not an input. */
const deletes: Handler = (c) => {
  const target = c.receiver?.k === 'str' ? c.receiver : arg(c, 0, 'path');
  for (const o of options(target ?? UNKNOWN)) if (o.k === 'str' && o.glob) o.glob.deleted = true;
  return UNKNOWN;
};

function writeArg(i: number, ...kw: string[]): Handler {
  return (c) => {
    const v = arg(c, i, ...kw);
    if (v && v.k !== 'obj') fileRef(c, 'writes', v, construct(c));
    return UNKNOWN;
  };
}

function readArg(i: number, ...kw: string[]): Handler {
  return (c) => {
    const v = arg(c, i, ...kw);
    if (v && v.k !== 'obj') fileRef(c, 'reads', v, construct(c));
    else readResponse(c, v);
    return UNKNOWN;
  };
}

const logFile: Handler = (c) => {
  fileRef(c, 'writes', arg(c, 0, 'filename'), construct(c));
  return UNKNOWN;
};

const archive =
  (defaultMode: string, pathKw: string[]): Handler =>
  (c) => {
    const path = arg(c, 0, ...pathKw);
    const mode = argText(c, 1, 'mode') ?? defaultMode;
    if (path && path.k !== 'obj')
      for (const dir of modeDirections(mode)) fileRef(c, dir, path, construct(c, `'${mode}'`));
    return { k: 'obj', obj: { type: 'archive', path: path ?? UNKNOWN, mode } };
  };

function keyValueStore(pathKw: string): Handler {
  return (c) => {
    const path = arg(c, 0, pathKw);
    const flag = argText(c, 1, 'flag') ?? 'c';
    const dirs: Direction[] = flag.startsWith('r')
      ? ['reads']
      : flag.startsWith('n')
        ? ['writes']
        : ['reads', 'writes'];
    if (path && path.k !== 'obj') for (const d of dirs) fileRef(c, d, path, construct(c, `'${flag}'`));
    return UNKNOWN;
  };
}

const PANDAS_READERS = [
  'read_csv',
  'read_table',
  'read_fwf',
  'read_json',
  'read_parquet',
  'read_excel',
  'read_feather',
  'read_pickle',
  'read_hdf',
  'read_orc',
  'read_sas',
  'read_spss',
  'read_stata',
  'read_xml',
  'read_html',
];

export const fileCalls: Record<string, Handler> = {
  open: openLike(['file']),
  'io.open': openLike(['file']),
  'codecs.open': openLike(['filename']),
  'gzip.open': openLike(['filename'], 'mode', 'rb'),
  'gzip.GzipFile': openLike(['filename'], 'mode', 'rb'),
  'bz2.open': openLike(['filename'], 'mode', 'rb'),
  'bz2.BZ2File': openLike(['filename'], 'mode', 'rb'),
  'lzma.open': openLike(['filename'], 'mode', 'rb'),
  'h5py.File': openLike(['name'], 'mode', 'r'),
  'shutil.copy': copyLike(['src'], ['dst']),
  'shutil.copy2': copyLike(['src'], ['dst']),
  'shutil.copyfile': copyLike(['src'], ['dst']),
  'shutil.copytree': copyLike(['src'], ['dst']),
  'shutil.move': copyLike(['src'], ['dst']),
  'os.rename': copyLike(['src'], ['dst']),
  'os.replace': copyLike(['src'], ['dst']),
  'os.renames': copyLike(['old'], ['new']),
  'shutil.make_archive': (c) => {
    const base = arg(c, 0, 'base_name');
    const fmt = argText(c, 1, 'format') ?? HOLE;
    const ext: Record<string, string> = {
      zip: '.zip',
      tar: '.tar',
      gztar: '.tar.gz',
      bztar: '.tar.bz2',
      xztar: '.tar.xz',
    };
    fileRef(c, 'reads', arg(c, 2, 'root_dir'), construct(c));
    if (base)
      fileRef(
        c,
        'writes',
        mapAlts(base, (b) => str(toStr(b).s + (ext[fmt] ?? `.${fmt}`), true)),
        construct(c),
      );
    return UNKNOWN;
  },
  'shutil.unpack_archive': (c) => {
    fileRef(c, 'reads', arg(c, 0, 'filename'), construct(c));
    fileRef(c, 'writes', arg(c, 1, 'extract_dir'), construct(c));
    return UNKNOWN;
  },
  'os.remove': deletes,
  'os.unlink': deletes,
  'shutil.rmtree': deletes,
  'glob.glob': (c) => globOf(c, arg(c, 0, 'pathname')),
  'glob.iglob': (c) => globOf(c, arg(c, 0, 'pathname')),
  'fnmatch.filter': (c) => ({ k: 'list', items: [arg(c, 1, 'pat') ?? UNKNOWN], same: true }),
  'logging.basicConfig': (c) => {
    fileRef(c, 'writes', c.kwargs.get('filename'), construct(c, 'filename=...'));
    return UNKNOWN;
  },
  'logging.FileHandler': logFile,
  // loguru: `logger.add(sink)` writes a file when the sink is a path (str or Path); a stream
  // (sys.stdout), a function or a handler is not a file and gives no string, so no edge
  'loguru.logger.add': (c) => {
    fileRef(c, 'writes', arg(c, 0, 'sink'), construct(c));
    return UNKNOWN;
  },
  'logging.handlers.RotatingFileHandler': logFile,
  'logging.handlers.TimedRotatingFileHandler': logFile,
  'logging.handlers.WatchedFileHandler': logFile,
  'logging.config.fileConfig': readArg(0, 'fname'),
  'logging.config.dictConfig': (c) => {
    // handlers: {name: {class: ..., filename: ...}}
    const handlers = c.args[0]?.k === 'dict' ? c.args[0].entries.get('handlers') : undefined;
    if (handlers?.k === 'dict') {
      for (const h of handlers.entries.values()) {
        if (h.k === 'dict' && h.entries.has('filename'))
          fileRef(c, 'writes', h.entries.get('filename'), construct(c));
      }
    }
    return UNKNOWN;
  },
  'zipfile.ZipFile': archive('r', ['file']),
  'tarfile.open': archive('r', ['name']),
  'tarfile.TarFile': archive('r', ['name']),
  'pandas.ExcelWriter': (c) => {
    const path = arg(c, 0, 'path');
    fileRef(c, 'writes', path, construct(c));
    return { k: 'obj', obj: { type: 'writer', path: path ?? UNKNOWN } };
  },
  'pandas.HDFStore': openLike(['path'], 'mode', 'a'),
  'numpy.load': readArg(0, 'file'),
  'numpy.loadtxt': readArg(0, 'fname'),
  'numpy.genfromtxt': readArg(0, 'fname'),
  'numpy.fromfile': readArg(0, 'file'),
  'numpy.save': writeArg(0, 'file'),
  'numpy.savez': writeArg(0, 'file'),
  'numpy.savez_compressed': writeArg(0, 'file'),
  'numpy.savetxt': writeArg(0, 'fname'),
  'openpyxl.load_workbook': documentFrom('filename'),
  'openpyxl.Workbook': documentFrom(),
  'openpyxl.workbook.Workbook': documentFrom(),
  'docx.Document': documentFrom('docx'),
  'pptx.Presentation': documentFrom('pptx'),
  'PIL.Image.new': documentFrom(),
  'pyarrow.parquet.read_table': readArg(0, 'source'),
  'pyarrow.parquet.ParquetFile': readArg(0, 'source'),
  'pyarrow.parquet.write_table': writeArg(1, 'where'),
  'pyarrow.csv.read_csv': readArg(0, 'input_file'),
  'pyarrow.csv.write_csv': writeArg(1, 'output_file'),
  'pyarrow.feather.read_feather': readArg(0, 'source'),
  'pyarrow.feather.write_feather': writeArg(1, 'dest'),
  'pyarrow.orc.write_table': writeArg(1, 'where'),
  // shelve/dbm: flag 'r' reads, 'n' creates anew, 'w'/'c' (the default) read and write
  'shelve.open': keyValueStore('filename'),
  'dbm.open': keyValueStore('file'),
  'xarray.open_dataset': readArg(0, 'filename_or_obj'),
  'xarray.open_dataarray': readArg(0, 'filename_or_obj'),
  'xarray.load_dataset': readArg(0, 'filename_or_obj'),
  'xarray.open_mfdataset': readArg(0, 'paths'),
  'xarray.open_zarr': readArg(0, 'store'),
  'netCDF4.Dataset': openLike(['filename'], 'mode', 'r'),
  'xml.etree.ElementTree.parse': readArg(0, 'source'),
  'lxml.etree.parse': readArg(0, 'source'),
  'PIL.Image.open': documentFrom('fp'),
};

/** A library's document, read from its first argument when one is given: `.save(PATH)` writes it. */
function documentFrom(kw?: string): Handler {
  return (c) => {
    if (kw) readArg(0, kw)(c);
    return { k: 'obj', obj: { type: 'document' } };
  };
}

/** Methods of a library's document (openpyxl workbooks, python-docx documents, PIL images). */
export const documentMethods: Record<string, Handler> = {
  save: writeArg(0, 'filename', 'path', 'fp', 'file'),
};
for (const r of PANDAS_READERS) {
  fileCalls[`pandas.${r}`] = readArg(0, 'filepath_or_buffer', 'path_or_buf', 'path', 'io');
}

/** Methods recognised on any receiver (a DataFrame, a figure) by their distinctive names. */
export const anyReceiverFileMethods: Record<string, Handler> = {
  savefig: writeArg(0, 'fname'),
  // xarray Dataset/DataArray
  to_netcdf: writeArg(0, 'path'),
  to_zarr: writeArg(0, 'store'),
};
for (const w of [
  'csv',
  'json',
  'parquet',
  'excel',
  'feather',
  'pickle',
  'hdf',
  'html',
  'xml',
  'stata',
  'orc',
]) {
  anyReceiverFileMethods[`to_${w}`] = writeArg(
    0,
    'path_or_buf',
    'path',
    'excel_writer',
    'path_or_buffer',
    'buf',
  );
}

/** Methods of pathlib paths that read or write. */
export const pathIoMethods: Record<string, Handler> = {
  read_text: pathIo('reads'),
  read_bytes: pathIo('reads'),
  write_text: pathIo('writes'),
  write_bytes: pathIo('writes'),
  open: (c) => {
    const mode = argText(c, 0, 'mode') ?? (arg(c, 0, 'mode') ? undefined : 'r');
    for (const dir of modeDirections(mode))
      fileRef(c, dir, c.receiver, construct(c, mode ? `'${mode}'` : ''));
    return { k: 'obj', obj: { type: 'file', path: c.receiver ?? UNKNOWN, mode: mode ?? 'r' } };
  },
  glob: (c) => globOf(c, arg(c, 0, 'pattern'), c.receiver),
  rglob: (c) => globOf(c, arg(c, 0, 'pattern'), c.receiver),
  unlink: deletes,
  rmdir: deletes,
  rename: (c) => moveSelf(c),
  replace: (c) => moveSelf(c),
};

function moveSelf(c: Call): Value {
  fileRef(c, 'reads', c.receiver, construct(c));
  const dst = arg(c, 0, 'target');
  fileRef(c, 'writes', dst, construct(c));
  return dst ? mapAlts(dst, (d) => ({ ...toStr(d), path: true })) : UNKNOWN;
}

export const fileObjectMethods: Record<string, Handler> = {
  read: (c) =>
    c.receiver?.k === 'obj' && c.receiver.obj.type === 'file' ? contentOf(c, c.receiver.obj.path) : UNKNOWN,
};

export const archiveMethods: Record<string, Handler> = {
  write: readArg(0, 'filename'),
  add: readArg(0, 'name'),
  extractall: (c) => {
    fileRef(c, 'writes', arg(c, 0, 'path') ?? str('.'), construct(c));
    return UNKNOWN;
  },
  // extract(member, path): the member lands at path/member
  extract: (c) => {
    const member = toStr(arg(c, 0, 'member') ?? UNKNOWN);
    const into = mapAlts(arg(c, 1, 'path') ?? str('.'), (d) => joinParts([toStr(d), member]));
    fileRef(c, 'writes', into, construct(c));
    return UNKNOWN;
  },
};
