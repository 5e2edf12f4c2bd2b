/**
 * Statements, in order, the way the script would run them once: assignments bind values, calls
 * record edges, branches with unknown conditions both run (their bindings merge as alternatives),
 * loops run once with the loop variable bound to what it iterates over. Dead code is skipped:
 * `if False:`/`if 0:` bodies and statements after an unconditional return/raise/exit in a block.
 */

import { applyOperator, evaluate } from './evaluate.js';
import { assign, type Frame, type Interp, lookup, timeUp } from './frame.js';
import { runImport, runImportFrom } from './imports.js';
import { fieldAll, kids, named } from './nodes.js';
import { bindTarget, iterElement } from './targets.js';
import type { PyNode } from './tree.js';
import {
  alts,
  type ClassDef,
  type FunctionDef,
  hasHole,
  NONE,
  options,
  truthy,
  UNKNOWN,
  type Value,
} from './value.js';

export type Flow = 'normal' | 'stop';

const MAX_BLOCK_DEPTH = 80;
/** Branch merging copies the scope; past this many names, branches just run in sequence. */
const MAX_MERGED_SCOPE = 600;
const EXIT_CALL = /^(sys\.exit|exit|quit|os\._exit|os\.abort|sys\.exit)$/;

export function runBlock(interp: Interp, frame: Frame, block: PyNode | null, depth = 0): Flow {
  if (!block) return 'normal';
  if (depth > MAX_BLOCK_DEPTH) return 'normal';
  for (const st of named(block)) {
    if (timeUp(interp)) return 'stop';
    if (runStatement(interp, frame, st, depth) === 'stop') return 'stop';
  }
  return 'normal';
}

function ev(interp: Interp, frame: Frame): (n: PyNode | null) => Value {
  return (n) => (n ? evaluate(interp, frame, n) : UNKNOWN);
}

function runStatement(interp: Interp, frame: Frame, st: PyNode, depth: number): Flow {
  switch (st.type) {
    case 'expression_statement':
      return runExpressionStatement(interp, frame, st);
    case 'return_statement': {
      const v = named(st)[0];
      frame.returns.push(v ? evaluate(interp, frame, v) : NONE);
      return 'stop';
    }
    case 'raise_statement':
    case 'continue_statement':
    case 'break_statement':
      return 'stop';
    case 'if_statement':
      return runIf(interp, frame, st, depth);
    case 'for_statement': {
      const right = evaluate(interp, frame, st.childForFieldName('right') as PyNode);
      const left = st.childForFieldName('left');
      const found = left ? searchPathChoice(interp, st, left, right) : undefined;
      if (left) bindTarget(interp, frame, left, found ?? iterElement(right), ev(interp, frame));
      runBlock(interp, frame, st.childForFieldName('body'), depth + 1);
      return runElse(interp, frame, st, depth);
    }
    case 'while_statement': {
      const cond = truthy(evaluate(interp, frame, st.childForFieldName('condition') as PyNode));
      if (cond !== false) runBlock(interp, frame, st.childForFieldName('body'), depth + 1);
      return runElse(interp, frame, st, depth);
    }
    case 'try_statement':
      return runTry(interp, frame, st, depth);
    case 'with_statement':
      return runWith(interp, frame, st, depth);
    case 'function_definition':
      defineFunction(interp, frame, st);
      return 'normal';
    case 'class_definition':
      defineClass(interp, frame, st, depth);
      return 'normal';
    case 'decorated_definition': {
      const def = st.childForFieldName('definition');
      return def ? runStatement(interp, frame, def, depth) : 'normal';
    }
    case 'import_statement':
      runImport(interp, frame, st);
      return 'normal';
    case 'import_from_statement':
      runImportFrom(interp, frame, st);
      return 'normal';
    case 'global_statement':
      for (const n of named(st)) if (n.type === 'identifier') frame.globalNames.add(n.text);
      return 'normal';
    case 'print_statement':
      for (const n of named(st)) evaluate(interp, frame, n);
      return 'normal';
    case 'match_statement':
      for (const c of named(st.childForFieldName('body'))) {
        runBlock(interp, frame, c.childForFieldName('consequence'), depth + 1);
      }
      return 'normal';
    case 'block':
      return runBlock(interp, frame, st, depth + 1);
    case 'ERROR':
      // tree-sitter kept going: run what parsed inside the broken region
      for (const c of named(st)) {
        if (/_statement$|_definition$/.test(c.type)) runStatement(interp, frame, c, depth + 1);
        else if (c.type === 'call' || c.type === 'assignment') runExpressionStatement(interp, frame, c);
      }
      return 'normal';
    default:
      return 'normal';
  }
}

function runExpressionStatement(interp: Interp, frame: Frame, st: PyNode): Flow {
  const items = st.type === 'expression_statement' ? named(st) : [st];
  for (const c of items) {
    if (c.type === 'assignment') runAssignment(interp, frame, c);
    else if (c.type === 'augmented_assignment') runAugmented(interp, frame, c);
    else if (c.type === 'yield') {
      // a generator (or @contextmanager) hands out what it yields: treat it as a result
      const v = named(c)[0];
      frame.returns.push(v ? evaluate(interp, frame, v) : NONE);
    } else {
      evaluate(interp, frame, c);
      if (c.type === 'call' && EXIT_CALL.test(c.childForFieldName('function')?.text ?? '')) return 'stop';
    }
  }
  return 'normal';
}

