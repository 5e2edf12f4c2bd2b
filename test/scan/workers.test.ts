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
