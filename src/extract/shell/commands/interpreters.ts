/**
 * Running scripts: `python3 /opt/x.py ARGS`, `bash wrapper.sh`, `perl z.pl`, `./y.sh`, a script on
 * PATH. Each becomes an Invocation with its arguments bound, so the callee's `sys.argv`/`$1` resolve.
 */

import type { Evidence } from '../../../model/evidence.js';
import { joinServer } from '../../../util/paths.js';
import { interpreterSpec, type LanguageSpec } from '../../languages.js';
import type { Language } from '../../types.js';
import type { Value } from '../value.js';
import type { CommandCall, CommandResolver } from './types.js';

/** A language whose interpreter takes a script file (extract/languages.ts); not `psql db`. */
function scriptInterpreter(base: string): LanguageSpec | undefined {
  const spec = interpreterSpec(base);
  return spec && spec.scriptArgument !== false ? spec : undefined;
}

export function isInterpreter(base: string): boolean {
  return scriptInterpreter(base) !== undefined;
}

/** Directories whose files are the system's own programs, not the server's scripts. */
const SYSTEM_DIRS = /^\/(usr\/)?s?bin\//;

export function interpreterResolver(call: CommandCall): void {
  const base = call.name.slice(call.name.lastIndexOf('/') + 1);
  const spec = scriptInterpreter(base);
  if (!spec) return;
  const language = spec.id;
  const valued = spec.valuedOptions;
  const args = call.argv.slice(1);
  let i = subcommandLength(spec, args);
  while (i < args.length) {
    const t = (args[i] as Value).text;
    if (t === '--') {
      i++;
      break;
    }
    if (!t.startsWith('-') || t === '-') break;
    // inline code: `bash -c 'cmd'` is shell we can walk; `python -c` / `perl -e` are not followed
    if (language === 'shell' && /^-[a-z]*c$/.test(t)) {
      runInline(call, args.slice(i + 1));
      return;
    }
    if (
      runModuleOption(call, language, base, args, i) ||
      runScriptOption(call, spec, base, args, i) ||
      runInlineOption(call, spec, base, args, i)
    )
      return;
    if (/^-[ce]$/.test(t)) return;
    if (t.length === 2 && valued.includes(t[1] as string)) i++;
    i++;
  }
  const script = args[i];
  if (!script) return;
  emitScript(call, base, language, script, args.slice(i + 1));
}

/** `python -m pkg.mod`, or glued to flags without values (`-um pkg.mod`, `-mpkg.mod`). */
function runModuleOption(
  call: CommandCall,
  language: Language,
  base: string,
  args: Value[],
  i: number,
): boolean {
  const moduleFlag = language === 'python' ? /^-[bBdEiIOqsSuvxR]*m(.*)$/.exec((args[i] as Value).text) : null;
  if (!moduleFlag) return false;
  const glued = moduleFlag[1] !== '';
  const mod = glued ? { ...(args[i] as Value), text: moduleFlag[1] as string } : args[i + 1];
  if (mod) runModule(call, base, mod, args.slice(i + (glued ? 1 : 2)));
  return true;
}

/** `R CMD BATCH x.R`: the words before the interpreter's options, when the spec names them. */
function subcommandLength(spec: LanguageSpec, args: Value[]): number {
  const sub = spec.subcommands?.find((words) => words.every((w, j) => args[j]?.text === w));
  return sub?.length ?? 0;
}

/** `R -f x.R`, `awk --file=p.awk`: the script is the value of one of the spec's script options. */
function runScriptOption(
  call: CommandCall,
  spec: LanguageSpec,
  base: string,
  args: Value[],
  i: number,
): boolean {
  const t = (args[i] as Value).text;
  const eq = t.indexOf('=');
  if (!spec.scriptOptions?.includes(eq > 0 ? t.slice(0, eq) : t)) return false;
  const glued = eq > 0 ? { ...(args[i] as Value), text: t.slice(eq + 1) } : undefined;
  const script = glued ?? args[i + 1];
  const rest = args.filter(
    (a, j) => j !== i && (glued !== undefined || j !== i + 1) && !a.text.startsWith('-'),
  );
  if (script) emitScript(call, base, spec.id, script, rest);
  return true;
}

/**
 * `python -c CODE ARGS`, `perl -e CODE`, `Rscript -e CODE`: the program is the option's value (or
 * glued to it: `-cCODE`, `--eval=CODE`). Its language's extractor reads it in the caller's
 * working directory and environment (python -c puts that directory on sys.path), and what it
 * reads, writes and runs is the caller's, with the caller's file and line as evidence.
 */
