/**
 * R through tree-sitter-r: assignments (`<-`, `=`, `->`, `<<-`, `assign()`), strings, `$` and
 * `[[ ]]` on config lists, 1-based `args[1]` of `commandArgs(trailingOnly = TRUE)`, `for` over
 * literal vectors, and the calls in calls.ts. `source("x.R")` runs another file in this session:
 * its text is walked here (its functions and values become this script's, its I/O is this
 * script's, with evidence in that file). Functions the script defines are walked per call with
 * known arguments (R's argument matching: by name, then by position, then defaults). A call to a
 * package function that passes a service's URL (`base_url = "https://..."`) reads or writes that
 * endpoint when the function's name says which (api-client.ts). Nothing is evaluated by R.
 */

import { joinServer } from '../../util/paths.js';
import { walkInline } from '../kit/inline.js';
import { asStr, member, str, UNKNOWN, type V, viaVar } from '../kit/value.js';
import type { Args, LanguageHooks, ScriptRun } from '../kit/walk.js';
import { lineOf, named, type SyntaxNode } from '../parse/tree-sitter.js';
import { apiClientCall } from './api-client.js';
import { R_CALLS } from './calls.js';

const ASSIGN = new Set(['<-', '=', '<<-', ':=']);

/** The function's own name: `readr::read_csv` -> `read_csv`, `DBI::dbConnect` -> `dbConnect`. */
function calleeName(fn: SyntaxNode | null): string | undefined {
  if (!fn) return undefined;
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'namespace_operator') return fn.childForFieldName('rhs')?.text;
  if (fn.type === 'string') return fn.childForFieldName('content')?.text;
  return undefined;
}

function args(run: ScriptRun, call: SyntaxNode): Args {
  const a: Args = { pos: [], named: new Map() };
  const list = call.childForFieldName('arguments');
  for (const argNode of list ? named(list) : []) {
    if (argNode.type !== 'argument') continue;
    const name = argNode.childForFieldName('name');
    const value = run.expr(argNode.childForFieldName('value'));
    if (name)
      a.named.set(
        name.type === 'string' ? (name.childForFieldName('content')?.text ?? '') : name.text,
        value,
      );
    else a.pos.push(value);
  }
  return a;
}

