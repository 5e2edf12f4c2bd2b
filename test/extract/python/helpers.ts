/**
 * Runs the Python extractor on a snippet from test/fixtures/snippets/python/, as the script
 * /opt/app/NAME.py of a small server whose ROOT is test/fixtures/snippets/python/server
 * (config files and local modules live there).
 */
import { readFileSync } from 'node:fs';
import { createParsers, type Parsers } from '../../../src/extract/parse/tree-sitter.js';
import { pythonExtractor } from '../../../src/extract/python/index.js';
import type { Extraction } from '../../../src/extract/types.js';
import { ServerFs } from '../../../src/util/server-fs.js';

export const SNIPPETS = new URL('../../fixtures/snippets/python/', import.meta.url).pathname;
export const SERVER = `${SNIPPETS}server`;

let parsers: Promise<Parsers> | undefined;

export interface RunOptions {
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** Server path the script runs as (default /opt/app/NAME.py). */
  path?: string;
  budgetMs?: number;
}

/** Extract from Python source text. */
export async function extractText(text: string, opts: RunOptions = {}): Promise<Extraction> {
  parsers ??= createParsers();
  return pythonExtractor.extract({
    path: opts.path ?? '/opt/app/snippet.py',
    text,
    language: 'python',
    args: opts.args ?? [],
    env: opts.env ?? {},
    cwd: opts.cwd ?? '/home/etl',
    host: 'test01',
    fs: new ServerFs(SERVER),
    parsers: await parsers,
    budgetMs: opts.budgetMs ?? 5000,
  });
}

/** Extract a snippet file (NAME.py under snippets/python/). */
export function extractSnippet(name: string, opts: RunOptions = {}): Promise<Extraction> {
  const text = readFileSync(`${SNIPPETS}${name}.py`, 'utf8');
  return extractText(text, { path: `/opt/app/${name}.py`, ...opts });
}

/** Extract a script that lives in the snippet server (for local imports). */
export function extractServerScript(path: string, opts: RunOptions = {}): Promise<Extraction> {
  const text = readFileSync(`${SERVER}${path}`, 'utf8');
  return extractText(text, { path, ...opts });
}

/** Node keys read, sorted and deduplicated. */
export const reads = (x: Extraction): string[] => [...new Set(x.reads.map((r) => r.node.key))].sort();
export const writes = (x: Extraction): string[] => [...new Set(x.writes.map((r) => r.node.key))].sort();

/** Confidence of the ref to a node key (first seen). */
export function confidence(x: Extraction, dir: 'reads' | 'writes', key: string): string | undefined {
  return x[dir].find((r) => r.node.key === key)?.confidence;
}

/** Invocations as `path args...` strings. */
export const invokes = (x: Extraction): string[] =>
  x.invokes.map((i) => [i.mode === 'import' ? 'import' : 'run', i.path, ...i.args].join(' ')).sort();
