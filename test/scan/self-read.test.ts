/**
 * A script that reads its own text (`awk ... "$0"` printing its usage header, `open(__file__)`)
 * has no data input in it: the scan keeps no edge from a script's own file to the script.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { scan } from '../../src/scan/index.js';
import { makeRoot } from '../helpers/server-root.js';

const roots: string[] = [];
after(async () => {
  const fs = await import('node:fs');
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

describe('scan: a script reading itself', () => {
  it('keeps the real reads and drops the read of its own file', async () => {
    const root = makeRoot({
      '/etc/cron.d/report': '15 2 * * * root /opt/report/run.sh\n',
      '/opt/report/run.sh':
        '#!/bin/sh\nusage() { awk \'/^#/ { print }\' "$0"; exit 0; }\n[ "$1" = "-h" ] && usage\nsort /srv/in/sales.csv > /srv/out/sales.sorted\n',
      '/srv/in/sales.csv': 'a\n',
    });
    roots.push(root);
    const r = await scan({ root, workers: 0 });
    const edges = r.graph.mapEdges((_e, a, s, t) => `${s} ${a.kind} ${t}`).sort();
    assert.ok(edges.includes('file:/srv/in/sales.csv reads script:/opt/report/run.sh'), edges.join('\n'));
    assert.ok(!edges.some((e) => e.startsWith('file:/opt/report/run.sh reads')), edges.join('\n'));
  });
});
