import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { dropEdgesBelow } from '../../src/graph/confidence-filter.js';
import { scan } from '../../src/scan/index.js';
import { makeRoot, removeRoot } from '../helpers/server-root.js';

const root = makeRoot({
  '/etc/crontab':
    '25 6 * * * root test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily )\n',
  '/etc/cron.daily/export-sales':
    '#!/bin/sh\nD=$(date +%F)\ncp /data/sales/today.csv /data/export/sales_$D.csv\ncp /data/sales/today.csv "$EXPORT_DIR/x.csv"\n',
  '/opt/adhoc/fix_prices.sh': '#!/bin/bash\nsed -i s/a/b/ /data/prices.csv\n',
  '/opt/adhoc/README.txt': 'not a script\n',
  '/opt/adhoc/refresh': '#!/bin/sh\ntouch /data/refresh.done\n',
});
after(() => removeRoot(root));

test("run-parts on a cron line schedules each script in the directory with that line's time", async () => {
  const { graph } = await scan({ root });
  assert.ok(graph.hasEdge('job:/etc/crontab:1', 'script:/etc/cron.daily/export-sales'));
  assert.equal(graph.outDegree('script:/etc/cron.daily/export-sales'), 1, 'no edge to a guessed directory');
  const notes = (graph.getAttribute('warnings') ?? []).filter((d) => d.code === 'unresolved-path');
  assert.equal(notes[0]?.location?.line, 4, 'the unresolved path is noted with its line');
  assert.equal(graph.getNodeAttribute('job:/etc/crontab:1', 'schedule'), '25 6 * * *');
});

test('--include adds scripts nothing schedules; without it they are not scanned', async () => {
  assert.equal((await scan({ root })).graph.hasNode('script:/opt/adhoc/fix_prices.sh'), false);
  const { graph } = await scan({ root, include: ['/opt/adhoc'] });
  assert.ok(graph.hasEdge('script:/opt/adhoc/fix_prices.sh', 'file:/data/prices.csv'));
  assert.equal(graph.hasNode('script:/opt/adhoc/README.txt'), false);
  assert.ok(
    graph.hasEdge('script:/opt/adhoc/refresh', 'file:/data/refresh.done'),
    'a script without extension, by its shebang',
  );
});

test('--min-confidence drops the less sure edges and the nodes they leave alone', async () => {
  const { graph } = await scan({ root });
  assert.equal(
    graph.getEdgeAttribute(
      'script:/etc/cron.daily/export-sales',
      'file:/data/export/sales_*.csv',
      'confidence',
    ),
    'partial',
  );
  dropEdgesBelow(graph, 'resolved');
  assert.equal(graph.hasNode('file:/data/export/sales_*.csv'), false);
  assert.ok(graph.hasEdge('file:/data/sales/today.csv', 'script:/etc/cron.daily/export-sales'));
});

test("a script's $(hostname) is the server's name from /etc/hostname or --host; unknown without either", async () => {
  const files = {
    '/etc/cron.d/backup': '0 1 * * * root /opt/jobs/push.sh\n',
    '/opt/jobs/push.sh': '#!/bin/sh\nrsync -a /data/out/ backup01:/srv/backup/$(hostname)/\n',
  };
  const targets = async (extra: Record<string, string>, host?: string) => {
    const where = makeRoot({ ...files, ...extra });
    try {
      const { graph } = await scan({ root: where, ...(host ? { host } : {}) });
      return [graph.getAttribute('host'), graph.outNeighbors('script:/opt/jobs/push.sh')];
    } finally {
      removeRoot(where);
    }
  };
  assert.deepEqual(await targets({ '/etc/hostname': 'etl07\n' }), [
    'etl07',
    ['endpoint:sftp://backup01/srv/backup/etl07'],
  ]);
  assert.deepEqual(await targets({}, 'etl09'), ['etl09', ['endpoint:sftp://backup01/srv/backup/etl09']]);
  // the map calls the host 'localhost' for want of a name; the script's hostname would not print that
  assert.deepEqual(await targets({}), ['localhost', ['endpoint:sftp://backup01/srv/backup/*']]);
});

test('an edge to a node that holds a * is partial in the map, whatever language made it (Perl here)', async () => {
  const where = makeRoot({
    '/etc/cron.d/totals': '0 2 * * * etl /opt/etl/totals.pl\n',
    '/opt/etl/totals.pl':
      '#!/usr/bin/perl\nuse DBI;\nmy $dbh = DBI->connect("dbi:mysql:database=shop;host=$ENV{DB_HOST}", "u", "p");\n$dbh->do("INSERT INTO totals SELECT * FROM orders");\n',
  });
  try {
    const { graph } = await scan({ root: where });
    const script = 'script:/opt/etl/totals.pl';
    const tables = graph.outNeighbors(script).filter((n) => n.startsWith('table:'));
    assert.deepEqual(tables, ['table:mysql://*:3306/shop.totals']);
    assert.equal(graph.getEdgeAttribute(graph.edge(script, tables[0]!)!, 'confidence'), 'partial');
    const read = graph.inNeighbors(script).find((n) => n.startsWith('table:'))!;
    assert.equal(graph.getEdgeAttribute(graph.edge(read, script)!, 'confidence'), 'partial');
  } finally {
    removeRoot(where);
  }
});
