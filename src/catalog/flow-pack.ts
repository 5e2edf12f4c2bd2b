/**
 * A snapshot's flow pack: its graph as numbers, stored beside its rows (schema 5), so a walk of
 * any size reads a few blobs instead of a row per edge. A hub's downstream reaches half of a
 * million-edge map; reading those rows one by one (and their text through the driver) cost more
 * than NetworkX loading the whole map as JSON. With the pack, the walk runs on typed arrays and
 * only the text of what it reached is read, a few thousand entries per blob.
 *
 * Parts (each stored as numbered chunks, every number little-endian):
 * - `head`: JSON: the layout version, node and edge counts, the kind names the codes stand for.
 * - `source`, `target`: Int32 node numbers of each edge's ends (-1: an end that is no node).
 * - `ekind`, `nkind`: Uint8 kind codes of each edge and node.
 * - `hash`: (hash, node) Uint32 pairs sorted by the FNV-1a hash of the node's key: a key's number.
 * - `nodes`: per node its key as a JSON string and its attributes as JSON (the row's `attrs`).
 * - `edges`: per edge its attributes as JSON (the row's `attrs`).
 * Nodes are numbered by key and edges by (source, target, kind), whatever the rows' order: an
 * answer in id order reads the texts front to back (analyses/id-order.ts).
 */

/** What the pack stores per node and per edge: the rows the snapshot is written as. */
export interface PackRows {
  nodes: ReadonlyArray<{ key: string; kind: string; attrs: string }>;
  edges: ReadonlyArray<{ source: string; target: string; kind: string; attrs: string }>;
}

export interface PackChunk {
  part: string;
  chunk: number;
  data: Uint8Array;
}

export interface PackHead {
  version: number;
  nodes: number;
  edges: number;
  /** Entries per chunk of `nodes` and `edges`. */
  textChunk: number;
  /** Entries per chunk of the number parts. */
  arrayChunk: number;
  nodeKinds: string[];
  edgeKinds: string[];
}

export const PACK_VERSION = 1;
/** Small enough that a chunk's text stays under V8's large-object size (see walk-pack.ts). */
const TEXT_CHUNK = 512;
const ARRAY_CHUNK = 1 << 22;

/**
 * The pack's chunks, made as they are stored: a text chunk's bytes are a view of one buffer used
 * again for the next (a store copies each before asking for the next). A new buffer per chunk, on
 * a heap already holding the whole map, cost seconds of page faults and collection at 1M edges.
 */
export function* flowPack(rows: PackRows): Generator<PackChunk> {
  const n = rows.nodes.length;
  const m = rows.edges.length;
  const nodeAt = nodesByKey(rows.nodes);
  const ord = new Map<string, number>();
  for (let v = 0; v < n; v++) ord.set(rows.nodes[nodeAt[v]!]!.key, v);
  const nodeKinds = codes(rows.nodes);
  const edgeKinds = codes(rows.edges);
  const edgeAt = edgesByEnds(rows.edges, ord);
  const source = new Int32Array(m);
  const target = new Int32Array(m);
  const ekind = new Uint8Array(m);
  const nkind = new Uint8Array(n);
  for (let e = 0; e < m; e++) {
    const r = rows.edges[edgeAt[e]!]!;
    source[e] = ord.get(r.source) ?? -1;
    target[e] = ord.get(r.target) ?? -1;
    ekind[e] = edgeKinds.code(r.kind);
  }
  for (let v = 0; v < n; v++) nkind[v] = nodeKinds.code(rows.nodes[nodeAt[v]!]!.kind);
  const head: PackHead = {
    version: PACK_VERSION,
    nodes: n,
    edges: m,
    textChunk: TEXT_CHUNK,
    arrayChunk: ARRAY_CHUNK,
    nodeKinds: nodeKinds.names,
    edgeKinds: edgeKinds.names,
  };
  yield { part: 'head', chunk: 0, data: Buffer.from(JSON.stringify(head)) };
  const arrays: Array<[string, Int32Array | Uint8Array | Uint32Array, number]> = [
    ['source', source, 1],
    ['target', target, 1],
    ['ekind', ekind, 1],
    ['nkind', nkind, 1],
    ['hash', keyHashes(rows.nodes, nodeAt), 2],
  ];
  for (const [part, a, width] of arrays) {
    const step = ARRAY_CHUNK * width;
    for (let i = 0, c = 0; i < a.length || c === 0; i += step, c++)
      yield { part, chunk: c, data: bytesOf(a.subarray(i, i + step)) };
  }
  const scratch = new Scratch();
  const nodeText = (i: number) => {
    const row = rows.nodes[nodeAt[i >> 1]!]!;
    return i & 1 ? row.attrs : JSON.stringify(row.key);
  };
  for (let first = 0, c = 0; first < 2 * n; first += 2 * TEXT_CHUNK, c++)
    yield {
      part: 'nodes',
      chunk: c,
      data: scratch.texts(nodeText, first, Math.min(2 * n, first + 2 * TEXT_CHUNK)),
    };
  for (let first = 0, c = 0; first < m; first += TEXT_CHUNK, c++)
    yield {
      part: 'edges',
      chunk: c,
      data: scratch.texts((e) => rows.edges[edgeAt[e]!]!.attrs, first, Math.min(m, first + TEXT_CHUNK)),
    };
}

