/**
 * R through tree-sitter-r: assignments (`<-`, `=`, `->`, `<<-`, `assign()`), strings, `$` and
 * `[[ ]]` on config lists, 1-based `args[1]` of `commandArgs(trailingOnly = TRUE)`, `for` over
 * literal vectors, and the calls in calls.ts. `source("x.R")` runs another script with the same
 * arguments. Nothing is evaluated by R.
 */

import { asStr, member, str, UNKNOWN, type V, viaVar } from '../kit/value.js';
import type { Args, LanguageHooks, ScriptRun } from '../kit/walk.js';
import { lineOf, named, type SyntaxNode } from '../parse/tree-sitter.js';
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
  const name = calleeName(node.childForFieldName('function'));
  const a = args(run, node);
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
  return handler?.(run, a, lineOf(node), name as string) ?? UNKNOWN;
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
  run.sink.invoke(s, run.ctx.args, 'r', line, 'source');
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
    run.expr(lhs);
    return pipeInto(run, rhs);
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
function pipeInto(run: ScriptRun, rhs: SyntaxNode | null): V {
  if (rhs?.type !== 'call') return run.expr(rhs);
  const name = calleeName(rhs.childForFieldName('function'));
  const handler = name ? R_CALLS.get(name) : undefined;
  const a = args(run, rhs);
  a.pos.unshift(UNKNOWN);
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
    if (node.type === 'function_definition') {
      // the body runs with its parameters unknown (calls with arguments are not followed)
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
