/**
 * Local Perl modules: `use lib DIR` adds DIR to the search path and `use NAME` / `require NAME`
 * loads DIR/NAME.pm when it is a file under ROOT (also beside the script). Its package variables
 * (`our $SPOOL = ...` in `package Acct`) are then known as `$Acct::SPOOL`, and its subs can be
 * called as `Acct::outdir()` (or by their bare name, when the script defines no sub of that name).
 * The module is read as text, never run; its own top-level statements are walked once.
 */
import { joinServer } from '../../util/paths.js';
import { lexPerl } from './lex.js';
import type { PerlSink } from './sink.js';
import { type Statement, splitArgs, splitStatements } from './statements.js';
import { asPath, evaluate, isKnown, type Scope, type Value } from './values.js';

/** Modules bigger than this are libraries, not configuration: they are not read. */
const MAX_MODULE_BYTES = 256 * 1024;
/** Pragmas and CPAN names are never files of the server's job. */
const PRAGMAS =
  /^(strict|warnings|lib|constant|utf8|vars|integer|feature|parent|base|FindBin|POSIX|Carp|Data::Dumper|Exporter)$/;

export interface ModuleState {
  libs: string[];
  loaded: Set<string>;
}

export interface LoadedModule {
  path: string;
  text: string;
  pkg: string;
  statements: Statement[];
}

/** `use lib LIST`: the directories, evaluated (`"$Bin/../lib"`). */
export function useLib(stmt: Statement, scope: Scope, state: ModuleState): boolean {
  const t = stmt.tokens;
  if (t[0]?.text !== 'use' || t[1]?.text !== 'lib') return false;
  for (const arg of splitArgs(t.slice(2))) {
    const only = arg[0];
    if (only?.kind === 'str' && only.quote === 'qw') {
      for (const w of only.text.trim().split(/\s+/)) if (w) state.libs.push(w);
      continue;
    }
    const v = evaluate(arg, scope, stmt.inSub);
    if (isKnown(v)) state.libs.push(asPath(v));
  }
  return true;
}

/** `use NAME` / `require NAME` of a module found under ROOT: its statements, read once. */
export function findModule(stmt: Statement, state: ModuleState, sink: PerlSink): LoadedModule | undefined {
  const t = stmt.tokens;
  if (t[0]?.kind !== 'word' || (t[0].text !== 'use' && t[0].text !== 'require')) return undefined;
  const name = t[1];
  if (name?.kind !== 'word' || !/^[A-Za-z_]\w*(::\w+)*$/.test(name.text) || PRAGMAS.test(name.text))
    return undefined;
  if (state.loaded.has(name.text)) return undefined;
  const rel = `${name.text.replace(/::/g, '/')}.pm`;
  const scriptDir = sink.ctx.path.replace(/\/[^/]*$/, '') || '/';
  for (const dir of [...state.libs, scriptDir]) {
    const base = dir.startsWith('/') ? dir : joinServer(sink.ctx.cwd, dir);
    const path = joinServer(base, rel);
    const st = sink.ctx.fs.stat(path);
    if (!st?.isFile() || st.size > MAX_MODULE_BYTES) continue;
    const r = sink.ctx.fs.readText(path);
    if (!r.ok) continue;
    state.loaded.add(name.text);
    return { path, text: r.text, pkg: name.text, statements: splitStatements(lexPerl(r.text)) };
  }
  return undefined;
}

/** The package a module's statements declare (`package Acct;`), else the name it was loaded by. */
export function packageOf(m: LoadedModule): string {
  for (const s of m.statements) {
    const t = s.tokens;
    if (t[0]?.text === 'package' && t[1]?.kind === 'word') return t[1].text;
  }
  return m.pkg;
}

/** Scalars the module set: also known by their package-qualified names. */
export function qualify(pkg: string, before: Map<string, Value>, scope: Scope): void {
  for (const [name, v] of scope.scalars) {
    if (name.includes('::') || before.get(name) === v) continue;
    scope.scalars.set(`$${pkg}::${name.slice(1)}`, v);
  }
}