function runAssignment(interp: Interp, frame: Frame, node: PyNode): Value {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!right) return UNKNOWN;
  const v =
    right.type === 'assignment' ? runAssignment(interp, frame, right) : evaluate(interp, frame, right);
  if (left) bindTarget(interp, frame, left, v, ev(interp, frame));
  return v;
}

function runAugmented(interp: Interp, frame: Frame, node: PyNode): void {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  const op = (node.childForFieldName('operator')?.text ?? '').replace('=', '');
  if (!left || !right) return;
  const cur =
    left.type === 'identifier' ? (lookup(frame, left.text) ?? UNKNOWN) : evaluate(interp, frame, left);
  const r = evaluate(interp, frame, right);
  bindTarget(interp, frame, left, applyOperator(op, cur, r), ev(interp, frame));
}

function runIf(interp: Interp, frame: Frame, node: PyNode, depth: number): Flow {
  const alternatives = fieldAll(node, 'alternative');
  return runConditional(
    interp,
    frame,
    node.childForFieldName('condition'),
    () => runBlock(interp, frame, node.childForFieldName('consequence'), depth + 1),
    () => runAlternatives(interp, frame, alternatives, 0, depth),
  );
}

function runAlternatives(
  interp: Interp,
  frame: Frame,
  alternatives: PyNode[],
  i: number,
  depth: number,
): Flow {
  const a = alternatives[i];
  if (!a) return 'normal';
  if (a.type === 'else_clause') return runBlock(interp, frame, a.childForFieldName('body'), depth + 1);
  return runConditional(
    interp,
    frame,
    a.childForFieldName('condition'),
    () => runBlock(interp, frame, a.childForFieldName('consequence'), depth + 1),
    () => runAlternatives(interp, frame, alternatives, i + 1, depth),
  );
}

function runConditional(
  interp: Interp,
  frame: Frame,
  cond: PyNode | null,
  then: () => Flow,
  otherwise: () => Flow,
): Flow {
  const t = cond ? truthy(evaluate(interp, frame, cond)) : undefined;
  const narrowed = cond ? equalityNarrowing(interp, frame, cond) : undefined;
  const thenNarrowed = narrowed
    ? () => {
        assign(frame, narrowed.name, narrowed.value);
        return then();
      }
    : then;
  if (t === true) return thenNarrowed();
  if (t === false) return otherwise();
  return runBranches(frame, [thenNarrowed, otherwise]);
}

/**
 * `if name == 'literal':` (or the literal first): inside the branch the name holds that value,
 * e.g. a loop over an archive's members that extracts only the one named in the config.
 */
function equalityNarrowing(
  interp: Interp,
  frame: Frame,
  cond: PyNode,
): { name: string; value: Value } | undefined {
  if (cond.type !== 'comparison_operator') return undefined;
  const parts = named(cond);
  if (parts.length !== 2) return undefined;
  const ops = kids(cond).filter((k) => !k.isNamed);
  if (ops.length !== 1 || ops[0]?.type !== '==') return undefined;
  const [a, b] = parts as [PyNode, PyNode];
  const [id, other] = a.type === 'identifier' ? [a, b] : b.type === 'identifier' ? [b, a] : [];
  if (!id || !other) return undefined;
  const value = evaluate(interp, frame, other);
  return value.k === 'str' && !hasHole(value.s) ? { name: id.text, value } : undefined;
}

/** Run branches from the same scope; names bound differently become alternatives. */
function runBranches(frame: Frame, branches: Array<() => Flow>): Flow {
  const scope = frame.locals ?? frame.module.globals;
  if (scope.size > MAX_MERGED_SCOPE) {
    for (const b of branches) b();
    return 'normal';
  }
  const before = new Map(scope);
  const results: Array<{ flow: Flow; after: Map<string, Value> }> = [];
  for (const b of branches) {
    restore(scope, before);
    const flow = b();
    results.push({ flow, after: new Map(scope) });
  }
  const live = results.filter((r) => r.flow !== 'stop');
  const keep = live.length > 0 ? live : results;
  const merged = new Map<string, Value>();
  for (const r of keep) {
    for (const [k, v] of r.after) {
      const prev = merged.get(k);
      merged.set(k, prev === undefined || prev === v ? v : alts([prev, v]));
    }
  }
  restore(scope, merged);
  return live.length === 0 ? 'stop' : 'normal';
}

function restore(scope: Map<string, Value>, from: Map<string, Value>): void {
  scope.clear();
  for (const [k, v] of from) scope.set(k, v);
}

function runElse(interp: Interp, frame: Frame, st: PyNode, depth: number): Flow {
  const alt = st.childForFieldName('alternative');
  return alt ? runBlock(interp, frame, alt.childForFieldName('body'), depth + 1) : 'normal';
}