function stringValue(node: SyntaxNode): V {
  // R strings have no interpolation; escapes are kept as written apart from \" and \\
  const content = node.childForFieldName('content');
  return str((content?.text ?? '').replace(/\\(["'\\])/g, '$1'));
}

function call(run: ScriptRun, node: SyntaxNode): V {
  const fn = node.childForFieldName('function');
  const a = args(run, node);
  if (fn?.type === 'return') {
    const v = a.pos[0] ?? UNKNOWN;
    run.returned(v);
    return v;
  }
  const name = calleeName(fn);
  const own = fn?.type === 'identifier' ? run.functions.get(fn.text) : undefined;
  if (own) return userCall(run, own, a);
  if (name === 'commandArgs') return commandArgs(run, a);
  if (name === 'source' || name === 'sys.source') return source(run, a, lineOf(node));
  if (name === 'assign') {
    const target = a.pos[0];
    if (target?.k === 'str') run.scope.set(target.s, a.pos[1] ?? UNKNOWN);
    return UNKNOWN;
  }
  if (name === 'Sys.setenv') {
    for (const [k, v] of a.named) run.sink.env[k] = asStr(v).s;
    return UNKNOWN;
  }
  const handler = name ? R_CALLS.get(name) : undefined;
  if (handler) return handler(run, a, lineOf(node), name as string) ?? UNKNOWN;
  if (name) apiClientCall(run, name, a, lineOf(node));
  return UNKNOWN;
}

/** A call of a function the script (or a file it sourced) defines. */
function userCall(run: ScriptRun, def: SyntaxNode, a: Args): V {
  const argv = [...a.pos, ...a.named.values()];
  return run.callFunction(
    def,
    argv,
    localsOf(def),
    () => inHome(run, def, () => bindFormals(run, def, a)),
    () => inHome(run, def, () => body(run, def)),
  );
}

/** Walk a function's body; its value is the block's last expression. */
function body(run: ScriptRun, def: SyntaxNode): V | undefined {
  const block = def.childForFieldName('body');
  if (block?.type !== 'braced_expression') return run.expr(block);
  const stmts = named(block).filter((c) => c.type !== 'comment');
  for (const c of stmts.slice(0, -1)) run.walk(c);
  const last = stmts.at(-1);
  if (!last) return undefined;
  if (STATEMENTS.has(last.type) || functionAssigned(last)) {
    run.walk(last);
    return undefined;
  }
  return run.expr(last);
}

const STATEMENTS = new Set(['for_statement', 'while_statement', 'repeat_statement', 'function_definition']);

const localNames = new WeakMap<SyntaxNode, Set<string>>();

/** A function's parameters and what it assigns with `<-`/`=`/`->` (`<<-` sets a global). */
function localsOf(def: SyntaxNode): Set<string> {
  let names = localNames.get(def);
  if (names) return names;
  const found = new Set<string>();
  for (const p of named(def.childForFieldName('parameters') as SyntaxNode)) {
    const name = p.childForFieldName('name')?.text;
    if (name) found.add(name);
  }
  const visit = (n: SyntaxNode): void => {
    for (const c of named(n)) {
      if (c.type === 'function_definition') continue;
      if (c.type === 'binary_operator') {
        const op = c.childForFieldName('operator')?.text ?? '';
        const target = op === '->' ? c.childForFieldName('rhs') : c.childForFieldName('lhs');
        if ((op === '<-' || op === '=' || op === '->') && target?.type === 'identifier')
          found.add(target.text);
      }
      if (c.type === 'for_statement') {
        const v = c.childForFieldName('variable')?.text;
        if (v) found.add(v);
      }
      visit(c);
    }
  };
  const body = def.childForFieldName('body');
  if (body) visit(body);
  names = found;
  localNames.set(def, names);
  return names;
}

/** R's matching: named arguments by name, the rest by position in order, then defaults. */
function bindFormals(run: ScriptRun, def: SyntaxNode, a: Args): void {
  const params = named(def.childForFieldName('parameters') as SyntaxNode).filter(
    (p) => p.type === 'parameter',
  );
  const formals = params.map((p) => ({
    name: p.childForFieldName('name')?.text ?? '',
    def: p.childForFieldName('default'),
  }));
  const positional = [...a.pos];
  for (const f of formals) {
    if (!f.name || f.name === '...') continue;
    const given = a.named.get(f.name) ?? (a.named.has(f.name) ? undefined : positional.shift());
    const value = given && given.k !== 'unknown' ? given : f.def ? run.expr(f.def) : (given ?? UNKNOWN);
    run.scope.set(f.name, value);
  }
}

/** `name <- function(...) ...` at the top of a file: known before the walk reaches a call. */
function hoist(run: ScriptRun, program: SyntaxNode): void {
  for (const c of named(program)) {
    const def = functionAssigned(c);
    if (def) define(run, def.name, def.fn);
  }
}

/** The file each function was defined in (a sourced one), re-entered when its body is walked. */
const homes = new WeakMap<ScriptRun, Map<number, <T>(fn: () => T) => T>>();

function define(run: ScriptRun, name: string, fn: SyntaxNode): void {
  run.functions.set(name, fn);
  const mine = homes.get(run) ?? new Map<number, <T>(fn: () => T) => T>();
  homes.set(run, mine);
  if (!mine.has(fn.id)) mine.set(fn.id, run.sink.here());
}

function inHome<T>(run: ScriptRun, fn: SyntaxNode, walk: () => T): T {
  const home = homes.get(run)?.get(fn.id);
  return home ? home(walk) : walk();
}

function functionAssigned(node: SyntaxNode): { name: string; fn: SyntaxNode } | undefined {
  if (node.type !== 'binary_operator') return undefined;
  const op = node.childForFieldName('operator')?.text ?? '';
  const lhs = node.childForFieldName('lhs');
  const rhs = node.childForFieldName('rhs');
  const [target, value] = op === '->' || op === '->>' ? [rhs, lhs] : [lhs, rhs];
  if (!ASSIGN.has(op) && op !== '->' && op !== '->>') return undefined;
  if (value?.type !== 'function_definition' || !target) return undefined;
  const name = target.type === 'string' ? target.text.slice(1, -1) : target.text;
  return /^[\w.]+$/.test(name) ? { name, fn: value } : undefined;
}

/** `commandArgs(trailingOnly = TRUE)`: the caller's arguments; without it, R's own words first. */
function commandArgs(run: ScriptRun, a: Args): V {
  const trailing = a.named.get('trailingOnly') ?? a.pos[0];
  const items = run.ctx.args.map((x) => str(x, true));
  if (trailing?.k === 'str' && /^(TRUE|T)$/.test(trailing.s)) return { k: 'list', items };
  return UNKNOWN;
}

/** `source("lib/helpers.R")`: another R file run in this session (it sees the same arguments). */
function source(run: ScriptRun, a: Args, line: number): V {
  const file = a.pos[0] ?? a.named.get('file');
  if (!file) return UNKNOWN;
  const s = asStr(file);
  if (s.s === '*' || /^[a-z]+:\/\//i.test(s.s)) return UNKNOWN;
  const path = s.s.startsWith('/') ? s.s : joinServer(run.ctx.cwd, s.s);
  const inlined = !s.s.includes('*') && /\.r$/i.test(s.s) && walkInline(run, path, 'r');
  run.sink.invoke(s, run.ctx.args, 'r', line, 'source', inlined);
  return UNKNOWN;
}

function subset(run: ScriptRun, node: SyntaxNode, oneBased: boolean): V {
  const target = run.expr(node.childForFieldName('function'));
  const a = args(run, node);
  const key = a.pos[0];
  if (key?.k !== 'str') return UNKNOWN;
  if (/^\d+$/.test(key.s) && target.k === 'list') {
    const i = Number(key.s) - (oneBased ? 1 : 0);
    return target.items[i] ?? UNKNOWN;
  }
  return member(target, key);
}

function binary(run: ScriptRun, node: SyntaxNode): V | undefined {
  const op = node.childForFieldName('operator')?.text ?? '';
  const lhs = node.childForFieldName('lhs');
  const rhs = node.childForFieldName('rhs');
  if (ASSIGN.has(op) || op === '->' || op === '->>') {
    const [target, valueNode] = op.startsWith('-') ? [rhs, lhs] : [lhs, rhs];
    const value = run.expr(valueNode);
    bind(run, target, value);
    return value;
  }
  if (op === '%>%' || op === '|>') {
    // `x %>% write_csv("out.csv")`: the left side is the piped object, the call still writes
    return pipeInto(run, rhs, run.expr(lhs));
  }
  if (op === '||' || op === '%||%') {
    const l = run.expr(lhs);
    return l.k === 'unknown' ? run.expr(rhs) : l;
  }
  run.expr(lhs);
  run.expr(rhs);
  return UNKNOWN;
}

/** The right side of a pipe: a call whose first argument is the piped value (shifts positions). */
function pipeInto(run: ScriptRun, rhs: SyntaxNode | null, piped: V): V {
  if (rhs?.type !== 'call') return run.expr(rhs);
  const name = calleeName(rhs.childForFieldName('function'));
  const handler = name ? R_CALLS.get(name) : undefined;
  const a = args(run, rhs);
  a.pos.unshift(piped);
  return handler?.(run, a, lineOf(rhs), name as string) ?? UNKNOWN;
}

function bind(run: ScriptRun, target: SyntaxNode | null, value: V): void {
  if (!target) return;
  if (target.type === 'identifier') run.scope.set(target.text, value);
  else if (target.type === 'string')
    run.scope.set(stringValue(target).k === 'str' ? target.text.slice(1, -1) : '', value);
  else if (target.type === 'extract_operator') {
    const base = target.childForFieldName('lhs');
    const field = target.childForFieldName('rhs')?.text;
    const obj = base ? run.scope.get(base.text) : undefined;
    if (base?.type === 'identifier' && field) {
      const props = obj?.k === 'obj' ? obj.props : new Map<string, V>();
      props.set(field, value);
      run.scope.set(base.text, { k: 'obj', props });
    }
  }
}

export const rHooks: LanguageHooks = {
  grammar: 'r',
  statement(run, node) {
    if (node.type === 'for_statement') {
      const v = node.childForFieldName('variable')?.text;
      const seq = run.expr(node.childForFieldName('sequence'));
      if (v) run.loop(v, seq, node.childForFieldName('body'));
      return true;
    }
    if (node.type === 'program') {
      hoist(run, node);
      for (const c of named(node)) run.walk(c);
      return true;
    }
    const assigned = functionAssigned(node);
    if (assigned) {
      // walked per call with known arguments; else once at the end with its parameters unknown
      define(run, assigned.name, assigned.fn);
      run.defer(assigned.fn, () =>
        inHome(run, assigned.fn, () => run.walk(assigned.fn.childForFieldName('body'))),
      );
      return true;
    }
    if (node.type === 'function_definition') {
      // an anonymous function (`lapply(x, function(f) ...)`): its body with parameters unknown
      run.walk(node.childForFieldName('body'));
      return true;
    }
    return false;
  },
  expr(run, node) {
    switch (node.type) {
      case 'string':
        return stringValue(node);
      case 'float':
      case 'integer':
      case 'true':
      case 'false':
        return str(node.text);
      case 'identifier': {
        const v = run.scope.get(node.text);
        return v ? viaVar(v) : UNKNOWN;
      }
      case 'call':
        return call(run, node);
      case 'binary_operator':
        return binary(run, node);
      case 'subset':
        return subset(run, node, true);
      case 'subset2':
        return subset(run, node, true);
      case 'extract_operator': {
        const base = run.expr(node.childForFieldName('lhs'));
        const field = node.childForFieldName('rhs');
        const key = field?.type === 'string' ? stringValue(field) : str(field?.text ?? '');
        return member(base, key);
      }
      case 'parenthesized_expression':
        return run.expr(named(node)[0]);
      default:
        return undefined;
    }
  },
};
