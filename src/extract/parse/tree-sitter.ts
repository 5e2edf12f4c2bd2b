/**
 * Tree-sitter parsers behind one interface. Bash and Python parse natively (about twice as fast)
 * when the grammar packages' addons load (`tree-sitter-bash`, `tree-sitter-python`): through the
 * project's own addon native/flat-tree where it was built (flat-tree.ts: the whole tree in one
 * call), else through the `tree-sitter` bindings' cursor. Every other grammar, and bash/Python
 * whenever an addon is missing or fails to load, parse with the WASM runtime of
 * @vscode/tree-sitter-wasm. All run the same grammar versions and hand back the same plain tree
 * (syntax-node.ts), so extractors cannot tell them apart. `DFMAP_PARSER=wasm` (or
 * `createParsers({ backend: 'wasm' })`) forces the WASM runtime; `DFMAP_PARSER=bindings` skips the
 * flat-tree addon.
 *
 * WASM: the runtime and most grammars come from @vscode/tree-sitter-wasm, so their ABI versions
 * agree; R and awk come from their grammar packages' own .wasm builds (ABI 14, which this runtime
 * loads). Grammars load once per process/thread; a Parser per grammar is made on first use.
 */
import { createRequire } from 'node:module';
import type * as TS from '@vscode/tree-sitter-wasm';
import { flatParse, loadFlatAddon } from './flat-tree.js';
import { foldCommentRuns, foldedTreeIsSound, keptRanges, type TextRange } from './python-comments.js';
import { copyTree, newTables, type RawCursor, SyntaxNode, type SyntaxTree } from './syntax-node.js';

const require = createRequire(import.meta.url);

export { SyntaxNode };
export type Tree = SyntaxTree;
export type GrammarName = 'bash' | 'python' | 'javascript' | 'typescript' | 'php' | 'ruby' | 'r' | 'awk';
export type Backend = 'native' | 'wasm';

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

/** Grammars with a native package, pinned to the versions the WASM bundle was built from. */
const NATIVE_PACKAGES: Partial<Record<GrammarName, string>> = {
  bash: 'tree-sitter-bash',
  python: 'tree-sitter-python',
};

/** One grammar's parser, whichever runtime backs it. Stateful: one per thread and grammar. */
export interface Parser {
  readonly grammar: GrammarName;
  readonly backend: Backend;
  /** The plain tree, or null when the budget ran out first. */
  parse(text: string, budgetMs: number): Tree | null;
}

// ---------------------------------------------------------------------------------------------
// WASM

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

function wasmParser(rt: Runtime, grammar: GrammarName, language: TS.Language): Parser {
  const parser = new rt.Parser();
  parser.setLanguage(language);
  const tables = newTables();
  return withFolding(grammar, 'wasm', (text, budgetMs, ranges) => {
    const deadline = performance.now() + budgetMs;
    parser.reset();
    const tree = parser.parse(text, null, {
      progressCallback: () => performance.now() > deadline,
      ...(ranges ? { includedRanges: ranges } : {}),
    });
    if (!tree) return null;
    const cursor = tree.walk();
    try {
      return copyTree(cursor as unknown as RawCursor, text, tree.rootNode.hasError, tables);
    } finally {
      cursor.delete();
      tree.delete();
    }
  });
}

/** A backend's parse of `text` (only `ranges` of it when given) into a plain tree. */
type RawParse = (text: string, budgetMs: number, ranges?: TextRange[]) => Tree | null;

