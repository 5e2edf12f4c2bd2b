/**
 * What program a process image runs, and the script behind it: `python3 -u x.py` runs x.py,
 * `bash -c 'CMD'` runs an inline command, `perl -e` inline code, `/opt/etl/run.sh` (a shebang
 * script executed directly) runs itself, `/usr/bin/sqlite3` is a system program with no script.
 */
import { basename, joinServer } from '../util/paths.js';

export interface Image {
  exe: string;
  argv: string[];
  /** Server path of the script this image runs (interpreter argument or the executable itself). */
  script?: string;
  language?: string;
  /** `sh -c CMD`: the command, which is not a file. */
  inline?: string;
  shell: boolean;
}

interface Interpreter {
  language: string;
  /** Options whose value is the next argument. */
  valued: Set<string>;
  /** Options that make the next argument inline code (`-c`, `-e`). */
  inline: Set<string>;
  /** `python -m pkg.mod`: a module, not a file. */
  module?: string;
}

const SHELL: Interpreter = {
  language: 'shell',
  valued: new Set(['-o', '-O', '+o', '--rcfile', '--init-file']),
  inline: new Set(['-c']),
};
const INTERPRETERS: Array<[RegExp, Interpreter]> = [
  [
    /^python[\d.]*$/,
    { language: 'python', valued: new Set(['-W', '-X', '-Q']), inline: new Set(['-c']), module: '-m' },
  ],
  [/^perl[\d.]*$/, { language: 'perl', valued: new Set(['-I', '-M', '-m']), inline: new Set(['-e', '-E']) }],
  [/^(?:ba|da|k|z|a|mk)?sh$/, SHELL],
  [/^ruby[\d.]*$/, { language: 'ruby', valued: new Set(['-I', '-r']), inline: new Set(['-e']) }],
  [
    /^(?:node|nodejs)$/,
    { language: 'javascript', valued: new Set(['-r', '--require']), inline: new Set(['-e', '--eval', '-p']) },
  ],
  [/^php[\d.]*$/, { language: 'php', valued: new Set(['-c', '-d']), inline: new Set(['-r']) }],
  [/^Rscript$/, { language: 'r', valued: new Set([]), inline: new Set(['-e']) }],
];

/** System programs: executing them runs no script of the server's own. */
const SYSTEM_PROGRAM = /^\/(?:usr\/)?(?:s?bin|lib|lib64|libexec)\//;
/** Version managers' shims and helpers (pyenv, rbenv, nodenv, asdf): they pick an interpreter, they are not the job. */
const VERSION_MANAGER = /\/(?:shims|\.(?:pyenv|rbenv|nodenv|asdf)\/(?:libexec|bin|lib))\//;

export function interpreterOf(exe: string): Interpreter | undefined {
  const b = basename(exe);
  return INTERPRETERS.find(([re]) => re.test(b))?.[1];
}

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: one pass over an interpreter's options, as its own parser does
export function imageOf(exe: string, argv: string[], cwd: string | undefined): Image {
  if (VERSION_MANAGER.test(exe)) return { exe, argv, shell: false };
  const interp = interpreterOf(exe) ?? (argv[0] ? interpreterOf(argv[0]) : undefined);
  const shell = interp === SHELL;
  if (interp) {
    for (let i = 1; i < argv.length; i++) {
      const a = argv[i] as string;
      if (interp.inline.has(a))
        return { exe, argv, language: interp.language, inline: argv[i + 1] ?? '', shell };
      if (interp.module !== undefined && a === interp.module)
        return { exe, argv, language: interp.language, shell };
      if (interp.valued.has(a)) {
        i++;
        continue;
      }
      if (a === '--') continue;
      if (a.startsWith('-') || a.startsWith('+')) {
        // bundled short options: `bash -ec CMD`, `perl -wle CODE`
        if (
          !a.startsWith('--') &&
          [...interp.inline].some((o) => o.length === 2 && a.slice(1).includes(o[1] as string))
        )
          return { exe, argv, language: interp.language, inline: argv[i + 1] ?? '', shell };
        continue;
      }
      const script = a.startsWith('/') || cwd ? joinServer(cwd ?? '/', a) : undefined;
      return script
        ? { exe, argv, script, language: interp.language, shell }
        : { exe, argv, language: interp.language, shell };
    }
    return { exe, argv, language: interp.language, shell };
  }
  if (!SYSTEM_PROGRAM.test(exe) && exe.startsWith('/')) return { exe, argv, script: exe, shell: false };
  return { exe, argv, shell: false };
}

/** The command line as one string (for run names and evidence; the caller redacts it). */
export function commandLine(img: Image): string {
  if (img.inline !== undefined && img.shell) return img.inline;
  return img.argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`)).join(' ');
}
