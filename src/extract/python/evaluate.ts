/**
 * Expression evaluation over the syntax tree: literals, names, attributes, subscripts, operators,
 * comprehensions and calls. Nothing runs; what cannot be known is UNKNOWN (or HOLE inside text).
 * Depth is bounded so a deeply nested expression cannot exhaust the stack.
 */

import { callMethod, callValue } from './dispatch.js';
import { type Args, type Frame, type Interp, lookup, timeUp } from './frame.js';
import { attributeOf, nameValue } from './names.js';
import { fieldAll, kids, named } from './nodes.js';
import { decodeEscapes, literalPrefix, percentFormat } from './strings.js';
import { bindTarget, iterElement, subscriptValue } from './targets.js';
import type { PyNode } from './tree.js';
import {
  alts,
  concatValues,
  HOLE,
  mapAlts,
  NONE,
  type Str,
  str,
  truthy,
  UNKNOWN,
  type Value,
  viaOf,
} from './value.js';

const MAX_DEPTH = 100;

export function evaluate(interp: Interp, frame: Frame, node: PyNode, depth = 0): Value {
  if (depth > MAX_DEPTH || timeUp(interp)) return UNKNOWN;
  const ev = (n: PyNode | null): Value => (n ? evaluate(interp, frame, n, depth + 1) : UNKNOWN);
  switch (node.type) {
    case 'string':
      return evalString(interp, frame, node, depth);
    case 'concatenated_string':
      return concatValues(named(node).map((c) => ev(c)));
    case 'integer': {
      const n = Number(node.text.replace(/_/g, '').replace(/[lL]$/, ''));
      return Number.isFinite(n) ? { k: 'num', n } : UNKNOWN;
    }
    case 'float':
      return { k: 'num', n: Number(node.text.replace(/_/g, '')) };
    case 'true':
      return { k: 'bool', b: true };
    case 'false':
      return { k: 'bool', b: false };
    case 'none':
      return NONE;
    case 'identifier': {
      const v = lookup(frame, node.text);
      return v !== undefined ? viaOf(v) : nameValue(interp, frame, node.text);
    }
    case 'attribute': {
      const attr = node.childForFieldName('attribute')?.text ?? '';
      return attributeOf(interp, ev(node.childForFieldName('object')), attr);
    }
    case 'subscript': {
      const subs = fieldAll(node, 'subscript');
      return subscriptValue(interp, ev(node.childForFieldName('value')), subs[0] ?? null, (n) => ev(n));
    }
    case 'call':
      return evalCall(interp, frame, node, depth);
    case 'binary_operator':
      return evalBinary(interp, frame, node, depth);
    case 'parenthesized_expression':
    case 'await':
    case 'expression_statement':
      return ev(named(node).find((c) => c.type !== 'comment') ?? null);
    case 'conditional_expression': {
      const [a, cond, b] = named(node).filter((c) => c.type !== 'comment');
      const t = truthy(ev(cond ?? null));
      if (t === true) return ev(a ?? null);
      if (t === false) return ev(b ?? null);
      return alts([ev(a ?? null), ev(b ?? null)].filter((v) => v.k !== 'none'));
    }
    case 'boolean_operator':
      return evalBoolean(node, ev);
    case 'not_operator': {
      const t = truthy(ev(node.childForFieldName('argument')));
      return t === undefined ? UNKNOWN : { k: 'bool', b: !t };
    }
    case 'comparison_operator':
      return evalComparison(node, ev);
    case 'list':
    case 'tuple':
    case 'set':
    case 'expression_list':
      return evalSequence(node, ev);
    case 'dictionary':
      return evalDict(node, ev);
    case 'list_comprehension':
    case 'generator_expression':
    case 'set_comprehension':
      return evalComprehension(interp, frame, node, depth);
    case 'named_expression': {
      const v = ev(node.childForFieldName('value'));
      const name = node.childForFieldName('name');
      if (name) bindTarget(interp, frame, name, v);
      return v;
    }
    case 'unary_operator': {
      const v = ev(node.childForFieldName('argument'));
      return v.k === 'num' && node.text.trim().startsWith('-') ? { k: 'num', n: -v.n } : UNKNOWN;
    }
    default:
      return UNKNOWN;
  }
}

