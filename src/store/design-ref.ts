/**
 * How a design names a node: one string per input, output or script.
 *   /data/x.csv, /data/out/report_*.csv           a file (globs allowed)
 *   mysql://db01:3306/sales.orders                 a table on that server (default ports filled in)
 *   postgres://pg01/dw.staging.orders              a table (postgresql:// and postgres:// alike)
 *   sqlite:///data/app.db/orders                   table `orders` in the SQLite file /data/app.db
 *   https://api.example.com/v1/x, s3://bucket/key  an endpoint
 *   script:/opt/x.py, file:/x, table:sales.orders, endpoint:URL, host:db01   said outright
 * The node keys are the ones `dfmap scan` makes, so a design and a scan name the same thing alike.
 */
import { toEndpointNode, toFileNode, toHostNode, toScriptNode, toTableNode } from '../model/keys.js';
import type { NodeSpec } from '../model/node.js';

const DEFAULT_PORTS: Record<string, number> = { mysql: 3306, postgres: 5432, sqlserver: 1433, oracle: 1521 };
const SCHEMES: Record<string, string> = {
  mysql: 'mysql',
  mariadb: 'mysql',
  postgres: 'postgres',
  postgresql: 'postgres',
  mssql: 'sqlserver',
  sqlserver: 'sqlserver',
  oracle: 'oracle',
};
const SQLITE_FILE = /^(.*?\.(?:db|sqlite3?|s3db))\/([^/]+)$/i;

/** The node a design string names, or a reason it names none. */
export function designRef(text: string, role: 'data' | 'script'): NodeSpec | { error: string } {
  const s = text.trim();
  if (s === '') return { error: 'an empty name' };
  const prefixed = /^(script|file|table|endpoint|host):(.*)$/s.exec(s);
  if (prefixed && !prefixed[2]!.startsWith('//')) return explicitRef(prefixed[1]!, prefixed[2]!.trim());
  if (s.startsWith('/'))
    return role === 'script' ? toScriptNode(normalisePath(s)) : toFileNode(normalisePath(s));
  const url = /^([a-z][\w+.-]*):\/\/(.*)$/is.exec(s);
  if (url) return urlRef(url[1]!.toLowerCase().split('+')[0]!, url[2]!, s);
  return {
    error: `'${s}' is neither an absolute path nor a URL`,
  };
}

function explicitRef(kind: string, rest: string): NodeSpec | { error: string } {
  if (rest === '') return { error: `'${kind}:' names nothing` };
  switch (kind) {
    case 'script':
      return toScriptNode(normalisePath(rest));
    case 'file':
      return toFileNode(normalisePath(rest));
    case 'host':
      return toHostNode(rest);
    case 'endpoint':
      return toEndpointNode(rest);
    default: {
      const url = /^([a-z][\w+.-]*):\/\/(.*)$/is.exec(rest);
      if (url) return urlRef(url[1]!.toLowerCase().split('+')[0]!, url[2]!, rest);
      return toTableNode(rest);
    }
  }
}

function urlRef(scheme: string, rest: string, whole: string): NodeSpec | { error: string } {
  if (scheme === 'sqlite') {
    const m = SQLITE_FILE.exec(rest);
    if (!m) return { error: `'${whole}': a SQLite table is sqlite:///path/file.db/table` };
    return toTableNode(m[2]!, `sqlite://${m[1]!}`);
  }
  const db = SCHEMES[scheme];
  if (!db) return toEndpointNode(whole);
  const noUser = rest.replace(/^[^/@]*@/, '');
  const slash = noUser.indexOf('/');
  const hostPort = slash >= 0 ? noUser.slice(0, slash) : noUser;
  const name = slash >= 0 ? noUser.slice(slash + 1) : '';
  if (name === '') return { error: `'${whole}' names a server, not a table (add /db.table)` };
  const port = hostPort.includes(':') ? '' : `:${DEFAULT_PORTS[db]}`;
  return toTableNode(name, `${db}://${hostPort}${port}`);
}

function normalisePath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}
