/**
 * Local file commands. Conventions (shared fixtures README): mv/cp read the source and write the
 * destination (a directory destination gets the source's name); `gzip X` reads X, writes X.gz.
 */

import { flag, hasFlag, type OptionSpec, parseOptions } from '../options.js';
import { concat, lit, type Value } from '../value.js';
import type { CommandCall, CommandResolver, Handler } from './types.js';

const reads = (call: CommandCall, vs: Value[], construct = call.name) => {
  for (const v of vs) call.run.emitRead(v, call.node, construct);
};
const writes = (call: CommandCall, vs: Value[], construct = call.name) => {
  for (const v of vs) call.run.emitWrite(v, call.node, construct);
};

/** Every operand is an input file (cat, head, wc, ...). */
function readsOperands(spec: OptionSpec, skipFirst = 0): Handler {
  return (call) => {
    const p = parseOptions(call.argv.slice(1), spec);
    reads(call, p.operands.slice(skipFirst));
  };
}

/** Destination of a copy: `dir/` or an existing directory gets the source's file name. */
export function destinationFor(call: CommandCall, src: Value, dst: Value): Value {
  const t = dst.text;
  const isDir = t.endsWith('/') || (!t.includes('*') && call.run.ctx.fs.isDirectory(absolute(call, t)));
  if (!isDir) return dst;
  const base = src.text.replace(/\/+$/, '');
  return concat([
    lit(`${t.replace(/\/+$/, '')}/`),
    { text: base.slice(base.lastIndexOf('/') + 1), resolved: src.resolved },
  ]);
}

function absolute(call: CommandCall, p: string): string {
  return p.startsWith('/') ? p : `${call.run.cwd}/${p}`;
}

function copyLike(spec: OptionSpec): Handler {
  return (call) => {
    const p = parseOptions(call.argv.slice(1), spec);
    const target = flag(p, 't', 'target-directory');
    const ops = p.operands;
    if (target) {
      for (const s of ops) {
        reads(call, [s]);
        writes(call, [destinationFor(call, s, { ...target, text: `${target.text.replace(/\/+$/, '')}/` })]);
      }
      return;
    }
    if (ops.length < 2) return;
    const dst = ops[ops.length - 1] as Value;
    for (const s of ops.slice(0, -1)) {
      reads(call, [s]);
      writes(call, [destinationFor(call, s, dst)]);
    }
  };
}

function compressor(ext: string): Handler {
  return (call) => {
    const p = parseOptions(call.argv.slice(1), { short: 'S', long: ['suffix'] });
    const decompress =
      hasFlag(p, 'd', 'decompress', 'uncompress') || /^(gunzip|bunzip2|unxz|unzstd)$/.test(call.name);
    const toStdout = hasFlag(p, 'c', 'stdout', 'to-stdout');
    const suffix = flag(p, 'S', 'suffix')?.text ?? ext;
    for (const f of p.operands) {
      reads(call, [f]);
      if (toStdout) continue;
      if (decompress)
        writes(call, [{ ...f, text: f.text.endsWith(suffix) ? f.text.slice(0, -suffix.length) : f.text }]);
      else writes(call, [{ ...f, text: f.text + suffix }]);
    }
  };
}

