/**
 * Reading a very large map without holding its whole text in memory: a 1M-edge map is ~350 MB of
 * JSON, and `JSON.parse(readFileSync(...))` keeps that string and every parsed object alive at
 * once (peak ~1.2 GB). Here the file is read in windows into one reused buffer; a byte scanner
 * finds the top-level keys and the element boundaries of the big arrays (`nodes`, `links`,
 * `edges`), and each small batch of whole elements is parsed with JSON.parse and handed to a sink
 * at once, so whoever consumes it can drop what it does not keep while it is still young garbage.
 * Only ASCII delimiters are looked at, so multi-byte UTF-8 in strings is safe. A file that is not a
 * plain top-level object the scanner understands (or repeats a top-level key) yields undefined:
 * the caller then parses it whole, which also gives the usual error message.
 */
import fs from 'node:fs';

const WINDOW = 4 * 1024 * 1024;
// Batches well under V8's large-object size (128 KB): their text and their parsed garbage stay in
// the young generation, which is collected cheaply, instead of piling up until a full GC.
const BATCH = 64 * 1024;
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

/** Receives the elements of the big top-level arrays, in file order. */
export interface JsonArraySink {
  batch(key: string, items: unknown[]): void;
  /** The array `key` is complete. */
  end(key: string): void;
}

class NotPlain extends Error {}

export interface ScanOptions {
  window?: number;
  batch?: number;
}

/**
 * The top-level object of a large JSON file, its big arrays streamed to `sink` (they appear in the
 * result as empty arrays). Errors thrown by the sink propagate.
 */
export function scanLargeJsonObject(
  file: string,
  sink: JsonArraySink,
  opts: ScanOptions = {},
): Record<string, unknown> | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    return scan(fd, sink, opts.window ?? WINDOW, opts.batch ?? BATCH);
  } catch (err) {
    if (err instanceof NotPlain || err instanceof SyntaxError) return undefined;
    throw err;
  } finally {
    fs.closeSync(fd);
  }
}

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: one byte-level state machine, kept in one place
function scan(fd: number, sink: JsonArraySink, window: number, batchBytes: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  let buf = Buffer.allocUnsafe(2 * window);
  let len = 0; // bytes of buf that hold file data
  let eof = false;
  let pos = 0;
  // parser state
  let started = false;
  let done = false;
  let key: string | undefined;
  let keyStart = -1;
  let expectKey = true;
  let valueStart = -1;
  let array: string | undefined; // the big array being read
  let batchOpen = -1; // the `[` or `,` before the first element of the current batch
  let depth = 0; // nesting inside the current value (array elements: inside an element)
  let inString = false;

  const refill = (): boolean => {
    if (eof) return false;
    const anchors = [keyStart, valueStart, batchOpen].filter((x) => x >= 0);
    const anchor = anchors.length > 0 ? Math.min(...anchors) : pos;
    const keep = len - anchor;
    if (keep + window > buf.length) {
      const bigger = Buffer.allocUnsafe(2 * (keep + window));
      buf.copy(bigger, 0, anchor, len);
      buf = bigger;
    } else if (anchor > 0) buf.copyWithin(0, anchor, len);
    const n = fs.readSync(fd, buf, keep, window, null);
    len = keep + n;
    pos -= anchor;
    if (keyStart >= 0) keyStart -= anchor;
    if (valueStart >= 0) valueStart -= anchor;
    if (batchOpen >= 0) batchOpen -= anchor;
    if (n === 0) eof = true;
    return n > 0;
  };
  // Parse the elements between batchOpen and `close` (a `,` or the closing `]`): the two
  // delimiters become `[` and `]` for the moment, so the batch is parsed without copying its text.
  const flush = (close: number): void => {
    const open = batchOpen;
    const first = buf[open] === OPEN_ARR;
    const closing = buf[close] === CLOSE_ARR;
    const before = buf[open]!;
    const after = buf[close]!;
    buf[open] = OPEN_ARR;
    buf[close] = CLOSE_ARR;
    let items: unknown[];
    try {
      items = JSON.parse(buf.toString('utf8', open, close + 1)) as unknown[];
    } finally {
      buf[open] = before;
      buf[close] = after;
    }
    // a comma needs an element on both sides: `[1,]` and `[,1]` are not JSON
    if (items.length === 0 && !(first && closing)) throw new NotPlain();
    if (items.length > 0) sink.batch(array!, items);
  };

  while (!done) {
    if (pos >= len) {
      if (!refill()) break;
      continue;
    }
    const b = buf[pos]!;
    if (inString) {
      // jump to the next quote; count the backslashes before it
      const q = buf.indexOf(QUOTE, pos);
      if (q < 0 || q >= len) {
        pos = len;
        continue;
      }
      let bs = 0;
      for (let i = q - 1; i >= 0 && buf[i] === BACKSLASH; i--) bs++;
      pos = q + 1;
      if (bs % 2 === 1) continue;
      inString = false;
      if (keyStart >= 0) {
        key = JSON.parse(buf.toString('utf8', keyStart, pos)) as string;
        keyStart = -1;
        // JSON.parse keeps the last of repeated keys; streamed arrays cannot be taken back
        if (seen.has(key) || key === '__proto__') throw new NotPlain();
        seen.add(key);
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
    if (array !== undefined) {
      // inside a big array: elements at depth 0, their insides deeper
      if (b === QUOTE) inString = true;
      else if (b === OPEN_OBJ || b === OPEN_ARR) depth++;
      else if (b === CLOSE_OBJ || (b === CLOSE_ARR && depth > 0)) {
        if (--depth < 0) throw new NotPlain();
      } else if (b === CLOSE_ARR) {
        flush(pos - 1);
        sink.end(array);
        out[array] = [];
        array = undefined;
        batchOpen = -1;
        expectKey = false;
      } else if (b === COMMA && depth === 0 && pos - 1 - batchOpen >= batchBytes) {
        flush(pos - 1);
        batchOpen = pos - 1;
      }
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
      array = key;
      batchOpen = pos - 1;
      depth = 0;
      continue;
    }
    valueStart = pos - 1;
    depth = 0;
    if (b === QUOTE) inString = true;
    else if (b === OPEN_OBJ || b === OPEN_ARR) depth = 1;
  }
  if (!done) throw new NotPlain();
  // JSON allows only whitespace after the value
  do {
    while (pos < len) if (!isSpace(buf[pos++]!)) throw new NotPlain();
  } while (refill());
  return out;
}