function runTry(interp: Interp, frame: Frame, st: PyNode, depth: number): Flow {
  runBlock(interp, frame, st.childForFieldName('body'), depth + 1);
  let flow: Flow = 'normal';
  for (const c of named(st)) {
    if (c.type === 'except_clause' || c.type === 'except_group_clause') {
      const alias = named(c)
        .find((x) => x.type === 'as_pattern')
        ?.childForFieldName('alias');
      const aliasName = named(alias)[0];
      if (aliasName) bindTarget(interp, frame, aliasName, UNKNOWN);
      const block = named(c).find((x) => x.type === 'block') ?? null;
      runBlock(interp, frame, block, depth + 1);
    } else if (c.type === 'else_clause') {
      runBlock(interp, frame, c.childForFieldName('body'), depth + 1);
    } else if (c.type === 'finally_clause') {
      flow = runBlock(interp, frame, named(c).find((x) => x.type === 'block') ?? null, depth + 1);
    }
  }
  return flow;
}

function runWith(interp: Interp, frame: Frame, st: PyNode, depth: number): Flow {
  const clause = named(st).find((c) => c.type === 'with_clause');
  for (const item of named(clause)) {
    if (item.type !== 'with_item') continue;
    const value = item.childForFieldName('value');
    if (!value) continue;
    const patterns =
      value.type === 'as_pattern' ? [value] : named(value).filter((c) => c.type === 'as_pattern');
    if (patterns.length === 0) evaluate(interp, frame, value);
    for (const p of patterns) {
      const v = evaluate(interp, frame, named(p)[0] as PyNode);
      const target = named(p.childForFieldName('alias'))[0];
      if (target) bindTarget(interp, frame, target, v, ev(interp, frame));
    }
  }
  return runBlock(interp, frame, st.childForFieldName('body'), depth + 1);
}

function defineFunction(
  interp: Interp,
  frame: Frame,
  st: PyNode,
  cls?: ClassDef,
  binding?: FunctionDef['binding'],
): FunctionDef | undefined {
  const name = st.childForFieldName('name')?.text;
  if (!name) return undefined;
  const fn: FunctionDef = {
    name,
    node: st,
    module: frame.module,
    closure: cls ? null : frame.locals,
    id: interp.nextId++,
  };
  if (cls) fn.cls = cls;
  if (binding) fn.binding = binding;
  assign(frame, name, { k: 'func', fn });
  if (!frame.module.imported) interp.functions.push(fn);
  return fn;
}

/**
 * A search path: `for p in [A, B, C]: if os.path.isfile(p): ...; break` stops at the first
 * candidate that exists; when one exists on the server, that is the one the loop uses.
 */
function searchPathChoice(interp: Interp, st: PyNode, left: PyNode, right: Value): Value | undefined {
  if (left.type !== 'identifier' || right.k !== 'list') return undefined;
  const body = st.childForFieldName('body');
  const text = body?.text ?? '';
  const test = new RegExp(
    `os\\.path\\.(isfile|exists)\\(\\s*${left.text}\\s*\\)|Path\\(\\s*${left.text}\\s*\\)\\.(is_file|exists)\\(\\)`,
  );
  if (!test.test(text) || !(body?.descendantsOfType('break_statement').length ?? 0)) return undefined;
  for (const item of right.items) {
    if (item.k !== 'str' || !item.s.startsWith('/') || hasHole(item.s)) return undefined;
    if (interp.ctx.fs.isFile(item.s)) return item;
  }
  return undefined;
}

/** How a method takes its receiver, from its decorators (`@staticmethod`, `@classmethod`). */
function bindingOf(member: PyNode): FunctionDef['binding'] {
  if (member.type !== 'decorated_definition') return undefined;
  for (const d of named(member)) {
    if (d.type !== 'decorator') continue;
    const name = d.text.replace(/^@\s*/, '').trim();
    if (name === 'staticmethod') return 'static';
    if (name === 'classmethod') return 'class';
  }
  return undefined;
}

function defineClass(interp: Interp, frame: Frame, st: PyNode, depth: number): void {
  const name = st.childForFieldName('name')?.text;
  if (!name) return;
  const bases: ClassDef[] = [];
  for (const b of named(st.childForFieldName('superclasses'))) {
    if (b.type === 'keyword_argument') continue;
    for (const o of options(evaluate(interp, frame, b))) if (o.k === 'class') bases.push(o.cls);
  }
  const cls: ClassDef = { name, members: new Map(), bases, module: frame.module, id: interp.nextId++ };
  const classFrame: Frame = { ...frame, locals: cls.members, globalNames: new Set(), returns: [] };
  for (const member of named(st.childForFieldName('body'))) {
    const def = member.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
    if (def?.type === 'function_definition') defineFunction(interp, classFrame, def, cls, bindingOf(member));
    else if (def) runStatement(interp, classFrame, def, depth + 1);
  }
  assign(frame, name, { k: 'class', cls });
}
