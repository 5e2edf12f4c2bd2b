/**
 * Oracle connect identifiers, as cx_Oracle/oracledb DSNs and SQL*Plus logons write them:
 * `user/pass@//host:1521/service` (EZConnect), `host:port/service`, `host/service`, a TNS alias,
 * or a full `(DESCRIPTION=(ADDRESS=(HOST=h)(PORT=p))(CONNECT_DATA=(SERVICE_NAME=s)))`.
 * The password is never kept.
 */
export interface OracleConnect {
  host?: string;
  port?: string;
  database?: string;
}

/** Oracle `host:port/service`, `user/pw@host:port/service` or a TNS descriptor. */
export function parseOracleDsn(dsn: string): OracleConnect {
  const host = /\(HOST\s*=\s*([^)]+)\)/i.exec(dsn);
  if (host) {
    const port = /\(PORT\s*=\s*(\d+)\)/i.exec(dsn);
    const svc = /\((?:SERVICE_NAME|SID)\s*=\s*([^)]+)\)/i.exec(dsn);
    return {
      host: host[1]?.trim(),
      ...(port ? { port: port[1] } : {}),
      ...(svc ? { database: svc[1]?.trim() } : {}),
    };
  }
  const rest = dsn.includes('@') ? dsn.slice(dsn.lastIndexOf('@') + 1) : dsn;
  const m = /^(?:\/\/)?([^:/]+)(?::(\d+))?(?:\/(.+))?$/.exec(rest.trim());
  if (!m) return {};
  return { host: m[1], ...(m[2] ? { port: m[2] } : {}), ...(m[3] ? { database: m[3] } : {}) };
}
