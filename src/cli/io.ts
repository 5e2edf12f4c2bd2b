/**
 * Everything the CLI prints goes through here: colour only on a terminal and never with NO_COLOR,
 * JSON on stdout, messages and progress on stderr.
 */
import pc from 'picocolors';

export const EXIT_OK = 0;
/** Findings (lint hazards at or above --fail-on, errors with --strict, unhealthy nodes). */
export const EXIT_FINDINGS = 1;
/** dfmap failed: bad arguments, unreadable input, a bug. */
export const EXIT_FAILURE = 2;

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Is stdout a colour terminal? */
  color: boolean;
  /** Is stderr a terminal (for progress bars)? */
  interactive: boolean;
}

function wantColor(stream: NodeJS.WriteStream): boolean {
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && process.env.TERM !== 'dumb';
}

/**
 * Control characters a terminal would act on (cursor moves, screen clears, window titles, OSC 8
 * links, bidi overrides), escaped as `\u001b`: names on the server and network banners are data.
 * Colour (SGR, `ESC[...m`) passes: dfmap's own colours use it, and it cannot move or rewrite
 * anything. The `\uXXXX` form keeps JSON valid JSON. Output to a file or a pipe is left as it is.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const TERMINAL_UNSAFE = /\x1b\[[0-9;]*m|[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function terminalText(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (m) =>
    m.length > 1 ? m : `\\u${m.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function forStream(stream: NodeJS.WriteStream, text: string): string {
  return stream.isTTY ? terminalText(text) : text;
}

let quietOnClosedPipe = false;

export function processIo(): Io {
  // `dfmap upstream X | head`: the reader went away; stop quietly instead of an EPIPE stack
  if (!quietOnClosedPipe) {
    quietOnClosedPipe = true;
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
  return {
    out: (t) => process.stdout.write(forStream(process.stdout, t.endsWith('\n') ? t : `${t}\n`)),
    err: (t) => process.stderr.write(forStream(process.stderr, t.endsWith('\n') ? t : `${t}\n`)),
    color: wantColor(process.stdout),
    interactive: Boolean(process.stderr.isTTY) && !process.env.CI,
  };
}

export type Colors = ReturnType<typeof pc.createColors>;

export function colors(io: Io): Colors {
  return pc.createColors(io.color);
}

const jsonHeaders = new WeakMap<Io, Record<string, unknown>>();

/**
 * Fields every JSON answer of this run carries (the map it was read from): printJson adds them to
 * an object answer, first, without replacing a field the answer has.
 */
export function setJsonHeader(io: Io, fields: Record<string, unknown>): void {
  jsonHeaders.set(io, { ...jsonHeaders.get(io), ...fields });
}

export function jsonHeaderOf(io: Io): Record<string, unknown> {
  return jsonHeaders.get(io) ?? {};
}

/**
 * `--json`: the text of JSON.stringify(value, null, 2), written a piece at a time. A hub's
 * downstream is hundreds of MB of JSON; one string of it costs as much to convert and write as
 * the query itself, so the elements of a top-level object's arrays are written one by one.
 */
export function printJson(io: Io, value: unknown): void {
  writeLines(io, (put) => {
    for (const line of jsonLines(withJsonHeader(io, value))) {
      if (typeof line !== 'string')
        throw new Error('printJson: a streamed list is printed by printJsonStreamed');
      put(line);
    }
  });
}

/**
 * printJson of an answer holding lists read as they are printed (Streamed: a hub's edges with
 * their evidence, read from the catalog a window at a time): the same text, never all held.
 */
export async function printJsonStreamed(io: Io, value: unknown): Promise<void> {
  const { put, flush } = pieces(io);
  const lines = jsonLines(withJsonHeader(io, value));
  let step = lines.next();
  while (!step.done) {
    const line = step.value;
    if (typeof line === 'string') {
      put(line);
      step = lines.next();
    } else step = lines.next(await line.pull.next());
  }
  flush();
}

function withJsonHeader(io: Io, value: unknown): unknown {
  const header = jsonHeaders.get(io);
  return header && value !== null && typeof value === 'object' && !Array.isArray(value)
    ? { ...header, ...value }
    : value;
}

/**
 * Lines (or runs of lines) that `write` produces, joined and written a piece of under PIECE
 * characters at a time (io.out ends each piece with a newline).
 */
export function writeLines(io: Io, write: (put: (lines: string) => void) => void): void {
  const { put, flush } = pieces(io);
  write(put);
  flush();
}

function pieces(io: Io): { put: (lines: string) => void; flush: () => void } {
  const held: string[] = [];
  let size = 0;
  const flush = () => {
    if (held.length > 0) io.out(held.join('\n'));
    held.length = 0;
    size = 0;
  };
  const put = (text: string) => {
    if (size + text.length >= PIECE) flush();
    held.push(text);
    size += text.length + 1;
  };
  return { put, flush };
}

const indented = (text: string, pad: string) => text.replace(/\n/g, `\n${pad}`);

/** Elements in the arrays of an object and of the plain objects in it (a short answer is faster as one string). */
function elements(value: object, depth = 0): number {
  let n = 0;
  for (const v of Object.values(value)) {
    if (isList(v)) n += v.length;
    else if (depth < 4 && isPlain(v)) n += elements(v, depth + 1);
  }
  return n;
}

/** Does the object hold a Streamed list (which only the streaming path can print)? */
function holdsStream(value: object, depth = 0): boolean {
  for (const v of Object.values(value)) {
    if (isStreamed(v) || (depth < 4 && isPlain(v) && holdsStream(v, depth + 1))) return true;
  }
  return false;
}

