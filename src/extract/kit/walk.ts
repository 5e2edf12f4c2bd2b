/**
 * The skeleton the tree-sitter script extractors share: a scope of values, a walk that visits
 * every statement (both branches of an `if`, loop bodies once per known element, function bodies
 * with unknown parameters) and calls the language's `statement` and `expr` hooks. Calls nested
 * anywhere are found because `expr` falls back to walking a node's children. A function the script
 * defines by name is walked at each call that passes a known argument, with its parameters bound
 * (`callFunction`), so a helper's I/O is found with the caller's values; at its first call when
 * none is known; and once at the end, parameters unknown, if it was never called (`defer`).
 */
import { warning } from '../../model/diagnostic.js';
import type { GrammarName } from '../parse/tree-sitter.js';
import { lineOf, named, parseWithBudget, type SyntaxNode } from '../parse/tree-sitter.js';
import type { Extraction, ScriptContext } from '../types.js';
import { ScriptSink, type ShellRunner } from './sink.js';
import { UNKNOWN, type V } from './value.js';

/** Elements of a literal list a loop body is walked for, at most. */
export const MAX_LOOP_ELEMENTS = 8;
/** Calls into the script's own functions followed at once (nesting), and per file in all. */
export const MAX_CALL_DEPTH = 4;
const MAX_CALL_WALKS = 200;
/** Nodes visited per file, at most (a generated file must not take the scan's time). */
const MAX_NODES = 400_000;
const MAX_SYNTAX_WARNINGS = 5;

export class ScriptRun {
  readonly sink: ScriptSink;
  readonly scope = new Map<string, V>();
  private visited = 0;
  stopped = false;
  /** Functions the script defines, by name (the language registers them). */
  readonly functions = new Map<string, SyntaxNode>();
  /** Functions by `node.id` (tree-sitter gives a new wrapper object at each access). */
  private readonly active = new Set<number>();
  private readonly called = new Map<string, V>();
  private readonly walked = new Set<number>();
  private readonly deferred: Array<{ def: SyntaxNode; walk: () => void }> = [];
  private callWalks = 0;
  private readonly cleanups: Array<() => void> = [];
  /** The values `return`ed in each function call being walked (innermost last). */
  private readonly returns: V[][] = [];

  constructor(
    readonly ctx: ScriptContext,
    readonly lang: LanguageHooks,
    runShell: ShellRunner,
  ) {
    this.sink = new ScriptSink(ctx, runShell);
  }

  /** Visit a statement or any node: the language's hook first, then its children. */
  walk(node: SyntaxNode | null | undefined): void {
    if (!node || this.stopped) return;
    if (++this.visited > MAX_NODES) {
      this.stopped = true;
      this.sink.warn(
        'script-too-large',
        `${this.ctx.path}: stopped after ${MAX_NODES} syntax nodes`,
        lineOf(node),
      );
      return;
    }
    if (this.lang.statement(this, node)) return;
    this.expr(node);
  }

  /** The value of an expression; unknown kinds of node are walked for the calls inside them. */
  expr(node: SyntaxNode | null | undefined): V {
    if (!node || this.stopped) return UNKNOWN;
    const v = this.lang.expr(this, node);
    if (v !== undefined) return v;
    for (const c of named(node)) this.walk(c);
    return UNKNOWN;
  }

  /** Walk `body` once with `name` bound to each element of a known list, else once with it unknown. */
  loop(name: string, over: V, body: SyntaxNode | null | undefined): void {
    const items = over.k === 'list' ? over.items.slice(0, MAX_LOOP_ELEMENTS) : [];
    if (items.length === 0) items.push(UNKNOWN);
    for (const item of items) {
      this.scope.set(name, item);
      this.walk(body);
    }
  }

  lookup(name: string): V {
    return this.scope.get(name) ?? UNKNOWN;
  }

  /**
   * One call of a function the script defines: `bind` sets its parameters, `body` walks it and
   * gives the value of an expression body. Afterwards the function's `locals` (parameters and
   * names it declares) get their values from before the call back; other names it assigned keep
   * what it set (a global set in `connect()` is set for the rest of the script). The same
   * arguments are walked once; a call without any known argument walks the body only if nothing
   * has yet (the definition itself is walked at the end otherwise, see `defer`); recursion and
   * depth are bounded. Gives what the function returns when that is one known value.
   */
  callFunction(
    def: SyntaxNode,
    argv: V[],
    locals: ReadonlySet<string>,
    bind: () => void,
    body: () => V | undefined,
  ): V {
    const key = `${def.id}|${JSON.stringify(argv, replacer)}`;
    const memo = this.called.get(key);
    if (memo) return memo;
    if (!argv.some(known) && this.walked.has(def.id)) return UNKNOWN;
    if (this.active.has(def.id) || this.active.size >= MAX_CALL_DEPTH || this.callWalks >= MAX_CALL_WALKS)
      return UNKNOWN;
    this.callWalks++;
    this.walked.add(def.id);
    this.called.set(key, UNKNOWN);
    const saved = new Map<string, V | undefined>();
    for (const name of locals) saved.set(name, this.scope.get(name));
    this.active.add(def.id);
    this.returns.push([]);
    let value: V = UNKNOWN;
    try {
      bind();
      const tail = body();
      const returned = this.returns.at(-1) ?? [];
      if (tail) returned.push(tail);
      value = oneValue(returned);
    } finally {
      this.returns.pop();
      this.active.delete(def.id);
      for (const [name, v] of saved) {
        if (v === undefined) this.scope.delete(name);
        else this.scope.set(name, v);
      }
    }
    this.called.set(key, value);
    return value;
  }