function runInlineOption(
  call: CommandCall,
  spec: LanguageSpec,
  base: string,
  args: Value[],
  i: number,
): boolean {
  const t = (args[i] as Value).text;
  const clustered = switchCluster(spec, t);
  const option =
    clustered?.option ??
    spec.inlineOptions?.find((o) => t === o || t.startsWith(o.startsWith('--') ? `${o}=` : o));
  if (!option) return false;
  const glued = !clustered && t.length > option.length;
  const code = glued
    ? { ...(args[i] as Value), text: t.slice(option.length + (t[option.length] === '=' ? 1 : 0)) }
    : args[i + 1];
  const inline = call.run.ctx.inline;
  if (!code || !inline) return true;
  const run = call.run;
  const at = run.evidence(call.node, `${base} ${option}`);
  const operands = args.slice(i + (glued ? 1 : 2));
  const switches = [
    ...args.slice(0, i).flatMap((a) => switchCluster(spec, a.text, false)?.letters ?? ''),
    clustered?.letters ?? '',
  ].join('');
  const text = loopedCode(spec, switches, code.text);
  if (spec.inlineSwitches?.inPlace && switches.includes(spec.inlineSwitches.inPlace)) {
    for (const f of operands)
      if (!f.text.startsWith('-'))
        run.emitWrite(f, call.node, `${base} -${spec.inlineSwitches.inPlace} (in place)`);
  }
  const out = inline({
    path: joinServer(run.cwd.includes('*') ? '/' : run.cwd, option),
    text,
    language: spec.id,
    args: operands.map((a) => a.text),
    env: run.exportedEnv(call.inlineEnv),
    cwd: run.cwd,
    host: run.ctx.host,
    fs: run.ctx.fs,
    parsers: run.ctx.parsers,
    budgetMs: run.ctx.budgetMs,
    inline,
    ...(run.ctx.sqlContext ? { sqlContext: run.ctx.sqlContext } : {}),
  });
  const evidence = (e: Evidence): Evidence => ({
    ...e,
    file: at.file,
    line: at.line,
    construct: `${base} ${option}: ${e.construct}`,
    ...(at.snippet ? { snippet: at.snippet } : {}),
  });
  for (const r of out.reads) run.emitRef('read', { ...r, evidence: evidence(r.evidence) });
  for (const w of out.writes) run.emitRef('write', { ...w, evidence: evidence(w.evidence) });
  run.merge({
    reads: [],
    writes: [],
    invokes: out.invokes.map((v) => ({ ...v, evidence: evidence(v.evidence) })),
    diagnostics: out.diagnostics.map((d) => ({ ...d, location: { file: at.file, line: at.line } })),
  });
  return true;
}

/**
 * `-ne`, `-lane`, `-pi.bak` (and, with `last` false, a word of switches alone: `-n`, `-i.bak`):
 * the switch letters of the spec's inline switches, and the inline option the word ends with.
 */
function switchCluster(
  spec: LanguageSpec,
  word: string,
  last = true,
): { letters: string; option?: string } | undefined {
  const sw = spec.inlineSwitches;
  if (!sw || !/^-[A-Za-z]/.test(word)) return undefined;
  const letters: string[] = [];
  for (let j = 1; j < word.length; j++) {
    const c = word[j] as string;
    const option = spec.inlineOptions?.find((o) => o === `-${c}`);
    if (last && option && j === word.length - 1 && letters.length > 0)
      return { letters: letters.join(''), option };
    if (!sw.letters.includes(c)) return undefined;
    letters.push(c);
    // `-i.bak`: the in-place switch takes the rest of the word as its suffix
    if (c === sw.inPlace) return last ? undefined : { letters: letters.join('') };
  }
  return last ? undefined : { letters: letters.join('') };
}

/** The inline code inside the loop its switches ask for (`-p` before `-n`, as perl does). */
function loopedCode(spec: LanguageSpec, switches: string, code: string): string {
  for (const [letter, template] of Object.entries(spec.inlineSwitches?.loops ?? {}))
    if (switches.includes(letter)) return template.replace('CODE', () => code);
  return code;
}

export function emitScript(
  call: CommandCall,
  base: string,
  language: Language,
  script: Value,
  rest: Value[],
): void {
  call.run.emitInvoke(
    {
      path: script.text,
      args: rest.map((a) => a.text),
      interpreter: base,
      language,
      env: call.run.exportedEnv(call.inlineEnv),
    },
    call.node,
    `${base} ${shortName(script.text)}`,
    script,
  );
}

