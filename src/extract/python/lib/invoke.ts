/**
 * Other programs a script runs: subprocess with an argument list (interpreter + script + args are
 * bound here), command strings (os.system, shell=True, os.popen) parsed as shell by the shell
 * extractor, and the os.exec and os.spawn families.
 */
import { basename, joinServer } from '../../../util/paths.js';
import { interpreterSpec, languageOfInterpreter } from '../../languages.js';
import { extractShellCommand } from '../../shell/index.js';
import type { Invocation, ScriptContext } from '../../types.js';
import { arg, type Call, construct, type Handler } from '../call.js';
import {
  confidenceOfStr,
  HOLE,
  options,
  render,
  type Str,
  toStr,
  truthy,
  UNKNOWN,
  type Value,
} from '../value.js';

/** An interpreter that runs a script file (extract/languages.ts): python3, bash, Rscript, node... */
function isScriptInterpreter(prog: string): boolean {
  const spec = interpreterSpec(prog);
  return spec !== undefined && spec.scriptArgument !== false;
}

/** Interpreter options that take a value (`python3 -W ignore x.py`). */
const MAX_ARGV_VARIANTS = 12;
const OPTION_WITH_VALUE = new Set(['-W', '-X', '-I', '-o', '-O']);

function cwdOf(c: Call): string {
  const v = c.kwargs.get('cwd');
  const s = v ? options(v).find((o): o is Str => o.k === 'str') : undefined;
  return s && !s.s.includes(HOLE) ? joinServer(c.interp.cwd, s.s) : c.interp.cwd;
}

function envOf(c: Call): Record<string, string> {
  const env: Record<string, string> = { ...c.interp.env };
  const v = c.kwargs.get('env');
  if (v?.k === 'dict') {
    for (const [k, x] of v.entries) if (x.k === 'str' && !x.s.includes(HOLE)) env[k] = x.s;
  }
  return env;
}

/** What the callee's environment adds to the job's: os.environ[...] = ... and env= entries. */
function envDelta(c: Call): Record<string, string> | undefined {
  const all = envOf(c);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) if (c.interp.ctx.env[k] !== v) out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

function shellCommand(c: Call, cmd: Value | undefined): void {
  if (!cmd || !c.frame.emit) return;
  for (const o of options(cmd)) {
    if (o.k !== 'str') continue;
    const text = render(o.s);
    if (text.trim() === '' || text.trim() === '*') {
      c.interp.rec.unresolved(c.frame, c.node, construct(c));
      continue;
    }
    const ev = c.interp.rec.evidence(c.frame, c.node, construct(c));
    const ctx: ScriptContext = { ...c.interp.ctx, cwd: cwdOf(c), env: envOf(c) };
    const out = extractShellCommand(text, ctx, { file: ev.file, line: ev.line });
    c.interp.rec.merge(c.frame, out, o.via ? 'resolved' : 'exact');
  }
}

