/** Known answers for the worked example (test/web/fixtures/worked-example.json). */

/**
 * Upstream of combined_export.json, as the issue states it: 6.py, its two inputs, 5.py, the MySQL
 * tables (and their database), 3.py, 4.py, the two staged .json files, 1.py, 2.py and their inputs,
 * and the cron jobs that run each script. No log file feeds anything.
 */
export const EXPORT_UPSTREAM = [
  'script:/opt/dataops/6.py',
  'file:/data/extract/daily_sales.csv',
  'file:/data/extract/low_stock.json',
  'script:/opt/dataops/5.py',
  'table:mysql://db01.northwind.local:3306/shop.orders',
  'table:mysql://db01.northwind.local:3306/shop.order_items',
  'table:mysql://db01.northwind.local:3306/shop.stock_levels',
  'table:mysql://db01.northwind.local:3306/shop.products',
  'database:mysql://db01.northwind.local:3306',
  'script:/opt/dataops/3.py',
  'script:/opt/dataops/4.py',
  'file:/data/stage/orders.json',
  'file:/data/stage/inventory.json',
  'script:/opt/dataops/1.py',
  'script:/opt/dataops/2.py',
  'endpoint:https://orders-api.northwind-retail.com/v2/orders',
  'file:/data/incoming/vendor/inventory_*.csv',
  ...[11, 12, 13, 14, 15, 16].map((l) => `job:/var/spool/cron/crontabs/dataops:${l}`),
].sort();
