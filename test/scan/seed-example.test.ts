import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scan } from '../../src/scan/index.js';

/**
 * The worked example's exact map (examples/seed-server): checked by hand against the six scripts
 * and the crontab. Any change to it must be a deliberate change of this list.
 */
const EXPECTED: Array<[string, string, string]> = [
  ['database:mysql://db01:3306', 'contains', 'table:mysql://db01:3306/sales.orders'],
  ['database:mysql://db01:3306', 'contains', 'table:mysql://db01:3306/sales.stock'],
  ['endpoint:https://shop-api.example.com/v1/orders', 'reads', 'script:/opt/dataops/1.py'],
  ['file:/data/extract/extract_a.csv', 'reads', 'script:/opt/dataops/6.py'],
  ['file:/data/extract/extract_b.csv', 'reads', 'script:/opt/dataops/6.py'],
  ['file:/data/incoming/vendor/stock_*.csv', 'reads', 'script:/opt/dataops/2.py'],
  ['file:/data/stage/orders.json', 'reads', 'script:/opt/dataops/3.py'],
  ['file:/data/stage/stock.json', 'reads', 'script:/opt/dataops/4.py'],
  ['job:/var/spool/cron/crontabs/dataops:10', 'invokes', 'script:/opt/dataops/2.py'],
  ['job:/var/spool/cron/crontabs/dataops:11', 'invokes', 'script:/opt/dataops/3.py'],
  ['job:/var/spool/cron/crontabs/dataops:12', 'invokes', 'script:/opt/dataops/4.py'],
  ['job:/var/spool/cron/crontabs/dataops:13', 'invokes', 'script:/opt/dataops/5.py'],
  ['job:/var/spool/cron/crontabs/dataops:14', 'invokes', 'script:/opt/dataops/6.py'],
  ['job:/var/spool/cron/crontabs/dataops:9', 'invokes', 'script:/opt/dataops/1.py'],
  ['script:/opt/dataops/1.py', 'writes', 'file:/data/stage/orders.json'],
  ['script:/opt/dataops/1.py', 'writes', 'file:/var/log/dataops/1.log'],
  ['script:/opt/dataops/1.py', 'writes', 'file:/var/log/dataops/cron.log'],
  ['script:/opt/dataops/2.py', 'writes', 'file:/data/stage/stock.json'],
  ['script:/opt/dataops/2.py', 'writes', 'file:/var/log/dataops/2.log'],
  ['script:/opt/dataops/2.py', 'writes', 'file:/var/log/dataops/cron.log'],
  ['script:/opt/dataops/3.py', 'writes', 'file:/var/log/dataops/3.log'],
  ['script:/opt/dataops/3.py', 'writes', 'file:/var/log/dataops/cron.log'],
  ['script:/opt/dataops/3.py', 'writes', 'table:mysql://db01:3306/sales.orders'],
  ['script:/opt/dataops/4.py', 'writes', 'file:/var/log/dataops/4.log'],
  ['script:/opt/dataops/4.py', 'writes', 'file:/var/log/dataops/cron.log'],
  ['script:/opt/dataops/4.py', 'writes', 'table:mysql://db01:3306/sales.stock'],
  ['script:/opt/dataops/5.py', 'writes', 'file:/data/extract/extract_a.csv'],
  ['script:/opt/dataops/5.py', 'writes', 'file:/data/extract/extract_b.csv'],
  ['script:/opt/dataops/5.py', 'writes', 'file:/var/log/dataops/5.log'],
  ['script:/opt/dataops/5.py', 'writes', 'file:/var/log/dataops/cron.log'],
  ['script:/opt/dataops/6.py', 'writes', 'file:/data/export/combined_export.json'],
  ['script:/opt/dataops/6.py', 'writes', 'file:/var/log/dataops/6.log'],
  ['script:/opt/dataops/6.py', 'writes', 'file:/var/log/dataops/cron.log'],
  ['table:mysql://db01:3306/sales.orders', 'reads', 'script:/opt/dataops/5.py'],
  ['table:mysql://db01:3306/sales.stock', 'reads', 'script:/opt/dataops/5.py'],
];

test('the worked example maps to exactly the hand-checked graph', async () => {
  const { graph, diagnostics } = await scan({ root: 'examples/seed-server' });
  const actual = graph.mapEdges((_e, a, s, t) => [s, a.kind, t] as [string, string, string]).sort();
  assert.deepEqual(actual, [...EXPECTED].sort());
  assert.deepEqual(
    diagnostics.filter((d) => d.severity !== 'info'),
    [],
  );
});

test('the worked example keeps evidence and confidence on every flow edge', async () => {
  const { graph } = await scan({ root: 'examples/seed-server' });
  graph.forEachEdge((_e, a, s, t) => {
    if (a.kind === 'contains') return;
    assert.ok(a.evidence.length > 0, `${s} -> ${t} has evidence`);
    for (const ev of a.evidence) assert.ok(ev.file.startsWith('/') && ev.line > 0, `${s} -> ${t}: file:line`);
  });
  assert.equal(graph.getNodeAttribute('job:/var/spool/cron/crontabs/dataops:13', 'schedule'), '0 2 * * *');
  assert.equal(graph.getNodeAttribute('file:/data/incoming/vendor/stock_*.csv', 'partial'), true);
  assert.equal(graph.getAttribute('host'), 'etl01');
});