/**
 * The rows' order by key (their indexes): a pack numbers nodes by key and edges by their ends'
 * numbers, then kind, so an answer in id order (analyses/id-order.ts) reads the pack front to back.
 * A scan's rows are in that order already: checked, not sorted.
 */
function nodesByKey(nodes: PackRows['nodes']): Int32Array {
  const at = Int32Array.from(nodes, (_, i) => i);
  for (let i = 1; i < nodes.length; i++) {
    if (nodes[i - 1]!.key < nodes[i]!.key) continue;
    const keys = nodes.map((r, j) => `${r.key}\u0000${j}`).sort();
    return Int32Array.from(keys, (k) => Number(k.slice(k.lastIndexOf('\u0000') + 1)));
  }
  return at;
}

function edgesByEnds(edges: PackRows['edges'], ord: Map<string, number>): Int32Array {
  const at = Int32Array.from(edges, (_, i) => i);
  const s = Int32Array.from(edges, (r) => ord.get(r.source) ?? -1);
  const t = Int32Array.from(edges, (r) => ord.get(r.target) ?? -1);
  const before = (a: number, b: number) =>
    s[a]! - s[b]! ||
    t[a]! - t[b]! ||
    (edges[a]!.kind < edges[b]!.kind ? -1 : edges[a]!.kind > edges[b]!.kind ? 1 : 0);
  for (let i = 1; i < edges.length; i++)
    if (before(i - 1, i) > 0) return at.sort((a, b) => before(a, b) || a - b);
  return at;
}

function codes(rows: ReadonlyArray<{ kind: string }>): { names: string[]; code: (k: string) => number } {
  const names: string[] = [];
  const of = new Map<string, number>();
  for (const r of rows) {
    if (!of.has(r.kind) && names.length < 255) {
      of.set(r.kind, names.length);
      names.push(r.kind);
    }
  }
  return { names, code: (k) => of.get(k) ?? 255 };
}

/** FNV-1a over a key's UTF-16 code units. */
export function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** (hash, node) pairs sorted by hash: bucketed by the top 16 bits, then sorted within a bucket. */
function keyHashes(nodes: ReadonlyArray<{ key: string }>, nodeAt: Int32Array): Uint32Array {
  const n = nodes.length;
  const hash = new Uint32Array(n);
  const top = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    hash[v] = keyHash(nodes[nodeAt[v]!]!.key);
    top[v] = hash[v]! >>> 16;
  }
  const start = new Int32Array(65537);
  for (let v = 0; v < n; v++) start[top[v]! + 1]!++;
  for (let k = 0; k < 65536; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, 65536);
  const order = new Int32Array(n);
  for (let v = 0; v < n; v++) order[fill[top[v]!]!++] = v;
  for (let k = 0; k < 65536; k++) {
    const bucket = order.subarray(start[k]!, start[k + 1]!);
    if (bucket.length > 1) bucket.sort((a, b) => hash[a]! - hash[b]!);
  }
  const pairs = new Uint32Array(2 * n);
  for (let i = 0; i < n; i++) {
    pairs[2 * i] = hash[order[i]!]!;
    pairs[2 * i + 1] = order[i]!;
  }
  return pairs;
}

