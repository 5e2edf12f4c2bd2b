/**
 * A static walk over a tree-sitter-bash tree: it follows assignments, `export`, `source`, functions,
 * loops and redirections the way bash would, but never runs anything. Each simple command goes to
 * a resolver (commands/) that says what it reads, writes and invokes.
 */
import { diagnostic, warning } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import { type Confidence, confidenceToNode } from '../../model/kinds.js';
import { joinServer } from '../../util/paths.js';
import { redactText } from '../../util/redact.js';
import { kids, lineOf, named, parseWithBudget, type SyntaxNode } from '../parse/tree-sitter.js';
import type { DataRef, Extraction, Invocation, ScriptContext } from '../types.js';
import { resolveCommand } from './commands/index.js';
import type { CommandCall, ShellApi, Stdin } from './commands/types.js';
import { decideCondition, searchesPath } from './conditions.js';
import { lookupConfigKey } from './config-lookup.js';
import { evaluateGlued, glueWords, isWordish } from './glue.js';
import { toDataNode } from './targets.js';
import { concat, confidenceOf, lit, UNKNOWN, type Value } from './value.js';
import { evaluateWord, globMatch, type WordEnv } from './words.js';

const MAX_DEPTH = 8;
const MAX_LOOP_ITEMS = 12;

export interface ShellState {
  vars: Map<string, Value>;
  exported: Set<string>;
  allExport: boolean;
  functions: Map<string, SyntaxNode>;
  /** `NAME=(a b c)`: indexed arrays with literal elements. */
  arrays?: Map<string, Value[]>;
  /** Associative arrays (`zparseopts -A opts`): `${opts[-s]}`. */
  assocs?: Map<string, Map<string, Value>>;
  cwd: string;
  args: Value[];
  depth: number;
}

export interface ShellOptions {
  /** A cron line: redirections are writes of the script the line runs (marked `via: redirect`). */
  markRedirects: boolean;
  /** File the text came from (a crontab, a unit, a script) and the line the text starts at. */
  file: string;
  lineOffset: number;
  /** Construct label prefix, e.g. `cron line` or `os.system`. */
  where?: string;
}

export type { CommandCall, Stdin } from './commands/types.js';

export class ShellRun implements WordEnv, ShellApi {
  readonly out: Extraction = { reads: [], writes: [], invokes: [], diagnostics: [] };
  readonly lines: string[];

  constructor(
    readonly ctx: ScriptContext,
    readonly state: ShellState,
    readonly opts: ShellOptions,
    text: string,
  ) {
    this.lines = text.split('\n');
  }

  static initialState(ctx: ScriptContext): ShellState {
    const vars = new Map<string, Value>();
    for (const [k, v] of Object.entries(ctx.env)) vars.set(k, { text: v, resolved: true });
    return {
      vars,
      exported: new Set(Object.keys(ctx.env)),
      allExport: false,
      functions: new Map(),
      cwd: ctx.cwd,
      args: ctx.args.map((a) => ({ text: a, resolved: true })),
      depth: 0,
    };
  }

  // ---- ShellApi: what resolvers read, and the builtins that change the shell -----------------

  get cwd(): string {
    return this.state.cwd;
  }

  get args(): readonly Value[] {
    return this.state.args;
  }

  setCwd(dir: string): void {
    this.state.cwd = dir;
  }

  setArgs(args: Value[]): void {
    this.state.args = args;
  }

  setAllExport(on: boolean): void {
    this.state.allExport = on;
  }

  setArray(name: string, items: Value[]): void {
    this.state.arrays ??= new Map();
    this.state.arrays.set(name, items);
    this.setVar(name, items[0] ?? lit(''), false, false);
  }

  setAssoc(name: string, entries: Map<string, Value>): void {
    this.state.assocs ??= new Map();
    this.state.assocs.set(name, entries);
  }

  /** `${NAME[i]}`: an element of a known array (zsh counts from 1, bash from 0; -1 is the last). */
  element(name: string, index: string): Value | undefined {
    const assoc = this.state.assocs?.get(name);
    if (assoc) return assoc.get(index);
    const items = this.state.arrays?.get(name);
    if (!items || !/^-?\d+$/.test(index)) return undefined;
    const i = Number(index);
    const at = i < 0 ? items.length + i : this.zsh && i > 0 ? i - 1 : i;
    // an element the walk has no value for (an option the caller may pass some other way) is unknown
    return at >= 0 && at < items.length ? items[at] : undefined;
  }

  /** zsh: a `#!...zsh` line or a .zsh name. */
  private get zsh(): boolean {
    this.isZsh ??= /\.zsh$/.test(this.ctx.path) || /^#!.*\bzsh\b/.test(this.ctx.text.slice(0, 120));
    return this.isZsh;
  }
  private isZsh: boolean | undefined;

  withCwd(cwd: string, fn: () => void): void {
    const saved = this.state.cwd;
    this.state.cwd = cwd;
    try {
      fn();
    } finally {
      this.state.cwd = saved;
    }
  }

  // ---- WordEnv -------------------------------------------------------------------------------

  lookup(name: string): Value | undefined {
    if (/^\d+$/.test(name)) {
      const i = Number(name);
      if (i === 0) return lit(this.ctx.path);
      // past the arguments the caller gave (a job line runs the script with none): empty, as `$#` says
      return this.state.args[i - 1] ?? lit('');
    }
    if (name === '@' || name === '*')
      return this.state.args.length ? concat(joinValues(this.state.args)) : lit('');
    if (name === '#') return lit(String(this.state.args.length));
    if (name === 'PWD') return { text: this.state.cwd, resolved: true };
    // the file being walked (a sourced file is its own BASH_SOURCE); a cron line has none
    if (name === 'BASH_SOURCE') return this.opts.where ? undefined : lit(this.opts.file);
    if (name === 'HOME' && !this.state.vars.has('HOME')) return undefined;
    return this.state.vars.get(name);
  }

