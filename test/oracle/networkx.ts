/**
 * Running the NetworkX oracle (networkx_oracle.py) from tests and the benchmark. Uses the system
 * /usr/bin/python3, where Debian's python3-networkx installs; `networkxMissing()` says why it
 * cannot run (tests skip with that message; CI installs the package, so there they run).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PYTHON = process.env.DFMAP_ORACLE_PYTHON ?? '/usr/bin/python3';
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'networkx_oracle.py');

let missing: string | false | undefined;

/** A reason NetworkX is unavailable, or false when it is there. */
export function networkxMissing(): string | false {
  if (missing !== undefined) return missing;
  const r = spawnSync(PYTHON, ['-c', 'import networkx; print(networkx.__version__)'], { encoding: 'utf8' });
  missing =
    r.status === 0
      ? false
      : `NetworkX oracle skipped: ${PYTHON} cannot import networkx (apt-get install python3-networkx)`;
  return missing;
}

export interface OracleRequest {
  map: string;
  ops: string[];
  nodes?: string[];
  dominators?: { edges: Array<[string, string]>; roots: string[] };
  partition?: string[][];
  resolution?: number;
  seed?: number;
  k?: number;
}

export interface OracleAnswer {
  results: Record<string, unknown>;
  seconds: Record<string, number>;
  peakKb: number;
}

export function askNetworkx(req: OracleRequest): OracleAnswer {
  const r = spawnSync(PYTHON, [SCRIPT], { input: JSON.stringify(req), encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`networkx oracle failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as OracleAnswer;
}
