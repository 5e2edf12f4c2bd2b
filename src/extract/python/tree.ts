/**
 * The Python extractor's syntax tree: the plain tree every extractor walks (parse/syntax-node.ts),
 * copied from tree-sitter in one cursor pass, so the interpreter can touch each node many times.
 */
import type { SyntaxNode } from '../parse/syntax-node.js';

export type PyNode = SyntaxNode;

/** 1-based line of a node. */
export const lineOf = (n: PyNode): number => n.row + 1;
