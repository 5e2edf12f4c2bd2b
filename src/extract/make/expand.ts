/**
 * Expansion of make references: `$(VAR)`, `${VAR}`, `$V`, `$$` -> `$`, substitution references
 * `$(VAR:.c=.o)`, and the text functions batch Makefiles use. What make would only know by
 * running something (`$(shell date)`, an undefined variable, `$(eval ...)`) becomes `*`.
 */

export interface MakeVar {
  value: string;
  /** `:=` variables were expanded when set; `=` ones expand when used. */
  simple: boolean;
}

export interface ExpandEnv {
  vars: Map<string, MakeVar>;
  /** Automatic variables of the recipe being expanded (`@`, `<`, `^`, `*`, `?`, `+`). */
  auto?: Record<string, string>;
  /** The directory make runs in (`$(CURDIR)`, `$(shell pwd)`). */
  cwd: string;
  /** The server paths an absolute glob matches, or undefined (none, too many: keep the pattern). */
  glob?: (pattern: string) => string[] | undefined;
}

const MAX_DEPTH = 16;

export function expand(text: string, env: ExpandEnv, depth = 0): string {
  if (depth > MAX_DEPTH) return '*';
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    const n = text[i + 1];
    if (n === undefined) break;
    if (n === '$') {
      out += '$';
      i++;
      continue;
    }
    if (n === '(' || n === '{') {
      const end = matching(text, i + 1);
      if (end < 0) {
        out += text.slice(i);
        break;
      }
      out += reference(text.slice(i + 2, end), env, depth);
      i = end;
      continue;
    }
    out += reference(n, env, depth);
    i++;
  }
  return out;
}

function matching(text: string, open: number): number {
  const o = text[open];
  const close = o === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === o) depth++;
    else if (text[i] === close && --depth === 0) return i;
  }
  return -1;
}

function reference(body: string, env: ExpandEnv, depth: number): string {
  const fn = /^([a-z-]+)\s+(.*)$/s.exec(body);
  if (fn && FUNCTIONS[fn[1] as string])
    return (FUNCTIONS[fn[1] as string] as Fn)(args(fn[2] as string), env, depth);
  if (fn && /^(shell|eval|or|and|file|origin|flavor|error|warning|info)$/.test(fn[1] as string))
    return shell(fn[1] as string, fn[2] as string, env, depth);
  const subst = /^([^:=]+):([^=]*)=(.*)$/s.exec(body);
  if (subst) {
    const from = expand(subst[2] as string, env, depth + 1);
    const to = expand(subst[3] as string, env, depth + 1);
    const list = variable(expand(subst[1] as string, env, depth + 1), env, depth);
    return patsubst(from.includes('%') ? from : `%${from}`, to.includes('%') ? to : `%${to}`, list);
  }
  return variable(expand(body, env, depth + 1), env, depth);
}

function variable(name: string, env: ExpandEnv, depth: number): string {
  const auto = /^([@<^*?+|])([DF]?)$/.exec(name);
  if (auto) {
    const v = env.auto?.[auto[1] as string];
    if (v === undefined) return '*';
    if (auto[2] === 'D')
      return v
        .split(/\s+/)
        .map((w) => (w.includes('/') ? w.slice(0, w.lastIndexOf('/')) : '.'))
        .join(' ');
    if (auto[2] === 'F')
      return v
        .split(/\s+/)
        .map((w) => w.slice(w.lastIndexOf('/') + 1))
        .join(' ');
    return v;
  }
  if (name === 'CURDIR') return env.cwd;
  if (name === 'MAKE') return 'make';
  const v = env.vars.get(name);
  if (!v) return '*';
  return v.simple ? v.value : expand(v.value, env, depth + 1);
}

