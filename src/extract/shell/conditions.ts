/**
 * `if` conditions the walk can decide, so only the branch that runs is mapped: string tests on
 * known words (`[ -n "$X" ]`, `[ "$MODE" = full ]`), and file tests on a known path that exists on
 * the server (`[ -f /var/log/x.log ]` is true, `[ ! -f ... ]` false). A file that does not exist
 * decides nothing: it may appear before the script runs (a drop directory is often empty when the
 * scan looks). Except a guard on a program: `if [ -f "$DIR/hook.sh" ]; then "$DIR/hook.sh"; fi`
 * (or `[ -x P ] && P`) tests the very file the branch runs; a program is installed, not dropped,
 * so when it is not on the server the test is false and the branch does not run (no invented
 * missing script). Anything else is undecided and every branch runs, as before.
 */
import type { ServerFs } from '../../util/server-fs.js';
import { kids, named, type SyntaxNode } from '../parse/tree-sitter.js';
import { evaluateGlued } from './glue.js';
import { evaluateWord, type WordEnv } from './words.js';

const known = (text: string): boolean => !text.includes('*');

/**
 * The exit status of the last statement of a condition, when the walk knows it; `body` is what
 * the condition guards (a file test on a program the body runs decides on a missing file too).
 */
export function decideCondition(
  nodes: SyntaxNode[],
  env: WordEnv,
  fs: ServerFs,
  body: SyntaxNode[] = [],
): boolean | undefined {
  const last = nodes.at(-1);
  return last ? decide(last, env, { fs, runs: (path) => runsProgram(body, path, env) }) : undefined;
}

interface Look {
  fs: ServerFs;
  /** whether the guarded body runs this path as a program (or sources it) */
  runs: (path: string) => boolean;
}

const RUNNERS = new Set(['.', 'source', 'sh', 'bash', 'exec']);

/** A command in `body` whose program word (or the script given to `.`, `sh`...) is `path`. */
function runsProgram(body: SyntaxNode[], path: string, env: WordEnv): boolean {
  for (const top of body)
    for (const cmd of [top, ...top.descendantsOfType('command')]) {
      if (cmd?.type !== 'command') continue;
      const name = cmd.childForFieldName('name');
      if (!name || runsCommands(name)) continue;
      const prog = evaluateGlued([name], env).text;
      const first = cmd.childrenForFieldName('argument')[0];
      const target =
        RUNNERS.has(prog) && first && !runsCommands(first) ? evaluateGlued([first], env).text : prog;
      if (target === path) return true;
    }
  return false;
}

function decide(node: SyntaxNode, env: WordEnv, look: Look): boolean | undefined {
  switch (node.type) {
    case 'test_command': {
      const inner = named(node);
      return inner.length === 1 ? test(inner[0] as SyntaxNode, env, look) : undefined;
    }
    case 'negated_command': {
      const v = decide(named(node)[0] as SyntaxNode, env, look);
      return v === undefined ? undefined : !v;
    }
    case 'list': {
      // a && b || c: left to right, as the shell runs it
      const parts = kids(node);
      let value = decide(parts[0] as SyntaxNode, env, look);
      for (let i = 1; i + 1 < parts.length; i += 2) {
        const op = parts[i]?.type;
        const right = () => decide(parts[i + 1] as SyntaxNode, env, look);
        if (op === '&&')
          value = value === false ? false : value === true ? right() : right() === false ? false : undefined;
        else if (op === '||')
          value = value === true ? true : value === false ? right() : right() === true ? true : undefined;
        else return undefined;
      }
      return value;
    }
    default:
      return undefined;
  }
}

/** A word holding `$(...)`: the condition's walk ran it already, and evaluating it again would run it twice. */
function runsCommands(word: SyntaxNode): boolean {
  return word.type === 'command_substitution' || word.descendantsOfType('command_substitution').length > 0;
}

function test(expr: SyntaxNode, env: WordEnv, look: Look): boolean | undefined {
  const { fs } = look;
  const parts = kids(expr);
  if (expr.type === 'parenthesized_expression') return test(named(expr)[0] as SyntaxNode, env, look);
  if (expr.type === 'unary_expression') {
    if (parts[0]?.text === '!') {
      const v = test(parts[1] as SyntaxNode, env, look);
      return v === undefined ? undefined : !v;
    }
    const op = parts[0]?.type === 'test_operator' ? parts[0].text : undefined;
    const operand = parts[1];
    if (!op || !operand || runsCommands(operand)) return undefined;
    const text = evaluateWord(operand, env).text;
    if (!known(text)) return undefined;
    if (op === '-n') return text.length > 0;
    if (op === '-z') return text.length === 0;
    if (!text.startsWith('/')) return undefined;
    // exists on the server: true; missing: not decided (it may appear before the script runs),
    // unless the guarded body runs that very file as a program
    const exists =
      op === '-d'
        ? fs.isDirectory(text)
        : op === '-e' || op === '-a'
          ? fs.isFile(text) || fs.isDirectory(text)
          : fs.isFile(text);
    if (!/^-[efdrxsa]$/.test(op)) return undefined;
    if (exists) return true;
    return op !== '-d' && look.runs(text) ? false : undefined;
  }
  if (expr.type === 'binary_expression' && parts.length === 3) {
    const op = parts[1]?.text;
    if (op !== '=' && op !== '==' && op !== '!=') return undefined;
    if (runsCommands(parts[0] as SyntaxNode) || runsCommands(parts[2] as SyntaxNode)) return undefined;
    const [l, r] = [
      evaluateWord(parts[0] as SyntaxNode, env).text,
      evaluateWord(parts[2] as SyntaxNode, env).text,
    ];
    if (!known(l) || !known(r)) return undefined;
    return (l === r) === (op !== '!=');
  }
  return undefined;
}

/**
 * A loop body that tests the loop variable for a file and breaks (`if [ -f "$c" ]; then X=$c;
 * break; fi`, or `[ -f "$c" ] && { ...; break; }`): the loop looks for the first candidate that exists.
 */
export function searchesPath(body: SyntaxNode, variable: string): boolean {
  const text = body.text;
  const tested = new RegExp(`\\[\\[?\\s+-[efr]\\s+"?\\$\\{?${variable}\\}?"?\\s+\\]`).test(text);
  return tested && body.descendantsOfType('command').some((c) => c?.text.trim() === 'break');
}
