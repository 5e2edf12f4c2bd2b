/**
 * awk programs through tree-sitter-awk: `print > file`, `print >> file`, `getline < file`,
 * `"cmd" | getline`, `print | "cmd"`, `system(cmd)`, variables built by concatenation, `-v`
 * assignments and ARGV from the command line. Fields (`$1`) and anything read from input are
 * unknown (`*`): file names computed from data are kept partial, never guessed.
 */

import { concat, str, UNKNOWN, type V, viaVar } from '../kit/value.js';
import type { LanguageHooks, ScriptRun } from '../kit/walk.js';
import { lineOf, named, type SyntaxNode } from '../parse/tree-sitter.js';

/** The command line of an awk program: `-v` assignments and operands (files or `var=value`). */
export interface AwkArgs {
  assigns: Array<[string, string]>;
  operands: string[];
}

/** `-v a=1 -F, in.csv x=2 other.csv` as the awk extractor receives it (ScriptContext.args). */
export function splitAwkArgs(args: string[]): AwkArgs {
  const out: AwkArgs = { assigns: [], operands: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-v' && args[i + 1] !== undefined) {
      const m = /^([A-Za-z_]\w*)=(.*)$/s.exec(args[++i] as string);
      if (m) out.assigns.push([m[1] as string, m[2] as string]);
    } else {
      out.operands.push(a);
    }
  }
  return out;
}

function stringValue(node: SyntaxNode): V {
  const raw = node.text.slice(1, -1);
  return str(raw.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t' })[c] ?? c));
}

function argsOf(node: SyntaxNode): SyntaxNode[] {
  const list = named(node).find((c) => c.type === 'args');
  return list ? named(list) : [];
}

/** `print ... > "f"`: the last expression of a print list can swallow a `>` (an awk ambiguity). */
function printRedirect(run: ScriptRun, stmt: SyntaxNode): void {
  const list = named(stmt).find((c) => c.type === 'exp_list');
  const last = list ? named(list).at(-1) : undefined;
  if (last?.type === 'binary_exp' && last.childForFieldName('operator')?.text === '>') {
    run.expr(last.childForFieldName('left'));
    run.sink.file('write', run.expr(last.childForFieldName('right')), lineOf(stmt), 'awk print >');
    for (const c of named(list as SyntaxNode).slice(0, -1)) run.expr(c);
    return;
  }
  for (const c of named(stmt)) run.walk(c);
}

export const awkHooks: LanguageHooks = {
  grammar: 'awk',
  prelude(run) {
    const { assigns, operands } = splitAwkArgs(run.ctx.args);
    for (const [k, v] of assigns) run.scope.set(k, str(v, true));
    const files: V[] = [];
    for (const o of operands) {
      const m = /^([A-Za-z_]\w*)=(.*)$/s.exec(o);
      if (m) run.scope.set(m[1] as string, str(m[2] as string, true));
      else files.push(str(o, true));
    }
    run.scope.set('ARGV', { k: 'list', items: [str('awk'), ...files] });
    // the input files are read by the program (its main rules or getline)
    for (const f of files) run.sink.file('read', f, 1, 'awk input file');
  },
  statement(run, node) {
    switch (node.type) {
      case 'redirected_io_statement': {
        const op =
          node.children.find((c) => c && !c.isNamed && ['>', '>>', '|'].includes(c.type))?.type ?? '>';
        const stmt = named(node)[0];
        if (stmt) printRedirect(run, stmt);
        const target = run.expr(node.childForFieldName('filename'));
        if (op === '|') run.sink.command(target, lineOf(node), 'awk print |');
        else run.sink.file('write', target, lineOf(node), `awk print ${op}`);
        return true;
      }
      case 'piped_io_statement': {
        const stmt = named(node)[0];
        if (stmt) printRedirect(run, stmt);
        run.sink.command(run.expr(node.childForFieldName('command')), lineOf(node), 'awk print |');
        return true;
      }
      case 'print_statement':
      case 'printf_statement':
        printRedirect(run, node);
        return true;
      case 'func_def':
        run.walk(named(node).find((c) => c.type === 'block'));
        return true;
      default:
        return false;
    }
  },
  expr(run, node) {
    switch (node.type) {
      case 'string':
        return stringValue(node);
      case 'number':
        return str(node.text);
      case 'identifier': {
        const v = run.scope.get(node.text);
        return v ? viaVar(v) : UNKNOWN;
      }
      case 'string_concat':
        return concat([run.expr(node.childForFieldName('left')), run.expr(node.childForFieldName('right'))]);
      case 'grouping':
        return run.expr(named(node)[0]);
      case 'assignment_exp': {
        const left = node.childForFieldName('left');
        const op = node.children.find((c) => c?.type.endsWith('='))?.type ?? '=';
        const v = run.expr(node.childForFieldName('right'));
        if (left?.type === 'identifier') {
          run.scope.set(left.text, op === '=' ? v : UNKNOWN);
        }
        return v;
      }
      case 'array_ref': {
        const base = named(node)[0];
        const index = run.expr(node.childForFieldName('index'));
        const v = base ? run.scope.get(base.text) : undefined;
        if (v?.k === 'list' && index.k === 'str' && /^\d+$/.test(index.s))
          return v.items[Number(index.s)] ?? UNKNOWN;
        return UNKNOWN;
      }
      case 'getline_file': {
        run.sink.file('read', run.expr(node.childForFieldName('filename')), lineOf(node), 'awk getline <');
        const target = named(node).find((c) => c.type === 'identifier');
        if (target) run.scope.set(target.text, UNKNOWN);
        return UNKNOWN;
      }
      case 'piped_io_exp': {
        run.sink.command(run.expr(node.childForFieldName('command')), lineOf(node), 'awk command | getline');
        const target = named(named(node).at(-1) as SyntaxNode).find((c) => c.type === 'identifier');
        if (target) run.scope.set(target.text, UNKNOWN);
        return UNKNOWN;
      }
      case 'func_call':
        return funcCall(run, node);
      default:
        return undefined;
    }
  },
};

function funcCall(run: ScriptRun, node: SyntaxNode): V {
  const name = node.childForFieldName('name')?.text;
  const args = argsOf(node).map((a) => run.expr(a));
  if (name === 'system' && args[0]) run.sink.command(args[0], lineOf(node), 'awk system()');
  if (name === 'sprintf') return sprintfAwk(args);
  if (name === 'tolower' || name === 'toupper') return args[0]?.k === 'str' ? args[0] : UNKNOWN;
  return UNKNOWN;
}

function sprintfAwk(args: V[]): V {
  const fmt = args[0];
  if (fmt?.k !== 'str') return UNKNOWN;
  const parts: V[] = [];
  let next = 1;
  let last = 0;
  const re = /%(%|[-+ 0#]*\d*(?:\.\d+)?[sdifeEgGxXoc])/g;
  for (let m = re.exec(fmt.s); m; m = re.exec(fmt.s)) {
    parts.push(str(fmt.s.slice(last, m.index)));
    parts.push(m[1] === '%' ? str('%') : (args[next++] ?? UNKNOWN));
    last = m.index + m[0].length;
  }
  parts.push(str(fmt.s.slice(last)));
  return concat(parts);
}