/** `bash -c 'CODE' NAME ARGS`: the code is shell we walk, with ARGS as its $1... */
function runInline(call: CommandCall, rest: Value[]): void {
  const code = rest[0];
  if (!code) return;
  call.run.runNested(code.text, call.node, rest.slice(2));
}

/**
 * `python -m pkg.mod ARGS` runs pkg/mod.py (or pkg/mod/__main__.py) found on the module search
 * path: the working directory first (python puts it on sys.path for -m), then PYTHONPATH, then a
 * virtualenv's site-packages when the interpreter is named by path (`/opt/app/venv/bin/python`).
 * The callee gets the working directory on its PYTHONPATH, so its own absolute imports resolve.
 * A module found nowhere on the server (the standard library, an installed tool) is an info.
 */
function runModule(call: CommandCall, base: string, mod: Value, rest: Value[]): void {
  const run = call.run;
  const dotted = mod.text;
  if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(dotted)) {
    run.warn(call.node, 'module-run', `${base} -m ${dotted}: the module name is not known before it runs`);
    return;
  }
  const env = run.exportedEnv(call.inlineEnv);
  const searchPath = [run.cwd, ...(env.PYTHONPATH ?? '').split(':'), ...sitePackages(call)].filter(
    (d) => d.startsWith('/') && !d.includes('*'),
  );
  const rel = dotted.replace(/\./g, '/');
  for (const dir of searchPath) {
    for (const candidate of [`${dir}/${rel}.py`, `${dir}/${rel}/__main__.py`]) {
      if (!run.ctx.fs.isFile(candidate)) continue;
      const pythonPath = [run.cwd, env.PYTHONPATH].filter(Boolean).join(':');
      run.emitInvoke(
        {
          path: candidate,
          args: rest.map((a) => a.text),
          interpreter: base,
          language: 'python',
          env: { ...env, PYTHONPATH: pythonPath },
        },
        call.node,
        `${base} -m ${dotted}`,
        mod,
      );
      return;
    }
  }
  run.note(
    call.node,
    'module-not-found',
    `${base} -m ${dotted}: no ${rel}.py under ${searchPath.join(', ') || 'a known directory'} (the standard library or an installed package?)`,
  );
}

/** site-packages of the virtualenv an interpreter named by path belongs to (`VENV/bin/python3`). */
function sitePackages(call: CommandCall): string[] {
  const m = /^(\/.+)\/bin\/[^/]+$/.exec(call.name);
  if (!m || SYSTEM_DIRS.test(call.name)) return [];
  const lib = `${m[1]}/lib`;
  return call.run.ctx.fs
    .list(lib)
    .filter((n) => n.startsWith('python'))
    .map((n) => `${lib}/${n}/site-packages`);
}

/** A command named by path (`./run.sh`, `/opt/etl/load`) or a script found on PATH under ROOT. */
export function pathCommandResolver(call: CommandCall): void {
  const run = call.run;
  const name = call.name;
  if (!name || (name.includes('*') && !name.includes('/'))) return;
  let path: string | undefined;
  if (name.includes('/')) {
    path = name;
    // `/usr/bin/x` that is not a file under ROOT is the system's program, not a script of the server
    if (SYSTEM_DIRS.test(name) && !run.ctx.fs.isFile(name)) return;
  } else {
    path = findOnPath(call, name);
  }
  if (!path) return;
  const target = call.argv[0] as Value;
  run.emitInvoke(
    { path, args: call.argv.slice(1).map((a) => a.text), env: run.exportedEnv(call.inlineEnv) },
    call.node,
    `runs ${shortName(path)}`,
    target,
  );
}

/** Look a bare command name up on PATH under ROOT; only text scripts outside the system dirs count. */
function findOnPath(call: CommandCall, name: string): string | undefined {
  const run = call.run;
  const pathVar = run.lookup('PATH')?.text ?? '/usr/local/bin:/usr/bin:/bin';
  for (const dir of pathVar.split(':')) {
    if (!dir.startsWith('/') || dir.includes('*')) continue;
    const candidate = `${dir.replace(/\/+$/, '')}/${name}`;
    if (SYSTEM_DIRS.test(candidate)) continue;
    if (run.ctx.fs.isFile(candidate)) return candidate;
  }
  return undefined;
}

function shortName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

export const interpreterCommands: CommandResolver = {
  id: 'interpreters',
  title: 'Interpreters running a script: python -m, perl, bash -c, php, ruby, node, Rscript',
  emits: ['invokes'],
  commands: {},
  matches: isInterpreter,
  resolve: interpreterResolver,
};
