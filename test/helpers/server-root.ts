/** Build a throw-away server root on disk from a map of server paths to contents. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RootFile {
  text?: string;
  bytes?: Uint8Array;
  mode?: number;
  symlink?: string;
  mtime?: Date;
}

export function makeRoot(files: Record<string, string | RootFile>, prefix = 'dfmap-root-'): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [serverPath, spec] of Object.entries(files)) {
    const f: RootFile = typeof spec === 'string' ? { text: spec } : spec;
    const local = path.join(root, serverPath);
    fs.mkdirSync(path.dirname(local), { recursive: true });
    if (f.symlink !== undefined) {
      fs.symlinkSync(f.symlink, local);
      continue;
    }
    if (serverPath.endsWith('/')) continue;
    fs.writeFileSync(local, f.bytes ?? f.text ?? '');
    if (f.mode !== undefined) fs.chmodSync(local, f.mode);
    if (f.mtime) fs.utimesSync(local, f.mtime, f.mtime);
  }
  return root;
}

export function removeRoot(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}