/**
 * A list whose items are made as they are read (analyses/lazy-list.ts): written a batch at a time,
 * as JSON.stringify writes what its toJSON returns.
 */
interface Batched {
  length: number;
  batches(size: number): Iterable<unknown[]>;
}

/** A list read as it is printed, a batch at a time (printJsonStreamed). */
export interface Streamed {
  length: number;
  stream(size: number): AsyncIterable<unknown[]>;
}

const isStreamed = (value: unknown): value is Streamed => listWith(value, 'stream');
const isBatched = (value: unknown): value is Batched => listWith(value, 'batches');

function isList(value: unknown): value is unknown[] | Batched | Streamed {
  return Array.isArray(value) || isBatched(value) || isStreamed(value);
}

/** An object with a length and this method for its items. */
function listWith(value: unknown, method: 'batches' | 'stream'): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as Record<string, unknown>)[method] === 'function' &&
    typeof (value as { length?: unknown }).length === 'number'
  );
}

/** An object JSON.stringify prints member by member (not an array, nothing of its own to say). */
function isPlain(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !('toJSON' in value);
}

/**
 * Elements stringified at once, and the size of a write. Both keep every string under V8's
 * large-object size (128 KB): a larger one takes fresh pages from the system, and at hundreds of
 * MB the page faults cost seconds.
 */
const BATCH = 200;
const PIECE = 48 * 1024;
const STREAMED = 5000;

/**
 * The text JSON.stringify(…, null, 2) puts before and after an array's elements when the array is
 * `depth` objects deep (wrapped as {"a": {"a": [...]}}): a batch stringified in such a wrapper
 * comes out at the array's indent, and is cut out of it with no second pass to indent it.
 */
const wrappers = new Map<number, [head: number, tail: number]>();
function wrapped(depth: number, batch: unknown[]): string {
  let value: unknown = batch;
  for (let d = 0; d < depth; d++) value = { a: value };
  let cut = wrappers.get(depth);
  if (!cut) {
    let probe: unknown = [null];
    for (let d = 0; d < depth; d++) probe = { a: probe };
    const text = JSON.stringify(probe, null, 2);
    const at = text.indexOf('null');
    // from the start of the element's line (its indent is the batch's own), to just after it
    cut = [text.lastIndexOf('\n', at) + 1, text.length - at - 'null'.length];
    wrappers.set(depth, cut);
  }
  const text = JSON.stringify(value, null, 2);
  return text.slice(cut[0], text.length - cut[1]);
}

/** A line to write, or a list's next batch to ask for (and be given back) before going on. */
type Line = string | { pull: AsyncIterator<unknown[]> };
type Lines = Generator<Line, void, IteratorResult<unknown[]> | undefined>;

/** JSON.stringify(value, null, 2) as lines (several to a piece), streaming large arrays, also nested ones. */
function* jsonLines(value: unknown): Lines {
  if (!isPlain(value) || (elements(value) <= STREAMED && !holdsStream(value))) {
    yield JSON.stringify(value, null, 2) ?? 'undefined';
    return;
  }
  yield* memberLines('', value, 0, '');
}

function* arrayBatches(value: unknown[]): Generator<unknown[]> {
  for (let i = 0; i < value.length; i += BATCH) yield value.slice(i, i + BATCH);
}

/** Is a member printed? JSON.stringify leaves out undefined, functions, symbols (and what toJSON makes so). */
function printable(v: unknown): boolean {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return false;
  return isPlain(v) || typeof v !== 'object' || v === null || isList(v) || JSON.stringify(v) !== undefined;
}

/**
 * One member (`lead` is its indented name, or nothing) at `depth`, with `comma` after it: a plain
 * object holding large arrays member by member, a large array a batch at a time, anything else as
 * JSON.stringify prints it.
 */
function* memberLines(lead: string, value: unknown, depth: number, comma: string): Lines {
  const pad = '  '.repeat(depth);
  if (isList(value) && (value.length > BATCH || isStreamed(value))) {
    yield* listLines(lead, value, depth, comma);
    return;
  }
  if (isPlain(value) && (elements(value) > BATCH || holdsStream(value))) {
    const kept = Object.entries(value).filter(([, v]) => printable(v));
    if (kept.length > 0) {
      yield `${lead}{`;
      for (let i = 0; i < kept.length; i++) {
        const [k, v] = kept[i]!;
        yield* memberLines(`${pad}  ${JSON.stringify(k)}: `, v, depth + 1, i < kept.length - 1 ? ',' : '');
      }
      yield `${pad}}${comma}`;
      return;
    }
  }
  const text = JSON.stringify(value, null, 2);
  yield `${lead}${depth > 0 ? indented(text, pad) : text}${comma}`;
}

/** A list's lines: `[`, its elements a batch at a time (a Streamed list's batches asked for), `]`. */
function* listLines(
  lead: string,
  value: unknown[] | Batched | Streamed,
  depth: number,
  comma: string,
): Lines {
  if (value.length === 0) {
    yield `${lead}[]${comma}`;
    return;
  }
  yield `${lead}[`;
  let done = 0;
  const body = (batch: unknown[]) => {
    done += batch.length;
    const text = wrapped(depth, batch);
    return done < value.length ? `${text},` : text;
  };
  if (isStreamed(value)) {
    const batches = value.stream(BATCH)[Symbol.asyncIterator]();
    for (let next = yield { pull: batches }; next && !next.done; next = yield { pull: batches })
      yield body(next.value);
  } else
    for (const batch of Array.isArray(value) ? arrayBatches(value) : value.batches(BATCH)) yield body(batch);
  yield `${'  '.repeat(depth)}]${comma}`;
}
