/**
 * A file another one runs in its own session (R `source()`, PHP `include`/`require`): its text is
 * walked in the same run, so its definitions and values become the caller's and its I/O is the
 * caller's, with evidence lines in that file. The parsed tree lives as long as the run (its
 * functions may be called later); a file already being walked (a cycle) or too deep a chain is
 * not walked again.
 */
import type { GrammarName } from '../parse/tree-sitter.js';
import { parseWithBudget } from '../parse/tree-sitter.js';
import type { ScriptRun } from './walk.js';

const MAX_INLINE_DEPTH = 4;
const walking = new WeakMap<ScriptRun, string[]>();
const walked = new WeakMap<ScriptRun, Set<string>>();

/** Whether `path` was walked inline in this run already (`include_once`). */
export function walkedInline(run: ScriptRun, path: string): boolean {
  return walked.get(run)?.has(path) === true;
}

/**
 * Walk `path` (a server path) in `run`; `enter` may set file-specific names (`__DIR__`) and give
 * back how to restore them. False when the file is not on the server, does not parse in time,
 * is the script itself, or would recurse.
 */
export function walkInline(
  run: ScriptRun,
  path: string,
  grammar: GrammarName,
  enter?: () => () => void,
): boolean {
  const stack = walking.get(run) ?? [];
  if (stack.includes(path) || stack.length >= MAX_INLINE_DEPTH || path === run.ctx.path) return false;
  const r = run.ctx.fs.readText(path);
  if (!r.ok) return false;
  const tree = parseWithBudget(run.ctx.parsers.of(grammar), r.text, run.ctx.budgetMs);
  if (!tree) return false;
  run.onDone(() => tree.delete());
  stack.push(path);
  walking.set(run, stack);
  const seen = walked.get(run) ?? new Set<string>();
  seen.add(path);
  walked.set(run, seen);
  const leave = enter?.();
  try {
    run.sink.within(path, r.text, () => run.walk(tree.rootNode));
  } finally {
    leave?.();
    stack.pop();
  }
  return true;
}
