/** Run one language extractor on a snippet, in a throw-away server root, for the per-language tests. */
import { extractorFor } from '../../src/extract/index.js';
import { createParsers, type Parsers } from '../../src/extract/parse/tree-sitter.js';
import type { DataRef, Extraction, Language, ScriptContext } from '../../src/extract/types.js';
import { ServerFs } from '../../src/util/server-fs.js';
import { makeRoot } from './server-root.js';

let parsers: Promise<Parsers> | undefined;

export interface SnippetOptions {
  path?: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  files?: Record<string, string>;
}

export async function extractSnippet(
  language: Language,
  text: string,
  opts: SnippetOptions = {},
): Promise<Extraction> {
  parsers ??= createParsers();
  const path = opts.path ?? '/opt/jobs/task';
  const ctx: ScriptContext = {
    path,
    text,
    language,
    args: opts.args ?? [],
    env: opts.env ?? {},
    cwd: opts.cwd ?? path.slice(0, path.lastIndexOf('/')),
    host: 'batch01',
    fs: new ServerFs(makeRoot({ [path]: text, ...(opts.files ?? {}) })),
    parsers: await parsers,
    budgetMs: 5000,
  };
  const x = extractorFor(language);
  if (!x) throw new Error(`no extractor for ${language}`);
  return x.extract(ctx);
}

export const keys = (refs: Array<Pick<DataRef, 'node'>>): string[] =>
  [...new Set(refs.map((r) => r.node.key))].sort();

export const confidenceOf = (refs: DataRef[], key: string): string | undefined =>
  refs.find((r) => r.node.key === key)?.confidence;
