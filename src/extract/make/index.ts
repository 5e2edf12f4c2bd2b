/**
 * A Makefile run by `make` (the shell's make resolver invokes it with the goals and `VAR=value`
 * overrides as arguments, from make's directory). The goals' recipes run in dependency order;
 * each recipe line is shell in its own shell from make's directory, walked by the shell
 * extractor. A file prerequisite is read and a file target written by the script the recipe
 * runs, or by the Makefile itself when the recipe runs no script (`sort $< > $@`).
 */
import { diagnostic } from '../../model/diagnostic.js';
import { toFileNode } from '../../model/keys.js';
import { joinServer } from '../../util/paths.js';
import { expandGlob } from '../kit/glob.js';
import { extractShellCommand } from '../shell/index.js';
import type { DataRef, Extraction, Extractor, ScriptContext } from '../types.js';
import { planMake, type RecipeRun } from './plan.js';

/** Prerequisites that are code, not data: the recipe runs them. */
const CODE = /\.(py|sh|bash|pl|pm|R|r|js|mjs|rb|php|awk|sed|mk|sql|h|c)$/;

export function extractMakefile(ctx: ScriptContext): Extraction {
  const out: Extraction = { reads: [], writes: [], invokes: [], diagnostics: [] };
  const overrides: Record<string, string> = {};
  const goals: string[] = [];
  for (const a of ctx.args) {
    const asg = /^([A-Za-z_][\w.]*)\s*:?=(.*)$/s.exec(a);
    if (asg) overrides[asg[1] as string] = asg[2] as string;
    else goals.push(a);
  }
  const plan = planMake({
    file: ctx.path,
    text: ctx.text,
    cwd: ctx.cwd,
    goals,
    overrides,
    env: ctx.env,
    read: (p) => {
      const r = ctx.fs.readText(p);
      return r.ok ? r.text : undefined;
    },
    exists: (p) => ctx.fs.isFile(p) || ctx.fs.isDirectory(p),
    glob: (p) => expandGlob(ctx.fs, p),
  });
  for (const m of plan.missing)
    out.diagnostics.push(
      diagnostic('info', 'make-no-rule', `${ctx.path}: no rule for goal '${m}'`, { file: ctx.path }),
    );
  const recipeCtx = { ...ctx, env: { ...ctx.env, ...plan.exported } };
  for (const r of plan.runs) runRecipe(recipeCtx, r, out);
  return out;
}

function runRecipe(ctx: ScriptContext, r: RecipeRun, out: Extraction): void {
  const step: Extraction = { reads: [], writes: [], invokes: [], diagnostics: [] };
  for (const l of r.lines) {
    // `@` (silent), `-` (ignore errors) and `+` prefixes are make's, not the shell's
    const text = l.text.replace(/^[\s@+-]+/, '');
    const ex = extractShellCommand(text, { ...ctx, path: l.file, args: [] }, { file: l.file, line: l.line });
    step.reads.push(...ex.reads);
    step.writes.push(...ex.writes);
    step.invokes.push(...ex.invokes);
    step.diagnostics.push(...ex.diagnostics);
  }
  const runners = step.invokes.filter((i) => i.mode !== 'import');
  const scripts = new Set(runners.map((i) => i.path));
  const at = r.lines[0] ?? { file: ctx.path, line: 1 };
  const snippet = `${r.target}: ${r.prerequisites.join(' ')}`.slice(0, 240);
  const ref = (p: string, construct: string): DataRef | undefined => {
    if (CODE.test(p) || p.startsWith('*')) return undefined;
    const path = joinServer(ctx.cwd, p);
    if (scripts.has(path)) return undefined;
    return {
      node: toFileNode(path),
      evidence: { file: at.file, line: at.line, construct, method: 'static', snippet },
      confidence: p.includes('*') ? 'partial' : 'exact',
    };
  };
  const reads = r.inputFiles.map((p) => ref(p, 'make prerequisite')).filter((x): x is DataRef => !!x);
  const writes = r.targetIsFile ? [ref(r.target, 'make target')].filter((x): x is DataRef => !!x) : [];
  // a prerequisite or target goes to the script whose arguments name it, else to the recipe's one
  // script; when the recipe's own commands already read or write it (`cp x $@`), it is theirs
  const own = new Set([...step.reads, ...step.writes].map((x) => x.node.key));
  const owner = (ref: DataRef): (typeof runners)[number] | undefined => {
    const path = String(ref.node.attrs.path);
    const named = runners.filter((i) =>
      i.args.some((a) => joinServer(ctx.cwd, a.replace(/^--?[\w-]+=/, '')) === path),
    );
    if (named.length === 1) return named[0];
    return runners.length === 1 && named.length === 0 ? runners[0] : undefined;
  };
  const give = (kind: 'reads' | 'writes', refs: DataRef[]): void => {
    for (const ref of refs) {
      if (own.has(ref.node.key)) continue;
      const inv = owner(ref);
      if (!inv) {
        step[kind].push(ref);
        continue;
      }
      inv.redirects ??= { reads: [], writes: [] };
      if (!inv.redirects[kind].some((x) => x.node.key === ref.node.key)) inv.redirects[kind].push(ref);
    }
  };
  give('reads', reads);
  give('writes', writes);
  out.reads.push(...step.reads);
  out.writes.push(...step.writes);
  out.invokes.push(...step.invokes);
  out.diagnostics.push(...step.diagnostics);
}

export const makeExtractor: Extractor = {
  id: 'make',
  title: 'Makefiles run by make: recipes of the goals in dependency order, as shell',
  languages: ['make'],
  extract: extractMakefile,
};
