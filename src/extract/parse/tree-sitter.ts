/**
 * Tree-sitter parsers (WASM build shipped by @vscode/tree-sitter-wasm: the runtime and the grammars
 * come from one package, so their ABI versions always agree). Loaded once per process/thread.
 */
import { createRequire } from 'node:module';
import type * as TS from '@vscode/tree-sitter-wasm';

const require = createRequire(import.meta.url);

export type SyntaxNode = TS.Node;
export type Tree = TS.Tree;
export type Parser = TS.Parser;
export type GrammarName = 'bash' | 'python';

interface Runtime {
  Parser: typeof TS.Parser;
  Language: typeof TS.Language;
}

let runtime: Promise<Runtime> | undefined;
const languages = new Map<GrammarName, Promise<TS.Language>>();

function wasmDir(): string {
  const main = require.resolve('@vscode/tree-sitter-wasm');
  return main.slice(0, main.lastIndexOf('/') + 1);
}

function loadRuntime(): Promise<Runtime> {
  runtime ??= (async () => {
    const mod = require('@vscode/tree-sitter-wasm') as Runtime;
    const dir = wasmDir();
    await mod.Parser.init({ locateFile: (file: string) => dir + file });
    return mod;
  })();
  return runtime;
}

/** A ready parser for a grammar. Each caller gets its own Parser (they are stateful). */
export async function createParser(grammar: GrammarName): Promise<Parser> {
  const rt = await loadRuntime();
  let lang = languages.get(grammar);
  if (!lang) {
    lang = rt.Language.load(`${wasmDir()}tree-sitter-${grammar}.wasm`);
    languages.set(grammar, lang);
  }
  const parser = new rt.Parser();
  parser.setLanguage(await lang);
  return parser;
}

export interface Parsers {
  bash: Parser;
  python: Parser;
}

export async function createParsers(): Promise<Parsers> {
  const [bash, python] = await Promise.all([createParser('bash'), createParser('python')]);
  return { bash, python };
}

/**
 * Parse with a time budget so a pathological file can never hang a scan: returns null when the
 * budget runs out (the caller records a diagnostic and moves on).
 */
export function parseWithBudget(parser: Parser, text: string, budgetMs = 5000): Tree | null {
  const deadline = performance.now() + budgetMs;
  parser.reset();
  return parser.parse(text, null, { progressCallback: () => performance.now() > deadline });
}

/** 1-based line of a node. */
export function lineOf(node: SyntaxNode): number {
  return node.startPosition.row + 1;
}

/** Named children without the nulls this runtime's typings allow. */
export function named(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((c): c is SyntaxNode => c !== null);
}

/** All children (named and anonymous) without nulls. */
export function kids(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((c): c is SyntaxNode => c !== null);
}
