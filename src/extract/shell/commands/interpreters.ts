/**
 * Running scripts: `python3 /opt/x.py ARGS`, `bash wrapper.sh`, `perl z.pl`, `./y.sh`, a script on
 * PATH. Each becomes an Invocation with its arguments bound, so the callee's `sys.argv`/`$1` resolve.
 */
import type { Language } from '../../types.js';
import type { CommandCall } from '../interpreter.js';
import type { Value } from '../value.js';

const INTERPRETERS: Array<[RegExp, Language, string]> = [
  [/^python[\d.]*$|^pypy3?$/, 'python', 'bcmOQWWX'],
  [/^perl[\d.]*$/, 'perl', 'eEIlMmx0'],
  [/^(ba|da|k|z|a)?sh$/, 'shell', 'oO'],
  [/^php[\d.]*$/, 'php', 'cdrz'],
  [/^ruby[\d.]*$/, 'ruby', 'eIr'],
  [/^(node|nodejs)$/, 'node', 'er'],
  [/^Rscript$/, 'unknown', 'e'],
];

export function isInterpreter(base: string): boolean {
  return INTERPRETERS.some(([re]) => re.test(base));
}

/** Directories whose files are the system's own programs, not the server's scripts. */
const SYSTEM_DIRS = /^\/(usr\/)?s?bin\//;

export function interpreterResolver(call: CommandCall): void {
  const base = call.name.slice(call.name.lastIndexOf('/') + 1);
  const entry = INTERPRETERS.find(([re]) => re.test(base));
  if (!entry) return;
  const [, language, valued] = entry;
  const args = call.argv.slice(1);
  let i = 0;
  while (i < args.length) {
    const t = (args[i] as Value).text;
    if (t === '--') {
      i++;
      break;
    }
    if (!t.startsWith('-') || t === '-') break;
    // inline code: `bash -c 'cmd'` is shell we can walk; `python -c` / `perl -e` are not followed
    if (language === 'shell' && /^-[a-z]*c$/.test(t)) {
      const code = args[i + 1];
      if (code) {
        const saved = call.run.state.args;
        call.run.state.args = args.slice(i + 3);
        call.run.runNested(code.text, call.node);
        call.run.state.args = saved;
      }
      return;
    }
    if (/^-[ce]$/.test(t) || (language === 'python' && t === '-m')) {
      if (t === '-m' && args[i + 1]) {
        call.run.warn(
          call.node,
          'module-run',
          `python -m ${(args[i + 1] as Value).text}: modules are not followed`,
        );
      }
      return;
    }
    if (t.length === 2 && valued.includes(t[1] as string)) i++;
    i++;
  }
  const script = args[i];
  if (!script) return;
  call.run.emitInvoke(
    {
      path: script.text,
      args: args.slice(i + 1).map((a) => a.text),
      interpreter: base,
      language,
      env: call.run.exportedEnv(call.inlineEnv),
    },
    call.node,
    `${base} ${shortName(script.text)}`,
    script,
  );
}

/** A command named by path (`./run.sh`, `/opt/etl/load`) or a script found on PATH under ROOT. */
export function pathCommandResolver(call: CommandCall): void {
  const run = call.run;
  const name = call.name;
  if (!name || (name.includes('*') && !name.includes('/'))) return;
  let path: string | undefined;
  if (name.includes('/')) {
    path = name;
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
