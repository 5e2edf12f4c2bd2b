/**
 * The native parse as one Int32Array (native/flat-tree, built by `npm ci` through
 * scripts/build-native.mjs): the tree-sitter runtime walks its own tree in C, and syntax-node.ts
 * makes the plain tree from the integers. Through the tree-sitter bindings, copying a tree took
 * about six calls into the addon per node. The grammar is the grammar package's own (its
 * `language`), so both native paths parse with the same grammar; where the addon was not built,
 * the bindings' path is used (tree-sitter.ts).
 */
import { createRequire } from 'node:module';
import type { TextRange } from './python-comments.js';
import { copyFlatTree, type FlatNames, type SyntaxTree } from './syntax-node.js';

const require = createRequire(import.meta.url);

interface FlatAddon {
  parse(
    language: unknown,
    text: string,
    timeoutMicros: number,
    ranges?: Int32Array,
  ): { nodes: Int32Array; hasError: boolean } | null;
  names(language: unknown): FlatNames;
}

const ADDON = 'native/flat-tree/build/Release/flat_tree.node';

let loaded: { addon?: FlatAddon; problem?: string } | undefined;

/**
 * The addon, from the project's folder above this module: src/extract/parse (tests), or
 * dist/src/extract/parse (the build, which the CLI's bundle resolves its modules' URLs to).
 */
export function loadFlatAddon(): { addon?: FlatAddon; problem?: string } {
  if (loaded) return loaded;
  for (let up = 3; up <= 4; up++) {
    try {
      loaded = { addon: require(`${'../'.repeat(up)}${ADDON}`) as FlatAddon };
      return loaded;
    } catch (err) {
      if ((err as NodeJS.ErrnoException)?.code === 'MODULE_NOT_FOUND') continue;
      loaded = { problem: `${(err as Error)?.message ?? String(err)}`.split('\n')[0] as string };
      return loaded;
    }
  }
  loaded = { problem: 'native/flat-tree is not built (npm run build:native)' };
  return loaded;
}

/** Ranges as the addon takes them: six integers each, in UTF-16 units as JavaScript counts. */
function packRanges(ranges: readonly TextRange[]): Int32Array {
  const out = new Int32Array(ranges.length * 6);
  ranges.forEach((r, i) => {
    out.set(
      [
        r.startIndex,
        r.endIndex,
        r.startPosition.row,
        r.startPosition.column,
        r.endPosition.row,
        r.endPosition.column,
      ],
      i * 6,
    );
  });
  return out;
}

/** A parse of `text` (only `ranges` of it when given) with the grammar package's `language`, or null out of time. */
export function flatParse(
  addon: FlatAddon,
  language: unknown,
): (text: string, budgetMs: number, ranges?: TextRange[]) => SyntaxTree | null {
  const names = addon.names(language);
  return (text, budgetMs, ranges) => {
    const micros = Math.max(1, Math.round(budgetMs * 1000));
    const r = ranges
      ? addon.parse(language, text, micros, packRanges(ranges))
      : addon.parse(language, text, micros);
    return r ? copyFlatTree(r.nodes, text, names) : null;
  };
}
