/**
 * Rotated logs (`syslog.2.gz`) are gzip: no way to read them backwards, so they are streamed forward
 * (every member of a multi-member file; logrotate's `delaycompress` and `cat a.gz b.gz` both make them)
 * and only lines with a needle are kept. A truncated or corrupt file yields what decompressed before
 * the damage plus the reason; a gzip bomb stops at `maxBytes` of output.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { OPEN_READ_FLAGS } from '../../util/server-fs.js';

export interface GzipLine {
  text: string;
  line: number;
}

export interface GzipResult {
  lines: GzipLine[];
  /** Why the stream ended early: `unexpected end of file`, `incorrect header check`, `over N bytes`. */
  error?: string;
  bytesOut: number;
}

export interface GzipOptions {
  needles?: string[];
  maxBytes?: number;
}

function splitLines(buf: Buffer, needles: Buffer[] | undefined, firstLine: number, out: GzipLine[]): number {
  let line = firstLine;
  let start = 0;
  let nl = buf.indexOf(0x0a, start);
  while (nl >= 0) {
    if (!needles || needles.some((n) => indexIn(buf, n, start, nl))) {
      out.push({ text: buf.toString('utf8', start, nl).replace(/\r$/, ''), line });
    }
    line++;
    start = nl + 1;
    nl = buf.indexOf(0x0a, start);
  }
  return line;
}

function indexIn(buf: Buffer, needle: Buffer, from: number, to: number): boolean {
  const i = buf.indexOf(needle, from);
  return i >= 0 && i < to;
}

export function readGzipLines(localPath: string, opts: GzipOptions = {}): Promise<GzipResult> {
  const needles = opts.needles?.map((n) => Buffer.from(n));
  const maxBytes = opts.maxBytes ?? 1024 * 1024 * 1024;
  const lines: GzipLine[] = [];
  let carry: Buffer = Buffer.alloc(0);
  let lineNo = 1;
  let bytesOut = 0;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      if (carry.length) splitLines(Buffer.concat([carry, Buffer.from('\n')]), needles, lineNo, lines);
      input.destroy();
      gunzip.destroy();
      resolve(error ? { lines, error, bytesOut } : { lines, bytesOut });
    };
    const input = fs.createReadStream(localPath, {
      // fs.open takes numeric flags too (the types say string): no blocking, no last-moment symlink
      flags: OPEN_READ_FLAGS as unknown as string,
    });
    // Data decompressed before a truncation or corruption is emitted before the error, so it is kept.
    const gunzip = zlib.createGunzip();
    input.on('error', (e: NodeJS.ErrnoException) => finish(`cannot read (${e.code ?? e.message})`));
    gunzip.on('error', (e) => finish(e.message));
    gunzip.on('data', (chunk: Buffer) => {
      bytesOut += chunk.length;
      const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const lastNl = buf.lastIndexOf(0x0a);
      if (lastNl < 0) {
        carry = buf.length > 4 * 1024 * 1024 ? Buffer.alloc(0) : buf;
      } else {
        lineNo = splitLines(buf.subarray(0, lastNl + 1), needles, lineNo, lines);
        carry = Buffer.from(buf.subarray(lastNl + 1));
      }
      if (bytesOut > maxBytes) finish(`stopped after ${maxBytes} decompressed bytes`);
    });
    gunzip.on('end', () => finish());
    input.pipe(gunzip);
  });
}
