import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { redactDeep, redactText, redactUrl, stripUserInfo } from '../../src/util/redact.js';

const SECRET = 'Tr0ub4dor';

describe('redaction', () => {
  test('a DSN loses its user-info entirely for identity, and its password in text', () => {
    assert.equal(stripUserInfo(`mysql://etl:${SECRET}@db01/sales`), 'mysql://db01/sales');
    assert.equal(
      redactUrl(`https://h.example.com/x?day=1&api_key=${SECRET}`),
      'https://h.example.com/x?day=1&api_key=***',
    );
    assert.ok(!redactText(`engine = create_engine("postgresql://etl:${SECRET}@pg01/dw")`).includes(SECRET));
  });

  for (const line of [
    `mysql -h db01 -u etl -p${SECRET} sales`,
    `mysql --password=${SECRET} sales`,
    `PGPASSWORD=${SECRET} psql -h pg01`,
    `curl -u etl:${SECRET} https://x.example.com`,
    `password = "${SECRET}"`,
    `DB = {"user": "etl", "password": "${SECRET}"}`,
    `API_TOKEN='${SECRET}'`,
    `headers={"Authorization": "Bearer ${SECRET}"}`,
    `aws_secret_access_key=${SECRET}`,
    `sqlplus -s etl/${SECRET}@//ora01:1521/SALES @load.sql`,
    `sqlplus scott/${SECRET}`,
    `CONNECT etl/${SECRET}@ORCL`,
    `cx_Oracle.connect("etl/${SECRET}@ora01/SALES")`,
    // a site's wrapper named after the client takes the client's options
    `isql_r -U sa -P ${SECRET} -S PROD <<EOF`,
    `/opt/dba/bin/sqlcmd-prod -S db -U sa -P${SECRET}`,
  ]) {
    test(`redacts: ${line.replace(SECRET, 'SECRET')}`, () => {
      assert.ok(!redactText(line).includes(SECRET), redactText(line));
    });
  }

  test('ordinary paths and commands are left alone', () => {
    for (const s of [
      'cp /data/in/a.csv /data/out/',
      'python3 /opt/etl/load-passes.py -p 8080',
      'sort -o /d/x /d/y',
      'cp /data/in/img@2x.png /srv/www/',
    ]) {
      assert.equal(redactText(s), s);
    }
  });

  test('redactDeep blanks secret-named keys at any depth', () => {
    assert.deepEqual(redactDeep({ a: { password: SECRET, host: 'db01' }, list: [`token=${SECRET}`] }), {
      a: { password: '***', host: 'db01' },
      list: ['token=***'],
    });
  });
});

test('incoming-webhook URLs keep only the part before their secret', () => {
  assert.equal(
    redactUrl('https://hooks.slack.com/services/T00/B00/zzz'),
    'https://hooks.slack.com/services/***',
  );
  assert.equal(redactUrl('https://chat.example.net/hooks/abc123'), 'https://chat.example.net/hooks/***');
  assert.equal(redactUrl('https://discord.com/api/webhooks/42/tok'), 'https://discord.com/api/webhooks/***');
  assert.equal(redactUrl('https://api.example.net/v2/hooks'), 'https://api.example.net/v2/hooks');
  assert.equal(redactUrl('https://api.example.net/v2/orders'), 'https://api.example.net/v2/orders');
});