function withFolding(grammar: GrammarName, backend: Backend, raw: RawParse): Parser {
  return {
    grammar,
    backend,
    parse(text, budgetMs) {
      const folded = grammar === 'python' ? foldCommentRuns(text) : undefined;
      if (folded) {
        const tree = raw(text, budgetMs, keptRanges(text, folded.blanked));
        if (!tree || foldedTreeIsSound(tree.rootNode, folded.blanked)) return tree;
      }
      return raw(text, budgetMs);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Native

interface NativeParser {
  setLanguage(language: unknown): void;
  setTimeoutMicros(us: number): void;
  reset(): void;
  parse(
    text: string,
    oldTree?: null,
    options?: { includedRanges?: TextRange[] },
  ): { rootNode: { hasError: boolean }; walk(): RawCursor } | null;
}
type NativeParserClass = new () => NativeParser;

type Native = { Parser: NativeParserClass; language: unknown };

/**
 * The native runtime and a grammar, or why not: no prebuilt addon for this platform and no
 * compiler at install time, another Node ABI, a C++ runtime too old for the prebuilt one...
 * `load` is `require`; tests pass one that fails, to exercise the fallback.
 */
export function tryLoadNative(
  grammar: GrammarName,
  load: (id: string) => unknown = require,
): { ok: Native } | { problem: string } {
  const pkg = NATIVE_PACKAGES[grammar];
  if (!pkg) return { problem: `no native package for ${grammar}` };
  try {
    const ParserClass = load('tree-sitter') as NativeParserClass;
    const language = load(pkg);
    // a grammar that loads but cannot be set (an ABI the runtime does not read) is no use either
    new ParserClass().setLanguage(language);
    return { ok: { Parser: ParserClass, language } };
  } catch (err) {
    return { problem: `${(err as Error)?.message ?? String(err)}`.split('\n')[0] as string };
  }
}

const nativeCache = new Map<GrammarName, ReturnType<typeof tryLoadNative>>();

function loadNative(grammar: GrammarName): Native | undefined {
  let r = nativeCache.get(grammar);
  if (!r) {
    r = tryLoadNative(grammar);
    nativeCache.set(grammar, r);
  }
  return 'ok' in r ? r.ok : undefined;
}

/** Why a grammar parses with WASM although it has a native package (undefined: it does not). */
export function nativeUnavailableReason(grammar: GrammarName): string | undefined {
  if (!NATIVE_PACKAGES[grammar]) return undefined;
  loadNative(grammar);
  const r = nativeCache.get(grammar);
  return r && 'problem' in r ? r.problem : undefined;
}

function nativeParser(grammar: GrammarName, native: Native): Parser {
  // the whole tree in one call where native/flat-tree is built (flat-tree.ts); the bindings' cursor otherwise
  const flat = process.env.DFMAP_PARSER === 'bindings' ? undefined : loadFlatAddon().addon;
  if (flat) return withFolding(grammar, 'native', flatParse(flat, native.language));
  const parser = new native.Parser();
  parser.setLanguage(native.language);
  const tables = newTables();
  return withFolding(grammar, 'native', (text, budgetMs, ranges) => {
    parser.reset();
    parser.setTimeoutMicros(Math.max(1, Math.round(budgetMs * 1000)));
    const tree = ranges ? parser.parse(text, null, { includedRanges: ranges }) : parser.parse(text);
    if (!tree) return null;
    return copyTree(tree.walk(), text, tree.rootNode.hasError, tables);
  });
}

// ---------------------------------------------------------------------------------------------

export interface ParserOptions {
  /** `wasm` forces the WASM runtime; default: native where it loads (env `DFMAP_PARSER=wasm` too). */
  backend?: 'auto' | 'wasm';
}

function wantNative(opts: ParserOptions): boolean {
  const b = opts.backend ?? (process.env.DFMAP_PARSER === 'wasm' ? 'wasm' : 'auto');
  return b !== 'wasm';
}

/** A ready parser for a grammar. Each caller gets its own Parser (they are stateful). */
export async function createParser(grammar: GrammarName, opts: ParserOptions = {}): Promise<Parser> {
  const native = wantNative(opts) ? loadNative(grammar) : undefined;
  if (native) return nativeParser(grammar, native);
  const rt = await loadRuntime();
  return wasmParser(rt, grammar, await loadLanguage(grammar));
}

export interface Parsers {
  bash: Parser;
  python: Parser;
  /** The parser of any grammar, made on first use (the grammars themselves are already loaded). */
  of(grammar: GrammarName): Parser;
}

export async function createParsers(opts: ParserOptions = {}): Promise<Parsers> {
  const rt = await loadRuntime();
  const native = wantNative(opts);
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
      const n = native ? loadNative(grammar) : undefined;
      p = n ? nativeParser(grammar, n) : wasmParser(rt, grammar, loaded.get(grammar) as TS.Language);
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
  return parser.parse(text, budgetMs);
}

/** 1-based line of a node. */
export function lineOf(node: SyntaxNode): number {
  return node.row + 1;
}

/** Named children (a copy the caller may change). */
export function named(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.slice();
}

/** All children, named and anonymous (a copy the caller may change). */
export function kids(node: SyntaxNode): SyntaxNode[] {
  return node.children.slice();
}
