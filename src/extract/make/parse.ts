/**
 * A Makefile read statically (GNU make syntax): variable assignments (`=`, `:=`, `::=`, `?=`,
 * `+=`, `export`, `override`), rules (`targets: prerequisites | order-only ; recipe`), recipe
 * lines (tab-prefixed), pattern rules (`%.csv: %.json`), `.PHONY`, `include`, and conditionals
 * (`ifdef`/`ifndef`/`ifeq`/`ifneq`, evaluated when the values are known, else the first branch).
 * Nothing is executed: `$(shell ...)` is kept as text and the evaluator makes it unknown.
 */

export interface MakeAssignment {
  name: string;
  op: '=' | ':=' | '?=' | '+=' | '!=';
  value: string;
  line: number;
  /** `export NAME = value`: recipes see NAME in their environment. */
  exported?: boolean;
}

export interface RecipeLine {
  text: string;
  line: number;
}

export interface MakeRule {
  targets: string[];
  prerequisites: string[];
  orderOnly: string[];
  recipe: RecipeLine[];
  line: number;
  file: string;
  /** `a.o: %.o: %.c` (static pattern): the pattern between the colons. */
  staticPattern?: string;
}

/** One top-level statement, in file order (assignments and rules interleave: order matters). */
export type MakeStatement =
  | { kind: 'assign'; assign: MakeAssignment }
  | { kind: 'rule'; rule: MakeRule }
  | { kind: 'include'; paths: string; optional: boolean; line: number }
  /** `export NAME...` (names empty: bare `export`, every variable) or `unexport NAME...`. */
  | { kind: 'export'; names: string[]; unexport: boolean; line: number }
  | { kind: 'cond'; test: string; line: number }
  | { kind: 'else'; test: string; line: number }
  | { kind: 'endif'; line: number };

/** Logical lines: backslash-newline joins (make replaces it by one space outside recipes). */
function logicalLines(text: string): Array<{ text: string; line: number; recipe: boolean }> {
  const raw = text.split('\n');
  const out: Array<{ text: string; line: number; recipe: boolean }> = [];
  for (let i = 0; i < raw.length; i++) {
    const start = i;
    let t = raw[i] as string;
    const recipe = t.startsWith('\t');
    while (t.endsWith('\\') && i + 1 < raw.length) {
      i++;
      t = recipe ? `${t}\n${raw[i] as string}` : `${t.slice(0, -1)} ${(raw[i] as string).trim()}`;
    }
    out.push({ text: t, line: start + 1, recipe });
  }
  return out;
}

