import type { NodeSpec } from './node.js';

/**
 * Node keys are `KIND:IDENTITY`, stable across runs: `script:/opt/etl/run.sh`, `file:/data/x.csv`,
 * `table:mysql://db01:3306/shop.orders`, `endpoint:https://api.example.com/v1/rates`,
 * `database:mysql://db01:3306`, `job:/etc/crontab:12`, `host:etl01`.
 */

const WILDCARD = /\*/;

export function basename(p: string): string {
  const trimmed = p.endsWith('/') && p.length > 1 ? p.slice(0, -1) : p;
  const i = trimmed.lastIndexOf('/');
  return i >= 0 ? trimmed.slice(i + 1) : trimmed;
}

export function toScriptNode(path: string, extra: Partial<NodeSpec['attrs']> = {}): NodeSpec {
  return { key: `script:${path}`, attrs: { kind: 'script', path, label: basename(path), ...extra } };
}

export function toFileNode(path: string, extra: Partial<NodeSpec['attrs']> = {}): NodeSpec {
  const attrs: NodeSpec['attrs'] = { kind: 'file', path, label: basename(path), ...extra };
  if (WILDCARD.test(path)) attrs.partial = true;
  return { key: `file:${path}`, attrs };
}

/** `name` as the code qualifies it (db.table, schema.table); `namespace` like `mysql://db01:3306`. */
export function toTableNode(name: string, namespace?: string): NodeSpec {
  const key = namespace ? `table:${namespace}/${name}` : `table:${name}`;
  const attrs: NodeSpec['attrs'] = { kind: 'table', name, label: name };
  if (namespace) attrs.namespace = namespace;
  if (WILDCARD.test(name)) attrs.partial = true;
  return { key, attrs };
}

export function toDatabaseNode(namespace: string): NodeSpec {
  const scheme = namespace.split(':')[0] ?? namespace;
  return {
    key: `database:${namespace}`,
    attrs: { kind: 'database', url: namespace, name: scheme, label: namespace },
  };
}

export function toEndpointNode(url: string): NodeSpec {
  const attrs: NodeSpec['attrs'] = { kind: 'endpoint', url, label: url };
  if (WILDCARD.test(url)) attrs.partial = true;
  return { key: `endpoint:${url}`, attrs };
}

export function toHostNode(name: string): NodeSpec {
  return { key: `host:${name}`, attrs: { kind: 'host', name, label: name } };
}

export function toJobNode(
  source: string,
  line: number | undefined,
  attrs: Partial<NodeSpec['attrs']>,
): NodeSpec {
  const key = line === undefined ? `job:${source}` : `job:${source}:${line}`;
  return { key, attrs: { kind: 'job', source, ...(line === undefined ? {} : { line }), ...attrs } };
}