function evalString(interp: Interp, frame: Frame, node: PyNode, depth: number): Value {
  const start = node.firstChild?.text ?? '';
  const prefix = literalPrefix(start);
  const raw = prefix.includes('r');
  const fmt = prefix.includes('f');
  const parts: Value[] = [];
  for (const c of kids(node)) {
    if (c.type === 'string_content') {
      let t = raw ? c.text : decodeEscapes(c.text);
      if (fmt) t = t.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      parts.push(str(t));
    } else if (c.type === 'interpolation') {
      const expr = c.childForFieldName('expression') ?? named(c)[0] ?? null;
      const v = expr ? evaluate(interp, frame, expr, depth + 1) : UNKNOWN;
      const spec = c.childForFieldName('format_specifier');
      // a strftime-style spec ({day:%Y%m%d}) formats a date: unknown statically
      parts.push(spec?.text.includes('%') ? str(HOLE, true) : v);
    }
  }
  return parts.length === 1 && parts[0]?.k === 'str' ? parts[0] : concatValues(parts);
}

function evalBinary(interp: Interp, frame: Frame, node: PyNode, depth: number): Value {
  const op = node.childForFieldName('operator')?.text ?? '';
  if (op === '+') {
    // a + b + c ... is left-nested: flatten iteratively so long chains do not recurse deeply
    const operands: PyNode[] = [];
    let cur: PyNode | null = node;
    while (cur && cur.type === 'binary_operator' && cur.childForFieldName('operator')?.text === '+') {
      const right = cur.childForFieldName('right');
      if (right) operands.unshift(right);
      cur = cur.childForFieldName('left');
    }
    if (cur) operands.unshift(cur);
    const values = operands.map((o) => evaluate(interp, frame, o, depth + 1));
    return addValues(values);
  }
  const left = evaluate(interp, frame, node.childForFieldName('left') as PyNode, depth + 1);
  const right = evaluate(interp, frame, node.childForFieldName('right') as PyNode, depth + 1);
  return applyOperator(op, left, right);
}

/** `left OP right` for the operators that build strings and paths (`+`, `%`, `/`). */
export function applyOperator(op: string, left: Value, right: Value): Value {
  if (op === '+') return addValues([left, right]);
  if (op === '%') return mapAlts(left, (l) => (l.k === 'str' ? percentFormat(l, right) : UNKNOWN));
  if (op === '/') {
    return mapAlts(left, (l) =>
      l.k === 'str' && l.path
        ? mapAlts(right, (r) => (r.k === 'str' ? joinPath(l, r) : joinPath(l, str('\uE000', true))))
        : UNKNOWN,
    );
  }
  return UNKNOWN;
}

export function joinPath(a: Str, b: Str): Str {
  const s = b.s.startsWith('/') ? b.s : a.s === '' ? b.s : a.s.endsWith('/') ? a.s + b.s : `${a.s}/${b.s}`;
  return { k: 'str', s, via: a.via || b.via, path: true };
}

function addValues(values: Value[]): Value {
  if (values.every((v) => v.k === 'num')) {
    return { k: 'num', n: values.reduce((acc, v) => acc + (v.k === 'num' ? v.n : 0), 0) };
  }
  if (values.every((v) => v.k === 'list')) {
    const items = values.flatMap((v) => (v.k === 'list' ? v.items : []));
    return { k: 'list', items, same: values.some((v) => v.k === 'list' && v.same) };
  }
  if (values.some((v) => v.k === 'str' || (v.k === 'alts' && v.options.some((o) => o.k === 'str')))) {
    return concatValues(values);
  }
  return UNKNOWN;
}

function evalBoolean(node: PyNode, ev: (n: PyNode | null) => Value): Value {
  const op = node.childForFieldName('operator')?.text;
  const a = ev(node.childForFieldName('left'));
  const t = truthy(a);
  if (op === 'and') {
    if (t === false) return a;
    return ev(node.childForFieldName('right'));
  }
  if (t === true) return a;
  const b = ev(node.childForFieldName('right'));
  if (t === false || a.k === 'unknown' || a.k === 'none') return b;
  return alts([a, b]);
}

function evalComparison(node: PyNode, ev: (n: PyNode | null) => Value): Value {
  const operands = named(node).filter((c) => c.type !== 'comment');
  if (operands.length !== 2) return UNKNOWN;
  const ops = kids(node)
    .filter((c) => !c.isNamed)
    .map((c) => c.text);
  const op = ops.join(' ');
  const a = ev(operands[0] ?? null);
  const b = ev(operands[1] ?? null);
  const known = (v: Value): boolean =>
    v.k === 'num' || v.k === 'none' || (v.k === 'str' && !v.s.includes('\uE000'));
  if (op === 'is' || op === 'is not') {
    if (b.k !== 'none' || !(known(a) || a.k === 'bool')) return UNKNOWN;
    return { k: 'bool', b: (a.k === 'none') === (op === 'is') };
  }
  if (!known(a) || !known(b)) return UNKNOWN;
  const x = a.k === 'num' ? a.n : a.k === 'str' ? a.s : null;
  const y = b.k === 'num' ? b.n : b.k === 'str' ? b.s : null;
  switch (op) {
    case '==':
      return { k: 'bool', b: x === y };
    case '!=':
      return { k: 'bool', b: x !== y };
    case '<':
    case '>':
    case '<=':
    case '>=':
      if (typeof x !== 'number' || typeof y !== 'number') return UNKNOWN;
      return { k: 'bool', b: op === '<' ? x < y : op === '>' ? x > y : op === '<=' ? x <= y : x >= y };
    default:
      return UNKNOWN;
  }
}

