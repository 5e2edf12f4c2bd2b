/**
 * Read a (possibly huge) log from its end towards its start, a chunk at a time, so a question about the
 * last run never reads more than the last run wrote. The caller stops the walk as soon as lines are older
 * than what it needs; `maxBytes` bounds the walk for a 10 GB log whose lines carry no time at all.
 */
import fs from 'node:fs';
import { OPEN_READ_FLAGS } from '../../util/server-fs.js';

export interface BackwardLine {
  text: string;
  /** Byte offset of the line's first byte in the file. */
  offset: number;
  /** The earliest line of a chunk, yielded even when it matches no needle, so callers can check time. */
  marker: boolean;
}

export interface BackwardOptions {
  /** Only lines containing one of these byte strings are yielded (plus one marker line per chunk). */
  needles?: string[];
  /** Stop after this many bytes from the end (default 256 MiB). */
  maxBytes?: number;
  chunkSize?: number;
}

export interface BackwardEnd {
  /** The walk reached the first byte of the file. */
  reachedStart: boolean;
  /** The walk stopped because of maxBytes. */
  truncated: boolean;
  bytesRead: number;
}

const NL = 0x0a;
const MAX_LINE = 4 * 1024 * 1024;

/**
 * Lines from last to first. `return()` (a `break` in for-of) closes the file. The final value says
 * whether the start was reached.
 */
export function* readLinesBackward(
  localPath: string,
  opts: BackwardOptions = {},
): Generator<BackwardLine, BackwardEnd, undefined> {
  const chunkSize = opts.chunkSize ?? 1 << 20;
  const maxBytes = opts.maxBytes ?? 256 * 1024 * 1024;
  const needles = opts.needles?.map((n) => Buffer.from(n));
  const fd = fs.openSync(localPath, OPEN_READ_FLAGS);
  try {
    const size = fs.fstatSync(fd).size;
    let pos = size;
    let carry: Buffer = Buffer.alloc(0);
    let bytesRead = 0;
    while (pos > 0) {
      if (bytesRead >= maxBytes) return { reachedStart: false, truncated: true, bytesRead };
      const len = Math.min(chunkSize, pos);
      pos -= len;
      const chunk = Buffer.allocUnsafe(len);
      fs.readSync(fd, chunk, 0, len, pos);
      bytesRead += len;
      const buf = carry.length ? Buffer.concat([chunk, carry]) : chunk;
      // The first line of the buffer may be incomplete unless this is the file's start.
      const firstNl = pos === 0 ? -1 : buf.indexOf(NL);
      if (firstNl < 0 && pos > 0) {
        // A line longer than MAX_LINE (a binary blob, a 10 GB line) is dropped rather than held in memory.
        carry = buf.length > MAX_LINE ? Buffer.alloc(0) : buf;
        continue;
      }
      let end = buf.length;
      if (end > 0 && buf[end - 1] === NL) end--;
      const start = firstNl + 1;
      for (const [lineStart, lineEnd] of lineSpans(buf, start, end, needles)) {
        const text = buf.toString('utf8', lineStart, lineEnd).replace(/\r$/, '');
        yield { text, offset: pos + lineStart, marker: lineStart === start };
      }
      carry = start > 0 ? Buffer.from(buf.subarray(0, start - 1)) : Buffer.alloc(0);
    }
    if (carry.length) {
      yield { text: carry.toString('utf8').replace(/\r$/, ''), offset: 0, marker: true };
    }
    return { reachedStart: true, truncated: false, bytesRead };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * [start, end) of the lines to yield, last first: every line with a needle, and the chunk's first line.
 * Needle positions are found with one forward indexOf pass each, so a chunk costs O(chunk), not O(lines x chunk).
 */
function lineSpans(
  buf: Buffer,
  start: number,
  end: number,
  needles: Buffer[] | undefined,
): Array<[number, number]> {
  if (end < start) return [];
  const starts = needles ? needleLineStarts(buf, start, end, needles) : allLineStarts(buf, start, end);
  return starts.map((ls) => {
    const nl = buf.indexOf(NL, ls);
    return [ls, nl < 0 || nl > end ? end : nl];
  });
}

/** Start offsets of every line in [start, end], last first. */
function allLineStarts(buf: Buffer, start: number, end: number): number[] {
  const starts: number[] = [];
  let cursor = end;
  for (;;) {
    const nl = cursor > start ? buf.lastIndexOf(NL, cursor - 1) : -1;
    const lineStart = nl >= start ? nl + 1 : start;
    starts.push(lineStart);
    if (lineStart === start) return starts;
    cursor = lineStart - 1;
  }
}

/** Start offsets of the lines holding a needle, plus the first line, last first. */
function needleLineStarts(buf: Buffer, start: number, end: number, needles: Buffer[]): number[] {
  const starts = new Set<number>([start]);
  for (const n of needles) {
    let i = buf.indexOf(n, start);
    while (i >= 0 && i < end) {
      const nl = i > start ? buf.lastIndexOf(NL, i - 1) : -1;
      starts.add(nl >= start ? nl + 1 : start);
      const next = buf.indexOf(NL, i);
      if (next < 0 || next >= end) break;
      i = buf.indexOf(n, next + 1);
    }
  }
  return [...starts].sort((a, b) => b - a);
}

/** 1-based line number of the line starting at `offset` (bounded: undefined past `limit` bytes). */
export function lineNumberAt(
  localPath: string,
  offset: number,
  limit = 256 * 1024 * 1024,
): number | undefined {
  return lineNumbersAt(localPath, [offset], limit).get(offset);
}

/**
 * Line numbers of many offsets in one pass over the file (evidence from a big syslog points at many
 * lines); offsets past `limit` bytes get none.
 */
export function lineNumbersAt(
  localPath: string,
  offsets: number[],
  limit = 256 * 1024 * 1024,
): Map<number, number> {
  const wanted = [...new Set(offsets)].filter((o) => o <= limit).sort((a, b) => a - b);
  const out = new Map<number, number>();
  if (wanted.length === 0) return out;
  const fd = fs.openSync(localPath, OPEN_READ_FLAGS);
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let count = 1;
    let pos = 0;
    let w = 0;
    const end = wanted[wanted.length - 1]!;
    while (w < wanted.length && pos <= end) {
      const n = fs.readSync(fd, chunk, 0, Math.min(chunk.length, end - pos + 1), pos);
      if (n <= 0) break;
      let i = chunk.indexOf(NL, 0);
      for (;;) {
        const nextNl = i >= 0 && i < n ? pos + i : Number.POSITIVE_INFINITY;
        while (w < wanted.length && wanted[w]! <= nextNl && wanted[w]! < pos + n)
          out.set(wanted[w++]!, count);
        if (nextNl === Number.POSITIVE_INFINITY) break;
        count++;
        i = chunk.indexOf(NL, i + 1);
      }
      pos += n;
    }
    return out;
  } finally {
    fs.closeSync(fd);
  }
}
