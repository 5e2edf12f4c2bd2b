import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { diffMap, diffMaps, renamer } from '../../src/catalog/diff-maps.js';
import { toRows } from '../../src/catalog/store-snapshot.js';
import { parseAutofsMap, parseAutoMaster, parseMountTable } from '../../src/discover/mounts.js';
import type { NodeLinkData } from '../../src/store/node-link.js';
import { run } from './fleet-maps.js';

function map(host: string, schedule: string, extra = false): NodeLinkData {
  const ev = (line: number) => [{ file: '/opt/x/run.sh', line, construct: 'cp', method: 'static' }];
  return {
    directed: true,
    multigraph: false,
    graph: { host },
    nodes: [
      { id: `job://${host}/etc/crontab:3`, kind: 'job', label: 'j', schedule } as never,
      {
        id: `script://${host}/opt/x/run.sh`,
        kind: 'script',
        label: 'run.sh',
        path: '/opt/x/run.sh',
      } as never,
      { id: `file://${host}/data/a.csv`, kind: 'file', label: 'a.csv', path: '/data/a.csv' } as never,
      ...(extra
        ? [{ id: `file://${host}/data/b.csv`, kind: 'file', label: 'b.csv', path: '/data/b.csv' } as never]
        : []),
    ],
    links: [
      {
        source: `job://${host}/etc/crontab:3`,
        target: `script://${host}/opt/x/run.sh`,
        kind: 'invokes',
        confidence: 'exact',
        method: 'static',
        evidence: ev(3),
      } as never,
      {
        source: `script://${host}/opt/x/run.sh`,
        target: `file://${host}/data/a.csv`,
        kind: 'writes',
        confidence: extra ? 'partial' : 'exact',
        method: 'static',
        evidence: ev(7),
      } as never,
      ...(extra
        ? [
            {
              source: `script://${host}/opt/x/run.sh`,
              target: `file://${host}/data/b.csv`,
              kind: 'writes',
              confidence: 'exact',
              method: 'static',
              evidence: ev(8),
            } as never,
          ]
        : []),
    ],
  };
}

describe('dfmap diff', () => {
  it('finds added, removed and changed nodes and edges across a host rename', () => {
    const a = map('etl01', '0 2 * * *');
    const b = map('etl02', '30 2 * * *', true);
    const d = diffMaps(a, b, { a: 'A', b: 'B' }, [{ from: 'etl01', to: 'etl02' }]);
    assert.equal(d.same, false);
    assert.deepEqual(d.nodes.added, [{ key: 'file://etl02/data/b.csv', kind: 'file' }]);
    assert.deepEqual(d.nodes.removed, []);
    assert.deepEqual(d.nodes.changed, [
      { key: 'job://etl02/etc/crontab:3', kind: 'job', changes: { schedule: ['0 2 * * *', '30 2 * * *'] } },
    ]);
    assert.equal(d.edges.added.length, 1);
    assert.deepEqual(d.edges.changed[0]!.changes, { confidence: ['exact', 'partial'] });
    // without the rename, every node of A is removed and every node of B added
    const raw = diffMaps(a, b, { a: 'A', b: 'B' });
    assert.equal(raw.nodes.removed.length, 3);
    // the viewer's map: B plus A's removed parts, each marked
    const v = diffMap(b, a, diffMaps(b, a, { a: 'B', b: 'A' }, [{ from: 'etl02', to: 'etl01' }]), [
      { from: 'etl02', to: 'etl01' },
    ]);
    const marks = Object.fromEntries(v.nodes.map((n) => [n.id, (n as Record<string, unknown>).diff]));
    assert.equal(marks['file://etl01/data/b.csv'], 'removed');
    assert.equal(marks['job://etl01/etc/crontab:3'], 'changed');
    assert.equal(marks['file://etl01/data/a.csv'], undefined);
    assert.ok(v.links.some((l) => (l as Record<string, unknown>).diff === 'removed'));
  });

  it('renames hosts only where a host stands, and path prefixes only at a boundary', () => {
    const r = renamer([
      { from: 'etl01', to: 'etl02' },
      { from: '/opt/old', to: '/opt/new' },
    ]);
    assert.equal(r('script://etl01/opt/old/run.sh'), 'script://etl02/opt/new/run.sh');
    assert.equal(r('file://etl01/data/etl01.csv'), 'file://etl02/data/etl01.csv');
    assert.equal(r('file://etl01/opt/older/x'), 'file://etl02/opt/older/x');
    assert.equal(r('host:etl01'), 'host:etl02');
  });

  it('exits 1 with the changes for two map files, 0 for the same map', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-diff-'));
    const fa = path.join(dir, 'a.json');
    const fb = path.join(dir, 'b.json');
    fs.writeFileSync(fa, JSON.stringify(map('etl01', '0 2 * * *')));
    fs.writeFileSync(fb, JSON.stringify(map('etl01', '0 3 * * *')));
    const d = await run('diff', fa, fb);
    assert.equal(d.code, 1);
    assert.match(d.out, /~ job job:\/\/etl01\/etc\/crontab:3 {2}schedule: "0 2 \* \* \*" -> "0 3 \* \* \*"/);
    assert.equal((await run('diff', fa, fa)).code, 0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('shared mounts', () => {
  it('reads NFS and CIFS from fstab and autofs maps; joins files by their export', () => {
    const fstab = parseMountTable(
      '# comment\nnfs01:/export/reports /data/exports nfs rw 0 0\n//fs01/Share\\040One /mnt/share cifs ro 0 0\n/dev/sda1 / ext4 defaults 0 1\n',
      '/etc/fstab',
    );
    assert.deepEqual(
      fstab.map((m) => [m.type, m.server, m.export, m.mountpoint, m.source]),
      [
        ['nfs', 'nfs01', '/export/reports', '/data/exports', '/etc/fstab:2'],
        ['cifs', 'fs01', 'Share One', '/mnt/share', '/etc/fstab:3'],
      ],
    );
    assert.deepEqual(parseAutoMaster('/mnt/auto /etc/auto.data --timeout=60\n+auto.master\n'), [
      { dir: '/mnt/auto', map: '/etc/auto.data' },
    ]);
    const auto = parseAutofsMap(
      'reports -fstype=nfs4,ro nfs01:/export/reports\nlocal -fstype=ext4 :/dev/sdb1\n',
      '/etc/auto.data',
      '/mnt/auto',
    );
    assert.deepEqual(
      auto.map((m) => m.mountpoint),
      ['/mnt/auto/reports'],
    );
    const rows = toRows(
      {
        directed: true,
        multigraph: false,
        graph: { host: 'rpt01', mounts: auto },
        nodes: [
          {
            id: 'file:/mnt/auto/reports/x.csv',
            kind: 'file',
            label: 'x.csv',
            path: '/mnt/auto/reports/x.csv',
          } as never,
        ],
        links: [],
      },
      'rpt01',
    );
    assert.equal(rows.nodes[0]!.key, 'file://nfs01/export/reports/x.csv');
  });
});
