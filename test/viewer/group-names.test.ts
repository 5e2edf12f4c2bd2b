import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type NamedMember, nameGroups, nameTokens } from '../../web/src/view/group-names.js';

/** A member built from a map node's attributes, as the viewer builds them. */
const m = (attrs: Record<string, unknown>, weight = 1): NamedMember => ({
  tokens: nameTokens(attrs),
  weight,
});
const script = (path: string, weight = 1) => m({ kind: 'script', path }, weight);
const file = (path: string, weight = 1) => m({ kind: 'file', path }, weight);
const table = (ns: string | undefined, name: string, weight = 1) =>
  m({ kind: 'table', name, namespace: ns }, weight);
const database = (url: string, weight = 1) => m({ kind: 'database', url }, weight);

describe('nameTokens: what a node offers to name its group, by construct', () => {
  it('a script offers its directories two levels deep or deeper', () => {
    assert.deepEqual(
      nameTokens({ kind: 'script', path: '/opt/jobs/py/load.py' }).map((t) => t.label),
      ['/opt/jobs/', '/opt/jobs/py/'],
    );
  });

  it('an unknown part of a path ends the directories it offers', () => {
    const labels = nameTokens({ kind: 'file', path: '/data/*/out/x.csv' }).map((t) => t.label);
    assert.deepEqual(labels, []);
  });

  it('a table offers its server, its own name and the family its numbered name belongs to', () => {
    const labels = nameTokens({
      kind: 'table',
      name: 'dw.fact_sales_29',
      namespace: 'postgres://pg01:5432',
    }).map((t) => t.label);
    assert.deepEqual(labels, ['postgres://pg01', 'dw.fact_sales_29', 'dw.fact_sales_*']);
  });

  it('a web endpoint is named by its host, another server by scheme and host, never with credentials', () => {
    const https = nameTokens({
      kind: 'endpoint',
      url: 'https://api.partner3.example.com/v1/feed',
    });
    const sftp = nameTokens({
      kind: 'endpoint',
      url: 'sftp://drop@sftp.example.com/in',
    });
    assert.deepEqual(
      [...https, ...sftp].map((t) => t.label),
      ['api.partner3.example.com', 'sftp://sftp.example.com'],
    );
  });

  it('a job offers only the server it was scanned on', () => {
    const t = nameTokens({ kind: 'job', schedule: '0 2 * * *', host: 'etl01' });
    assert.deepEqual(
      t.map((x) => x.label),
      ['etl01'],
    );
  });
});

describe('nameGroups: each group by what distinguishes it', () => {
  it('five groups that read the same table from the same script directories are named by their own database', () => {
    // the map: every subsystem ran scripts from /opt/jobs/py and read sales.items, five times "sales.items"
    const groups = [0, 1, 2, 3, 4].map((i) => ({
      id: `g${i}`,
      members: [
        ...Array.from({ length: 20 }, (_, k) => script(`/opt/jobs/py/job${i + 5 * k}.py`, 4)),
        database(`mysql://db${i}:3306`, 10),
        table(`mysql://db${i}:3306`, 'sales.items', 21),
        table(`mysql://db${i}:3306`, 'sales.orders', 21),
      ],
    }));
    const names = nameGroups(groups);
    assert.deepEqual(
      [...names.values()],
      ['mysql://db0', 'mysql://db1', 'mysql://db2', 'mysql://db3', 'mysql://db4'],
    );
  });

  it('a group with a directory of its own is named by it, the deepest one that covers as much', () => {
    const names = nameGroups([
      { id: 'billing', members: [script('/opt/billing/bin/run.sh'), file('/opt/billing/bin/rates.csv')] },
      { id: 'reports', members: [script('/srv/reports/daily.py'), file('/srv/reports/daily.html')] },
    ]);
    assert.deepEqual(
      [...names],
      [
        ['billing', '/opt/billing/bin/'],
        ['reports', '/srv/reports/'],
      ],
    );
  });

  it('a directory every group shares, or a table name each has a copy of, loses to a server only this group uses', () => {
    const shared = (i: number) => Array.from({ length: 6 }, (_, k) => script(`/opt/etl/step${i}_${k}.py`));
    const names = nameGroups([
      { id: 'a', members: [...shared(1), table('postgres://pg01', 'dw.orders', 6)] },
      { id: 'b', members: [...shared(2), table('postgres://pg02', 'dw.orders', 6)] },
    ]);
    assert.deepEqual([...names.values()], ['postgres://pg01', 'postgres://pg02']);
  });

  it('two groups whose best token has the same name get a second token that tells them apart', () => {
    // a table of the same name in each (a copy per region, no server known) outweighs their small directories
    const names = nameGroups([
      {
        id: 'a',
        members: [table(undefined, 'sales.items', 10), file('/data/eu/x.csv'), file('/data/eu/y.csv')],
      },
      {
        id: 'b',
        members: [table(undefined, 'sales.items', 10), file('/data/us/x.csv'), file('/data/us/y.csv')],
      },
    ]);
    assert.deepEqual([...names.values()], ['sales.items · /data/eu/', 'sales.items · /data/us/']);
  });

  it('groups nothing tells apart get ordinals, and every name is distinct', () => {
    const same = () => [script('/opt/etl/a.py'), script('/opt/etl/b.py')];
    const names = nameGroups([
      { id: 'a', members: same() },
      { id: 'b', members: same() },
      { id: 'c', members: [script('/srv/other/c.py')] },
    ]);
    assert.deepEqual([...names.values()], ['/opt/etl/ #1', '/opt/etl/ #2', '/srv/other/']);
  });

  it('a group whose members offer no token keeps its fallback name', () => {
    const names = nameGroups([
      { id: 'jobs', fallback: '0 2 * * * backup', members: [m({ kind: 'job' })] },
      { id: 'files', members: [file('/data/in/a.csv')] },
    ]);
    assert.equal(names.get('jobs'), '0 2 * * * backup');
    assert.equal(names.get('files'), '/data/in/');
  });
});
