/** Child lists of a PyNode (kept as functions: the interpreter reads better with them). */
import type { PyNode } from './tree.js';

export function named(n: PyNode | null | undefined): PyNode[] {
  return n ? n.namedChildren : [];
}

export function kids(n: PyNode | null | undefined): PyNode[] {
  return n ? n.children : [];
}

export function fieldAll(n: PyNode | null | undefined, name: string): PyNode[] {
  return n ? n.childrenForFieldName(name) : [];
}