const commands: Record<string, Handler> = {
  cat: readsOperands({}),
  tac: readsOperands({}),
  head: readsOperands({ short: 'nc', long: ['lines', 'bytes'] }),
  tail: readsOperands({ short: 'ncs', long: ['lines', 'bytes', 'sleep-interval', 'pid'] }),
  wc: readsOperands({}),
  md5sum: readsOperands({}),
  sha256sum: readsOperands({}),
  uniq: readsOperands({ short: 'fsw' }),
  cut: readsOperands({
    short: 'bcdf',
    long: ['bytes', 'characters', 'delimiter', 'fields', 'output-delimiter'],
  }),
  paste: readsOperands({ short: 'd', long: ['delimiters'] }),
  join: readsOperands({ short: 'aeotj12', long: ['field-separator'] }),
  comm: readsOperands({}),
  column: readsOperands({
    short: 'scoNRTEHWOl',
    long: ['separator', 'output-separator', 'table-columns', 'output-width'],
  }),
  base64: readsOperands({ short: 'w', long: ['wrap'] }),
  // `uuencode FILE NAME | mail`: FILE is read; with one operand it is only the name given to stdin
  uuencode: (call) => {
    const p = parseOptions(call.argv.slice(1), {});
    if (p.operands.length >= 2) reads(call, p.operands.slice(0, 1));
  },
  diff: readsOperands({}),
  iconv: (call) => {
    const p = parseOptions(call.argv.slice(1), { short: 'fto', long: ['from-code', 'to-code', 'output'] });
    reads(call, p.operands);
    const out = flag(p, 'o', 'output');
    if (out) writes(call, [out]);
  },
  grep: grepLike,
  egrep: grepLike,
  fgrep: grepLike,
  zgrep: grepLike,
  jq: jqResolver,
  zcat: readsOperands({}),
  bzcat: readsOperands({}),
  xzcat: readsOperands({}),
  sort: (call) => {
    const p = parseOptions(call.argv.slice(1), {
      short: 'ktoSTy',
      long: ['key', 'field-separator', 'output', 'buffer-size', 'temporary-directory', 'parallel'],
    });
    reads(call, p.operands);
    const out = flag(p, 'o', 'output');
    if (out) writes(call, [out]);
  },
  sed: (call) => {
    const p = parseOptions(call.argv.slice(1), { short: 'efl', long: ['expression', 'file', 'line-length'] });
    const files =
      p.flags.has('e') || p.flags.has('f') || p.flags.has('expression') ? p.operands : p.operands.slice(1);
    reads(call, files);
    if (hasFlag(p, 'i', 'in-place')) writes(call, files, 'sed -i');
  },
  split: (call) => {
    const p = parseOptions(call.argv.slice(1), {
      short: 'abCln',
      long: ['bytes', 'lines', 'line-bytes', 'number'],
    });
    const [input, prefix] = p.operands;
    if (input) reads(call, [input]);
    writes(call, [concat([prefix ?? lit('x'), { text: '*', resolved: true }])]);
  },
  tee: (call) => {
    const p = parseOptions(call.argv.slice(1), {});
    writes(call, p.operands, hasFlag(p, 'a', 'append') ? 'tee -a' : 'tee');
  },
  touch: (call) => {
    const p = parseOptions(call.argv.slice(1), { short: 'dtr', long: ['date', 'reference'] });
    writes(call, p.operands);
  },
  cp: copyLike({ short: 'tS', long: ['target-directory', 'suffix'] }),
  mv: copyLike({ short: 'tS', long: ['target-directory', 'suffix'] }),
  install: copyLike({ short: 'tmogS', long: ['target-directory', 'mode', 'owner', 'group'] }),
  gzip: compressor('.gz'),
  gunzip: compressor('.gz'),
  pigz: compressor('.gz'),
  bzip2: compressor('.bz2'),
  bunzip2: compressor('.bz2'),
  xz: compressor('.xz'),
  unxz: compressor('.xz'),
  zstd: compressor('.zst'),
  tar: tarResolver,
  zip: (call) => {
    const p = parseOptions(call.argv.slice(1), { short: 'bnPtx', long: ['password'] });
    const [archive, ...files] = p.operands;
    reads(call, files);
    if (archive)
      writes(call, [archive.text.includes('.') ? archive : { ...archive, text: `${archive.text}.zip` }]);
  },
  unzip: (call) => {
    const p = parseOptions(call.argv.slice(1), { short: 'dPx' });
    const [archive] = p.operands;
    if (archive) reads(call, [archive]);
    const dir = flag(p, 'd');
    writes(call, [dir ? { ...dir, text: `${dir.text.replace(/\/+$/, '')}/*` } : lit(`${call.run.cwd}/*`)]);
  },
  find: findResolver,
  '7z': sevenZip,
  '7za': sevenZip,
  '7zr': sevenZip,
};

/**
 * `7z a|u ARCHIVE FILES...` adds the files to the archive; `7z x|e ARCHIVE [-oDIR]` extracts it
 * (into the working directory without `-o`). Switches are one word each (`-oDIR`, `-pSECRET`,
 * `-mx=9`): none takes the next word.
 */
function sevenZip(call: CommandCall): void {
  const [cmd, ...rest] = call.argv.slice(1);
  const words = rest.filter((w) => !w.text.startsWith('-'));
  const [archive, ...files] = words;
  if (!cmd || !archive) return;
  if (cmd.text === 'a' || cmd.text === 'u') {
    reads(call, files);
    writes(call, [archive]);
  } else if (cmd.text === 'x' || cmd.text === 'e') {
    reads(call, [archive]);
    const out = rest.find((w) => w.text.startsWith('-o') && w.text.length > 2);
    const dir = out ? { ...out, text: out.text.slice(2) } : lit(call.run.cwd);
    writes(call, [{ ...dir, text: `${dir.text.replace(/\/+$/, '')}/*` }]);
  }
}

function grepLike(call: CommandCall): void {
  const p = parseOptions(call.argv.slice(1), {
    short: 'efmABCd',
    long: ['regexp', 'file', 'max-count', 'after-context', 'before-context', 'context'],
  });
  const hasPattern = p.flags.has('e') || p.flags.has('f') || p.flags.has('regexp') || p.flags.has('file');
  reads(call, hasPattern ? p.operands : p.operands.slice(1));
}