/** Split function arguments at top-level commas. */
function args(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(' || c === '{') depth++;
    if (c === ')' || c === '}') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

type Fn = (a: string[], env: ExpandEnv, depth: number) => string;

const x = (s: string | undefined, env: ExpandEnv, depth: number): string => expand(s ?? '', env, depth + 1);
const list = (s: string): string[] => s.trim().split(/\s+/).filter(Boolean);

function patsubst(pattern: string, replacement: string, text: string): string {
  const [pre, post] = splitPercent(pattern);
  return list(text)
    .map((w) => {
      if (!w.startsWith(pre) || !w.endsWith(post) || w.length < pre.length + post.length) return w;
      const stem = w.slice(pre.length, w.length - post.length);
      return replacement.replace('%', stem);
    })
    .join(' ');
}

function splitPercent(p: string): [string, string] {
  const i = p.indexOf('%');
  return i < 0 ? [p, ''] : [p.slice(0, i), p.slice(i + 1)];
}

/**
 * `$(wildcard in/*.json)`: the files under ROOT the pattern matches, named as make names them
 * (relative patterns give names relative to make's directory); a pattern that matches nothing
 * here stays as written (the job may make the files first).
 */
function wildcard(patterns: string, env: ExpandEnv): string {
  const out: string[] = [];
  const base = env.cwd.replace(/\/+$/, '');
  for (const p of list(patterns)) {
    const absolute = p.startsWith('/') ? p : `${base}/${p.replace(/^\.\//, '')}`;
    const found = /[*?[]/.test(p) && !p.includes('\uE000') ? env.glob?.(absolute) : undefined;
    if (!found) {
      out.push(p);
      continue;
    }
    const prefix = p.startsWith('./') ? './' : '';
    for (const f of found) out.push(p.startsWith('/') ? f : prefix + f.slice(base.length + 1));
  }
  return out.join(' ');
}

const FUNCTIONS: Record<string, Fn> = {
  subst: (a, e, d) =>
    x(a[2], e, d)
      .split(x(a[0], e, d))
      .join(x(a[1], e, d)),
  patsubst: (a, e, d) => patsubst(x(a[0], e, d).trim(), x(a[1], e, d).trim(), x(a[2], e, d)),
  strip: (a, e, d) => list(x(a[0], e, d)).join(' '),
  wildcard: (a, e, d) => wildcard(x(a[0], e, d), e),
  notdir: (a, e, d) =>
    list(x(a[0], e, d))
      .map((w) => w.slice(w.lastIndexOf('/') + 1))
      .join(' '),
  dir: (a, e, d) =>
    list(x(a[0], e, d))
      .map((w) => (w.includes('/') ? w.slice(0, w.lastIndexOf('/') + 1) : './'))
      .join(' '),
  basename: (a, e, d) =>
    list(x(a[0], e, d))
      .map((w) => w.replace(/\.[^./]*$/, ''))
      .join(' '),
  suffix: (a, e, d) =>
    list(x(a[0], e, d))
      .map((w) => /\.[^./]*$/.exec(w)?.[0] ?? '')
      .join(' '),
  addprefix: (a, e, d) =>
    list(x(a[1], e, d))
      .map((w) => x(a[0], e, d).trim() + w)
      .join(' '),
  addsuffix: (a, e, d) =>
    list(x(a[1], e, d))
      .map((w) => w + x(a[0], e, d).trim())
      .join(' '),
  firstword: (a, e, d) => list(x(a[0], e, d))[0] ?? '',
  lastword: (a, e, d) => list(x(a[0], e, d)).at(-1) ?? '',
  word: (a, e, d) => list(x(a[1], e, d))[Number(x(a[0], e, d)) - 1] ?? '',
  words: (a, e, d) => String(list(x(a[0], e, d)).length),
  sort: (a, e, d) => [...new Set(list(x(a[0], e, d)))].sort().join(' '),
  filter: (a, e, d) => {
    const pats = list(x(a[0], e, d));
    return list(x(a[1], e, d))
      .filter((w) => pats.some((p) => matchPercent(p, w)))
      .join(' ');
  },
  'filter-out': (a, e, d) => {
    const pats = list(x(a[0], e, d));
    return list(x(a[1], e, d))
      .filter((w) => !pats.some((p) => matchPercent(p, w)))
      .join(' ');
  },
  realpath: (a, e, d) => x(a[0], e, d).trim(),
  // `$(call NAME,A1,A2)`: NAME's value expanded with $(1), $(2) bound to the expanded arguments
  call: (a, e, d) => {
    const name = x(a[0], e, d).trim();
    const v = e.vars.get(name);
    if (!v) return '*';
    const vars = new Map(e.vars);
    for (const [i, arg] of a.entries())
      vars.set(String(i), { value: i === 0 ? name : x(arg, e, d), simple: true });
    return v.simple ? v.value : expand(v.value, { ...e, vars }, d + 1);
  },
  // `$(foreach V,LIST,TEXT)`: TEXT once per word of LIST with V bound to it
  foreach: (a, e, d) => {
    const name = x(a[0], e, d).trim();
    return list(x(a[1], e, d))
      .map((w) =>
        expand(a[2] ?? '', { ...e, vars: new Map(e.vars).set(name, { value: w, simple: true }) }, d + 1),
      )
      .join(' ');
  },
  // `$(if COND,THEN,ELSE)`: a condition make could only know by running something is unknown
  if: (a, e, d) => {
    const cond = x(a[0], e, d).trim();
    if (cond.includes('*')) return '*';
    return cond ? x(a[1], e, d) : x(a[2], e, d);
  },
  value: (a, e) => e.vars.get(a[0]?.trim() ?? '')?.value ?? '*',
  abspath: (a, e, d) =>
    list(x(a[0], e, d))
      .map((w) => (w.startsWith('/') ? w : `${e.cwd}/${w}`))
      .join(' '),
};

function matchPercent(p: string, w: string): boolean {
  const [pre, post] = splitPercent(p);
  return p.includes('%')
    ? w.startsWith(pre) && w.endsWith(post) && w.length >= pre.length + post.length
    : p === w;
}

/** `$(shell CMD)`: unknown unless trivially literal (`pwd`, `echo WORDS`). Other functions: unknown. */
function shell(name: string, body: string, env: ExpandEnv, depth: number): string {
  if (name !== 'shell') return '*';
  const cmd = x(body, env, depth).trim();
  if (cmd === 'pwd') return env.cwd;
  const echo = /^echo\s+([\w./:@%+-]+(?:\s+[\w./:@%+-]+)*)$/.exec(cmd);
  if (echo) return echo[1] as string;
  return '*';
}
