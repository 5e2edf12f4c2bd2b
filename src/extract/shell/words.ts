/**
 * Evaluate a tree-sitter-bash word to a Value: quotes removed, variables expanded from what the
 * walk knows, `${VAR:-default}` and friends applied, anything unknowable (`$(date)`, `$RANDOM`,
 * arithmetic) kept as `*`.
 */
import { kids, named, type SyntaxNode } from '../parse/tree-sitter.js';
import { concat, lit, UNKNOWN, type Value } from './value.js';

export interface WordEnv {
  lookup(name: string): Value | undefined;
  substitute(node: SyntaxNode): Value;
  /** `${NAME[index]}` of an array the walk knows, else undefined. */
  element?(name: string, index: string): Value | undefined;
}

const VOLATILE = new Set([
  'RANDOM',
  '$',
  '!',
  'SECONDS',
  'EPOCHSECONDS',
  'EPOCHREALTIME',
  'BASHPID',
  'LINENO',
]);

export function evaluateWord(node: SyntaxNode, env: WordEnv): Value {
  switch (node.type) {
    case 'word':
    case 'number':
      return lit(unescapeWord(node.text));
    case 'raw_string':
      return { text: node.text.slice(1, -1), resolved: false, quoted: true };
    case 'ansi_c_string':
      return { text: node.text.slice(2, -1), resolved: false, quoted: true };
    case 'string_content':
      return lit(node.text.replace(/\\([$`"\\\n])/g, '$1'));
    case 'string':
    case 'translated_string': {
      const parts = named(node).map((c) => evaluateWord(c, env));
      const v = concat(parts);
      return { ...v, quoted: true };
    }
    case 'concatenation':
      return concat(named(node).map((c) => evaluateWord(c, env)));
    case 'simple_expansion': {
      const name = named(node)[0]?.text ?? node.text.slice(1);
      return variable(name, env);
    }
    case 'expansion':
      return expansion(node, env);
    case 'command_substitution':
      return env.substitute(node);
    case 'arithmetic_expansion': {
      // `$((OPTIND - 1))`, `$((N + 1))`: integers and known variables only
      const n = arithmetic(named(node)[0], env);
      return n === undefined ? UNKNOWN : lit(String(n));
    }
    case 'process_substitution':
      return UNKNOWN;
    default:
      return node.namedChildCount === 0 ? lit(unescapeWord(node.text)) : UNKNOWN;
  }
}

function arithmetic(node: SyntaxNode | undefined, env: WordEnv): number | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'number':
      return /^-?\d+$/.test(node.text) ? Number(node.text) : undefined;
    case 'variable_name':
    case 'simple_expansion':
    case 'expansion': {
      const v = node.type === 'variable_name' ? env.lookup(node.text) : evaluateWord(node, env);
      return v && /^\s*-?\d+\s*$/.test(v.text) ? Number(v.text) : undefined;
    }
    case 'parenthesized_expression':
      return arithmetic(named(node)[0], env);
    case 'binary_expression': {
      const [l, r] = named(node);
      const op = kids(node).find((c) => !c.isNamed)?.text;
      const a = arithmetic(l, env);
      const b = arithmetic(r, env);
      if (a === undefined || b === undefined) return undefined;
      if (op === '+') return a + b;
      if (op === '-') return a - b;
      if (op === '*') return a * b;
      if ((op === '/' || op === '%') && b !== 0) return op === '/' ? Math.trunc(a / b) : a % b;
      return undefined;
    }
    default:
      return undefined;
  }
}

function unescapeWord(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

function variable(name: string, env: WordEnv): Value {
  if (VOLATILE.has(name)) return UNKNOWN;
  const v = env.lookup(name);
  return v ? { text: v.text, resolved: true } : UNKNOWN;
}

/** `${NAME}`, `${NAME:-w}`, `${NAME:=w}`, `${NAME:+w}`, `${NAME%pat}`, `${NAME##pat}`, `${#NAME}`, ... */
function expansion(node: SyntaxNode, env: WordEnv): Value {
  const parts = kids(node);
  const sub = parts.find((c) => c.type === 'subscript');
  // `${BASH_SOURCE[0]}`, `${BASH_SOURCE}`: the one array element we know; `${NAME[i]}` of a known
  // array (literal elements, `zparseopts` results); other arrays are unknown
  if (sub) {
    if (/^BASH_SOURCE\[0?\]$/.test(sub.text)) return variable('BASH_SOURCE', env);
    const m = /^([A-Za-z_]\w*)\[\s*([^\]$`]+?)\s*\]$/.exec(sub.text);
    const v =
      m && parts.at(-1)?.type === '}' && parts.length === 3
        ? env.element?.(m[1] as string, m[2] as string)
        : undefined;
    return v ? { text: v.text, resolved: true } : UNKNOWN;
  }
  const nameNode = parts.find((c) => c.type === 'variable_name' || c.type === 'special_variable_name');
  if (!nameNode) return UNKNOWN;
  if (parts[1]?.type === '#' && parts[1] !== nameNode && parts.indexOf(nameNode) === 2) return UNKNOWN; // ${#NAME}
  const name = nameNode.text;
  const after = parts.slice(parts.indexOf(nameNode) + 1).filter((c) => c.type !== '}');
  const opNode = after[0];
  const operand = concat(after.slice(1).map((c) => evaluateWord(c, env)));
  const current = VOLATILE.has(name) ? UNKNOWN : env.lookup(name);
  if (!opNode) return current ? { text: current.text, resolved: true } : UNKNOWN;
  const op = opNode.text;
  const set = current !== undefined && !(current.text === '' && op.startsWith(':'));
  switch (op) {
    case ':-':
    case '-':
    case ':=':
    case '=':
      return set ? { text: (current as Value).text, resolved: true } : { ...operand, resolved: true };
    case ':+':
    case '+':
      return set ? operand : lit('');
    case ':?':
    case '?':
      return current ? { text: current.text, resolved: true } : UNKNOWN;
    case '%':
    case '%%':
    case '#':
    case '##':
      return current ? trim(current, op, operand.text) : UNKNOWN;
    default:
      return current && !current.text.includes('*') ? UNKNOWN : UNKNOWN;
  }
}

/** Pattern removal with a glob pattern (`*` and `?`), shortest or longest match. */
function trim(v: Value, op: string, pattern: string): Value {
  const text = v.text;
  if (text.length > 4096 || pattern.length > 256) return UNKNOWN;
  const longest = op.length === 2;
  const cuts = [...Array(text.length + 1).keys()];
  if (op.startsWith('%')) {
    // remove a matching suffix: try cut points from the end (shortest) or from the start (longest)
    for (const i of longest ? cuts : cuts.reverse())
      if (globMatch(pattern, text.slice(i))) return { text: text.slice(0, i), resolved: true };
  } else {
    for (const i of longest ? cuts.reverse() : cuts)
      if (globMatch(pattern, text.slice(0, i))) return { text: text.slice(i), resolved: true };
  }
  return { text, resolved: true };
}

/** Glob match (`*`, `?`) in O(pattern x text) time: no regular expression, so no backtracking blow-up. */
export function globMatch(pattern: string, text: string): boolean {
  let prev = new Array<boolean>(text.length + 1).fill(false);
  prev[0] = true;
  for (const p of pattern) {
    const cur = new Array<boolean>(text.length + 1).fill(false);
    if (p === '*') {
      let any = false;
      for (let j = 0; j <= text.length; j++) {
        any ||= prev[j] === true;
        cur[j] = any;
      }
    } else {
      for (let j = 1; j <= text.length; j++)
        cur[j] = prev[j - 1] === true && (p === '?' || text[j - 1] === p);
    }
    prev = cur;
  }
  return prev[text.length] === true;
}