const quote = (s: string): string => (/^[\w@%+=:,./*-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * Where the script is in argv: after the interpreter and its options (`python3 -u x.py`), or
 * argv[0] itself (`/opt/x.sh`). Undefined when there is no script file to name (`python -m`,
 * `bash -c` is handed to the shell extractor here).
 */
function scriptIndex(c: Call, words: Str[]): { index: number; interpreter?: string } | undefined {
  const prog = basename(render(words[0]?.s ?? ''));
  if (!isScriptInterpreter(prog)) return { index: 0 };
  let i = 1;
  while (i < words.length && render(words[i]?.s ?? '').startsWith('-')) {
    const opt = render(words[i]?.s ?? '');
    if (opt === '-c' || opt === '-m') {
      if (/^(bash|sh|dash|ksh|zsh)$/.test(prog) && opt === '-c') shellCommand(c, words[i + 1]);
      return undefined;
    }
    i += OPTION_WITH_VALUE.has(opt) ? 2 : 1;
  }
  return i < words.length ? { index: i, interpreter: prog } : undefined;
}

/** argv as a list: bind interpreter + script + arguments, or hand other programs to the shell extractor. */
function runArgv(c: Call, argv: Value[]): void {
  if (!c.frame.emit || argv.length === 0) return;
  const words = argv.map((v) => toStr(v));
  const first = render(words[0]?.s ?? '');
  if (!isScriptInterpreter(basename(first)) && !first.includes('/') && !/\.(py|sh|pl|rb|php)$/.test(first)) {
    // a program found on PATH (cp, psql, aws): the shell extractor knows what they read and write
    const text = words.map((w) => quote(render(w.s))).join(' ');
    shellCommand(c, { k: 'str', s: text, via: words.some((w) => w.via) });
    return;
  }
  const at = scriptIndex(c, words);
  if (!at) return;
  const i = at.index;
  const interpreter = at.interpreter;
  const script = words[i] as Str;
  const rendered = render(script.s);
  if (rendered === '*' || rendered === '') {
    c.interp.rec.unresolved(c.frame, c.node, construct(c));
    return;
  }
  const path = joinServer(cwdOf(c), rendered);
  const args = words.slice(i + 1).map((w) => render(w.s));
  const via = words.some((w) => w.via);
  const conf = confidenceOfStr({ k: 'str', s: [path, ...args].join(' '), via }, [path, ...args].join(' '));
  const inv: Invocation = {
    path,
    args,
    mode: 'run',
    evidence: c.interp.rec.evidence(c.frame, c.node, construct(c)),
    confidence: conf,
  };
  if (interpreter) {
    inv.interpreter = interpreter;
    const lang = languageOfInterpreter(interpreter);
    if (lang) inv.language = lang;
  }
  const cwd = cwdOf(c);
  if (cwd !== c.interp.cwd) inv.cwd = cwd;
  const env = envDelta(c);
  if (env) inv.env = env;
  c.interp.rec.invoke(c.frame, inv);
}

/** Every argv the alternatives of its items allow (`for step in STEPS: run([py, step])`), bounded. */
function expandArgv(items: Value[]): Value[][] {
  let acc: Value[][] = [[]];
  for (const it of items) {
    const next: Value[][] = [];
    for (const a of acc)
      for (const o of options(it)) if (next.length < MAX_ARGV_VARIANTS) next.push([...a, o]);
    acc = next;
  }
  return acc;
}

const subprocessCall: Handler = (c) => {
  const cmd = arg(c, 0, 'args');
  if (!cmd) return UNKNOWN;
  const shell = truthy(c.kwargs.get('shell') ?? { k: 'bool', b: false }) === true;
  for (const o of options(cmd)) {
    if (o.k === 'list' && !o.same) {
      if (shell) shellCommand(c, o.items[0]);
      else for (const argv of expandArgv(o.items)) runArgv(c, argv);
    } else if (o.k === 'str') shellCommand(c, o);
    else if (c.frame.emit) c.interp.rec.unresolved(c.frame, c.node, construct(c));
  }
  return UNKNOWN;
};

const stringCommand: Handler = (c) => {
  shellCommand(c, arg(c, 0, 'command', 'cmd'));
  return UNKNOWN;
};

/** os.execv(path, argv) / os.execl(path, arg0, arg1...): argv[0] is a name, the path runs. */
function execFamily(vector: boolean, skip: number): Handler {
  return (c) => {
    const path = c.args[skip];
    if (!path) return UNKNOWN;
    let rest: Value[];
    if (vector) {
      const list = c.args[skip + 1];
      rest = list?.k === 'list' && !list.same ? list.items.slice(1) : [];
    } else rest = c.args.slice(skip + 2).filter((v) => v.k !== 'dict');
    runArgv(c, [path, ...rest]);
    return UNKNOWN;
  };
}

export const invokeCalls: Record<string, Handler> = {
  'os.system': stringCommand,
  'os.popen': stringCommand,
  'subprocess.getoutput': stringCommand,
  'subprocess.getstatusoutput': stringCommand,
  'commands.getoutput': stringCommand,
  'commands.getstatusoutput': stringCommand,
  'asyncio.create_subprocess_shell': stringCommand,
  'asyncio.create_subprocess_exec': (c) => {
    runArgv(c, c.args);
    return UNKNOWN;
  },
};
for (const f of ['run', 'call', 'check_call', 'check_output', 'Popen'])
  invokeCalls[`subprocess.${f}`] = subprocessCall;
for (const f of ['execv', 'execve', 'execvp', 'execvpe']) invokeCalls[`os.${f}`] = execFamily(true, 0);
for (const f of ['execl', 'execle', 'execlp', 'execlpe']) invokeCalls[`os.${f}`] = execFamily(false, 0);
for (const f of ['spawnv', 'spawnve', 'spawnvp', 'spawnvpe']) invokeCalls[`os.${f}`] = execFamily(true, 1);
for (const f of ['spawnl', 'spawnle', 'spawnlp', 'spawnlpe']) invokeCalls[`os.${f}`] = execFamily(false, 1);
