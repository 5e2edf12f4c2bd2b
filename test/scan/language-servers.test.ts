import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan } from '../../src/scan/index.js';

/**
 * One small server per language (test/fixtures/servers/languages/<lang>/root): a scheduler line
 * runs a script with arguments, and the map below was checked by hand against the script. A
 * change to any list must be a deliberate change.
 */
const EXPECTED: Record<string, Array<[string, string, string]>> = {
  r: [
    [
      'database:postgres://pg-plan.internal:5432',
      'contains',
      'table:postgres://pg-plan.internal:5432/forecast_daily',
    ],
    ['file:/opt/forecast/config/settings.yml', 'reads', 'script:/opt/forecast/R/forecast.R'],
    ['file:/srv/forecast/cache/holidays.rds', 'reads', 'script:/opt/forecast/R/forecast.R'],
    ['file:/srv/forecast/in/sales.csv', 'reads', 'script:/opt/forecast/R/forecast.R'],
    ['job:/etc/crontab:3', 'invokes', 'script:/opt/forecast/R/forecast.R'],
    ['script:/opt/forecast/R/forecast.R', 'writes', 'file:/srv/forecast/out/forecast.csv'],
    ['script:/opt/forecast/R/forecast.R', 'writes', 'file:/var/log/forecast.log'],
    ['script:/opt/forecast/R/forecast.R', 'writes', 'table:postgres://pg-plan.internal:5432/forecast_daily'],
  ],
  node: [
    ['file:/opt/publisher/config/prod.json', 'reads', 'script:/opt/publisher/publish.js'],
    ['file:/srv/catalogue/export/catalogue.json', 'reads', 'script:/opt/publisher/publish.js'],
    ['job:/var/spool/cron/crontabs/web:1', 'invokes', 'script:/opt/publisher/publish.js'],
    [
      'script:/opt/publisher/publish.js',
      'writes',
      'endpoint:https://origin.cdn.example.net/shop/catalogue.json',
    ],
    ['script:/opt/publisher/publish.js', 'writes', 'file:/srv/catalogue/archive/catalogue.json'],
    ['script:/opt/publisher/publish.js', 'writes', 'file:/var/log/publisher.log'],
  ],
  php: [
    ['database:mysql://shopdb:3306', 'contains', 'table:mysql://shopdb:3306/shop.customers'],
    ['database:mysql://shopdb:3306', 'contains', 'table:mysql://shopdb:3306/shop.orders'],
    ['job:/etc/cron.d/shop-export:2', 'invokes', 'script:/var/www/shop/cron/export_orders.php'],
    ['script:/var/www/shop/cron/export_orders.php', 'writes', 'file:/srv/accounting/inbox/orders_*.csv'],
    ['script:/var/www/shop/cron/export_orders.php', 'writes', 'table:mysql://shopdb:3306/shop.orders'],
    ['table:mysql://shopdb:3306/shop.customers', 'reads', 'script:/var/www/shop/cron/export_orders.php'],
    ['table:mysql://shopdb:3306/shop.orders', 'reads', 'script:/var/www/shop/cron/export_orders.php'],
  ],
  ruby: [
    ['database:postgres://metrics-db:5432', 'contains', 'table:postgres://metrics-db:5432/rollups'],
    ['file:/srv/ops/metrics/hourly.csv', 'reads', 'script:/opt/ops/rollup.rb'],
    ['job:/etc/crontab:1', 'invokes', 'script:/opt/ops/rollup.rb'],
    ['script:/opt/ops/rollup.rb', 'writes', 'file:/srv/ops/metrics/daily_summary.csv'],
    ['script:/opt/ops/rollup.rb', 'writes', 'file:/var/log/rollup.log'],
    ['script:/opt/ops/rollup.rb', 'writes', 'table:postgres://metrics-db:5432/rollups'],
  ],
  awk: [
    ['file:/var/log/nginx/access.log', 'reads', 'script:/opt/reports/by_status.awk'],
    ['file:/var/log/nginx/access.log', 'reads', 'script:/opt/reports/daily.sh'],
    ['job:/etc/crontab:1', 'invokes', 'script:/opt/reports/daily.sh'],
    ['script:/opt/reports/by_status.awk', 'writes', 'file:/srv/reports/errors_4xx.log'],
    ['script:/opt/reports/by_status.awk', 'writes', 'file:/srv/reports/errors_5xx.log'],
    ['script:/opt/reports/by_status.awk', 'writes', 'file:/srv/reports/lines_seen.txt'],
    ['script:/opt/reports/daily.sh', 'invokes', 'script:/opt/reports/by_status.awk'],
    ['script:/opt/reports/daily.sh', 'writes', 'file:/srv/reports/bytes_per_host.txt'],
  ],
  // make runs Python, R and Node.js steps in dependency order (issue 10's orchestrator case)
  'make-chain': [
    ['file:/opt/ir/config/prod.json', 'reads', 'script:/opt/ir/steps/render.js'],
    ['file:/srv/ir/clean.csv', 'reads', 'script:/opt/ir/steps/fit.R'],
    ['file:/srv/ir/model.rds', 'reads', 'script:/opt/ir/steps/render.js'],
    ['file:/srv/ir/raw.csv', 'reads', 'script:/opt/ir/steps/clean.py'],
    ['file:/srv/ir/report.html', 'reads', 'script:/opt/ir/steps/render.js'],
    ['job:/etc/crontab:1', 'invokes', 'script:/opt/ir/Makefile'],
    ['script:/opt/ir/Makefile', 'invokes', 'script:/opt/ir/steps/clean.py'],
    ['script:/opt/ir/Makefile', 'invokes', 'script:/opt/ir/steps/fit.R'],
    ['script:/opt/ir/Makefile', 'invokes', 'script:/opt/ir/steps/render.js'],
    ['script:/opt/ir/steps/clean.py', 'writes', 'file:/srv/ir/clean.csv'],
    ['script:/opt/ir/steps/fit.R', 'writes', 'file:/srv/ir/model.rds'],
    ['script:/opt/ir/steps/render.js', 'writes', 'file:/srv/ir/report.html'],
    ['script:/opt/ir/steps/render.js', 'writes', 'file:/var/www/ir/report.html'],
  ],
};

describe('scan: a server per language, end to end', () => {
  for (const [lang, expected] of Object.entries(EXPECTED)) {
    it(`${lang}: the scheduled script's reads, writes and invocations, arguments bound`, async () => {
      const { graph, diagnostics } = await scan({ root: `test/fixtures/servers/languages/${lang}/root` });
      const actual = graph.mapEdges((_e, a, s, t) => [s, a.kind, t] as [string, string, string]).sort();
      assert.deepEqual(actual, [...expected].sort());
      assert.deepEqual(
        diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message),
        [],
      );
      graph.forEachEdge((_e, a) => {
        if (a.kind !== 'contains') assert.ok(a.evidence?.length, 'every flow edge has evidence');
      });
    });
  }
});
