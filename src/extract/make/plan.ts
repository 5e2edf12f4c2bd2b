/**
 * What `make GOALS` would run, statically: the Makefile's statements evaluated in order
 * (variables, conditionals, includes, rules), then the goals' rules visited depth-first so each
 * recipe comes after its prerequisites' recipes (make's order with -j1). Every rule runs: time
 * stamps are not known, so a recipe make might skip is still a step of the job.
 */
import { type ExpandEnv, expand, type MakeVar } from './expand.js';
import { type MakeRule, type MakeStatement, parseMakefile, type RecipeLine, words } from './parse.js';

export interface MakeInput {
  /** Path and text of the Makefile make reads. */
  file: string;
  text: string;
  /** The directory make runs in (after `-C`). */
  cwd: string;
  /** Targets named on the command line; none = the default goal. */
  goals: string[];
  /** `make VAR=value`: override assignments in the Makefile. */
  overrides: Record<string, string>;
  /** The environment make inherits (exported shell variables, crontab variables). */
  env: Record<string, string>;
  /** Read an included file (server path); undefined when it is not under ROOT. */
  read(path: string): string | undefined;
  /** Is this a file under ROOT? */
  exists(path: string): boolean;
  /** The server paths an absolute glob matches (`$(wildcard ...)`), or undefined. */
  glob?(pattern: string): string[] | undefined;
}

export interface RecipeRun {
  target: string;
  prerequisites: string[];
  /** Recipe lines with make's variables and automatic variables expanded: shell text. */
  lines: Array<{ text: string; line: number; file: string }>;
  /** The target names a file the recipe makes (not .PHONY, not a bare word like `nightly`). */
  targetIsFile: boolean;
  /** Prerequisites that name files (data the recipe reads). */
  inputFiles: string[];
}

export interface MakePlan {
  runs: RecipeRun[];
  /** Variables the Makefile exports (`export NAME = value`, `export NAME`), with known values: recipes' environment. */
  exported: Record<string, string>;
  /** Goals with no rule and no file: make would stop here. */
  missing: string[];
}

interface State {
  vars: Map<string, MakeVar>;
  overridden: Set<string>;
  rules: Map<string, MakeRule[]>;
  patterns: MakeRule[];
  phony: Set<string>;
  exported: Set<string>;
  exportAll: boolean;
  defaultGoal?: string;
  includeDepth: number;
}

const MAX_RUNS = 200;

export function planMake(input: MakeInput): MakePlan {
  const st: State = {
    vars: new Map(),
    overridden: new Set(Object.keys(input.overrides)),
    rules: new Map(),
    patterns: [],
    phony: new Set(),
    exported: new Set(),
    exportAll: false,
    includeDepth: 0,
  };
  for (const [k, v] of Object.entries(input.env)) st.vars.set(k, { value: v, simple: true });
  for (const [k, v] of Object.entries(input.overrides)) st.vars.set(k, { value: v, simple: true });
  evaluate(parseMakefile(input.text, input.file), st, input);
  const declared = st.vars.get('.DEFAULT_GOAL');
  const defaultGoal = declared
    ? expand(declared.value, { vars: st.vars, cwd: input.cwd, ...globOf(input) }).trim()
    : st.defaultGoal;
  const goals = input.goals.length ? input.goals : defaultGoal ? [defaultGoal] : [];
  const env: ExpandEnv = { vars: st.vars, cwd: input.cwd, ...globOf(input) };
  const runs: RecipeRun[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const visit = (target: string, depth: number): void => {
    if (seen.has(target) || depth > 32 || runs.length >= MAX_RUNS) return;
    seen.add(target);
    const found = ruleFor(target, st, input);
    if (!found) {
      if (!st.phony.has(target) && !input.exists(abs(input.cwd, target)) && depth === 0) missing.push(target);
      return;
    }
    for (const p of [...found.prerequisites, ...found.orderOnly]) visit(p, depth + 1);
    if (found.recipe.length === 0) return;
    const prereqs = found.prerequisites;
    const auto = {
      '@': target,
      '<': prereqs[0] ?? '',
      '^': [...new Set(prereqs)].join(' '),
      '+': prereqs.join(' '),
      '?': [...new Set(prereqs)].join(' '),
      '*': found.stem ?? '',
      '|': found.orderOnly.join(' '),
    };
    runs.push({
      target,
      prerequisites: prereqs,
      lines: found.recipe.map((r: RecipeLine) => ({
        text: expand(r.text, { ...env, auto }),
        line: r.line,
        file: found.file,
      })),
      targetIsFile: isFileName(target, st, input),
      inputFiles: prereqs.filter((p) => isFileName(p, st, input)),
    });
  };
  for (const g of goals) visit(g, 0);
  return { runs, missing, exported: exportedValues(st, env, input) };
}

/** The exported variables' values as the recipes' shells see them (unknown values are left out). */
function exportedValues(st: State, env: ExpandEnv, input: MakeInput): Record<string, string> {
  const names = st.exportAll
    ? [...st.vars.keys()].filter((n) => /^[A-Za-z_]\w*$/.test(n) && !(n in input.env))
    : [...st.exported];
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = st.vars.get(n);
    if (!v) continue;
    const value = (v.simple ? v.value : expand(v.value, env)).trim();
    if (!value.includes('*')) out[n] = value;
  }
  return out;
}