/** Strip a `#` comment that is not escaped (make: comments end at the line's end). */
function stripComment(s: string): string {
  const i = s.search(/(^|[^\\])#/);
  if (i < 0) return s;
  return s.slice(0, s[i] === '#' ? i : i + 1);
}

const ASSIGN = /^(?:(?:export|override)\s+)*([^\s:#=?+!]+)\s*(::=|:::=|:=|\?=|\+=|!=|=)\s*(.*)$/s;
const COND = /^(ifeq|ifneq|ifdef|ifndef)\b\s*(.*)$/;

/** `include FILES` (`-include`, `sinclude`), `export NAME...`, `unexport NAME...`, bare `export`. */
function directive(t: string, line: number): MakeStatement | undefined {
  const inc = /^(-include|sinclude|include)\s+(.*)$/.exec(t);
  if (inc) return { kind: 'include', paths: inc[2] as string, optional: inc[1] !== 'include', line };
  const exp = /^(export|unexport)(?:\s+(.*))?$/.exec(t);
  if (exp && !t.includes(':') && !t.includes('='))
    return { kind: 'export', names: words(exp[2] ?? ''), unexport: exp[1] === 'unexport', line };
  return undefined;
}

export function parseMakefile(text: string, file: string): MakeStatement[] {
  const out: MakeStatement[] = [];
  let rule: MakeRule | undefined;
  let define: { name: string; lines: string[]; line: number } | undefined;
  for (const l of logicalLines(text)) {
    if (define) {
      if (/^\s*endef\b/.test(l.text)) {
        out.push({
          kind: 'assign',
          assign: { name: define.name, op: '=', value: define.lines.join('\n'), line: define.line },
        });
        define = undefined;
      } else define.lines.push(l.text);
      continue;
    }
    if (l.recipe && rule) {
      const body = l.text.slice(1);
      if (body.trim() !== '' && !body.trimStart().startsWith('#'))
        rule.recipe.push({ text: body, line: l.line });
      continue;
    }
    const t = stripComment(l.text).trim();
    if (t === '') continue;
    const def = /^(?:(?:export|override)\s+)*define\s+(\S+)/.exec(t);
    if (def) {
      define = { name: def[1] as string, lines: [], line: l.line };
      rule = undefined;
      continue;
    }
    const cond = COND.exec(t);
    if (cond) {
      out.push({ kind: 'cond', test: t, line: l.line });
      rule = undefined;
      continue;
    }
    if (/^else\b/.test(t)) {
      out.push({ kind: 'else', test: t.slice(4).trim(), line: l.line });
      continue;
    }
    if (t === 'endif') {
      out.push({ kind: 'endif', line: l.line });
      continue;
    }
    const dir = directive(t, l.line);
    if (dir) {
      out.push(dir);
      rule = undefined;
      continue;
    }
    const asg = ASSIGN.exec(t);
    if (asg && !isRuleLine(t)) {
      const rawOp = asg[2] as string;
      const op = rawOp === '::=' || rawOp === ':::=' ? ':=' : (rawOp as MakeAssignment['op']);
      const exported = /^(?:override\s+)*export\s/.test(t);
      out.push({
        kind: 'assign',
        assign: {
          name: asg[1] as string,
          op,
          value: asg[3] as string,
          line: l.line,
          ...(exported ? { exported } : {}),
        },
      });
      rule = undefined;
      continue;
    }
    if (/^export\b|^unexport\b|^vpath\b|^\.(SUFFIXES|DEFAULT_GOAL)\b/.test(t) && !t.includes(':')) continue;
    const parsed = parseRuleLine(t, l.line, file);
    rule = parsed;
    if (parsed) out.push({ kind: 'rule', rule: parsed });
  }
  return out;
}

/** `a: b=c` is a target-specific assignment; `a := b` an assignment; `a: b` a rule. */
function isRuleLine(t: string): boolean {
  const colon = t.search(/:(?![:=])/);
  const eq = t.search(/(::=|:=|\?=|\+=|!=|=)/);
  return colon >= 0 && (eq < 0 || colon < eq);
}

function parseRuleLine(t: string, line: number, file: string): MakeRule | undefined {
  // split at the first `:` (or `::`) that is not part of `:=` and not a drive letter
  const m = /^([^:]*?)\s*::?(?!=)\s*(.*)$/s.exec(t);
  if (!m) return undefined;
  const targets = words(m[1] as string);
  if (targets.length === 0) return undefined;
  let rest = m[2] as string;
  const recipe: RecipeLine[] = [];
  const semi = rest.indexOf(';');
  if (semi >= 0) {
    const inline = rest.slice(semi + 1).trim();
    if (inline) recipe.push({ text: inline, line });
    rest = rest.slice(0, semi);
  }
  // target-specific variable: `target: VAR = value` (kept out of the prerequisites)
  if (/^[^\s=]+\s*(::=|:=|\?=|\+=|=)/.test(rest.trim()))
    return { targets, prerequisites: [], orderOnly: [], recipe, line, file };
  let staticPattern: string | undefined;
  const second = /^([^:]*%[^:]*):\s*(.*)$/.exec(rest);
  if (second) {
    staticPattern = (second[1] as string).trim();
    rest = second[2] as string;
  }
  const [normal, orderOnly] = rest.split('|');
  return {
    targets,
    prerequisites: words(normal ?? ''),
    orderOnly: words(orderOnly ?? ''),
    recipe,
    line,
    file,
    ...(staticPattern ? { staticPattern } : {}),
  };
}

/** Split at blanks, but not inside `$(...)` / `${...}`. */
export function words(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '$' && (s[i + 1] === '(' || s[i + 1] === '{')) {
      depth++;
      cur += c + (s[i + 1] as string);
      i++;
      continue;
    }
    if (depth > 0 && (c === ')' || c === '}')) depth--;
    if (depth === 0 && /\s/.test(c)) {
      if (cur) out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur) out.push(cur);
  return out;
}
