import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scan } from '../../src/scan/index.js';
import { serializeMap } from '../../src/store/map-file.js';
import { makeRoot, removeRoot } from '../helpers/server-root.js';

const SECRET = 'hunter2-xyz';

test('no credential from the server reaches the map: commands, evidence, warnings, urls', async () => {
  const root = makeRoot({
    '/etc/crontab': [
      `DB_URL=postgresql://etl:${SECRET}@pg01:5432/dw`,
      `0 1 * * * etl mysql -h db01 -u etl -p${SECRET} sales < /opt/sql/nightly.sql`,
      `0 2 * * * etl curl -s -u etl:${SECRET} -o /data/in/rates.json https://api.example.com/rates?token=${SECRET}`,
      `0 3 * * * etl PGPASSWORD=${SECRET} /opt/jobs/missing.sh "$DB_URL"`,
    ].join('\n'),
    '/opt/sql/nightly.sql': 'INSERT INTO daily SELECT * FROM orders;\n',
  });
  try {
    const { graph } = await scan({ root });
    const text = serializeMap(graph);
    assert.ok(!text.includes(SECRET), 'the secret appears in the map');
    assert.ok(graph.hasNode('endpoint:https://api.example.com/rates'));
  } finally {
    removeRoot(root);
  }
});
