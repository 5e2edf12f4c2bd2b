/**
 * Shared file systems a host mounts: what makes `/mnt/reports/x.csv` on one host the same file as
 * `/data/out/x.csv` on another. Read from the server's own records under ROOT:
 *   - fstab(5): `nfs01:/export/reports  /mnt/reports  nfs  defaults  0 0`, `//fs01/share /mnt/s cifs ...`;
 *   - mtab / proc/mounts (the same format: what was mounted when the copy was taken);
 *   - autofs(5): auto.master lines `/mnt/auto  /etc/auto.data` and the map lines
 *     `reports  -fstype=nfs,ro  nfs01:/export/reports` (the key is a directory under the master's).
 * Only network file systems matter (nfs, nfs4, cifs, smb3); the rest are local to the host.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { ServerFs } from '../util/server-fs.js';

export interface Mount {
  /** `nfs` or `cifs`. */
  type: 'nfs' | 'cifs';
  /** The file server (`nfs01`, lowercased). */
  server: string;
  /** The export on it: an NFS path (`/export/reports`) or a CIFS share (`reports`). */
  export: string;
  /** Where this host sees it (`/mnt/reports`). */
  mountpoint: string;
  /** Where it was found, `file:line`. */
  source: string;
}

const NETWORK_TYPES: Record<string, Mount['type']> = {
  nfs: 'nfs',
  nfs4: 'nfs',
  cifs: 'cifs',
  smb3: 'cifs',
  smbfs: 'cifs',
};

const TABLES = ['/etc/fstab', '/etc/mtab', '/proc/mounts', '/proc/self/mounts'];

export function discoverMounts(fs: ServerFs): { mounts: Mount[]; diagnostics: Diagnostic[] } {
  const mounts: Mount[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of TABLES) {
    const text = readIfThere(fs, file, diagnostics);
    if (text !== undefined) mounts.push(...parseMountTable(text, file));
  }
  const master = readIfThere(fs, '/etc/auto.master', diagnostics);
  if (master !== undefined) {
    for (const { dir, map } of parseAutoMaster(master)) {
      const text = readIfThere(fs, map, diagnostics);
      if (text !== undefined) mounts.push(...parseAutofsMap(text, map, dir));
    }
  }
  return { mounts: dedupe(mounts), diagnostics };
}

function readIfThere(fs: ServerFs, file: string, diagnostics: Diagnostic[]): string | undefined {
  if (!fs.exists(file)) return undefined;
  const r = fs.readText(file);
  if (!r.ok) {
    diagnostics.push(r.diagnostic);
    return undefined;
  }
  return r.text;
}

/** fstab(5) and /proc/mounts: SPEC FILE VFSTYPE OPTIONS ...; octal escapes (`\040`) in fields. */
export function parseMountTable(text: string, file: string): Mount[] {
  const out: Mount[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const [spec, dir, type] = line.split(/\s+/).map(unescapeOctal);
    const kind = type ? NETWORK_TYPES[type] : undefined;
    if (!spec || !dir || !kind) return;
    const at = splitSpec(spec, kind);
    if (at) out.push({ type: kind, ...at, mountpoint: trimSlash(dir), source: `${file}:${i + 1}` });
  });
  return out;
}

/** auto.master(5): `MOUNTPOINT MAP [OPTIONS]`; only file maps (`/etc/auto.x` or `file:/etc/auto.x`). */
export function parseAutoMaster(text: string): Array<{ dir: string; map: string }> {
  const out: Array<{ dir: string; map: string }> = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('+')) continue;
    const [dir, map] = line.split(/\s+/);
    if (!dir || !map) continue;
    const file = map.replace(/^file:/, '');
    if (file.startsWith('/')) out.push({ dir: trimSlash(dir), map: file });
  }
  return out;
}

/** An autofs map: `KEY [-OPTIONS] LOCATION`; `-fstype=cifs` marks CIFS, `:/dev/...` is local. */
export function parseAutofsMap(text: string, file: string, dir: string): Mount[] {
  const out: Mount[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const words = line.split(/\s+/);
    const key = words[0];
    const options = words.filter((w) => w.startsWith('-')).join(',');
    const location = words.slice(1).find((w) => !w.startsWith('-'));
    if (!key || !location || key === '*' || key.startsWith('/')) return;
    const kind: Mount['type'] = /fstype=(cifs|smb3|smbfs)/.test(options) ? 'cifs' : 'nfs';
    if (kind === 'nfs' && location.startsWith(':')) return; // a local device
    const at = splitSpec(location.replace(/^:/, ''), kind);
    if (at) out.push({ type: kind, ...at, mountpoint: `${dir}/${key}`, source: `${file}:${i + 1}` });
  });
  return out;
}

/** `srv:/export` (NFS) or `//srv/share` (CIFS). */
function splitSpec(spec: string, type: Mount['type']): { server: string; export: string } | undefined {
  const cifs = /^(?:\/\/|\\\\)([^/\\]+)[/\\]([^/\\]+)(.*)$/.exec(spec);
  if (cifs && type === 'cifs') {
    return { server: cifs[1]!.toLowerCase(), export: `${cifs[2]}${(cifs[3] ?? '').replace(/\\/g, '/')}` };
  }
  const nfs = /^(\[[^\]]+\]|[^:/\s]+):(\/.*)$/.exec(spec);
  if (nfs && type === 'nfs') return { server: nfs[1]!.toLowerCase(), export: trimSlash(nfs[2]!) };
  return undefined;
}

function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(Number.parseInt(o, 8)));
}

function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

/** fstab and mtab often say the same thing: keep the first record of each mount point. */
function dedupe(mounts: Mount[]): Mount[] {
  const seen = new Set<string>();
  return mounts.filter((m) => {
    if (seen.has(m.mountpoint)) return false;
    seen.add(m.mountpoint);
    return true;
  });
}
