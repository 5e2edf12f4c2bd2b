/**
 * `make [-C DIR] [-f FILE] [VAR=value] [TARGET...]` as an orchestrator: the Makefile's goals run
 * their recipes in dependency order (extract/make plans them), each recipe line walked as shell
 * from make's directory with make's variables already expanded. A file prerequisite is read and
 * a file target written by the script the recipe runs (or by the caller when the recipe runs no
 * script, e.g. `sort $< > $@`).
 */
import { planMake, type RecipeRun } from '../../make/plan.js';
import type { DataRef, Extraction } from '../../types.js';
import { toDataNode } from '../targets.js';
import type { Value } from '../value.js';
import type { CommandCall, CommandResolver, Handler } from './types.js';

const MAKEFILES = ['GNUmakefile', 'makefile', 'Makefile'];
/** Prerequisites that are code, not data: the recipe runs them. */
const CODE = /\.(py|sh|bash|pl|pm|R|r|js|mjs|rb|php|awk|sed|mk|sql|h|c)$/;

interface MakeArgs {
  dir: string;
  file?: string;
  goals: string[];
  overrides: Record<string, string>;
  dryRun: boolean;
}

function parseMakeArgs(call: CommandCall): MakeArgs | undefined {
  const run = call.run;
  let dir = run.cwd;
  let file: string | undefined;
  const goals: string[] = [];
  const overrides: Record<string, string> = {};
  let dryRun = false;
  const args = call.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const t = (args[i] as Value).text;
    const value = (flag: string): string | undefined => {
      if (t === flag) return args[++i]?.text;
      if (t.startsWith(flag) && flag.length === 2) return t.slice(2);
      return t.startsWith(`${flag}=`) ? t.slice(flag.length + 1) : undefined;
    };
    const c = value('-C') ?? value('--directory');
    if (c !== undefined) {
      if (c.startsWith('*')) return undefined;
      dir = c.startsWith('/') ? c : `${dir}/${c}`;
      continue;
    }
    const f = value('-f') ?? value('--file') ?? value('--makefile');
    if (f !== undefined) {
      file = f;
      continue;
    }
    if (/^-[a-zA-Z]*[nq]/.test(t) && !t.startsWith('--') && !/^-[jlIWo]/.test(t)) dryRun = true;
    if (t === '--dry-run' || t === '--just-print' || t === '--question') dryRun = true;
    if (/^-[jlIWo]$/.test(t)) {
      i++; // -j N, -l N, -I DIR, -W F, -o F take a value
      continue;
    }
    if (t.startsWith('-')) continue;
    const asg = /^([A-Za-z_][\w.]*)\s*:?=(.*)$/s.exec(t);
    if (asg) overrides[asg[1] as string] = asg[2] as string;
    else goals.push(t);
  }
  return { dir: dir.replace(/\/+$/, '') || '/', ...(file ? { file } : {}), goals, overrides, dryRun };
}

export const make: Handler = (call) => {
  const run = call.run;
  const a = parseMakeArgs(call);
  if (!a) {
    run.note(call.node, 'unresolved-path', 'make -C with a directory not known statically; not followed');
    return;
  }
  if (a.dryRun || !a.dir.startsWith('/')) return;
  const candidates = a.file
    ? [a.file.startsWith('/') ? a.file : `${a.dir}/${a.file}`]
    : MAKEFILES.map((m) => `${a.dir}/${m}`);
  const path = candidates.find((c) => !c.includes('*') && run.ctx.fs.isFile(c));
  if (!path) {
    run.warn(call.node, 'makefile-missing', `make: no ${a.file ?? 'Makefile'} in ${a.dir} under ROOT`);
    return;
  }
  const read = run.ctx.fs.readText(path);
  if (!read.ok) return;
  const plan = planMake({
    file: path,
    text: read.text,
    cwd: a.dir,
    goals: a.goals,
    overrides: a.overrides,
    env: run.exportedEnv(call.inlineEnv),
    read: (p) => {
      const r = run.ctx.fs.readText(p);
      return r.ok ? r.text : undefined;
    },
    exists: (p) => run.ctx.fs.isFile(p) || run.ctx.fs.isDirectory(p),
  });
  for (const m of plan.missing) run.note(call.node, 'make-no-rule', `make: no rule for '${m}' in ${path}`);
  for (const r of plan.runs) runRecipe(call, r, a.dir);
};

function runRecipe(call: CommandCall, r: RecipeRun, dir: string): void {
  const run = call.run;
  const out: Extraction = { reads: [], writes: [], invokes: [], diagnostics: [] };
  for (const l of r.lines) {
    // `@` (silent), `-` (ignore errors) and `+` prefixes are make's, not the shell's
    const text = l.text.replace(/^[\s@+-]+/, '');
    const ex = run.runEmbedded(text, { file: l.file, line: l.line, cwd: dir });
    out.reads.push(...ex.reads);
    out.writes.push(...ex.writes);
    out.invokes.push(...ex.invokes);
    out.diagnostics.push(...ex.diagnostics);
  }
  const scripts = new Set(out.invokes.map((i) => i.path));
  const at = r.lines[0] ?? { file: '', line: 0 };
  const ref = (p: string, construct: string): DataRef | undefined => {
    const node = toDataNode(p, dir);
    if (!node || CODE.test(p) || scripts.has(String(node.attrs.path))) return undefined;
    const snippet = `${r.target}: ${r.prerequisites.join(' ')}`.slice(0, 240);
    return {
      node,
      evidence: { file: at.file, line: at.line, construct, method: 'static', snippet },
      confidence: p.includes('*') ? 'partial' : 'exact',
    };
  };
  const reads = r.inputFiles.map((p) => ref(p, 'make prerequisite')).filter((x): x is DataRef => !!x);
  const writes = r.targetIsFile ? [ref(r.target, 'make target')].filter((x): x is DataRef => !!x) : [];
  const runners = out.invokes.filter((i) => i.mode !== 'import');
  if (runners.length === 1) {
    const inv = runners[0] as (typeof runners)[number];
    const has = new Set(
      [...(inv.redirects?.reads ?? []), ...(inv.redirects?.writes ?? [])].map((x) => x.node.key),
    );
    inv.redirects = {
      reads: [...(inv.redirects?.reads ?? []), ...reads.filter((x) => !has.has(x.node.key))],
      writes: [...(inv.redirects?.writes ?? []), ...writes.filter((x) => !has.has(x.node.key))],
    };
  } else {
    out.reads.push(...reads);
    out.writes.push(...writes);
  }
  run.merge(out);
}

const commands: Record<string, Handler> = { make, gmake: make };

export const makeCommands: CommandResolver = {
  id: 'make',
  title: 'make: the goals of a Makefile, recipes in dependency order',
  emits: ['reads', 'writes', 'invokes'],
  commands,
};