  /** A named function's body, walked at the end unless a call with known arguments walked it. */
  defer(def: SyntaxNode, walk: () => void): void {
    this.deferred.push({ def, walk });
  }

  /** Walk the deferred bodies (their walks may define and defer more). */
  finish(): void {
    for (let i = 0; i < this.deferred.length && !this.stopped; i++) {
      const d = this.deferred[i] as { def: SyntaxNode; walk: () => void };
      if (!this.walked.has(d.def.id)) d.walk();
    }
  }

  /** Run `fn` when the script's walk is over (free a parsed file whose functions may be called). */
  onDone(fn: () => void): void {
    this.cleanups.push(fn);
  }

  /** Called by runScript after the walk. */
  done(): void {
    for (const fn of this.cleanups.splice(0)) fn();
  }

  /** A `return x` inside a function call being walked. */
  returned(v: V): void {
    this.returns.at(-1)?.push(v);
  }
}

function known(v: V): boolean {
  if (v.k === 'str') return v.s.trim() !== '*';
  return v.k !== 'unknown';
}

function replacer(_k: string, v: unknown): unknown {
  return v instanceof Map ? [...v.entries()] : v;
}

/** The value a function returns: the one known value its `return`s give, else unknown. */
function oneValue(vs: V[]): V {
  const knownOnes = vs.filter(known);
  if (knownOnes.length === 0) return UNKNOWN;
  const first = knownOnes[0] as V;
  const same = knownOnes.every((v) => JSON.stringify(v, replacer) === JSON.stringify(first, replacer));
  return same ? first : UNKNOWN;
}

export interface LanguageHooks {
  grammar: GrammarName;
  /** Handle a statement (assignment, loop, definition); true when handled. */
  statement(run: ScriptRun, node: SyntaxNode): boolean;
  /** The value of an expression node, or undefined to walk its children. */
  expr(run: ScriptRun, node: SyntaxNode): V | undefined;
  /** Bind argv and other globals before the walk. */
  prelude?(run: ScriptRun): void;
}

/** Parse a script with its grammar and walk it; syntax errors keep what parsed, with warnings. */
export function runScript(
  ctx: ScriptContext,
  lang: LanguageHooks,
  title: string,
  runShell: ShellRunner,
  lineOffset = 0,
): Extraction {
  const run = new ScriptRun(ctx, lang, runShell);
  run.sink.lineOffset = lineOffset;
  const tree = parseWithBudget(ctx.parsers.of(lang.grammar), ctx.text, ctx.budgetMs);
  if (!tree) {
    run.sink.warn('parse-timeout', `${ctx.path}: ${title} parse ran out of its time budget; skipped`, 1);
    return run.sink.out;
  }
  try {
    reportSyntaxErrors(run, tree.rootNode, title);
    lang.prelude?.(run);
    run.walk(tree.rootNode);
    run.finish();
  } catch (err) {
    run.sink.out.diagnostics.push(
      warning(`${lang.grammar}-internal-error`, `${ctx.path}: ${title} extraction stopped: ${String(err)}`, {
        file: ctx.path,
        line: 1,
      }),
    );
  } finally {
    run.done();
    tree.delete();
  }
  return run.sink.out;
}

function reportSyntaxErrors(run: ScriptRun, root: SyntaxNode, title: string): void {
  if (!root.hasError) return;
  let n = 0;
  const visit = (node: SyntaxNode): void => {
    if (n >= MAX_SYNTAX_WARNINGS) return;
    if (node.isError || node.isMissing) {
      n++;
      run.sink.warn(
        'syntax-error',
        `${run.ctx.path}:${lineOf(node)}: ${title} syntax error; the rest of the file is still read`,
        lineOf(node),
      );
      return;
    }
    if (node.hasError) for (const c of named(node)) visit(c);
  };
  visit(root);
}

/** Arguments of a call: positional values in order, named ones by name. */
export interface Args {
  pos: V[];
  named: Map<string, V>;
}

/** `name=` if given, else the positional argument at `index`. */
export function arg(a: Args, index: number, ...names: string[]): V | undefined {
  for (const n of names) {
    const v = a.named.get(n);
    if (v) return v;
  }
  return a.pos[index];
}
