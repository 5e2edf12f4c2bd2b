/**
 * The syntax tree as plain JS objects. Walking a tree-sitter tree node by node crosses into WASM
 * and allocates on every access; the interpreter touches each node many times. One cursor pass
 * (iterative, so any depth is fine) copies what it needs: type, field, span, line, children.
 */
import type { Tree } from '../parse/tree-sitter.js';

/** tree-sitter's id for ERROR nodes (ts_builtin_sym_error). */
const ERROR_SYMBOL = 65535;

interface Source {
  text: string;
}

export class PyNode {
  readonly children: PyNode[] = [];
  private namedCache: PyNode[] | undefined;

  constructor(
    private readonly src: Source,
    readonly type: string,
    readonly isNamed: boolean,
    readonly field: string | null,
    readonly startIndex: number,
    readonly endIndex: number,
    /** 0-based line of the first character. */
    readonly row: number,
  ) {}

  get text(): string {
    return this.src.text.slice(this.startIndex, this.endIndex);
  }

  get namedChildren(): PyNode[] {
    this.namedCache ??= this.children.filter((c) => c.isNamed);
    return this.namedCache;
  }

  get firstChild(): PyNode | null {
    return this.children[0] ?? null;
  }

  childForFieldName(name: string): PyNode | null {
    for (const c of this.children) if (c.field === name) return c;
    return null;
  }

  childrenForFieldName(name: string): PyNode[] {
    return this.children.filter((c) => c.field === name);
  }
}

/** 1-based line of a node. */
export const lineOf = (n: PyNode): number => n.row + 1;

interface LanguageTables {
  types: string[];
  named: boolean[];
  fields: Array<string | null>;
}

const tables = new WeakMap<object, LanguageTables>();

function tablesOf(tree: Tree): LanguageTables {
  const lang = tree.language;
  let t = tables.get(lang);
  if (!t) {
    const types = lang.types;
    t = { types, named: types.map((_, id) => lang.nodeTypeIsNamed(id)), fields: lang.fields };
    tables.set(lang, t);
  }
  return t;
}

/** Copy a tree-sitter tree into PyNodes (the tree can be deleted afterwards). */
export function convertTree(tree: Tree, text: string): PyNode {
  const { types, named, fields } = tablesOf(tree);
  const src: Source = { text };
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  let row = 0;
  const cursor = tree.walk();
  const make = (field: string | null): PyNode => {
    const id = cursor.nodeTypeId;
    const start = cursor.startIndex;
    // pre-order visits starts in increasing order: the line only ever moves forward
    while (row + 1 < lineStarts.length && (lineStarts[row + 1] as number) <= start) row++;
    const isError = id === ERROR_SYMBOL;
    return new PyNode(
      src,
      isError ? 'ERROR' : (types[id] ?? 'ERROR'),
      isError || (named[id] ?? true),
      field,
      start,
      cursor.endIndex,
      row,
    );
  };
  try {
    const root = make(null);
    const stack: PyNode[] = [root];
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const node = make(fields[cursor.currentFieldId] ?? null);
      (stack[stack.length - 1] as PyNode).children.push(node);
      if (cursor.gotoFirstChild()) {
        stack.push(node);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || stack.length <= 1) return root;
        stack.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}
