// dfmap map: 24 nodes, 28 edges. Load with: cypher-shell -f FILE (Neo4j 5).
CREATE CONSTRAINT dfmap_node_key IF NOT EXISTS FOR (n:DfmapNode) REQUIRE n.key IS UNIQUE;
UNWIND [
  {key: 'database:mysql://localhost:3306', props: {kind: 'database', url: 'mysql://localhost:3306', name: 'mysql', label: 'mysql://localhost:3306'}}
] AS row
MERGE (n:DfmapNode {key: row.key})
SET n:Database, n += row.props;
UNWIND [
  {key: 'endpoint:https://orders-api.northwind-retail.com/v2/orders', props: {kind: 'endpoint', url: 'https://orders-api.northwind-retail.com/v2/orders', label: 'https://orders-api.northwind-retail.com/v2/orders'}}
] AS row
MERGE (n:DfmapNode {key: row.key})
SET n:Endpoint, n += row.props;
UNWIND [
  {key: 'file:/data/export/combined_export.json', props: {kind: 'file', path: '/data/export/combined_export.json', label: 'combined_export.json'}},
  {key: 'file:/data/extract/daily_sales.csv', props: {kind: 'file', path: '/data/extract/daily_sales.csv', label: 'daily_sales.csv'}},
  {key: 'file:/data/extract/low_stock.json', props: {kind: 'file', path: '/data/extract/low_stock.json', label: 'low_stock.json'}},
  {key: 'file:/data/incoming/vendor/inventory_*.csv', props: {kind: 'file', path: '/data/incoming/vendor/inventory_*.csv', label: 'inventory_*.csv', partial: true}},
  {key: 'file:/data/stage/inventory.json', props: {kind: 'file', path: '/data/stage/inventory.json', label: 'inventory.json'}},
  {key: 'file:/data/stage/orders.json', props: {kind: 'file', path: '/data/stage/orders.json', label: 'orders.json'}}
] AS row
MERGE (n:DfmapNode {key: row.key})
SET n:File, n += row.props;
UNWIND [
  {key: 'job:/var/spool/cron/crontabs/dataops:11', props: {kind: 'job', source: '/var/spool/cron/crontabs/dataops', line: 11, schedule: '0 1 * * *', command: 'cd /opt/dataops && /usr/bin/python3 1.py >> /var/log/dataops/cron.log 2>&1', user: 'dataops', scheduler: 'cron', label: '0 1 * * * 1.py'}},
  {key: 'job:/var/spool/cron/crontabs/dataops:12', props: {kind: 'job', source: '/var/spool/cron/crontabs/dataops', line: 12, schedule: '5 1 * * *', command: 'cd /opt/dataops && /usr/bin/python3 2.py >> /var/log/dataops/cron.log 2>&1', user: 'dataops', scheduler: 'cron', label: '5 1 * * * 2.py'}},
  {key: 'job:/var/spool/cron/crontabs/dataops:13', props: {kind: 'job', source: '/var/spool/cron/crontabs/dataops', line: 13, schedule: '30 1 * * *', command: 'cd /opt/dataops && /usr/bin/python3 3.py >> /var/log/dataops/cron.log 2>&1', user: 'dataops', scheduler: 'cron', label: '30 1 * * * 3.py'}},
  {key: 'job:/var/spool/cron/crontabs/dataops:14', props: {kind: 'job', source: '/var/spool/cron/crontabs/dataops', line: 14, schedule: '35 1 * * *', command: 'cd /opt/dataops && /usr/bin/python3 4.py >> /var/log/dataops/cron.log 2>&1', user: 'dataops', scheduler: 'cron', label: '35 1 * * * 4.py'}},
  {key: 'job:/var/spool/cron/crontabs/dataops:15', props: {kind: 'job', source: '/var/spool/cron/crontabs/dataops', line: 15, schedule: '0 2 * * *', command: 'cd /opt/dataops && /usr/bin/python3 5.py >> /var/log/dataops/cron.log 2>&1', user: 'dataops', scheduler: 'cron', label: '0 2 * * * 5.py'}},
  {key: 'job:/var/spool/cron/crontabs/dataops:16', props: {kind: 'job', source: '/var/spool/cron/crontabs/dataops', line: 16, schedule: '30 2 * * *', command: 'cd /opt/dataops && /usr/bin/python3 6.py >> /var/log/dataops/cron.log 2>&1', user: 'dataops', scheduler: 'cron', label: '30 2 * * * 6.py'}}
] AS row
MERGE (n:DfmapNode {key: row.key})
SET n:Job, n += row.props;
UNWIND [
  {key: 'script:/opt/dataops/1.py', props: {kind: 'script', path: '/opt/dataops/1.py', label: '1.py', language: 'python'}},
  {key: 'script:/opt/dataops/2.py', props: {kind: 'script', path: '/opt/dataops/2.py', label: '2.py', language: 'python'}},
  {key: 'script:/opt/dataops/3.py', props: {kind: 'script', path: '/opt/dataops/3.py', label: '3.py', language: 'python'}},
  {key: 'script:/opt/dataops/4.py', props: {kind: 'script', path: '/opt/dataops/4.py', label: '4.py', language: 'python'}},
  {key: 'script:/opt/dataops/5.py', props: {kind: 'script', path: '/opt/dataops/5.py', label: '5.py', language: 'python'}},
  {key: 'script:/opt/dataops/6.py', props: {kind: 'script', path: '/opt/dataops/6.py', label: '6.py', language: 'python'}}
] AS row
MERGE (n:DfmapNode {key: row.key})
SET n:Script, n += row.props;
UNWIND [
  {key: 'table:mysql://localhost:3306/shop.order_items', props: {kind: 'table', name: 'shop.order_items', label: 'shop.order_items', namespace: 'mysql://localhost:3306'}},
  {key: 'table:mysql://localhost:3306/shop.orders', props: {kind: 'table', name: 'shop.orders', label: 'shop.orders', namespace: 'mysql://localhost:3306'}},
  {key: 'table:mysql://localhost:3306/shop.products', props: {kind: 'table', name: 'shop.products', label: 'shop.products', namespace: 'mysql://localhost:3306'}},
  {key: 'table:mysql://localhost:3306/shop.stock_levels', props: {kind: 'table', name: 'shop.stock_levels', label: 'shop.stock_levels', namespace: 'mysql://localhost:3306'}}
] AS row
MERGE (n:DfmapNode {key: row.key})
SET n:Table, n += row.props;
UNWIND [
  {source: 'database:mysql://localhost:3306', target: 'table:mysql://localhost:3306/shop.order_items', props: {kind: 'contains', confidence: 'exact', method: 'static', evidence: []}},
  {source: 'database:mysql://localhost:3306', target: 'table:mysql://localhost:3306/shop.orders', props: {kind: 'contains', confidence: 'exact', method: 'static', evidence: []}},
  {source: 'database:mysql://localhost:3306', target: 'table:mysql://localhost:3306/shop.products', props: {kind: 'contains', confidence: 'exact', method: 'static', evidence: []}},
  {source: 'database:mysql://localhost:3306', target: 'table:mysql://localhost:3306/shop.stock_levels', props: {kind: 'contains', confidence: 'exact', method: 'static', evidence: []}}
] AS row
MATCH (a:DfmapNode {key: row.source})
MATCH (b:DfmapNode {key: row.target})
MERGE (a)-[r:CONTAINS]->(b)
SET r += row.props;
UNWIND [
  {source: 'job:/var/spool/cron/crontabs/dataops:11', target: 'script:/opt/dataops/1.py', props: {kind: 'invokes', confidence: 'exact', method: 'static', evidence: ['/var/spool/cron/crontabs/dataops:11 cron command']}},
  {source: 'job:/var/spool/cron/crontabs/dataops:12', target: 'script:/opt/dataops/2.py', props: {kind: 'invokes', confidence: 'exact', method: 'static', evidence: ['/var/spool/cron/crontabs/dataops:12 cron command']}},
  {source: 'job:/var/spool/cron/crontabs/dataops:13', target: 'script:/opt/dataops/3.py', props: {kind: 'invokes', confidence: 'exact', method: 'static', evidence: ['/var/spool/cron/crontabs/dataops:13 cron command']}},
  {source: 'job:/var/spool/cron/crontabs/dataops:14', target: 'script:/opt/dataops/4.py', props: {kind: 'invokes', confidence: 'exact', method: 'static', evidence: ['/var/spool/cron/crontabs/dataops:14 cron command']}},
  {source: 'job:/var/spool/cron/crontabs/dataops:15', target: 'script:/opt/dataops/5.py', props: {kind: 'invokes', confidence: 'exact', method: 'static', evidence: ['/var/spool/cron/crontabs/dataops:15 cron command']}},
  {source: 'job:/var/spool/cron/crontabs/dataops:16', target: 'script:/opt/dataops/6.py', props: {kind: 'invokes', confidence: 'exact', method: 'static', evidence: ['/var/spool/cron/crontabs/dataops:16 cron command']}}
] AS row
MATCH (a:DfmapNode {key: row.source})
MATCH (b:DfmapNode {key: row.target})
MERGE (a)-[r:INVOKES]->(b)
SET r += row.props;
UNWIND [
  {source: 'endpoint:https://orders-api.northwind-retail.com/v2/orders', target: 'script:/opt/dataops/1.py', props: {kind: 'reads', confidence: 'resolved', method: 'static', evidence: ['/opt/dataops/1.py:30 requests.get']}},
  {source: 'file:/data/extract/daily_sales.csv', target: 'script:/opt/dataops/6.py', props: {kind: 'reads', confidence: 'exact', method: 'static', evidence: ['/opt/dataops/6.py:16 open']}},
  {source: 'file:/data/extract/low_stock.json', target: 'script:/opt/dataops/6.py', props: {kind: 'reads', confidence: 'exact', method: 'static', evidence: ['/opt/dataops/6.py:19 open']}},
  {source: 'file:/data/incoming/vendor/inventory_*.csv', target: 'script:/opt/dataops/2.py', props: {kind: 'reads', confidence: 'partial', method: 'static', evidence: ['/opt/dataops/2.py:28 glob.glob']}},
  {source: 'file:/data/stage/inventory.json', target: 'script:/opt/dataops/4.py', props: {kind: 'reads', confidence: 'exact', method: 'static', evidence: ['/opt/dataops/4.py:21 open']}},
  {source: 'file:/data/stage/orders.json', target: 'script:/opt/dataops/3.py', props: {kind: 'reads', confidence: 'exact', method: 'static', evidence: ['/opt/dataops/3.py:20 open']}},
  {source: 'table:mysql://localhost:3306/shop.order_items', target: 'script:/opt/dataops/5.py', props: {kind: 'reads', confidence: 'exact', method: 'static', evidence: ['/opt/dataops/5.py:22 SELECT']}},
  {source: 'table:mysql://localhost:3306/shop.orders', target: 'script:/opt/dataops/5.py', props: {kind: 'reads', confidence: 'exact', method: 'static', evidence: ['/opt/dataops/5.py:21 SELECT']}},
  {source: 'table:mysql://localhost:3306/shop.products', target: 'script:/opt/dataops/4.py', props: {kind: 'reads', confidence: 'heuristic', method: 'static', evidence: ['/opt/dataops/4.py:27 SELECT']}},
  {source: 'table:mysql://localhost:3306/shop.stock_levels', target: 'script:/opt/dataops/5.py', props: {kind: 'reads', confidence: 'exact', method: 'static', evidence: ['/opt/dataops/5.py:29 SELECT']}}
] AS row
MATCH (a:DfmapNode {key: row.source})
MATCH (b:DfmapNode {key: row.target})
MERGE (a)-[r:READS]->(b)
SET r += row.props;
UNWIND [
  {source: 'script:/opt/dataops/1.py', target: 'file:/data/stage/orders.json', props: {kind: 'writes', confidence: 'exact', method: 'static', evidence: ['/opt/dataops/1.py:43 open(..., \'w\')']}},
  {source: 'script:/opt/dataops/2.py', target: 'file:/data/stage/inventory.json', props: {kind: 'writes', confidence: 'exact', method: 'static', evidence: ['/opt/dataops/2.py:37 open(..., \'w\')']}},
  {source: 'script:/opt/dataops/3.py', target: 'table:mysql://localhost:3306/shop.order_items', props: {kind: 'writes', confidence: 'exact', method: 'static', evidence: ['/opt/dataops/3.py:37 INSERT INTO order_items']}},
  {source: 'script:/opt/dataops/3.py', target: 'table:mysql://localhost:3306/shop.orders', props: {kind: 'writes', confidence: 'exact', method: 'static', evidence: ['/opt/dataops/3.py:28 INSERT INTO orders']}},
  {source: 'script:/opt/dataops/4.py', target: 'table:mysql://localhost:3306/shop.stock_levels', props: {kind: 'writes', confidence: 'exact', method: 'static', evidence: ['/opt/dataops/4.py:38 REPLACE INTO stock_levels']}},
  {source: 'script:/opt/dataops/5.py', target: 'file:/data/extract/daily_sales.csv', props: {kind: 'writes', confidence: 'exact', method: 'static', evidence: ['/opt/dataops/5.py:39 open(..., \'w\')']}},
  {source: 'script:/opt/dataops/5.py', target: 'file:/data/extract/low_stock.json', props: {kind: 'writes', confidence: 'exact', method: 'static', evidence: ['/opt/dataops/5.py:47 open(..., \'w\')']}},
  {source: 'script:/opt/dataops/6.py', target: 'file:/data/export/combined_export.json', props: {kind: 'writes', confidence: 'exact', method: 'static', evidence: ['/opt/dataops/6.py:28 open(..., \'w\')']}}
] AS row
MATCH (a:DfmapNode {key: row.source})
MATCH (b:DfmapNode {key: row.target})
MERGE (a)-[r:WRITES]->(b)
SET r += row.props;
