/**
 * One fleet graph out of many hosts' maps: a node's key in the catalog says which host it lives on
 * when it is local to one, and is the same on every host when it is the same thing.
 *   - tables, databases and endpoints are named by their server already (`table:mysql://db01:3306/sales.orders`);
 *   - jobs, scripts and local files live on the scanned host: `script://etl01/opt/etl/load.py`;
 *   - a file under a shared mount is the file on the file server's export: `/mnt/reports/x.csv`
 *     under `nfs01:/export/reports` is `file://nfs01/export/reports/x.csv` on every host that
 *     mounts it (and on nfs01 itself, where that is the local path); CIFS shares are `file:smb://srv/share/...`;
 *   - `scp`/`rsync`/`sftp` to `HOST:/path` (an `sftp://HOST/path` endpoint) is HOST's file node:
 *     `file://HOST/path`, a placeholder until HOST is scanned and fills it in.
 * OpenLineage names files the same way (namespace `file://host`, name the path).
 */
/** A shared mount as the scan records it in the map's `graph.mounts` (discover/mounts.ts). */
export interface Mount {
  type: 'nfs' | 'cifs';
  server: string;
  export: string;
  mountpoint: string;
  source: string;
}

export interface FleetContext {
  host: string;
  /** Shared mounts, longest mount point first. */
  mounts: Mount[];
}

export function fleetContext(host: string, mounts: unknown): FleetContext {
  const list = Array.isArray(mounts) ? (mounts.filter(isMount) as Mount[]) : [];
  list.sort((a, b) => b.mountpoint.length - a.mountpoint.length);
  return { host: host.toLowerCase(), mounts: list };
}

function isMount(x: unknown): boolean {
  const m = x as Mount;
  return (
    typeof m === 'object' && m !== null && typeof m.server === 'string' && typeof m.mountpoint === 'string'
  );
}

export interface FleetNode {
  key: string;
  attrs: Record<string, unknown>;
}

/** The fleet key and attributes of a node of one host's map. */
export function toFleetNode(key: string, attrs: Record<string, unknown>, ctx: FleetContext): FleetNode {
  const kind = attrs.kind;
  // already a fleet key (a map exported from a catalog): a scan's own keys have one slash (`file:/x`)
  if (/^(job|script|file):\/\/[^/]/.test(key) || key.startsWith('table:local://')) {
    const host = /^[a-z]+:(?:local:)?\/\/([^/]+)/.exec(key)?.[1];
    return { key, attrs: typeof attrs.host === 'string' || !host ? attrs : { ...attrs, host } };
  }
  if (kind === 'file' && typeof attrs.path === 'string') return fileNode(attrs.path, attrs, ctx);
  if (kind === 'endpoint' && typeof attrs.url === 'string') {
    const remote = /^sftp:\/\/(?:[^@/]*@)?([A-Za-z0-9][\w.-]*)(\/[^?#]*)$/.exec(attrs.url);
    if (remote) {
      const host = remote[1]!.toLowerCase();
      const path = remote[2]!;
      const { url: _url, ...rest } = attrs;
      return {
        key: `file://${host}${path}`,
        attrs: {
          ...rest,
          kind: 'file',
          path,
          host,
          label: attrs.label === attrs.url ? basename(path) : rest.label,
          via: attrs.url,
        },
      };
    }
    return { key, attrs };
  }
  if (kind === 'job' || kind === 'script') {
    return { key: `${kind}://${ctx.host}${key.slice(kind.length + 1)}`, attrs: { ...attrs, host: ctx.host } };
  }
  if (kind === 'table' && typeof attrs.namespace !== 'string') {
    // a table whose server the code does not say: it cannot be joined with another host's
    return {
      key: `table:local://${ctx.host}/${String(attrs.name ?? key.slice(6))}`,
      attrs: { ...attrs, host: ctx.host },
    };
  }
  if (kind === 'unknown' || kind === undefined)
    return { key: `${key}@${ctx.host}`, attrs: { ...attrs, host: ctx.host } };
  return { key, attrs };
}

function fileNode(path: string, attrs: Record<string, unknown>, ctx: FleetContext): FleetNode {
  for (const m of ctx.mounts) {
    if (path !== m.mountpoint && !path.startsWith(`${m.mountpoint}/`)) continue;
    const rest = path.slice(m.mountpoint.length);
    const shared =
      m.type === 'nfs'
        ? `file://${m.server}${m.export === '/' ? '' : m.export}${rest}`
        : `file:smb://${m.server}/${m.export}${rest}`;
    const sharedPath =
      m.type === 'nfs' ? `${m.export === '/' ? '' : m.export}${rest}` : `/${m.export}${rest}`;
    return {
      key: shared,
      attrs: {
        ...attrs,
        path: sharedPath,
        host: m.server,
        mount: { host: ctx.host, path, via: `${m.mountpoint} (${m.source})` },
      },
    };
  }
  return { key: `file://${ctx.host}${path}`, attrs: { ...attrs, host: ctx.host } };
}

/**
 * `ssh HOST /opt/x/run.sh ARGS` runs HOST's script: the evidence construct of an edge to
 * `host:HOST` names it; its fleet key is that script's, a placeholder until HOST is scanned.
 */
export function remoteScriptOf(construct: string | undefined): { host: string; path: string } | undefined {
  if (!construct) return undefined;
  const m =
    /^ssh ([A-Za-z0-9][\w.-]*) (?:(?:sudo(?: -u \S+)?|nice|nohup|timeout \S+|env(?: \w+=\S+)*) )*['"]?(?:(?:ba|da|z)?sh |python3? |perl )?(\/[\w./+-]+)/.exec(
      construct,
    );
  if (!m) return undefined;
  return { host: m[1]!.toLowerCase(), path: m[2]! };
}

function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1) : p;
}
