/**
 * The syntax tree every extractor walks: plain JS objects made once per parse, whichever runtime
 * parsed it: from the integers native/flat-tree writes out (copyFlatTree), or in one cursor pass
 * over the node bindings' or WASM's tree (copyTree). Walking a tree-sitter tree node by node
 * crosses into the runtime and allocates on every access, and extractors touch each node many
 * times; after the copy, nothing does. The members are the subset of tree-sitter's `Node` that
 * dfmap uses, with the same meaning, so an extractor cannot tell the backends apart.
 */

/** tree-sitter's id for ERROR nodes (ts_builtin_sym_error). */
const ERROR_SYMBOL = 65535;

/** What both runtimes' TreeCursor offer (web-tree-sitter and the node bindings spell these alike). */
export interface RawCursor {
  readonly nodeTypeId: number;
  readonly nodeType: string;
  readonly nodeIsNamed: boolean;
  readonly nodeIsMissing: boolean;
  readonly currentFieldId: number;
  readonly currentFieldName: string | null;
  readonly startIndex: number;
  readonly endIndex: number;
  /** The runtime's node under the cursor; asked only in trees with syntax errors. */
  readonly currentNode: { readonly hasError: boolean };
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}

export interface Point {
  row: number;
  column: number;
}

/** The source text and where its lines start, shared by every node of one tree. */
class Source {
  private lineStartsCache: number[] | undefined;
  constructor(readonly text: string) {}

  get lineStarts(): number[] {
    if (!this.lineStartsCache) {
      const starts = [0];
      const t = this.text;
      for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStartsCache = starts;
    }
    return this.lineStartsCache;
  }

  /** Row and column (in UTF-16 code units, as web-tree-sitter reports them) of an index. */
  point(index: number, rowHint?: number): Point {
    const starts = this.lineStarts;
    let row = rowHint ?? 0;
    if (rowHint === undefined) {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((starts[mid] as number) <= index) lo = mid;
        else hi = mid - 1;
      }
      row = lo;
    }
    return { row, column: index - (starts[row] as number) };
  }
}

/** The children of every leaf: one frozen array (most nodes are leaves), replaced on a first child. */
const NO_CHILDREN: SyntaxNode[] = Object.freeze([]) as unknown as SyntaxNode[];

export class SyntaxNode {
  children: SyntaxNode[] = NO_CHILDREN;
  parent: SyntaxNode | null = null;
  /** Position among the parent's children. */
  index = 0;
  hasError = false;
  private namedCache: SyntaxNode[] | undefined;

  constructor(
    private readonly src: Source,
    readonly id: number,
    readonly typeId: number,
    readonly type: string,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    /** The field this node fills in its parent (`name`, `body`...), or null. */
    readonly field: string | null,
    readonly startIndex: number,
    readonly endIndex: number,
    /** 0-based line of the first character. */
    readonly row: number,
  ) {}

  get text(): string {
    return this.src.text.slice(this.startIndex, this.endIndex);
  }

  get isError(): boolean {
    return this.typeId === ERROR_SYMBOL;
  }

  get startPosition(): Point {
    return this.src.point(this.startIndex, this.row);
  }

  get endPosition(): Point {
    return this.src.point(this.endIndex);
  }

  get namedChildren(): SyntaxNode[] {
    this.namedCache ??= this.children.filter((c) => c.isNamed);
    return this.namedCache;
  }

  get childCount(): number {
    return this.children.length;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  child(i: number): SyntaxNode | null {
    return this.children[i] ?? null;
  }

  namedChild(i: number): SyntaxNode | null {
    return this.namedChildren[i] ?? null;
  }

  get firstChild(): SyntaxNode | null {
    return this.children[0] ?? null;
  }

  get lastChild(): SyntaxNode | null {
    return this.children[this.children.length - 1] ?? null;
  }

  get firstNamedChild(): SyntaxNode | null {
    return this.namedChildren[0] ?? null;
  }

  get lastNamedChild(): SyntaxNode | null {
    const n = this.namedChildren;
    return n[n.length - 1] ?? null;
  }

  get nextSibling(): SyntaxNode | null {
    return this.parent?.children[this.index + 1] ?? null;
  }

  get previousSibling(): SyntaxNode | null {
    return this.parent?.children[this.index - 1] ?? null;
  }

  get nextNamedSibling(): SyntaxNode | null {
    const sibs = this.parent?.children ?? [];
    for (let i = this.index + 1; i < sibs.length; i++) if (sibs[i]?.isNamed) return sibs[i] as SyntaxNode;
    return null;
  }

  get previousNamedSibling(): SyntaxNode | null {
    const sibs = this.parent?.children ?? [];
    for (let i = this.index - 1; i >= 0; i--) if (sibs[i]?.isNamed) return sibs[i] as SyntaxNode;
    return null;
  }

  childForFieldName(name: string): SyntaxNode | null {
    for (const c of this.children) if (c.field === name) return c;
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    return this.children.filter((c) => c.field === name);
  }

  /** This node and its descendants of the given types, in document order (as tree-sitter's). */
  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    const wanted = typeof types === 'string' ? [types] : types;
    const out: SyntaxNode[] = [];
    const stack: SyntaxNode[] = [this];
    while (stack.length > 0) {
      const n = stack.pop() as SyntaxNode;
      if (wanted.includes(n.type)) out.push(n);
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as SyntaxNode);
    }
    return out;
  }

  equals(other: SyntaxNode): boolean {
    return this === other;
  }

  /** The S-expression tree-sitter prints: named and missing nodes, with their fields. */
  toString(): string {
    const inner = this.children
      .filter((c) => c.isNamed || c.isMissing)
      .map((c) => (c.field ? `${c.field}: ${c.toString()}` : c.toString()));
    const name = this.isNamed ? this.type : `"${this.type}"`;
    const head = this.isMissing ? `MISSING ${name}` : name;
    return `(${[head, ...inner].join(' ')})`;
  }
}

