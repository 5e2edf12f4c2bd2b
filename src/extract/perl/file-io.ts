/**
 * Perl file I/O: `open` in its 3- and 2-argument forms (modes `<`, `>`, `>>`, `+<`, `+>`, layers
 * like `<:encoding(UTF-8)`), `sysopen` flags, File::Copy `copy`/`move`, `rename`, and the
 * one-call slurp/dump helpers of File::Slurp, Storable and YAML. Pipe opens are commands.
 */
import { basename, joinServer } from '../../util/paths.js';
import { runCommand } from './commands.js';
import type { PerlToken } from './lex.js';
import type { PerlSink } from './sink.js';
import { asPath, evaluate, type Scope, type Value } from './values.js';

type Eval = (arg: PerlToken[] | undefined) => Value | undefined;

export function evaluator(scope: Scope, inSub: boolean): Eval {
  return (arg) => (arg && arg.length > 0 ? evaluate(arg, scope, inSub) : undefined);
}

/** `open(FH, MODE, PATH, @args)` / `open(FH, EXPR)`. */
export function openCall(args: PerlToken[][], line: number, ev: Eval, sink: PerlSink): void {
  if (args.length >= 3) {
    const mode = ev(args[1]);
    if (!mode) return;
    const m = mode.text.trim().replace(/:.*$/, '').trim();
    if (m === '-|' || m === '|-') {
      const argv = args
        .slice(2)
        .map((a) => ev(a))
        .filter((v): v is Value => v !== undefined);
      runCommand(argv, line, `open ${m}`, sink);
      return;
    }
    if ((args[2]?.[0]?.kind === 'op' && args[2][0].text === '\\') || !/^\+?(<|>|>>)$/.test(m)) return;
    const path = ev(args[2]);
    if (path) openMode(m, path, line, `open ${m}`, sink);
    return;
  }
  const expr = ev(args[1]);
  if (!expr) return;
  const text = expr.text.trim();
  if (text.startsWith('|') || text.endsWith('|')) {
    const cmd = text.replace(/^\|\s*|\s*\|$/g, '');
    runCommand([{ ...expr, text: cmd }], line, text.startsWith('|') ? 'open |cmd' : 'open cmd|', sink);
    return;
  }
  const m = /^(\+?(?:>>|<|>))?\s*(.*)$/s.exec(text);
  const mode = m?.[1] ?? '<';
  if (m?.[2]?.startsWith('&')) return; // `>&STDERR`: a duplicated handle
  openMode(mode, { ...expr, text: m?.[2] ?? '' }, line, `open ${mode}`, sink);
}

function openMode(mode: string, path: Value, line: number, construct: string, sink: PerlSink): void {
  const reads = mode === '<' || mode === '+<';
  const writes = mode !== '<';
  if (reads) sink.file(path, 'read', line, construct);
  if (writes) sink.file(path, 'write', line, construct);
}

/** `sysopen(FH, PATH, O_WRONLY|O_CREAT)`: the flags say the direction. */
export function sysopenCall(args: PerlToken[][], line: number, ev: Eval, sink: PerlSink): void {
  const path = ev(args[1]);
  if (!path) return;
  const flags = (args[2] ?? []).map((t) => t.text).join('');
  const writes = /O_(WRONLY|RDWR|CREAT|APPEND|TRUNC)/.test(flags);
  const reads = !/O_WRONLY/.test(flags);
  if (reads) sink.file(path, 'read', line, 'sysopen');
  if (writes) sink.file(path, 'write', line, 'sysopen');
}

/** File::Copy `copy`/`move` (`cp`/`mv`), `rename`: read the source, write the target. */
export function copyCall(name: string, args: PerlToken[][], line: number, ev: Eval, sink: PerlSink): void {
  const src = ev(args[0]);
  const dst = ev(args[1]);
  if (!src || !dst) return;
  let target = dst;
  const dstPath = asPath(dst);
  // Copying into a directory writes a file of the source's name there.
  if (
    dstPath.endsWith('/') ||
    (dstPath.startsWith('/') && !dstPath.includes('*') && sink.ctx.fs.isDirectory(dstPath))
  ) {
    target = { ...dst, text: joinServer(dst.text, basename(src.text)) };
  }
  const construct = name.replace(/^File::Copy::/, '');
  sink.file(src, 'read', line, construct);
  sink.file(target, 'write', line, construct);
}

/** One-call readers and writers: which argument is the path, and the direction. */
export const SLURP_CALLS: Record<string, { arg: number; op: 'read' | 'write' }> = {
  read_file: { arg: 0, op: 'read' },
  write_file: { arg: 0, op: 'write' },
  append_file: { arg: 0, op: 'write' },
  overwrite_file: { arg: 0, op: 'write' },
  retrieve: { arg: 0, op: 'read' },
  lock_retrieve: { arg: 0, op: 'read' },
  store: { arg: 1, op: 'write' },
  nstore: { arg: 1, op: 'write' },
  lock_store: { arg: 1, op: 'write' },
  LoadFile: { arg: 0, op: 'read' },
  DumpFile: { arg: 0, op: 'write' },
};

export function slurpCall(name: string, args: PerlToken[][], line: number, ev: Eval, sink: PerlSink): void {
  const spec = SLURP_CALLS[name.replace(/^.*::/, '')];
  if (!spec) return;
  const path = ev(args[spec.arg]);
  if (path) sink.file(path, spec.op, line, name);
}
