/**
 * Reading a very large map without holding its whole text in memory: a 1M-edge map is ~350 MB of
 * JSON, and `JSON.parse(readFileSync(...))` keeps that string and every parsed object alive at
 * once (peak ~1.2 GB). Here the file is read in windows; a byte scanner finds the top-level keys
 * and the element boundaries of the big arrays (`nodes`, `links`, `edges`), and each batch of
 * whole elements is parsed with JSON.parse. Only ASCII delimiters are looked at, so multi-byte
 * UTF-8 in strings is safe. Returns undefined when the file is not a plain top-level object the
 * scanner understands (the caller then parses it whole, which also yields the usual error message).
 */
import fs from 'node:fs';

const WINDOW = 4 * 1024 * 1024;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const BIG_ARRAYS = new Set(['nodes', 'links', 'edges']);

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

class NotPlain extends Error {}

export function readLargeJsonObject(file: string, window = WINDOW): Record<string, unknown> | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    return scan(fd, window);
  } catch (err) {
    if (err instanceof NotPlain || err instanceof SyntaxError) return undefined;
    throw err;
  } finally {
    fs.closeSync(fd);
  }
}

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: one byte-level state machine, kept in one place
function scan(fd: number, window: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let buf = Buffer.alloc(0);
  let eof = false;
  let pos = 0;
  // parser state
  let started = false;
  let done = false;
  let key: string | undefined;
  let keyStart = -1;
  let expectKey = true;
  let valueStart = -1;
  let array: unknown[] | undefined;
  let batchStart = -1;
  let lastEnd = -1;
  let depth = 0; // nesting inside the current value (array elements: inside an element)
  let inString = false;

  const refill = (): boolean => {
    if (eof) return false;
    const anchors = [keyStart, valueStart, batchStart].filter((x) => x >= 0);
    const anchor = anchors.length > 0 ? Math.min(...anchors) : pos;
    const chunk = Buffer.allocUnsafe(window);
    const n = fs.readSync(fd, chunk, 0, window, null);
    if (n === 0) {
      eof = true;
      return false;
    }
    buf = Buffer.concat([buf.subarray(anchor), chunk.subarray(0, n)]);
    pos -= anchor;
    if (keyStart >= 0) keyStart -= anchor;
    if (valueStart >= 0) valueStart -= anchor;
    if (batchStart >= 0) batchStart -= anchor;
    if (lastEnd >= 0) lastEnd -= anchor;
    return true;
  };
  let ids: Map<string, string> | undefined;
  const pool = new Map<string, string>();
  const flushBatch = (end: number): void => {
    if (!array || end <= batchStart) return;
    let text = buf.toString('utf8', batchStart, end).trim();
    if (text.startsWith(',')) text = text.slice(1);
    if (text.trim() !== '') {
      const batch = JSON.parse(`[${text}]`) as unknown[];
      if (key !== 'nodes' && Array.isArray(out.nodes)) {
        ids ??= nodeIds(out.nodes);
        shareEndpoints(batch, ids, pool);
      }
      for (const x of batch) array.push(x);
    }
    batchStart = end;
  };

  while (!done) {
    if (pos >= buf.length) {
      if (array && lastEnd > batchStart) flushBatch(lastEnd);
      if (!refill()) break;
      continue;
    }
    const b = buf[pos]!;
    if (inString) {
      // jump to the next quote; count the backslashes before it
      const q = buf.indexOf(QUOTE, pos);
      if (q < 0) {
        pos = buf.length;
        continue;
      }
      let bs = 0;
      for (let i = q - 1; i >= 0 && buf[i] === BACKSLASH; i--) bs++;
      pos = q + 1;
      if (bs % 2 === 0) {
        inString = false;
        if (keyStart >= 0) {
          key = JSON.parse(buf.toString('utf8', keyStart, pos)) as string;
          keyStart = -1;
        }
      }
      continue;
    }
    pos++;
    if (isSpace(b)) continue;
    if (!started) {
      if (b !== OPEN_OBJ) throw new NotPlain();
      started = true;
      continue;
    }
    if (array) {
      // inside a big array: elements at depth 0, their insides deeper
      if (b === QUOTE) inString = true;
      else if (b === OPEN_OBJ || b === OPEN_ARR) depth++;
      else if (b === CLOSE_OBJ || (b === CLOSE_ARR && depth > 0)) {
        depth--;
        if (depth === 0) lastEnd = pos;
      } else if (b === CLOSE_ARR) {
        flushBatch(pos - 1);
        out[key!] = array;
        array = undefined;
        batchStart = lastEnd = -1;
        expectKey = false;
      } else if (depth === 0 && b !== COMMA) lastEnd = pos; // a primitive element
      continue;
    }
    if (valueStart >= 0) {
      // inside another top-level value: find its end
      if (b === QUOTE) inString = true;
      else if (b === OPEN_OBJ || b === OPEN_ARR) depth++;
      else if (b === CLOSE_OBJ || b === CLOSE_ARR) depth--;
      const end =
        depth === 0 && (b === CLOSE_OBJ || b === CLOSE_ARR)
          ? pos
          : depth < 0 || (depth === 0 && b === COMMA)
            ? pos - 1
            : -1;
      if (end >= 0) {
        out[key!] = JSON.parse(buf.toString('utf8', valueStart, end));
        valueStart = -1;
        expectKey = true;
        if (depth < 0) done = true; // the closing brace of the whole object ended a primitive
        depth = 0;
      }
      continue;
    }
    // at the top level of the object
    if (expectKey) {
      if (b === CLOSE_OBJ) done = true;
      else if (b === QUOTE) {
        keyStart = pos - 1;
        inString = true;
        expectKey = false;
      } else if (b !== COMMA) throw new NotPlain();
      continue;
    }
    if (b === COLON) continue;
    if (b === COMMA) {
      expectKey = true;
      continue;
    }
    if (b === CLOSE_OBJ) {
      done = true;
      continue;
    }
    if (key !== undefined && BIG_ARRAYS.has(key) && b === OPEN_ARR) {
      array = [];
      batchStart = pos;
      lastEnd = -1;
      depth = 0;
      continue;
    }
    valueStart = pos - 1;
    depth = 0;
    if (b === QUOTE) inString = true;
    else if (b === OPEN_OBJ || b === OPEN_ARR) depth = 1;
  }
  if (!done) throw new NotPlain();
  return out;
}

