/**
 * The skeleton the tree-sitter script extractors share: a scope of values, a walk that visits
 * every statement (both branches of an `if`, loop bodies once per known element, function bodies
 * with unknown parameters) and calls the language's `statement` and `expr` hooks. Calls nested
 * anywhere are found because `expr` falls back to walking a node's children.
 */
import { warning } from '../../model/diagnostic.js';
import type { GrammarName } from '../parse/tree-sitter.js';
import { lineOf, named, parseWithBudget, type SyntaxNode } from '../parse/tree-sitter.js';
import type { Extraction, ScriptContext } from '../types.js';
import { ScriptSink, type ShellRunner } from './sink.js';
import { UNKNOWN, type V } from './value.js';

/** Elements of a literal list a loop body is walked for, at most. */
export const MAX_LOOP_ELEMENTS = 8;
/** Nodes visited per file, at most (a generated file must not take the scan's time). */
const MAX_NODES = 400_000;
const MAX_SYNTAX_WARNINGS = 5;

export class ScriptRun {
  readonly sink: ScriptSink;
  readonly scope = new Map<string, V>();
  private visited = 0;
  stopped = false;

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
  } catch (err) {
    run.sink.out.diagnostics.push(
      warning(`${lang.grammar}-internal-error`, `${ctx.path}: ${title} extraction stopped: ${String(err)}`, {
        file: ctx.path,
        line: 1,
      }),
    );
  } finally {
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