/** `node` as the next child of `parent` (a leaf's shared empty array replaced on its first child). */
function adopt(parent: SyntaxNode, node: SyntaxNode): void {
  node.parent = parent;
  node.index = parent.children.length;
  if (parent.children === NO_CHILDREN) parent.children = [node];
  else parent.children.push(node);
}

export interface SyntaxTree {
  readonly rootNode: SyntaxNode;
  /** Nothing to free: the runtime's tree is gone once copied. Kept so callers need not care. */
  delete(): void;
}

/** Per-runtime-language tables, filled as ids are first seen (both runtimes number types alike). */
export interface LanguageTables {
  types: string[];
  named: boolean[];
  fields: Array<string | null>;
}

export function newTables(): LanguageTables {
  return { types: [], named: [], fields: [] };
}

/**
 * Copy the tree under `cursor` (positioned at the root) into SyntaxNodes. `hasError` is the root's:
 * when false, no node has an error or is missing, and those questions are not asked node by node.
 */
export function copyTree(
  cursor: RawCursor,
  text: string,
  hasError: boolean,
  tables: LanguageTables,
): SyntaxTree {
  const src = new Source(text);
  const starts = src.lineStarts;
  let row = 0;
  let nextId = 0;
  const make = (field: string | null): SyntaxNode => {
    const id = cursor.nodeTypeId;
    const start = cursor.startIndex;
    // pre-order visits starts in increasing order: the line only ever moves forward
    while (row + 1 < starts.length && (starts[row + 1] as number) <= start) row++;
    let type = tables.types[id];
    let named = tables.named[id];
    if (type === undefined || named === undefined) {
      type = id === ERROR_SYMBOL ? 'ERROR' : cursor.nodeType;
      named = id === ERROR_SYMBOL || cursor.nodeIsNamed;
      tables.types[id] = type;
      tables.named[id] = named;
    }
    const node = new SyntaxNode(
      src,
      nextId++,
      id,
      type,
      named,
      hasError && cursor.nodeIsMissing,
      field,
      start,
      cursor.endIndex,
      row,
    );
    if (hasError) node.hasError = cursor.currentNode.hasError;
    return node;
  };
  const fieldName = (): string | null => {
    const fid = cursor.currentFieldId;
    if (fid === 0) return null;
    let name = tables.fields[fid];
    if (name === undefined) {
      name = cursor.currentFieldName || null;
      tables.fields[fid] = name;
    }
    return name;
  };
  const root = make(null);
  const tree: SyntaxTree = { rootNode: root, delete: () => {} };
  const stack: SyntaxNode[] = [root];
  if (!cursor.gotoFirstChild()) return tree;
  for (;;) {
    const parent = stack[stack.length - 1] as SyntaxNode;
    const node = make(fieldName());
    adopt(parent, node);
    if (cursor.gotoFirstChild()) {
      stack.push(node);
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent() || stack.length <= 1) return tree;
      stack.pop();
    }
  }
}

/** Integers per node in a flat tree (native/flat-tree): type id, field id, start, end, flags, children. */
const FLAT_FIELDS = 6;
const FLAT_NAMED = 1;
const FLAT_MISSING = 2;
const FLAT_ERROR = 4;

/** A grammar's names by id, as the flat tree's addon reads them from the grammar. */
export interface FlatNames {
  types: readonly string[];
  fields: ReadonlyArray<string | null>;
}

/**
 * The same tree as copyTree, from a parse the addon wrote out in pre-order as integers (each node
 * with its number of children): no call into the runtime per node.
 */
export function copyFlatTree(data: Int32Array, text: string, names: FlatNames): SyntaxTree {
  const src = new Source(text);
  const starts = src.lineStarts;
  let row = 0;
  const parents: SyntaxNode[] = [];
  const left: number[] = [];
  let root: SyntaxNode | undefined;
  for (let id = 0, o = 0; o < data.length; id++, o += FLAT_FIELDS) {
    const typeId = data[o] as number;
    const fieldId = data[o + 1] as number;
    const start = data[o + 2] as number;
    const flags = data[o + 4] as number;
    const kids = data[o + 5] as number;
    while (row + 1 < starts.length && (starts[row + 1] as number) <= start) row++;
    const error = typeId === ERROR_SYMBOL;
    const node = new SyntaxNode(
      src,
      id,
      typeId,
      error ? 'ERROR' : (names.types[typeId] ?? ''),
      error || (flags & FLAT_NAMED) !== 0,
      (flags & FLAT_MISSING) !== 0,
      fieldId === 0 ? null : (names.fields[fieldId] ?? null),
      start,
      data[o + 3] as number,
      row,
    );
    if ((flags & FLAT_ERROR) !== 0) node.hasError = true;
    const depth = parents.length;
    if (depth === 0) root = node;
    else {
      const parent = parents[depth - 1] as SyntaxNode;
      adopt(parent, node);
      left[depth - 1] = (left[depth - 1] as number) - 1;
    }
    if (kids > 0) {
      parents.push(node);
      left.push(kids);
    } else {
      while (left.length > 0 && left[left.length - 1] === 0) {
        parents.pop();
        left.pop();
      }
    }
  }
  if (!root) throw new Error('flat tree: no root node');
  return { rootNode: root, delete: () => {} };
}