/** A typed array's bytes, little-endian whatever the machine (a view of them on most machines). */
function bytesOf(a: Int32Array | Uint8Array | Uint32Array): Uint8Array {
  if (a instanceof Uint8Array || LITTLE_ENDIAN) return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const out = Buffer.alloc(a.length * 4);
  for (let i = 0; i < a.length; i++) out.writeUInt32LE(a[i]! >>> 0, i * 4);
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Chunks of texts, each `[count][flags][count + 1 UTF-16 offsets][the texts as UTF-8]` in a buffer
 * used again for the next: a text is a slice of the decoded whole. Flag 1: every character is
 * ASCII, so the bytes decode as Latin-1 (a plain copy).
 */
class Scratch {
  private buf = Buffer.allocUnsafeSlow(1 << 20);

  texts(text: (i: number) => string, first: number, last: number): Uint8Array {
    const head = 4 * (last - first + 3);
    let chars = 0;
    for (let i = first; i < last; i++) chars += text(i).length;
    // the size of ASCII text, at least (Buffer.byteLength costs as much as writing)
    this.room(head + chars, 0);
    const b = this.buf;
    b.writeUInt32LE(last - first, 0);
    let used = 0;
    for (let i = first; i < last; i++) {
      b.writeUInt32LE(used, 8 + 4 * (i - first));
      used += text(i).length;
    }
    b.writeUInt32LE(used, 8 + 4 * (last - first));
    let at = head;
    for (let i = first; i < last; i++) {
      const t = text(i);
      this.room(at + 3 * t.length, at);
      at += this.buf.write(t, at, 'utf8');
    }
    this.buf.writeUInt32LE(at - head === used ? ASCII : 0, 4);
    return this.buf.subarray(0, at);
  }

  /** At least `size` bytes, keeping the first `keep`. */
  private room(size: number, keep: number): void {
    if (this.buf.length >= size) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(2 * this.buf.length, size));
    this.buf.copy(grown, 0, 0, keep);
    this.buf = grown;
  }
}

const ASCII = 1;

// ---- reading ----

export function readHead(chunk: Uint8Array | undefined): PackHead | undefined {
  if (!chunk) return undefined;
  const head = JSON.parse(Buffer.from(chunk).toString('utf8')) as PackHead;
  return head.version === PACK_VERSION ? head : undefined;
}

/** A number part from its chunks (in chunk order). */
export function readInt32(chunks: readonly Uint8Array[], length: number): Int32Array {
  const out = new Int32Array(length);
  let i = 0;
  if (LITTLE_ENDIAN) {
    // the stored bytes are the machine's own: copied whole, four at a time
    const bytes = new Uint8Array(out.buffer);
    for (const c of chunks) {
      const n = Math.min(c.length, 4 * (length - i)) & ~3;
      bytes.set(c.subarray(0, n), 4 * i);
      i += n / 4;
    }
    return out;
  }
  for (const c of chunks) {
    const b = Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    for (let at = 0; at + 4 <= b.length && i < length; at += 4) out[i++] = b.readInt32LE(at);
  }
  return out;
}

export function readUint8(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let i = 0;
  for (const c of chunks) {
    out.set(c.subarray(0, Math.min(c.length, length - i)), i);
    i += c.length;
  }
  return out;
}

/** The texts of one chunk: `text(i)` is its i-th. */
/**
 * A text chunk as a store gives it: its bytes, or its head (count, flags, offsets) with its texts
 * decoded by the server (`SELECT convert_from(...)`: PostgreSQL sends a bytea as hex, twice its size).
 */
export type TextChunk = Uint8Array | { head: Uint8Array; text: string };

export function readTexts(chunk: TextChunk): { count: number; text: (i: number) => string } {
  const bytes = chunk instanceof Uint8Array ? chunk : chunk.head;
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = b.readUInt32LE(0);
  const offsets = new Uint32Array(count + 1);
  for (let i = 0; i <= count; i++) offsets[i] = b.readUInt32LE(4 * (i + 2));
  let all: string;
  if (chunk instanceof Uint8Array)
    all = b.toString(b.readUInt32LE(4) & ASCII ? 'latin1' : 'utf8', 4 * (count + 3));
  else if (chunk.text.length !== offsets[count]) {
    throw new Error(`its texts are ${chunk.text.length} characters, its offsets say ${offsets[count]}`);
  } else all = chunk.text;
  return { count, text: (i) => all.slice(offsets[i]!, offsets[i + 1]!) };
}

/** Node numbers whose key may be `key` (the same hash): the caller checks the key itself. */
export function nodesWithHash(pairs: Int32Array, key: string): number[] {
  const h = keyHash(key) | 0;
  const n = pairs.length / 2;
  const u = (i: number) => pairs[2 * i]! >>> 0;
  const want = h >>> 0;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (u(mid) < want) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  for (let i = lo; i < n && u(i) === want; i++) out.push(pairs[2 * i + 1]!);
  return out;
}