  substitute(node: SyntaxNode): Value {
    // $(...) and `...` run in a subshell: walk the inner commands once for what they read, compute
    // what the last one prints when it is knowable (`cd "$(dirname "$0")" && pwd`), and let no
    // `cd` or assignment leak out.
    if (this.substDepth >= MAX_DEPTH) return UNKNOWN;
    this.substDepth++;
    const saved = this.saveSubshell();
    try {
      let printed: Value | undefined;
      for (const c of named(node)) printed = this.printed(c);
      return printed ?? UNKNOWN;
    } finally {
      this.restoreSubshell(saved);
      this.substDepth--;
    }
  }

  /** Walk a statement inside `$(...)` and return what it prints, when static analysis knows it. */
  private printed(node: SyntaxNode): Value | undefined {
    if (node.type === 'list') {
      let v: Value | undefined;
      for (const c of named(node)) v = this.printed(c);
      return v;
    }
    if (node.type === 'command') {
      const argv = this.commandArgv(node);
      const computed = computeSubstitution(argv, this);
      if (computed) return computed;
      this.statement(node);
      const listed = listedFiles(node, this);
      if (listed) return concat(joinValues(listed));
      return this.helperValue(argv);
    }
    this.statement(node);
    return undefined;
  }

  /**
   * A local shell helper given a literal key (`read-config.sh TAG`) prints that key's value from
   * a config file it reads: walk the helper with the key bound, look the key up in what it read.
   */
  private helperValue(argv: Value[]): Value | undefined {
    const name = argv[0]?.text ?? '';
    if (!name.includes('/') || name.includes('*') || this.state.depth >= MAX_DEPTH) return undefined;
    const keys = argv.slice(1).filter((a) => !a.text.includes('*') && !a.text.startsWith('-'));
    if (keys.length === 0) return undefined;
    const path = joinServer(this.state.cwd, name);
    const res = this.ctx.fs.readText(path);
    if (!res.ok || !/^#!.*\b(ba|k|da)?sh\b|\.(ba)?sh$/.test(res.text.split('\n', 1)[0] + path))
      return undefined;
    const tree = parseWithBudget(this.ctx.parsers.bash, res.text, this.ctx.budgetMs);
    if (!tree) return undefined;
    const ctx = { ...this.ctx, path, text: res.text, args: keys.map((k) => k.text), env: this.exportedEnv() };
    const state = ShellRun.initialState(ctx);
    state.depth = this.state.depth + 1;
    const helper = new ShellRun(ctx, state, { file: path, lineOffset: 0, markRedirects: false }, res.text);
    try {
      helper.run(tree.rootNode);
    } finally {
      tree.delete();
    }
    const texts: string[] = [];
    for (const r of helper.out.reads) {
      const p = r.node.attrs.path;
      if (typeof p !== 'string' || p.includes('*')) continue;
      const t = this.ctx.fs.readText(p);
      if (t.ok) texts.push(t.text);
    }
    for (const k of keys) {
      const v = lookupConfigKey(texts, k.text);
      if (v !== undefined) return { text: v, resolved: true };
    }
    return undefined;
  }

  private saveSubshell(): { cwd: string; vars: Map<string, Value>; exported: Set<string> } {
    return { cwd: this.state.cwd, vars: new Map(this.state.vars), exported: new Set(this.state.exported) };
  }

  private restoreSubshell(saved: { cwd: string; vars: Map<string, Value>; exported: Set<string> }): void {
    this.state.cwd = saved.cwd;
    this.state.vars = saved.vars;
    this.state.exported = saved.exported;
  }

  private substDepth = 0;

  // ---- statements ----------------------------------------------------------------------------

  run(root: SyntaxNode): void {
    this.reportErrors(root);
    for (const c of named(root)) this.statement(c);
  }

  private reportErrors(root: SyntaxNode): void {
    if (!root.hasError) return;
    let reported = 0;
    const visit = (n: SyntaxNode) => {
      if (reported >= 5) return;
      if (n.type === 'ERROR' || n.isMissing) {
        reported++;
        this.out.diagnostics.push(
          warning(
            'parse-error',
            `${this.opts.file}:${this.line(n)}: shell syntax error; extracted what parsed around it`,
            { file: this.opts.file, line: this.line(n) },
          ),
        );
        return;
      }
      if (n.hasError) for (const c of kids(n)) visit(c);
    };
    visit(root);
  }

  statement(node: SyntaxNode, stdin?: Stdin): void {
    switch (node.type) {
      case 'comment':
        return;
      case 'command':
        this.command(node, stdin);
        return;
      case 'variable_assignment':
        this.assign(node, false);
        return;
      case 'variable_assignments':
        for (const c of named(node)) this.assign(c, false);
        return;
      case 'declaration_command':
        this.declare(node);
        return;
      case 'redirected_statement':
        this.redirected(node, stdin);
        return;
      case 'list': {
        // `[ -x /opt/x/hook ] && /opt/x/hook`: a guard on a program that is not on the server
        const parts = kids(node);
        const [guard, op, guarded] = parts;
        if (
          parts.length === 3 &&
          guard?.type === 'test_command' &&
          op?.type === '&&' &&
          guarded &&
          decideCondition([guard], this, this.ctx.fs, [guarded]) === false
        )
          return;
        for (const c of named(node)) this.statement(c, stdin);
        return;
      }
      case 'pipeline':
        this.pipeline(node, stdin);
        return;
      case 'for_statement':
        this.forLoop(node);
        return;
      case 'function_definition': {
        const name = node.childForFieldName('name')?.text;
        const body = node.childForFieldName('body');
        if (name && body) this.state.functions.set(name, body);
        return;
      }
      case 'subshell': {
        // `(cd DIR; ...)`: the directory and variables set inside do not leak out
        const saved = this.saveSubshell();
        for (const c of named(node)) this.statement(c, stdin);
        this.restoreSubshell(saved);
        return;
      }
      case 'while_statement':
        this.whileLoop(node, stdin);
        return;
      case 'negated_command':
      case 'compound_statement':
      case 'do_group':
        if (stdin?.items && this.readLoop(node, stdin.items)) return;
        for (const c of named(node)) this.statement(c, stdin);
        return;
      case 'case_statement':
        this.caseStatement(node, stdin);
        return;
      case 'if_statement':
        this.ifStatement(node, stdin);
        return;
      case 'elif_clause':
      case 'else_clause':
      case 'c_style_for_statement':
      case 'case_item':
        for (const c of named(node)) this.statement(c, stdin);
        return;
      case 'command_substitution':
      case 'process_substitution':
        for (const c of named(node)) this.statement(c);
        return;
      case 'test_command':
        // `[ -f "$X" ]` reads nothing; but $(...) inside can
        for (const c of node.descendantsOfType('command_substitution')) if (c) this.substitute(c);
        return;
      default:
        return;
    }
  }

  /**
   * `if C; then A; elif D; then B; else E; fi`: conditions are walked (they may read), and a
   * condition the walk can decide (conditions.ts) runs only its branch; an undecided one runs
   * its branch and the rest too, as before.
   */
  private ifStatement(node: SyntaxNode, stdin?: Stdin): void {
    const clauses: Array<{ cond: SyntaxNode[]; body: SyntaxNode[] }> = [];
    let current = { cond: [] as SyntaxNode[], body: [] as SyntaxNode[] };
    let inBody = false;
    const take = (parts: SyntaxNode[]) => {
      for (const c of parts) {
        if (c.type === 'then') inBody = true;
        else if (c.type === 'elif_clause') {
          clauses.push(current);
          current = { cond: [], body: [] };
          inBody = false;
          take(kids(c));
        } else if (c.type === 'else_clause') {
          clauses.push(current);
          current = { cond: [], body: named(c) };
          inBody = true;
          clauses.push({ ...current, cond: [] });
          current = { cond: [], body: [] };
        } else if (c.isNamed && c.type !== 'comment') (inBody ? current.body : current.cond).push(c);
      }
    };
    take(kids(node));
    if (current.cond.length > 0 || current.body.length > 0) clauses.push(current);
    for (const clause of clauses) {
      for (const c of clause.cond) this.statement(c, stdin);
      // an else clause has no condition: it runs when no earlier one was decided true
      const decided =
        clause.cond.length > 0 ? decideCondition(clause.cond, this, this.ctx.fs, clause.body) : true;
      if (decided === false) continue;
      for (const c of clause.body) this.statement(c, stdin);
      if (decided === true) return;
    }
  }

  private assign(node: SyntaxNode, exportIt: boolean, local = false, glued: SyntaxNode[] = []): void {
    const name = node.childForFieldName('name')?.text;
    if (!name) return;
    const valueNode = node.childForFieldName('value');
    if (valueNode?.type === 'array') {
      // `FILES=(a.csv "b c.csv")`: `${FILES[@]}` is each element, `$FILES` the first
      const items = glueWords(named(valueNode)).map((g) => evaluateGlued(g, this));
      this.state.arrays ??= new Map();
      this.state.arrays.set(name, items);
      this.setVar(name, items[0] ?? lit(''), false, exportIt && !local);
      return;
    }
    const parts = valueNode ? [valueNode, ...glued] : glued;
    const value = parts.length ? evaluateGlued(parts, this) : lit('');
    const append = kids(node).some((c) => c.type === '+=');
    this.setVar(name, value, append, exportIt && !local);
  }

  private setVar(name: string, value: Value, append: boolean, exportIt: boolean): void {
    const prev = this.state.vars.get(name);
    this.state.vars.set(name, append && prev ? concat([prev, value]) : value);
    if (exportIt || this.state.allExport) this.state.exported.add(name);
  }

  private declare(node: SyntaxNode): void {
    const keyword = node.child(0)?.text ?? '';
    const exportIt = keyword === 'export' || kids(node).some((c) => c.text === '-x');
    const local = keyword === 'local';
    for (const group of glueWords(named(node))) {
      const c = group[0] as SyntaxNode;
      if (c.type === 'variable_assignment') this.assign(c, exportIt, local, group.slice(1));
      else if (c.type === 'variable_name' || c.type === 'word') {
        if (exportIt) this.state.exported.add(c.text);
      }
    }
  }

  /** `find ... | while read -r f; do ...; done`: the body runs with f bound to each listed file. */
  private readLoop(node: SyntaxNode, items: Value[]): boolean {
    const cond = named(node).find((c) => c.type === 'command');
    const body = named(node).find((c) => c.type === 'do_group');
    const argv = cond ? this.commandArgv(cond) : [];
    if (argv[0]?.text !== 'read' || !body) return false;
    const names = argv.slice(1).filter((a) => /^[A-Za-z_]\w*$/.test(a.text));
    const variable = names.length === 1 ? names[0]?.text : undefined;
    if (!variable) return false;
    const saved = this.state.vars.get(variable);
    for (const item of items.slice(0, MAX_LOOP_ITEMS)) {
      this.state.vars.set(variable, item);
      this.statement(body);
    }
    if (saved) this.state.vars.set(variable, saved);
    else this.state.vars.delete(variable);
    return true;
  }

  /** getopts and hand-written option loops, `... | while read f`, else the body once. */
  private whileLoop(node: SyntaxNode, stdin?: Stdin): void {
    if (this.getoptsLoop(node) || this.argumentLoop(node)) return;
    if (stdin?.items && this.readLoop(node, stdin.items)) return;
    for (const c of named(node)) this.statement(c, stdin);
  }

  /**
   * `while getopts "s:d:h" opt; do case $opt in s) SRC=$OPTARG ;; ... esac; done`: the body runs
   * once per option the caller passed, with NAME and OPTARG bound, and OPTIND set after it (so
   * `shift $((OPTIND - 1))` leaves the operands). With unknown arguments it runs once, unknown.
   */
  private getoptsLoop(node: SyntaxNode): boolean {
    const cond = node.childForFieldName('condition') ?? named(node).find((c) => c.type === 'command');
    const body = node.childForFieldName('body') ?? named(node).find((c) => c.type === 'do_group');
    if (cond?.type !== 'command' || !body) return false;
    const argv = this.commandArgv(cond);
    if (argv[0]?.text !== 'getopts' || argv.length < 3) return false;
    const spec = (argv[1] as Value).text.replace(/^:/, '');
    const name = (argv[2] as Value).text;
    const words = argv.length > 3 ? argv.slice(3) : this.state.args;
    const { options, next } = getopts(spec, words);
    const unknownArgs = words.some((w) => w.text.includes('*'));
    const runs: Array<[Value, Value | undefined]> = options.length
      ? options.slice(0, MAX_LOOP_ITEMS)
      : unknownArgs
        ? [[UNKNOWN, UNKNOWN]]
        : [];
    for (const [opt, arg] of runs) {
      this.state.vars.set(name, opt);
      if (arg) this.state.vars.set('OPTARG', arg);
      else this.state.vars.delete('OPTARG');
      this.statement(body);
    }
    this.state.vars.set('OPTIND', unknownArgs ? UNKNOWN : lit(String(next + 1)));
    return true;
  }

  /**
   * `while [ $# -gt 0 ]; do case "$1" in --src) SRC=$2; shift 2 ;; ... esac; done` (also
   * `[[ -n "$1" ]]`, `(( $# ))`): the body runs again while it consumes arguments (each pass must
   * shift), so every option the caller passed is seen once.
   */
  private argumentLoop(node: SyntaxNode): boolean {
    const cond = node.childForFieldName('condition') ?? named(node).find((c) => c.type !== 'do_group');
    const body = node.childForFieldName('body') ?? named(node).find((c) => c.type === 'do_group');
    if (!cond || !body || !/\$#|\$\{?1\b|\$\{?@/.test(cond.text) || this.state.args.length === 0)
      return false;
    for (let pass = 0; pass < MAX_LOOP_ITEMS; pass++) {
      const before = this.state.args.length;
      if (before === 0) break;
      this.statement(body);
      if (this.state.args.length >= before) break;
    }
    return true;
  }

  /** `case WORD in ...`: a known WORD runs the first item whose pattern matches; else every item. */
  private caseStatement(node: SyntaxNode, stdin?: Stdin): void {
    const subjectNode = node.childForFieldName('value');
    const subject = subjectNode ? evaluateWord(subjectNode, this) : UNKNOWN;
    const items = named(node).filter((c) => c.type === 'case_item');
    if (!subject.text.includes('*')) {
      const hit = items.find((item) =>
        casePatterns(item).some((p) => p !== undefined && globMatch(p, subject.text)),
      );
      // patterns the walk cannot read (`$X`, `[a-z]*`) may match: then every item runs, as before
      const readable = items.every((item) => casePatterns(item).every((p) => p !== undefined));
      if (hit || readable) {
        if (hit) for (const c of caseBody(hit)) this.statement(c, stdin);
        return;
      }
    }
    for (const item of items) for (const c of caseBody(item)) this.statement(c, stdin);
  }

  /** `"${NAME[@]}"` / `${NAME[*]}` of a known array: its elements, one word each. */
  private arrayItems(group: SyntaxNode[]): Value[] | undefined {
    if (group.length !== 1) return undefined;
    // `"$@"`: the positional parameters, one word each (none when there are none)
    if (/^"?\$(\{@\}|@)"?$/.test((group[0] as SyntaxNode).text)) return [...this.state.args];
    const m = /^"?\$\{([A-Za-z_]\w*)\[[@*]\]\}"?$/.exec((group[0] as SyntaxNode).text);
    return m ? this.state.arrays?.get(m[1] as string) : undefined;
  }

  private forLoop(node: SyntaxNode): void {
    const variable = node.childForFieldName('variable')?.text;
    const body = node.childForFieldName('body');
    const values = node.childrenForFieldName('value').filter((v): v is SyntaxNode => v !== null);
    if (!variable || !body) return;
    let items: Value[] = glueWords(values).flatMap(
      (g) => this.arrayItems(g) ?? splitWords(evaluateGlued(g, this)),
    );
    if (values.length === 0) items = [...this.state.args];
    if (items.length > MAX_LOOP_ITEMS) items = [UNKNOWN];
    // a search path: `for c in A B C; do if [ -f "$c" ]; then ...; break; fi; done` stops at the
    // first candidate that exists; when one exists on the server, that is the one the loop uses
    if (searchesPath(body, variable)) {
      const found = items.find(
        (v) => v.text.startsWith('/') && !v.text.includes('*') && this.ctx.fs.isFile(v.text),
      );
      if (found) items = [found];
    }
    const saved = this.state.vars.get(variable);
    for (const item of items) {
      this.state.vars.set(variable, item);
      this.statement(body);
    }
    if (saved) this.state.vars.set(variable, saved);
  }

  /** Each command's output feeds the next; `beforeLast` runs just before the last one is walked. */
  private pipeline(node: SyntaxNode, stdin?: Stdin, beforeLast?: () => void): void {
    let feed = stdin;
    const parts = named(node);
    parts.forEach((c, i) => {
      if (i === parts.length - 1) beforeLast?.();
      this.statement(c, feed);
      const items = listedFiles(c, this);
      const text = items ? undefined : echoedText(c, this);
      feed = items ? { items } : text !== undefined ? { text, line: this.line(c) } : undefined;
    });
  }

  private redirected(node: SyntaxNode, piped?: Stdin): void {
    const body = node.childForFieldName('body');
    let stdin = piped;
    const before = { reads: this.out.reads.length, writes: this.out.writes.length };
    for (const r of node.childrenForFieldName('redirect')) {
      if (!r) continue;
      if (r.type === 'heredoc_redirect') stdin = this.heredoc(r);
      else if (r.type === 'herestring_redirect') {
        const w = named(r).at(-1);
        stdin = { text: w ? evaluateWord(w, this).text : '', line: this.line(r) };
      } else if (r.type === 'file_redirect') {
        const s = this.fileRedirect(r, body);
        if (s) stdin = s;
      }
    }
    let invokesBefore = this.out.invokes.length;
    // `a | b > f`: the redirection is b's stdout, so only what the last command runs gets it
    const last = body?.type === 'pipeline' ? named(body).at(-1) : body;
    if (body?.type === 'pipeline')
      this.pipeline(body, stdin, () => {
        invokesBefore = this.out.invokes.length;
      });
    else if (body) this.statement(body, stdin);
    // a shell function's redirection covers everything the function does: it stays the script's
    const isFunction = last?.type === 'command' && this.state.functions.has(commandName(last));
    if (last?.type === 'command' && !isFunction && !this.opts.markRedirects)
      this.handRedirects(before, invokesBefore);
  }

  /**
   * `conv.pl "$f" >> $CSV` inside a script: the callee prints what lands in $CSV, so the
   * redirections are the callee's reads and writes (the cron line does the same with markRedirects).
   */
  private handRedirects(before: { reads: number; writes: number }, invokesBefore: number): void {
    const callees = this.out.invokes.slice(invokesBefore).filter((i) => i.mode !== 'import');
    if (callees.length === 0) return;
    const reads = this.out.reads
      .slice(before.reads)
      .filter((r) => r.evidence.construct.includes('redirection'));
    const writes = this.out.writes
      .slice(before.writes)
      .filter((w) => /redirection|exec/.test(w.evidence.construct));
    if (reads.length === 0 && writes.length === 0) return;
    const moved = new Set<DataRef>();
    for (const inv of callees) {
      const self = `file:${inv.path}`;
      const r = reads.filter((x) => x.node.key !== self);
      const w = writes.filter((x) => x.node.key !== self);
      if (r.length === 0 && w.length === 0) continue;
      inv.redirects = {
        reads: [...(inv.redirects?.reads ?? []), ...r],
        writes: [...(inv.redirects?.writes ?? []), ...w],
      };
      for (const x of [...r, ...w]) moved.add(x);
    }
    this.out.reads = this.out.reads.filter((x) => !moved.has(x));
    this.out.writes = this.out.writes.filter((x) => !moved.has(x));
  }

  private heredoc(r: SyntaxNode): Stdin {
    const bodyNode = named(r).find((c) => c.type === 'heredoc_body');
    const start = named(r).find((c) => c.type === 'heredoc_start')?.text ?? '';
    const quoted = /^['"\\]/.test(start);
    let text = bodyNode?.text ?? '';
    if (bodyNode && !quoted) {
      // substitute expansions inside the body, right to left so offsets stay valid
      const parts = named(bodyNode).filter((c) =>
        ['simple_expansion', 'expansion', 'command_substitution'].includes(c.type),
      );
      for (const p of parts.reverse()) {
        const v = evaluateWord(p, this).text;
        const a = p.startIndex - bodyNode.startIndex;
        const b = p.endIndex - bodyNode.startIndex;
        text = text.slice(0, a) + v + text.slice(b);
      }
    }
    // heredoc bodies may be missing in tree-sitter when unterminated: it then yields nothing
    return { text, line: bodyNode ? this.line(bodyNode) : this.line(r) };
  }

  private fileRedirect(r: SyntaxNode, body: SyntaxNode | null): Stdin | undefined {
    const destGroup = glueWords(named(r).filter(isWordish))[0];
    const dest = destGroup?.[0] ?? r.childForFieldName('destination') ?? named(r).at(-1);
    if (!dest || dest.type === 'file_descriptor') return undefined;
    if (dest.type === 'process_substitution') {
      // `exec > >(tee -a LOG)`: what runs inside reads or writes, the script's own
      this.statement(dest);
      return undefined;
    }
    const op = kids(r).find((c) => !c.isNamed)?.text ?? '>';
    // `2> FILE`: only stderr goes there, which makes FILE a log (graph/file-roles.ts reads this)
    const fd = r.childForFieldName('descriptor')?.text;
    const shown = fd && fd !== '1' ? `${fd}${op}` : op;
    if (op === '>&' || op === '<&') {
      if (/^\d+$|^-$/.test(dest.text)) return undefined;
    }
    const value = destGroup ? evaluateGlued(destGroup, this) : evaluateWord(dest, this);
    if (op === '<') {
      this.emitRead(value, r, 'redirection <', true);
      return { file: value, line: this.line(r) };
    }
    if (op === '<>') {
      this.emitRead(value, r, `redirection ${op}`);
    }
    const isExec = body?.type === 'command' && commandName(body) === 'exec' && named(body).length === 1;
    this.emitWrite(value, r, isExec ? `exec ${shown}` : `redirection ${shown}`, true);
    return undefined;
  }

  // ---- commands ------------------------------------------------------------------------------

  commandArgv(node: SyntaxNode): Value[] {
    return this.commandParts(node).argv;
  }

  /**
   * The words of a simple command, glued where tree-sitter cut one word in two (glue.ts): leading
   * `NAME=value` words are the command's environment, the rest its argv.
   */
  private commandParts(node: SyntaxNode): { env: Array<[string, Value, boolean]>; argv: Value[] } {
    const words = named(node).filter((c) => c.type === 'variable_assignment' || isWordish(c));
    const env: Array<[string, Value, boolean]> = [];
    const argv: Value[] = [];
    for (const group of glueWords(words)) {
      const first = group[0] as SyntaxNode;
      if (first.type === 'variable_assignment' && argv.length === 0) {
        const name = first.childForFieldName('name')?.text;
        const valueNode = first.childForFieldName('value');
        const parts = valueNode ? [valueNode, ...group.slice(1)] : group.slice(1);
        const append = kids(first).some((c) => c.type === '+=');
        if (name) env.push([name, parts.length ? evaluateGlued(parts, this) : lit(''), append]);
        continue;
      }
      const listed = this.arrayItems(group);
      if (listed) {
        argv.push(...listed);
        continue;
      }
      const nodes = first.type === 'variable_assignment' ? [first, ...group.slice(1)] : group;
      argv.push(
        ...splitWords(
          nodes.length === 1 && first.type === 'variable_assignment'
            ? lit(first.text)
            : evaluateGlued(nodes, this),
        ),
      );
    }
    return { env, argv };
  }

  private command(node: SyntaxNode, stdin?: Stdin): void {
    for (const c of named(node)) {
      if (c.type === 'file_redirect') {
        // older grammar versions attach redirects to the command itself
        const s = this.fileRedirect(c, node);
        if (s) stdin = s;
      } else if (c.type === 'heredoc_redirect') stdin = this.heredoc(c);
    }
    const { env, argv } = this.commandParts(node);
    if (argv.length === 0) {
      // a bare assignment list: `A=1 B=2`
      for (const [k, v, append] of env) this.setVar(k, v, append, false);
      return;
    }
    const inlineEnv = new Map<string, Value>(env.map(([k, v]) => [k, v]));
    this.dispatch({ name: argv[0]?.text ?? '', argv, node, stdin, run: this, inlineEnv });
  }

  /** Run an argv (from a command, or handed on by a wrapper such as `nice`, `sudo -u`, `flock`). */
  dispatch(call: CommandCall): void {
    const fn = this.state.functions.get(call.name);
    if (fn && this.state.depth < MAX_DEPTH) {
      const savedArgs = this.state.args;
      this.state.args = call.argv.slice(1);
      this.state.depth++;
      this.statement(fn, call.stdin);
      this.state.depth--;
      this.state.args = savedArgs;
      return;
    }
    resolveCommand(call);
  }

  /** Parse and walk a shell string found as an argument (`bash -c '...'`, `su -c '...'`). */
  runNested(text: string, at: SyntaxNode, args?: Value[]): void {
    if (this.state.depth >= MAX_DEPTH) return;
    const savedArgs = this.state.args;
    if (args) this.state.args = args;
    try {
      this.walkNested(text, at);
    } finally {
      this.state.args = savedArgs;
    }
  }

  private walkNested(text: string, at: SyntaxNode): void {
    const tree = parseWithBudget(this.ctx.parsers.bash, text, this.ctx.budgetMs);
    if (!tree) return;
    this.state.depth++;
    const saved = this.opts.lineOffset;
    // nested text has no lines of its own in the file: report the line of the outer construct
    const nested = new ShellRun(this.ctx, this.state, { ...this.opts, lineOffset: this.line(at) - 1 }, text);
    nested.flatLine = this.line(at);
    nested.run(tree.rootNode);
    this.merge(nested.out);
    this.opts.lineOffset = saved;
    this.state.depth--;
    tree.delete();
  }

  /** `source FILE`: walk another file's text in this shell; its evidence points into that file. */
  sourceText(text: string, file: string): void {
    if (this.state.depth >= MAX_DEPTH) return;
    const tree = parseWithBudget(this.ctx.parsers.bash, text, this.ctx.budgetMs);
    if (!tree) return;
    this.state.depth++;
    const nested = new ShellRun(
      this.ctx,
      this.state,
      { ...this.opts, file, lineOffset: 0, markRedirects: false },
      text,
    );
    nested.run(tree.rootNode);
    this.merge(nested.out);
    this.state.depth--;
    tree.delete();
  }

  /** When set, every evidence line is this line (nested shell text inside another construct). */
  flatLine: number | undefined;

  merge(out: Extraction): void {
    this.out.reads.push(...out.reads);
    this.out.writes.push(...out.writes);
    this.out.invokes.push(...out.invokes);
    this.out.diagnostics.push(...out.diagnostics);
  }

  // ---- emitting facts ------------------------------------------------------------------------

  line(node: SyntaxNode): number {
    return this.flatLine ?? lineOf(node) + this.opts.lineOffset;
  }

  evidence(node: SyntaxNode, construct: string): Evidence {
    const line = this.line(node);
    const prefix = this.opts.where ? `${this.opts.where}: ` : '';
    return {
      file: this.opts.file,
      line,
      construct: prefix + construct,
      method: 'static',
      snippet: this.snippet(node),
    };
  }

  private readonly snippets = new Map<number, string>();

  /** The source line, redacted. Redaction runs on a bounded window, once per line. */
  private snippet(node: SyntaxNode): string {
    const row = lineOf(node);
    let s = this.snippets.get(row);
    if (s === undefined) {
      const fileLine = this.lines[row - 1] ?? node.text.split('\n')[0] ?? '';
      s = redactText(fileLine.trim().slice(0, 1000)).slice(0, 240);
      this.snippets.set(row, s);
    }
    return s;
  }

  private dataRef(
    value: Value,
    node: SyntaxNode,
    construct: string,
    confidence?: Confidence,
  ): DataRef | undefined {
    const spec = toDataNode(value.text, this.state.cwd, !value.resolved);
    if (!spec) {
      if (value.text.startsWith('*') && value.text.length > 1) {
        this.note(
          node,
          'unresolved-path',
          `${construct} on '${value.text}': its directory is not known statically; no edge`,
        );
      }
      return undefined;
    }
    const unknownDir = String(spec.attrs?.path ?? '').includes('*') && !value.text.includes('*');
    return {
      node: spec,
      evidence: this.evidence(node, construct),
      confidence: confidence ?? (unknownDir ? 'partial' : confidenceOf(value)),
    };
  }

  emitRead(
    value: Value,
    node: SyntaxNode,
    construct: string,
    redirectOrConfidence?: boolean | Confidence,
  ): void {
    const redirect = redirectOrConfidence === true;
    const confidence = typeof redirectOrConfidence === 'string' ? redirectOrConfidence : undefined;
    const ref = this.dataRef(value, node, construct, confidence);
    if (!ref) return;
    if (redirect && this.opts.markRedirects) ref.via = 'redirect';
    this.out.reads.push(ref);
  }

  emitWrite(
    value: Value,
    node: SyntaxNode,
    construct: string,
    redirect = false,
    confidence?: Confidence,
  ): void {
    const ref = this.dataRef(value, node, construct, confidence);
    if (!ref) return;
    if (redirect && this.opts.markRedirects) ref.via = 'redirect';
    this.out.writes.push(ref);
  }

  emitRef(kind: 'read' | 'write', ref: DataRef): void {
    // a `*` in the node (a table on a server named by an unknown `-h "$DB_HOST"`): partial at most
    const out = { ...ref, confidence: confidenceToNode(ref.node.key, ref.confidence) };
    (kind === 'read' ? this.out.reads : this.out.writes).push(out);
  }

  emitInvoke(
    inv: Omit<Invocation, 'evidence' | 'confidence'>,
    node: SyntaxNode,
    construct: string,
    v: Value,
  ): void {
    const path = inv.path.startsWith('*') ? inv.path : joinServer(this.state.cwd, inv.path);
    if (!path.startsWith('/')) {
      this.note(
        node,
        'unresolved-path',
        `${construct}: '${inv.path}' is relative to a directory not known statically; no edge`,
      );
      return;
    }
    this.out.invokes.push({
      ...inv,
      path,
      env: { ...this.exportedEnv(), ...(inv.env ?? {}) },
      cwd: inv.cwd ?? this.state.cwd,
      evidence: this.evidence(node, construct),
      confidence: path.includes('*') ? 'partial' : confidenceOf(v),
    });
  }

  /** The environment a child process sees: exported variables. */
  exportedEnv(extra?: Map<string, Value>): Record<string, string> {
    const env: Record<string, string> = {};
    for (const k of this.state.exported) {
      const v = this.state.vars.get(k);
      if (v) env[k] = v.text;
    }
    if (extra) for (const [k, v] of extra) env[k] = v.text;
    return env;
  }

  warn(node: SyntaxNode, code: string, message: string): void {
    this.diagnose('warning', node, code, message);
  }

  /** Something worth knowing that needs no action: an info diagnostic with file and line. */
  note(node: SyntaxNode, code: string, message: string): void {
    this.diagnose('info', node, code, message);
  }

  private diagnose(severity: 'warning' | 'info', node: SyntaxNode, code: string, message: string): void {
    const line = this.line(node);
    this.out.diagnostics.push(
      diagnostic(severity, code, `${this.opts.file}:${line}: ${message}`, { file: this.opts.file, line }),
    );
  }
}

/** `$(basename X)`, `$(dirname X)`, `$(pwd)`, `$(hostname)`: values we can know statically. */
function computeSubstitution(argv: Value[], run: ShellRun): Value | undefined {
  const name = argv[0]?.text ?? '';
  const base = name.slice(name.lastIndexOf('/') + 1);
  const part = pathPart(base, argv);
  if (part) return part;
  if (base === 'pwd') return { text: run.state.cwd, resolved: true };
  if ((base === 'readlink' && argv.some((a) => /^-[fem]+$/.test(a.text))) || base === 'realpath') {
    const target = argv
      .slice(1)
      .filter((a) => !a.text.startsWith('-'))
      .at(-1);
    return target ? { text: target.text, resolved: true } : undefined;
  }
  if (base === 'echo' && argv.slice(1).every((a) => !/^-[neE]*e/.test(a.text))) {
    const words = argv.slice(1).filter((a, i) => !(i === 0 && /^-[nE]+$/.test(a.text)));
    return words.length ? concat(joinValues(words)) : lit('');
  }
  // the server's name where the scan knows it (/etc/hostname, --host); else unknown, never made up
  if (base === 'hostname' && argv.length === 1)
    return run.ctx.host ? { text: run.ctx.host, resolved: true } : undefined;
  // `NODE=$(which node)`, `$(command -v duplicity)`: the program by name (the dispatcher resolves
  // commands by base name; where it is installed does not matter)
  const prog = base === 'which' || (base === 'command' && argv[1]?.text === '-v') ? argv.at(-1) : undefined;
  if (prog && !prog.text.startsWith('-') && /^[\w.+-]+$/.test(prog.text))
    return { text: prog.text, resolved: true };
  return undefined;
}

/** `$(basename X [SUFFIX])` and `$(dirname X)`, known as far as X is. */
function pathPart(base: string, argv: Value[]): Value | undefined {
  const arg = argv[1];
  if (!arg) return undefined;
  if (base === 'basename') {
    const b = arg.text.replace(/\/+$/, '');
    let r = b.slice(b.lastIndexOf('/') + 1);
    const suffix = argv[2]?.text;
    if (suffix && r.endsWith(suffix)) r = r.slice(0, -suffix.length);
    return { text: r, resolved: arg.resolved };
  }
  if (base === 'dirname') {
    const d = arg.text.replace(/\/+$/, '');
    const i = d.lastIndexOf('/');
    return { text: i > 0 ? d.slice(0, i) : i === 0 ? '/' : '.', resolved: arg.resolved };
  }
  return undefined;
}

/** A case item's patterns as glob text (`-h|--help`, `s`, `*`); undefined where not literal. */
function casePatterns(item: SyntaxNode): Array<string | undefined> {
  const out: Array<string | undefined> = [];
  for (const c of kids(item)) {
    if (c.type === ')') break;
    if (!c.isNamed) continue;
    if (c.type === 'word' || c.type === 'extglob_pattern') {
      // a bracket class or extglob is beyond this matcher: treat the item as unreadable
      out.push(/[[\]@!+?()]/.test(c.text) ? undefined : c.text.replace(/\\(.)/g, '$1'));
    } else if (c.type === 'string' || c.type === 'raw_string') {
      const inner = c.text.slice(1, -1);
      out.push(/[$`\\]/.test(inner) ? undefined : inner.replace(/\*/g, '\u0000'));
    } else out.push(undefined);
  }
  return out;
}

/** The statements of a case item (after its `)`). */
function caseBody(item: SyntaxNode): SyntaxNode[] {
  const all = kids(item);
  const close = all.findIndex((c) => c.type === ')');
  return all.slice(close + 1).filter((c) => c.isNamed);
}

/** POSIX getopts over known words: [option letter, argument] pairs and the index after them. */
function getopts(
  spec: string,
  words: readonly Value[],
): { options: Array<[Value, Value | undefined]>; next: number } {
  const options: Array<[Value, Value | undefined]> = [];
  let i = 0;
  for (; i < words.length; i++) {
    const t = (words[i] as Value).text;
    if (t === '--') return { options, next: i + 1 };
    if (!t.startsWith('-') || t === '-' || t.includes('*')) break;
    for (let k = 1; k < t.length; k++) {
      const c = t[k] as string;
      const at = spec.indexOf(c);
      if (at < 0 || c === ':') {
        options.push([lit('?'), undefined]);
        continue;
      }
      if (spec[at + 1] !== ':') {
        options.push([lit(c), undefined]);
        continue;
      }
      const rest = t.slice(k + 1);
      const arg = rest !== '' ? lit(rest) : words[++i];
      options.push([lit(c), arg ? { text: arg.text, resolved: true } : undefined]);
      break;
    }
  }
  return { options, next: i };
}

function commandName(node: SyntaxNode): string {
  return node.childForFieldName('name')?.text ?? '';
}

/** `$@` joined into one value; callers that need separate words use state.args directly. */
function joinValues(vs: Value[]): Value[] {
  const out: Value[] = [];
  vs.forEach((v, i) => {
    if (i > 0) out.push(lit(' '));
    out.push(v);
  });
  return out;
}

/**
 * Unquoted `$@`/`$VAR` holding several words splits into arguments. We split only values that
 * came from variables and contain spaces (a literal with spaces was quoted).
 */
function splitWords(v: Value): Value[] {
  // an unquoted expansion of nothing is no word at all: `for db in $EMPTY` never runs its body
  if (v.resolved && !v.quoted && v.text.trim() === '') return [];
  if (!v.resolved || !/\s/.test(v.text.trim()) || v.quoted) return [v];
  return v.text
    .trim()
    .split(/\s+/)
    .map((t) => ({ text: t, resolved: true }));
}

/**
 * What a pipeline's command prints as file names, for `| xargs CMD` and `| while read f`:
 * `find DIR... [-name PAT]` prints DIR/PAT (one segment: deeper files stay within `*`),
 * `ls GLOB...` prints the glob.
 */
function listedFiles(node: SyntaxNode, run: ShellRun): Value[] | undefined {
  if (node.type !== 'command') return undefined;
  const argv = run.commandArgv(node);
  const base = (argv[0]?.text ?? '').replace(/^.*\//, '');
  const args = argv.slice(1);
  if (base === 'find') {
    const dirs = args.slice(
      0,
      Math.max(
        0,
        args.findIndex((a) => /^[-!(]/.test(a.text)),
      ),
    );
    const roots = dirs.length ? dirs : args.every((a) => !/^[-!(]/.test(a.text)) ? args : [];
    const nameAt = args.findIndex((a) => a.text === '-name' || a.text === '-iname');
    const name = nameAt >= 0 ? (args[nameAt + 1]?.text ?? '*') : '*';
    return (roots.length ? roots : [lit('.')]).map((d) => ({
      text: `${d.text.replace(/\/+$/, '')}/${name}`,
      resolved: true,
    }));
  }
  if (base === 'ls') {
    const ops = args.filter((a) => !a.text.startsWith('-'));
    // `ls DIR` prints bare names (relative to DIR, not to the cwd): only globs name paths; a
    // relative glob names files in the working directory (`./` keeps that, as `find .` does)
    if (!ops.length || !ops.every((o) => o.text.includes('*'))) return undefined;
    return ops.map((o) => (/^[/~.]/.test(o.text) ? o : { ...o, text: `./${o.text}` }));
  }
  return undefined;
}

/** `echo "SQL" | psql`, `printf '%s\n' CMDS | sftp -b - host`: the text a pipeline feeds on. */
function echoedText(node: SyntaxNode, run: ShellRun): string | undefined {
  if (node.type !== 'command') return undefined;
  const argv = run.commandArgv(node);
  const base = argv[0]?.text ?? '';
  if (base === 'echo')
    return argv
      .slice(1)
      .filter((a, i) => !(i === 0 && /^-[neE]+$/.test(a.text)))
      .map((a) => a.text)
      .join(' ');
  if (base === 'printf' && argv[1] && argv.length === 2) return argv[1].text.replace(/\\n/g, '\n');
  return undefined;
}
