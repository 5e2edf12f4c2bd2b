/**
 * Runs dfmap as a user does, in a child process: bin/dfmap.js, with its import of the built dist/
 * sent to the current sources (dist-is-src.mjs), so the CLI under test is always the current src/:
 * the build scripts/run-tests.mjs made of src/ at the start of this run (DFMAP_TEST_DIST), or, for a
 * test file run alone, src/*.ts through tsx.
 */
import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/dfmap.js');
const HOOK = path.join(import.meta.dirname, 'dist-is-src.mjs');
// tsx by absolute URL: a run with another cwd (a temp dir) has no node_modules to find it in
const TSX = import.meta.resolve('tsx');

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

/** `dfmap ARGS...` from the sources, with NO_COLOR; stdout and stderr as text. */
export function runDfmap(
  args: string[],
  opts: Pick<SpawnSyncOptions, 'cwd' | 'input'> & { env?: Record<string, string> } = {},
): CliRun {
  const loader = process.env.DFMAP_TEST_DIST ? [] : ['--import', TSX];
  const r = spawnSync(process.execPath, [...loader, '--import', HOOK, BIN, ...args], {
    encoding: 'utf8',
    cwd: opts.cwd ?? process.cwd(),
    input: opts.input,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