function globOf(input: MakeInput): Pick<ExpandEnv, 'glob'> {
  return input.glob ? { glob: (p) => input.glob?.(p) } : {};
}

function abs(cwd: string, p: string): string {
  return p.startsWith('/') ? p : `${cwd.replace(/\/+$/, '')}/${p}`;
}

/**
 * A target or prerequisite names a file when it is not .PHONY and either exists under ROOT or
 * looks like a path (`out/x.csv`, `report.pdf`: a directory or a file extension); a bare word
 * (`nightly`, `all`) is a goal name, and so is a name with dots that end in no extension
 * (`download-api.example.org_v1`).
 */
function isFileName(name: string, st: State, input: MakeInput): boolean {
  if (st.phony.has(name) || name.includes('*') || name.startsWith('.')) return false;
  if (input.exists(abs(input.cwd, name))) return true;
  return name.includes('/') || /\.[A-Za-z0-9]{1,8}$/.test(name);
}

interface FoundRule {
  prerequisites: string[];
  orderOnly: string[];
  recipe: RecipeLine[];
  file: string;
  stem?: string;
}

/** The explicit rules for a target (prerequisites merged, the recipe of the one that has it), else a pattern rule. */
function ruleFor(target: string, st: State, input: MakeInput): FoundRule | undefined {
  const explicit = st.rules.get(target);
  if (explicit) {
    const withRecipe = explicit.filter((r) => r.recipe.length > 0).at(-1);
    const merged: FoundRule = {
      prerequisites: explicit.flatMap((r) => r.prerequisites),
      orderOnly: explicit.flatMap((r) => r.orderOnly),
      recipe: withRecipe?.recipe ?? [],
      file: (withRecipe ?? explicit[0] ?? { file: input.file }).file,
    };
    const stem = withRecipe?.staticPattern ? stemOf(withRecipe.staticPattern, target) : undefined;
    if (stem !== undefined) merged.stem = stem;
    if (merged.recipe.length > 0) return merged;
    const pattern = patternRule(target, st, input);
    if (pattern) return { ...pattern, prerequisites: [...merged.prerequisites, ...pattern.prerequisites] };
    return merged;
  }
  return patternRule(target, st, input);
}

/** `%.csv: %.json`: applies when each prerequisite exists or is itself a target. */
function patternRule(target: string, st: State, input: MakeInput): FoundRule | undefined {
  for (const r of st.patterns) {
    for (const t of r.targets) {
      const stem = stemOf(t, target);
      if (stem === undefined) continue;
      const prereqs = r.prerequisites.map((p) => p.replace('%', stem));
      const ok = prereqs.every((p) => st.rules.has(p) || input.exists(abs(input.cwd, p)));
      if (!ok) continue;
      return {
        prerequisites: prereqs,
        orderOnly: r.orderOnly.map((p) => p.replace('%', stem)),
        recipe: r.recipe,
        file: r.file,
        stem,
      };
    }
  }
  return undefined;
}

function stemOf(pattern: string, name: string): string | undefined {
  const i = pattern.indexOf('%');
  if (i < 0) return undefined;
  const pre = pattern.slice(0, i);
  const post = pattern.slice(i + 1);
  if (!name.startsWith(pre) || !name.endsWith(post) || name.length < pre.length + post.length)
    return undefined;
  return name.slice(pre.length, name.length - post.length);
}

function evaluate(stmts: MakeStatement[], st: State, input: MakeInput): void {
  const env: ExpandEnv = { vars: st.vars, cwd: input.cwd, ...globOf(input) };
  // conditional stack: is this branch active, has a branch of this if been taken
  const conds: Array<{ active: boolean; taken: boolean; parent: boolean }> = [];
  const active = () => conds.every((c) => c.active);
  for (const s of stmts) {
    if (s.kind === 'cond') {
      const parent = active();
      const v = parent ? test(s.test, env) : false;
      conds.push({ active: parent && v, taken: v, parent });
      continue;
    }
    if (s.kind === 'else') {
      const c = conds.at(-1);
      if (!c) continue;
      const v = s.test ? test(s.test, env) : true;
      c.active = c.parent && !c.taken && v;
      c.taken ||= v;
      continue;
    }
    if (s.kind === 'endif') {
      conds.pop();
      continue;
    }
    if (!active()) continue;
    if (s.kind === 'assign' || s.kind === 'export') exportOrAssign(s, st, env);
    else if (s.kind === 'include') include(s.paths, st, input, env);
    else addRule(s.rule, st, env);
  }
}

