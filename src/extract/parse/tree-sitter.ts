/**
 * Tree-sitter parsers (WASM). The runtime and most grammars come from @vscode/tree-sitter-wasm, so
 * their ABI versions agree; R and awk come from their grammar packages' own .wasm builds (ABI 14,
 * which this runtime loads). Grammars load once per process/thread; a Parser per grammar is made
 * on first use, so a scan without R pays nothing for it.
 */
import { createRequire } from 'node:module';
import type * as TS from '@vscode/tree-sitter-wasm';

const require = createRequire(import.meta.url);

export type SyntaxNode = TS.Node;
export type Tree = TS.Tree;
export type Parser = TS.Parser;
export type GrammarName = 'bash' | 'python' | 'javascript' | 'typescript' | 'php' | 'ruby' | 'r' | 'awk';

const GRAMMARS: readonly GrammarName[] = [
  'bash',
  'python',
  'javascript',
  'typescript',
  'php',
  'ruby',
  'r',
  'awk',
];

interface Runtime {
  Parser: typeof TS.Parser;
  Language: typeof TS.Language;
}

let runtime: Promise<Runtime> | undefined;
const languages = new Map<GrammarName, Promise<TS.Language>>();

function dirOf(file: string): string {
  return file.slice(0, file.lastIndexOf('/') + 1);
}

function wasmDir(): string {
  return dirOf(require.resolve('@vscode/tree-sitter-wasm'));
}

/** Where a grammar's .wasm is: the vscode bundle, or the grammar package's own build. */
function wasmFile(grammar: GrammarName): string {
  if (grammar === 'r')
    return `${dirOf(require.resolve('@eagleoutice/tree-sitter-r/package.json'))}tree-sitter-r.wasm`;
  if (grammar === 'awk')
    return `${dirOf(require.resolve('tree-sitter-awk/package.json'))}tree-sitter-awk.wasm`;
  return `${wasmDir()}tree-sitter-${grammar}.wasm`;
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

async function loadLanguage(grammar: GrammarName): Promise<TS.Language> {
  const rt = await loadRuntime();
  let lang = languages.get(grammar);
  if (!lang) {
    lang = rt.Language.load(wasmFile(grammar));
    languages.set(grammar, lang);
  }
  return lang;
}

/** A ready parser for a grammar. Each caller gets its own Parser (they are stateful). */
export async function createParser(grammar: GrammarName): Promise<Parser> {
  const rt = await loadRuntime();
  const parser = new rt.Parser();
  parser.setLanguage(await loadLanguage(grammar));
  return parser;
}

export interface Parsers {
  bash: Parser;
  python: Parser;
  /** The parser of any grammar, made on first use (the grammars themselves are already loaded). */
  of(grammar: GrammarName): Parser;
}

export async function createParsers(): Promise<Parsers> {
  const rt = await loadRuntime();
  const loaded = new Map<GrammarName, TS.Language>();
  await Promise.all(
    GRAMMARS.map(async (g) => {
      loaded.set(g, await loadLanguage(g));
    }),
  );
  const made = new Map<GrammarName, Parser>();
  const of = (grammar: GrammarName): Parser => {
    let p = made.get(grammar);
    if (!p) {
      p = new rt.Parser();
      p.setLanguage(loaded.get(grammar) as TS.Language);
      made.set(grammar, p);
    }
    return p;
  };
  return { bash: of('bash'), python: of('python'), of };
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