function nodeIds(nodes: unknown[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const n of nodes) {
    const id = (n as { id?: unknown } | null)?.id;
    if (typeof id === 'string') ids.set(id, id);
  }
  return ids;
}

/**
 * JSON.parse gives every string value its own copy. Links repeat node ids (two per link, ~100 MB
 * per million) and their evidence repeats a few file names and constructs: point them at one
 * shared string each, so the copies are collected while the file is still being read.
 */
function shareEndpoints(links: unknown[], ids: Map<string, string>, pool: Map<string, string>): void {
  const share = (o: Record<string, unknown>, k: string): void => {
    const s = o[k];
    if (typeof s !== 'string' || s.length > 200) return;
    const hit = pool.get(s);
    if (hit !== undefined) o[k] = hit;
    else if (pool.size < 1_000_000) pool.set(s, s);
  };
  for (const l of links) {
    if (typeof l !== 'object' || l === null) continue;
    const link = l as Record<string, unknown>;
    if (typeof link.source === 'string') link.source = ids.get(link.source) ?? link.source;
    if (typeof link.target === 'string') link.target = ids.get(link.target) ?? link.target;
    share(link, 'kind');
    share(link, 'confidence');
    share(link, 'method');
    if (!Array.isArray(link.evidence)) continue;
    for (const ev of link.evidence) {
      if (typeof ev !== 'object' || ev === null) continue;
      const e = ev as Record<string, unknown>;
      share(e, 'file');
      share(e, 'construct');
      share(e, 'method');
    }
  }
}