/** jq's options that take two words (`--arg NAME VALUE`); with `FILE` the second is read. */
const JQ_PAIRS: Record<string, 'value' | 'file'> = {
  '--arg': 'value',
  '--argjson': 'value',
  '--slurpfile': 'file',
  '--rawfile': 'file',
};

/**
 * `jq [OPTIONS] FILTER [FILE...]`: the first operand is the filter, the others are read.
 * `-f FILE`/`--from-file FILE` reads the filter from FILE (then every operand is input);
 * `--args`/`--jsonargs` make the words after the filter values, not files.
 */
function jqResolver(call: CommandCall): void {
  const args = call.argv.slice(1);
  const operands: Value[] = [];
  let fromFile = false;
  let positional = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as Value;
    const t = a.text;
    const pair = JQ_PAIRS[t];
    if (pair) {
      if (pair === 'file' && args[i + 2]) reads(call, [args[i + 2] as Value], `${call.name} ${t}`);
      i += 2;
    } else if (t === '-f' || t === '--from-file') {
      fromFile = true;
      if (args[i + 1]) reads(call, [args[i + 1] as Value], `${call.name} ${t}`);
      i++;
    } else if (t === '--indent' || t === '-L') i++;
    else if (t === '--args' || t === '--jsonargs') positional = true;
    else if (t === '--') {
      operands.push(...args.slice(i + 1));
      break;
    } else if (!t.startsWith('-') || t === '-') operands.push(a);
  }
  const inputs = fromFile ? operands : operands.slice(1);
  reads(call, positional ? [] : inputs);
}

/** tar's short options that take a value. */
const TAR_VALUED = 'fCTXbN';

function tarResolver(call: CommandCall): void {
  const args = call.argv.slice(1);
  // old-style `tar cvfj x.tbz dir`: a first word without dash is a flag cluster, and each of its
  // letters that takes a value takes the next word, in order (`-cvfj x` would name the archive `j`)
  const cluster = args[0];
  if (cluster && !cluster.text.startsWith('-')) {
    const rest = args.slice(1);
    const split: Value[] = [];
    let k = 0;
    for (const ch of cluster.text) {
      split.push({ ...cluster, text: `-${ch}` });
      if (TAR_VALUED.includes(ch) && rest[k]) split.push(rest[k++] as Value);
    }
    args.splice(0, args.length, ...split, ...rest.slice(k));
  }
  const p = parseOptions(args, {
    short: TAR_VALUED,
    long: ['file', 'directory', 'files-from', 'exclude-from'],
  });
  const archive = flag(p, 'f', 'file');
  const dir = flag(p, 'C', 'directory');
  const cwd = call.run.cwd;
  if (hasFlag(p, 'c', 'create', 'r', 'append', 'u', 'update')) {
    const base = dir ? dir.text.replace(/\/+$/, '') : undefined;
    reads(
      call,
      p.operands.map((o) => (base && !o.text.startsWith('/') ? { ...o, text: `${base}/${o.text}` } : o)),
    );
    if (archive) writes(call, [archive]);
  } else if (hasFlag(p, 'x', 'extract', 'get')) {
    if (archive) reads(call, [archive]);
    writes(call, [lit(`${(dir?.text ?? cwd).replace(/\/+$/, '')}/*`)]);
  } else if (archive) {
    reads(call, [archive]);
  }
}

/** `find DIR ... -exec CMD {} \;`: CMD runs on DIR's files (named by -name when given). */
function findResolver(call: CommandCall): void {
  const args = call.argv.slice(1);
  const dirs: Value[] = [];
  let i = 0;
  while (i < args.length && !(args[i] as Value).text.startsWith('-') && (args[i] as Value).text !== '!') {
    dirs.push(args[i] as Value);
    i++;
  }
  let name = '*';
  for (; i < args.length; i++) {
    const t = (args[i] as Value).text;
    if ((t === '-name' || t === '-iname') && args[i + 1]) name = (args[i + 1] as Value).text;
    if (t === '-exec' || t === '-execdir' || t === '-ok') {
      const end = args.findIndex((a, j) => j > i && (a.text === ';' || a.text === '+' || a.text === '\\;'));
      const inner = args.slice(i + 1, end < 0 ? undefined : end);
      for (const d of dirs.length ? dirs : [lit('.')]) {
        const file = { text: `${d.text.replace(/\/+$/, '')}/${name}`, resolved: d.resolved };
        const argv = inner.map((a) => (a.text === '{}' ? file : a));
        if (argv.length) call.run.dispatch({ ...call, name: argv[0]?.text ?? '', argv, stdin: undefined });
      }
      if (end < 0) break;
      i = end;
    }
  }
}

export const fileCommands: CommandResolver = {
  id: 'files',
  title: 'Local file commands: cat, sort, sed, cp/mv, gzip, tar, zip, 7z, find -exec',
  emits: ['reads', 'writes', 'invokes'],
  commands,
};
