/**
 * Which node can be probed, and how: the scheme of a database namespace or endpoint URL picks the
 * protocol and the default port. Only hosts the map names are ever contacted, and never with the
 * credentials a URL might have carried (the map stores URLs without user-info anyway).
 */
export { isLoopbackHost } from '../../util/loopback.js';

export type ProbeProtocol = 'mysql' | 'postgres' | 'http' | 'https' | 'tcp';

export interface ProbeTarget {
  url: string;
  host: string;
  port: number;
  protocol: ProbeProtocol;
  /** HTTP: the path to send HEAD to. */
  path: string;
}

export type TargetResult = { target: ProbeTarget } | { skip: string };

const SCHEMES: Record<string, { protocol: ProbeProtocol; port?: number }> = {
  mysql: { protocol: 'mysql', port: 3306 },
  mariadb: { protocol: 'mysql', port: 3306 },
  postgres: { protocol: 'postgres', port: 5432 },
  postgresql: { protocol: 'postgres', port: 5432 },
  pg: { protocol: 'postgres', port: 5432 },
  http: { protocol: 'http', port: 80 },
  https: { protocol: 'https', port: 443 },
  redis: { protocol: 'tcp', port: 6379 },
  mongodb: { protocol: 'tcp', port: 27017 },
  mssql: { protocol: 'tcp', port: 1433 },
  sqlserver: { protocol: 'tcp', port: 1433 },
  oracle: { protocol: 'tcp', port: 1521 },
  ftp: { protocol: 'tcp', port: 21 },
  ftps: { protocol: 'tcp', port: 990 },
  sftp: { protocol: 'tcp', port: 22 },
  ssh: { protocol: 'tcp', port: 22 },
  scp: { protocol: 'tcp', port: 22 },
  rsync: { protocol: 'tcp', port: 873 },
  smtp: { protocol: 'tcp', port: 25 },
  amqp: { protocol: 'tcp', port: 5672 },
  kafka: { protocol: 'tcp', port: 9092 },
};

/** Object stores and local things have no server of their own to greet without credentials. */
const NOT_PROBED: Record<string, string> = {
  s3: 'an object store bucket: nothing to greet without credentials',
  gs: 'an object store bucket: nothing to greet without credentials',
  az: 'an object store container: nothing to greet without credentials',
  file: 'a local file URL',
  sqlite: 'a local SQLite file',
};

export function probeTargetOf(url: string): TargetResult {
  if (url.includes('*')) {
    // A partial URL still names its host when only the path is unknown.
    const m = /^([a-z][\w+.-]*:\/\/[^/*]+)(?:\/|$)/i.exec(url);
    if (!m) return { skip: 'the host is not known (the map has `*` for it)' };
    return probeTargetOf(m[1]!);
  }
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { skip: `not a URL: ${url}` };
  }
  const scheme = u.protocol.replace(/:$/, '').toLowerCase();
  if (NOT_PROBED[scheme]) return { skip: NOT_PROBED[scheme] };
  const known = SCHEMES[scheme];
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (!host) return { skip: 'no host in the URL (a local socket?)' };
  const port = u.port ? Number(u.port) : known?.port;
  if (!port) return { skip: `unknown scheme '${scheme}' and no port` };
  return { target: { url, host, port, protocol: known?.protocol ?? 'tcp', path: `${u.pathname || '/'}` } };
}

/** RFC 6761: `.invalid` never resolves; answer without asking any resolver. */
export function isReservedInvalid(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === 'invalid' || h.endsWith('.invalid');
}
