/**
 * Python scripts through tree-sitter-python: what a script reads, writes and runs, found by
 * interpreting its syntax tree statically (nothing is imported or executed). Syntax errors keep
 * what parsed, with one warning per broken region; a per-file budget bounds parse and analysis.
 */
import { warning } from '../../model/diagnostic.js';
import { dirname } from '../../util/paths.js';
import { lineOf, parseWithBudget, type SyntaxNode, type Tree } from '../parse/tree-sitter.js';
import type { Extraction, Extractor, ScriptContext } from '../types.js';
import type { Frame, Interp, ModuleState } from './frame.js';
import { createHooks, runUncalled } from './functions.js';
import { Recorder } from './recorder.js';
import type { PyNode } from './tree.js';
import { runBlock } from './walk.js';

/** ERROR regions reported one by one before they are summarised. */
const MAX_SYNTAX_WARNINGS = 20;
/** Longest Python text analysed (the plain-object tree costs ~100 bytes a node). */
const MAX_ANALYSED_CHARS = 4 * 1024 * 1024;

export const pythonExtractor: Extractor = {
  id: 'python',
  title: 'Python scripts through tree-sitter-python',
  languages: ['python'],
  extract: extractPython,
};

export function extractPython(ctx: ScriptContext): Extraction {
  const rec = new Recorder();
  const loc = { file: ctx.path, line: 1 };
  const started = performance.now();
  if (ctx.text.length > MAX_ANALYSED_CHARS) {
    // generated data, not a script; its syntax tree alone would take hundreds of MB
    rec.diagnostics(
      warning(
        'python-too-large',
        `${ctx.path}: ${ctx.text.length} characters of Python is over the ${MAX_ANALYSED_CHARS} analysed; skipped`,
        loc,
        'a file this large is usually generated data; raise --max-file-size only if it is a real script',
      ),
    );
    return rec.out;
  }
  const tree = parseWithBudget(ctx.parsers.python, ctx.text, ctx.budgetMs);
  if (!tree) {
    rec.diagnostics(
      warning(
        'parse-timeout',
        `${ctx.path}: Python parse ran out of its ${ctx.budgetMs} ms budget; skipped`,
        loc,
      ),
    );
    return rec.out;
  }
  try {
    const root = prepare(tree, ctx, rec);
    const interp = createInterp(ctx, rec, started);
    const main: ModuleState = {
      path: ctx.path,
      dir: dirname(ctx.path),
      lines: ctx.text.split('\n'),
      globals: new Map(),
      root,
      imported: false,
    };
    const top: Frame = {
      module: main,
      locals: null,
      globalNames: new Set(),
      emit: true,
      depth: 0,
      returns: [],
    };
    runBlock(interp, top, root);
    runUncalled(interp, top);
    for (const g of interp.pendingGlobs) if (!g.use.deleted) g.record();
    if (interp.timedOut) {
      rec.diagnostics(
        warning(
          'python-budget',
          `${ctx.path}: analysis stopped at its time budget; edges found so far are kept`,
          loc,
        ),
      );
    }
  } catch (err) {
    // A bug in dfmap must not cost the rest of the scan: keep what was found, say where.
    rec.diagnostics(
      warning('python-internal-error', `${ctx.path}: Python extraction failed: ${String(err)}`, loc),
    );
  }
  return rec.out;
}

/** Syntax warnings from the tree, then its root. */
function prepare(tree: Tree, ctx: ScriptContext, rec: Recorder): PyNode {
  syntaxWarnings(tree.rootNode, ctx.path, rec);
  return tree.rootNode;
}

function createInterp(ctx: ScriptContext, rec: Recorder, started: number): Interp {
  const interp: Interp = {
    ctx,
    rec,
    cwd: ctx.cwd,
    env: { ...ctx.env },
    sysPath: [],
    modules: new Map(),
    called: new Set(),
    functions: [],
    callCache: new Map(),
    stack: [],
    dbContexts: [],
    pendingGlobs: [],
    // parsing and analysis share the budget, with the same again as slack for imported modules
    deadline: started + 2 * ctx.budgetMs,
    timedOut: false,
    steps: 0,
    nextId: 1,
    importDepth: 0,
    hooks: createHooks(() => interp),
  };
  return interp;
}

/** One warning per ERROR/MISSING region, walking only subtrees that contain errors. */
function syntaxWarnings(root: SyntaxNode, file: string, rec: Recorder): void {
  if (!root.hasError) return;
  const lines: number[] = [];
  const stack: SyntaxNode[] = [root];
  let total = 0;
  while (stack.length > 0) {
    const n = stack.pop() as SyntaxNode;
    if (n.type === 'ERROR' || n.isMissing) {
      total++;
      if (lines.length < MAX_SYNTAX_WARNINGS) lines.push(lineOf(n));
      continue;
    }
    for (let i = n.childCount - 1; i >= 0; i--) {
      const c = n.child(i);
      if (c && (c.hasError || c.isMissing)) stack.push(c);
    }
  }
  for (const line of lines) {
    rec.diagnostics(
      warning('syntax-error', `${file}:${line}: Python syntax error; extracted what parsed around it`, {
        file,
        line,
      }),
    );
  }
  if (total > lines.length) {
    rec.diagnostics(
      warning('syntax-error', `${file}: ${total - lines.length} more syntax errors not listed`, { file }),
    );
  }
}
