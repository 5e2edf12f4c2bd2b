/**
 * Small maps for the exporter tests, built in code with the real graph builder.
 * - workedExample(): the classic six-script pipeline (crontab -> 1.py..6.py -> JSON files -> MySQL
 *   tables -> extracts -> combined_export.json), trimmed of log files.
 * - hostileNames(): nodes whose names are markup, SQL, DOT, Cypher and Mermaid syntax.
 */
import { buildGraph } from '../../src/graph/build.js';
import type { DataflowGraph, EdgeFact } from '../../src/graph/types.js';
import { toEndpointNode, toFileNode, toJobNode, toScriptNode, toTableNode } from '../../src/model/keys.js';
import type { Confidence, EdgeKind } from '../../src/model/kinds.js';
import type { NodeSpec } from '../../src/model/node.js';

const CRONTAB = '/var/spool/cron/crontabs/dataops';
const DB = 'mysql://localhost:3306';

function edge(
  from: NodeSpec,
  to: NodeSpec,
  kind: EdgeKind,
  file: string,
  line: number,
  construct: string,
  confidence: Confidence = 'exact',
  snippet?: string,
): EdgeFact {
  return {
    from,
    to,
    kind,
    confidence,
    evidence: { file, line, construct, method: 'static', ...(snippet ? { snippet } : {}) },
  };
}

export function workedExample(): DataflowGraph {
  const s = (n: number) => toScriptNode(`/opt/dataops/${n}.py`, { language: 'python' });
  const schedules = ['0 1 * * *', '5 1 * * *', '30 1 * * *', '35 1 * * *', '0 2 * * *', '30 2 * * *'];
  const edges: EdgeFact[] = schedules.map((schedule, i) => {
    const job = toJobNode(CRONTAB, 11 + i, {
      schedule,
      command: `cd /opt/dataops && /usr/bin/python3 ${i + 1}.py >> /var/log/dataops/cron.log 2>&1`,
      user: 'dataops',
      scheduler: 'cron',
      label: `${schedule} ${i + 1}.py`,
    });
    return edge(job, s(i + 1), 'invokes', CRONTAB, 11 + i, 'cron command');
  });
  const f = (p: string) => toFileNode(p);
  const t = (name: string) => toTableNode(name, DB);
  const api = toEndpointNode('https://orders-api.northwind-retail.com/v2/orders');
  edges.push(
    edge(
      api,
      s(1),
      'reads',
      '/opt/dataops/1.py',
      30,
      'requests.get',
      'resolved',
      'r = requests.get(API_URL, params=params)',
    ),
    edge(s(1), f('/data/stage/orders.json'), 'writes', '/opt/dataops/1.py', 43, "open(..., 'w')"),
    edge(
      f('/data/incoming/vendor/inventory_*.csv'),
      s(2),
      'reads',
      '/opt/dataops/2.py',
      28,
      'glob.glob',
      'partial',
    ),
    edge(s(2), f('/data/stage/inventory.json'), 'writes', '/opt/dataops/2.py', 37, "open(..., 'w')"),
    edge(f('/data/stage/orders.json'), s(3), 'reads', '/opt/dataops/3.py', 20, 'open'),
    edge(s(3), t('shop.orders'), 'writes', '/opt/dataops/3.py', 28, 'INSERT INTO orders'),
    edge(s(3), t('shop.order_items'), 'writes', '/opt/dataops/3.py', 37, 'INSERT INTO order_items'),
    edge(f('/data/stage/inventory.json'), s(4), 'reads', '/opt/dataops/4.py', 21, 'open'),
    edge(t('shop.products'), s(4), 'reads', '/opt/dataops/4.py', 27, 'SELECT', 'heuristic'),
    edge(s(4), t('shop.stock_levels'), 'writes', '/opt/dataops/4.py', 38, 'REPLACE INTO stock_levels'),
    edge(t('shop.orders'), s(5), 'reads', '/opt/dataops/5.py', 21, 'SELECT'),
    edge(t('shop.order_items'), s(5), 'reads', '/opt/dataops/5.py', 22, 'SELECT'),
    edge(t('shop.stock_levels'), s(5), 'reads', '/opt/dataops/5.py', 29, 'SELECT'),
    edge(s(5), f('/data/extract/daily_sales.csv'), 'writes', '/opt/dataops/5.py', 39, "open(..., 'w')"),
    edge(s(5), f('/data/extract/low_stock.json'), 'writes', '/opt/dataops/5.py', 47, "open(..., 'w')"),
    edge(f('/data/extract/daily_sales.csv'), s(6), 'reads', '/opt/dataops/6.py', 16, 'open'),
    edge(f('/data/extract/low_stock.json'), s(6), 'reads', '/opt/dataops/6.py', 19, 'open'),
    edge(s(6), f('/data/export/combined_export.json'), 'writes', '/opt/dataops/6.py', 28, "open(..., 'w')"),
  );
  return buildGraph({ nodes: [], edges, diagnostics: [], meta: { host: 'dataops01', tool: 'dfmap' } });
}

/** Names that are syntax in some output format. Each must come out as inert text. */
export const HOSTILE_NAMES = [
  '<img src=x onerror=alert(1)>.csv',
  '"; DROP TABLE x;--',
  "it's a \\'quote\\' \\\\ ` backtick",
  'a"] --> evil["pwned',
  '%%{init: {"securityLevel": "loose"}}%%',
  '</data></node><node id="injected">',
  'line\nbreak\ttab',
  '}; MATCH (n) DETACH DELETE n; //x',
  '\\N\\G\\L label escapes',
];

export function hostileNames(): DataflowGraph {
  const script = toScriptNode('/opt/etl/run.sh', { language: 'shell' });
  const edges: EdgeFact[] = HOSTILE_NAMES.map((name, i) =>
    edge(
      script,
      toFileNode(`/data/in/${name}`),
      'writes',
      '/opt/etl/run.sh',
      i + 1,
      `cat > "${name}"`,
      'exact',
      name,
    ),
  );
  edges.push(
    edge(toTableNode('"; DROP TABLE x;--', DB), script, 'reads', '/opt/etl/run.sh', 20, 'psql -c'),
    edge(
      toEndpointNode('https://x.example/<script>alert(1)</script>?q="1"'),
      script,
      'reads',
      '/opt/etl/run.sh',
      21,
      'curl',
    ),
  );
  return buildGraph({ nodes: [], edges, diagnostics: [], meta: { host: '<b>host</b>' } });
}
