import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scan } from '../../src/scan/index.js';
import { toNodeLink } from '../../src/store/node-link.js';
import { makeRoot, removeRoot } from '../helpers/server-root.js';

test('a scan with worker threads gives exactly the map of an inline scan', async () => {
  const files: Record<string, string> = { '/etc/hostname': 'etl01\n' };
  const cron: string[] = [];
  for (let i = 0; i < 12; i++) {
    cron.push(`${i} 1 * * * etl /opt/jobs/w${i}.sh /data/in/feed${i}.csv`);
    files[`/opt/jobs/w${i}.sh`] =
      `#!/bin/sh\nexec >> /var/log/w${i}.log 2>&1\nsort -o /data/work/s${i}.csv "$1"\n/opt/jobs/load.sh /data/work/s${i}.csv\n`;
  }
  files['/opt/jobs/load.sh'] = '#!/bin/sh\npsql -h pg01 -d dw -c "\\copy staging.feed FROM \'$1\' CSV"\n';
  files['/etc/cron.d/jobs'] = `${cron.join('\n')}\n`;
  const root = makeRoot(files);
  try {
    const strip = (m: ReturnType<typeof toNodeLink>) => ({ ...m, graph: { ...m.graph, scannedAt: '' } });
    const inline = strip(toNodeLink((await scan({ root, workers: 0 })).graph));
    const pooled = strip(toNodeLink((await scan({ root, workers: 2 })).graph));
    assert.ok(inline.links.length > 40);
    assert.deepEqual(pooled, inline);
  } finally {
    removeRoot(root);
  }
});

test('the pool sends tasks ahead to each worker and answers every one, in any order', async () => {
  const { ExtractPool } = await import('../../src/scan/pool.js');
  const { ServerFs } = await import('../../src/util/server-fs.js');
  const files: Record<string, string> = {};
  for (let i = 0; i < 9; i++) files[`/opt/jobs/p${i}.sh`] = `#!/bin/sh\ncp /data/in/a${i} /data/out/b${i}\n`;
  const root = makeRoot(files);
  const fs = new ServerFs(root);
  try {
    const pool = new ExtractPool(2, { root, host: 'h', budgetMs: 5000 }, fs, 20_000);
    assert.equal(pool.capacity, 24, 'twelve tasks ahead per worker');
    try {
      const results = await Promise.all(Object.keys(files).map((path) => pool.run({ path, args: [] })));
      results.forEach((r, i) => {
        assert.equal(r.node.attrs.path, `/opt/jobs/p${i}.sh`, 'each answer goes to its own task');
        assert.deepEqual(
          r.extraction?.writes.map((w) => w.node.key),
          [`file:/data/out/b${i}`],
        );
      });
    } finally {
      await pool.close();
    }
    // every task over the limit: each gets its warning, the queued ones go to the replacement worker
    const slow = new ExtractPool(1, { root, host: 'h', budgetMs: 5000 }, fs, 1);
    try {
      const results = await Promise.all(Object.keys(files).map((path) => slow.run({ path, args: [] })));
      assert.equal(results.length, 9);
      for (const r of results) {
        assert.equal(r.extraction, undefined);
        assert.deepEqual(
          r.fileDiagnostics.map((d) => d.code),
          ['extract-timeout'],
        );
      }
    } finally {
      await slow.close();
    }
  } finally {
    removeRoot(root);
  }
});