/** An assignment (`export NAME = value` also exports NAME) or an `export`/`unexport` line. */
function exportOrAssign(
  s: Extract<MakeStatement, { kind: 'assign' | 'export' }>,
  st: State,
  env: ExpandEnv,
): void {
  if (s.kind === 'assign') {
    assign(s.assign, st, env);
    if (s.assign.exported) st.exported.add(expand(s.assign.name, env).trim());
    return;
  }
  if (s.names.length === 0) st.exportAll = !s.unexport;
  for (const n of s.names.map((x) => expand(x, env).trim())) {
    if (s.unexport) st.exported.delete(n);
    else st.exported.add(n);
  }
}

/** `ifdef V`, `ifeq (a,b)`, `ifeq "a" "b"`; unknown values (`*`) take the first branch. */
function test(t: string, env: ExpandEnv): boolean {
  const m = /^(else\s+)?(ifeq|ifneq|ifdef|ifndef)\s*(.*)$/.exec(t.trim());
  if (!m) return true;
  const kind = m[2] as string;
  const rest = (m[3] as string).trim();
  if (kind === 'ifdef' || kind === 'ifndef') {
    const v = expand(`$(${expand(rest, env)})`, env);
    if (v === '*') return true;
    return (v.trim() !== '') === (kind === 'ifdef');
  }
  let a: string;
  let b: string;
  const paren = /^\((.*)\)$/s.exec(rest);
  if (paren) {
    const parts = splitComma(paren[1] as string);
    a = parts[0] ?? '';
    b = parts[1] ?? '';
  } else {
    const q = /^(["'])(.*?)\1\s+(["'])(.*?)\3$/.exec(rest);
    a = q?.[2] ?? '';
    b = q?.[4] ?? '';
  }
  const va = expand(a, env).trim();
  const vb = expand(b, env).trim();
  if (va.includes('*') || vb.includes('*')) return true;
  return (va === vb) === (kind === 'ifeq');
}

function splitComma(s: string): string[] {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    if (s[i] === ')') depth--;
    if (s[i] === ',' && depth === 0) return [s.slice(0, i), s.slice(i + 1)];
  }
  return [s];
}

function assign(a: { name: string; op: string; value: string }, st: State, env: ExpandEnv): void {
  const name = expand(a.name, env).trim();
  if (st.overridden.has(name)) return;
  const prev = st.vars.get(name);
  switch (a.op) {
    case ':=':
      st.vars.set(name, { value: expand(a.value, env), simple: true });
      return;
    case '?=':
      if (!prev) st.vars.set(name, { value: a.value, simple: false });
      return;
    case '+=':
      if (!prev) st.vars.set(name, { value: a.value, simple: false });
      else
        st.vars.set(name, {
          value: `${prev.value} ${prev.simple ? expand(a.value, env) : a.value}`,
          simple: prev.simple,
        });
      return;
    case '!=':
      st.vars.set(name, { value: '*', simple: true });
      return;
    default:
      st.vars.set(name, { value: a.value, simple: false });
  }
}

function include(paths: string, st: State, input: MakeInput, env: ExpandEnv): void {
  if (st.includeDepth > 8) return;
  for (const p of words(expand(paths, env))) {
    if (p.includes('*')) continue;
    const path = abs(input.cwd, p);
    const text = input.read(path);
    if (text === undefined) continue;
    st.includeDepth++;
    evaluate(parseMakefile(text, path), st, input);
    st.includeDepth--;
  }
}

function addRule(rule: MakeRule, st: State, env: ExpandEnv): void {
  const targets = words(expand(rule.targets.join(' '), env));
  const prerequisites = words(expand(rule.prerequisites.join(' '), env));
  const orderOnly = words(expand(rule.orderOnly.join(' '), env));
  if (targets.includes('.PHONY')) {
    for (const p of prerequisites) st.phony.add(p);
    return;
  }
  if (targets.some((t) => t.startsWith('.') && /^\.[A-Z_]+$/.test(t))) return; // .SUFFIXES, .DEFAULT, ...
  const staticPattern = rule.staticPattern ? expand(rule.staticPattern, env).trim() : undefined;
  for (const t of targets) {
    if (t.includes('%') && !staticPattern) {
      st.patterns.push({ ...rule, targets: [t], prerequisites, orderOnly });
      continue;
    }
    const stem = staticPattern ? stemOf(staticPattern, t) : undefined;
    const pre = stem !== undefined ? prerequisites.map((p) => p.replace('%', stem)) : prerequisites;
    const list = st.rules.get(t) ?? [];
    list.push({ ...rule, targets: [t], prerequisites: pre, orderOnly });
    st.rules.set(t, list);
    st.defaultGoal ??= t;
  }
}
