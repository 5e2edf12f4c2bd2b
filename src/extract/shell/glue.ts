/**
 * One shell word that tree-sitter-bash cut in two. A grammar quirk (WASM build in use): in
 * `$OUT/a_$D.txt` the scanner ends the concatenation after an anonymous `$` and starts a new
 * argument `D.txt`; in `b=$W/p.$d.json` the rest even becomes a command name. Bash itself splits
 * words only at unquoted blanks, so nodes that touch (no gap between them) are one word: we glue
 * them back and read the dangling `$` as the start of `$NAME`. Without this a path is split and
 * its unknown part dropped (`/srv/out/rep_north_` and `D.txt` instead of `rep_north_*.txt`).
 */
import type { SyntaxNode } from '../parse/tree-sitter.js';
import { concat, lit, type Value } from './value.js';
import { evaluateWord, type WordEnv } from './words.js';

/** Node types that can be (part of) a word in an argument position. */
const WORDISH = new Set([
  'word',
  'number',
  'concatenation',
  'string',
  'raw_string',
  'ansi_c_string',
  'translated_string',
  'simple_expansion',
  'expansion',
  'command_substitution',
  'arithmetic_expansion',
  'command_name',
]);

export function isWordish(n: SyntaxNode): boolean {
  return WORDISH.has(n.type);
}

/** Consecutive word nodes with no gap between them form one word (bash splits only at blanks). */
export function glueWords(nodes: SyntaxNode[]): SyntaxNode[][] {
  const groups: SyntaxNode[][] = [];
  let prev: SyntaxNode | undefined;
  for (const n of nodes) {
    const last = groups[groups.length - 1];
    if (last && prev && isWordish(n) && n.startIndex === prev.endIndex) last.push(n);
    else groups.push([n]);
    prev = n;
  }
  return groups;
}

/** Evaluate a glued group as one word; a dangling `$` followed by `NAME...` is `$NAME`. */
export function evaluateGlued(group: SyntaxNode[], env: WordEnv): Value {
  const nodes = group.map((n) =>
    n.type === 'command_name' && n.namedChildCount === 1 ? (n.namedChild(0) as SyntaxNode) : n,
  );
  const first = nodes[0];
  if (first?.type === 'word' && first.text.startsWith('~')) return tilde(nodes, env);
  if (nodes.length === 1 && first && !endsWithDollar(first)) return evaluateWord(first, env);
  const parts: SyntaxNode[] = [];
  for (const n of nodes) {
    if (n.type === 'concatenation')
      for (let i = 0; i < n.childCount; i++) parts.push(n.child(i) as SyntaxNode);
    else parts.push(n);
  }
  const values: Value[] = [];
  let quoted = false;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as SyntaxNode;
    if (!p.isNamed && p.type === '$') {
      const next = parts[i + 1];
      const m =
        next && (next.type === 'word' || next.type === 'number')
          ? /^([A-Za-z_]\w*|\d)(.*)$/s.exec(next.text)
          : null;
      if (m) {
        values.push(variableValue(m[1] as string, env), lit(unescapeWord(m[2] as string)));
        i++;
      } else values.push(lit('$'));
      continue;
    }
    if (!p.isNamed) continue;
    const v = evaluateWord(p, env);
    quoted ||= v.quoted === true;
    values.push(v);
  }
  const v = concat(values);
  return quoted ? { ...v, quoted: true } : v;
}

/** `~/x` is `$HOME/x`; `~user/x` is another user's home, not known here: `*`. */
function tilde(nodes: SyntaxNode[], env: WordEnv): Value {
  const first = nodes[0] as SyntaxNode;
  const m = /^~([^/]*)(.*)$/s.exec(first.text) as RegExpExecArray;
  const home = m[1] === '' ? env.lookup('HOME') : undefined;
  const head: Value = home ? { text: home.text, resolved: true } : { text: '*', resolved: true };
  const restOfFirst = lit(unescapeWord(m[2] as string));
  const rest = nodes.length > 1 ? evaluateGlued(nodes.slice(1), env) : lit('');
  return concat([head, restOfFirst, rest]);
}

function endsWithDollar(n: SyntaxNode): boolean {
  const last = n.lastChild;
  return n.type === 'concatenation' && last !== null && !last.isNamed && last.type === '$';
}

function variableValue(name: string, env: WordEnv): Value {
  if (/^\d$/.test(name) || /^[A-Za-z_]\w*$/.test(name)) {
    const v = env.lookup(name);
    if (v && name !== 'RANDOM') return { text: v.text, resolved: true };
  }
  return { text: '*', resolved: true };
}

function unescapeWord(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}