function evalSequence(node: PyNode, ev: (n: PyNode | null) => Value): Value {
  const items: Value[] = [];
  for (const c of named(node)) {
    if (c.type === 'comment') continue;
    if (c.type === 'list_splat') {
      const v = ev(named(c)[0] ?? null);
      if (v.k === 'list' && !v.same) items.push(...v.items);
      else return { k: 'list', items: [UNKNOWN], same: true };
    } else items.push(ev(c));
  }
  return { k: 'list', items };
}

function evalDict(node: PyNode, ev: (n: PyNode | null) => Value): Value {
  const entries = new Map<string, Value>();
  for (const c of named(node)) {
    if (c.type === 'pair') {
      const key = ev(c.childForFieldName('key'));
      if (key.k === 'str') entries.set(key.s, ev(c.childForFieldName('value')));
    } else if (c.type === 'dictionary_splat') {
      const v = ev(named(c)[0] ?? null);
      if (v.k === 'dict') for (const [k, x] of v.entries) entries.set(k, x);
    }
  }
  return { k: 'dict', entries };
}

function evalComprehension(interp: Interp, frame: Frame, node: PyNode, depth: number): Value {
  // comprehensions have their own scope (Python 3): bind the loop names in a copy
  const inner: Frame = { ...frame, locals: new Map(frame.locals ?? []), globalNames: new Set() };
  if (!frame.locals)
    for (const [k, v] of frame.module.globals) if (!inner.locals?.has(k)) inner.locals?.set(k, v);
  for (const c of named(node)) {
    if (c.type !== 'for_in_clause') continue;
    const right = c.childForFieldName('right');
    const left = c.childForFieldName('left');
    const it = right ? iterElement(evaluate(interp, inner, right, depth + 1)) : UNKNOWN;
    if (left) bindTarget(interp, inner, left, it);
  }
  const body = node.childForFieldName('body');
  const v = body ? evaluate(interp, inner, body, depth + 1) : UNKNOWN;
  return { k: 'list', items: [v], same: true };
}

export function evalArgs(interp: Interp, frame: Frame, list: PyNode | null, depth = 0): Args {
  const a: Args = { args: [], kwargs: new Map() };
  if (!list) return a;
  if (list.type === 'generator_expression') {
    a.args.push(evaluate(interp, frame, list, depth + 1));
    return a;
  }
  for (const c of named(list)) {
    switch (c.type) {
      case 'comment':
        break;
      case 'keyword_argument': {
        const name = c.childForFieldName('name')?.text;
        const value = c.childForFieldName('value');
        if (name && value) a.kwargs.set(name, evaluate(interp, frame, value, depth + 1));
        break;
      }
      case 'list_splat': {
        const v = evaluate(interp, frame, named(c)[0] as PyNode, depth + 1);
        if (v.k === 'list' && !v.same) a.args.push(...v.items);
        else a.args.push(UNKNOWN);
        break;
      }
      case 'dictionary_splat': {
        const v = evaluate(interp, frame, named(c)[0] as PyNode, depth + 1);
        if (v.k === 'dict') for (const [k, x] of v.entries) if (!a.kwargs.has(k)) a.kwargs.set(k, viaOf(x));
        break;
      }
      default:
        a.args.push(evaluate(interp, frame, c, depth + 1));
    }
  }
  return a;
}

function evalCall(interp: Interp, frame: Frame, node: PyNode, depth: number): Value {
  const fnNode = node.childForFieldName('function');
  if (!fnNode) return UNKNOWN;
  const a = evalArgs(interp, frame, node.childForFieldName('arguments'), depth);
  if (fnNode.type === 'attribute') {
    const recv = evaluate(interp, frame, fnNode.childForFieldName('object') as PyNode, depth + 1);
    const method = fnNode.childForFieldName('attribute')?.text ?? '';
    return callMethod({ interp, frame, node, name: method, receiver: recv, ...a });
  }
  const callee = evaluate(interp, frame, fnNode, depth + 1);
  return callValue({ interp, frame, node, name: '', ...a }, callee);
}
