/** Run the shell extractor on a snippet, inside a server root built for the test. */
import { extractInline } from '../../src/extract/index.js';
import { createParsers, type Parsers } from '../../src/extract/parse/tree-sitter.js';
import { extractShellCommand, shellExtractor } from '../../src/extract/shell/index.js';
import type { Extraction, ScriptContext } from '../../src/extract/types.js';
import { ServerFs } from '../../src/util/server-fs.js';
import { makeRoot } from './server-root.js';

let parsers: Promise<Parsers> | undefined;

export async function shellContext(
  opts: Partial<ScriptContext> & { files?: Record<string, string> } = {},
): Promise<ScriptContext> {
  parsers ??= createParsers();
  const root = makeRoot(opts.files ?? {});
  return {
    path: opts.path ?? '/opt/jobs/run.sh',
    text: opts.text ?? '',
    language: 'shell',
    args: opts.args ?? [],
    env: opts.env ?? {},
    cwd: opts.cwd ?? '/opt/jobs',
    host: opts.host ?? 'etl01',
    fs: new ServerFs(root),
    parsers: await parsers,
    budgetMs: 5000,
    // as the scan gives it: code on a command line (`python -c`) read by its language's extractor
    inline: extractInline,
  };
}

export async function extractShell(
  text: string,
  opts: Partial<ScriptContext> & { files?: Record<string, string> } = {},
): Promise<Extraction> {
  const ctx = await shellContext({ ...opts, text });
  return shellExtractor.extract(ctx);
}

export async function extractCronCommand(
  command: string,
  opts: Partial<ScriptContext> & { files?: Record<string, string> } = {},
): Promise<Extraction> {
  const ctx = await shellContext({ ...opts, text: command, path: '/etc/crontab' });
  return extractShellCommand(
    command,
    ctx,
    { file: '/etc/crontab', line: 7 },
    { markRedirects: true, where: 'cron line' },
  );
}

/** `reads`/`writes` as sorted node keys, `invokes` as `path arg arg`. */
export function keys(ex: Extraction): { reads: string[]; writes: string[]; invokes: string[] } {
  return {
    reads: [...new Set(ex.reads.map((r) => r.node.key))].sort(),
    writes: [...new Set(ex.writes.map((w) => w.node.key))].sort(),
    invokes: ex.invokes.map((i) => [i.path, ...i.args].join(' ')).sort(),
  };
}
