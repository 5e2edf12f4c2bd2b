/** The fleet example (examples/fleet: etl01, etl02, rpt01) scanned once into map files for the catalog tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export const FLEET_HOSTS = ['etl01', 'etl02', 'rpt01'] as const;
export const FLEET_DIR = path.resolve('examples/fleet');

export async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), color: false, interactive: false };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let scanned: Promise<Record<string, string>> | undefined;

/** host -> map file, in a temporary directory (scanned once per test file). */
export function fleetMaps(): Promise<Record<string, string>> {
  scanned ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-fleet-'));
    const out: Record<string, string> = {};
    for (const h of FLEET_HOSTS) {
      out[h] = path.join(dir, `${h}.json`);
      const r = await run('scan', path.join(FLEET_DIR, h), '-o', out[h], '-q');
      if (r.code !== 0) throw new Error(`scan of ${h} failed: ${r.err}`);
    }
    return out;
  })();
  return scanned;
}
