/**
 * The worked example of issue 4, built by hand: a crontab runs 1.py..6.py; 1.py (an HTTP API) and
 * 2.py (a vendor CSV drop, a glob) write two .json files; 3.py and 4.py load them into MySQL
 * tables (4.py also reads shop.products); 5.py reads the tables and writes two extracts; 6.py
 * combines them into combined_export.json. Every script also writes its own log and the cron log.
 */
import { buildGraph } from '../../src/graph/build.js';
import type { DataflowGraph, EdgeFact, ScanFacts } from '../../src/graph/types.js';
import { toEndpointNode, toFileNode, toJobNode, toScriptNode, toTableNode } from '../../src/model/keys.js';
import type { Confidence, EdgeKind } from '../../src/model/kinds.js';
import type { NodeSpec } from '../../src/model/node.js';

export const CRONTAB = '/var/spool/cron/crontabs/dataops';
export const DB = 'mysql://db01:3306';
export const SCHEDULES = ['0 1 * * *', '5 1 * * *', '30 1 * * *', '35 1 * * *', '0 2 * * *', '30 2 * * *'];

export const script = (n: number): NodeSpec => toScriptNode(`/opt/dataops/${n}.py`);
export const file = (p: string): NodeSpec => toFileNode(p);
export const table = (name: string): NodeSpec => toTableNode(name, DB);
export const key = {
  script: (n: number) => `script:/opt/dataops/${n}.py`,
  job: (n: number) => `job:${CRONTAB}:${10 + n}`,
  file: (p: string) => `file:${p}`,
  table: (name: string) => `table:${DB}/${name}`,
  db: `database:${DB}`,
  api: 'endpoint:https://orders-api.northwind-retail.com/v2/orders',
};

function edge(
  from: NodeSpec,
  to: NodeSpec,
  kind: EdgeKind,
  line: number,
  confidence: Confidence = 'exact',
): EdgeFact {
  const inScript = kind === 'writes' ? from : to;
  const evidenceFile =
    typeof inScript.attrs.path === 'string' && inScript.attrs.kind === 'script'
      ? inScript.attrs.path
      : CRONTAB;
  return {
    from,
    to,
    kind,
    confidence,
    evidence: {
      file: evidenceFile,
      line,
      construct: kind === 'reads' ? 'open(...)' : "open(..., 'w')",
      method: 'static',
    },
  };
}

export function workedExampleFacts(): ScanFacts {
  const edges: EdgeFact[] = [];
  for (let n = 1; n <= 6; n++) {
    const job = toJobNode(CRONTAB, 10 + n, {
      schedule: SCHEDULES[n - 1],
      scheduler: 'cron',
      command: `cd /opt/dataops && /usr/bin/python3 ${n}.py >> /var/log/dataops/cron.log 2>&1`,
      label: `${SCHEDULES[n - 1]} ${n}.py`,
    });
    edges.push({
      ...edge(job, script(n), 'invokes', 10 + n),
      evidence: { file: CRONTAB, line: 10 + n, construct: 'crontab line', method: 'static' },
    });
    edges.push(edge(script(n), file(`/var/log/dataops/${n}.log`), 'writes', 15));
    edges.push(edge(script(n), file('/var/log/dataops/cron.log'), 'writes', 10 + n));
  }
  const orders = file('/data/stage/orders.json');
  const inventory = file('/data/stage/inventory.json');
  const sales = file('/data/extract/daily_sales.csv');
  const lowStock = file('/data/extract/low_stock.json');
  edges.push(
    edge(toEndpointNode('https://orders-api.northwind-retail.com/v2/orders'), script(1), 'reads', 30),
    edge(script(1), orders, 'writes', 43),
    edge(file('/data/incoming/vendor/inventory_*.csv'), script(2), 'reads', 28, 'partial'),
    edge(script(2), inventory, 'writes', 37),
    edge(orders, script(3), 'reads', 20),
    edge(script(3), table('shop.orders'), 'writes', 28),
    edge(script(3), table('shop.order_items'), 'writes', 37),
    edge(inventory, script(4), 'reads', 21),
    edge(table('shop.products'), script(4), 'reads', 27),
    edge(script(4), table('shop.stock_levels'), 'writes', 38),
    edge(table('shop.orders'), script(5), 'reads', 21),
    edge(table('shop.order_items'), script(5), 'reads', 22),
    edge(table('shop.stock_levels'), script(5), 'reads', 29),
    edge(table('shop.products'), script(5), 'reads', 30),
    edge(script(5), sales, 'writes', 39),
    edge(script(5), lowStock, 'writes', 47),
    edge(sales, script(6), 'reads', 16),
    edge(lowStock, script(6), 'reads', 19),
    edge(script(6), file('/data/export/combined_export.json'), 'writes', 28),
  );
  return { nodes: [], edges, diagnostics: [], meta: { host: 'dataops01' } };
}

export function workedExample(): DataflowGraph {
  return buildGraph(workedExampleFacts());
}
