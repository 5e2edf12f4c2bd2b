/**
 * How a run is judged from what it left behind: shared logs split between their writers, a run that
 * left nothing in its own log, a systemd timer's service in an exported journal.
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { indexFlow } from '../../src/graph/flow-index.js';
import { assessHealth } from '../../src/health/assess.js';
import { toJobNode, toScriptNode } from '../../src/model/keys.js';
import { removeRoot } from '../helpers/server-root.js';
import { local, pyLine, World } from './world.js';

const roots: string[] = [];
after(() => {
  for (const r of roots) removeRoot(r);
});
const NOW = local('2026-11-26 09:00');

describe('a log several scripts append to', () => {
  it('gives each writer the lines that name it, whatever the schedule says', async () => {
    // both run at 02:00: the schedule cannot split their lines, the names in them can
    const w = new World();
    w.job('0 2 * * *', '/opt/etl/load.py', { log: '/var/log/etl/all.log' });
    w.job('0 2 * * *', '/opt/etl/report.py', { log: '/var/log/etl/all.log' });
    for (const day of ['2026-11-25', '2026-11-26']) {
      w.cronRun(`${day} 02:00:01`, '/usr/bin/python3 /opt/etl/load.py >> /var/log/etl/all.log 2>&1');
      w.cronRun(`${day} 02:00:01`, '/usr/bin/python3 /opt/etl/report.py >> /var/log/etl/all.log 2>&1');
    }
    w.log(
      '/var/log/etl/all.log',
      [
        pyLine('2026-11-26 02:00:02', 'INFO', 'load.py loaded 200 rows'),
        pyLine('2026-11-26 02:00:03', 'ERROR', 'report.py permission denied: /srv/reports/daily.pdf'),
        pyLine('2026-11-26 02:00:04', 'INFO', 'load.py done'),
      ],
      '2026-11-26 02:00:04',
    );
    const { root, graph } = w.build();
    roots.push(root);
    const r = await assessHealth(indexFlow(graph), { root, now: NOW });
    assert.equal(r.nodes.get('script:/opt/etl/load.py')!.status, 'ok');
    const report = r.nodes.get('script:/opt/etl/report.py')!;
    assert.equal(report.status, 'failing');
    assert.match(report.summary, /permission denied/);
  });
});

describe('a run that left nothing in its own log', () => {
  it('is failing when cron started it and its log had lines from every earlier run', async () => {
    const w = new World();
    w.job('30 1 * * *', '/opt/etl/load.py');
    w.writes('/opt/etl/load.py', '/var/log/etl/load.log');
    const lines: string[] = [];
    for (const day of ['2026-11-24', '2026-11-25', '2026-11-26']) {
      w.cronRun(`${day} 01:30:01`, '/usr/bin/python3 /opt/etl/load.py');
      if (day !== '2026-11-26') lines.push(pyLine(`${day} 01:30:09`, 'INFO', 'load.py loaded 812 orders'));
    }
    w.log('/var/log/etl/load.log', lines, '2026-11-25 01:30:09');
    const { root, graph } = w.build();
    roots.push(root);
    const h = (await assessHealth(indexFlow(graph), { root, now: NOW })).nodes.get(
      'script:/opt/etl/load.py',
    )!;
    assert.equal(h.status, 'failing');
    assert.match(
      h.summary,
      /cron started it 01:30 today, but nothing in \/var\/log\/etl\/load\.log since; last: "INFO load\.py loaded 812 orders"/,
    );
  });
});

describe('systemd timers', () => {
  it("judges the timer's service from an exported journal: started, then failed", async () => {
    const w = new World();
    const job = toJobNode('/etc/systemd/system/etl.timer', undefined, {
      schedule: '*-*-* 02:00:00',
      scheduler: 'systemd',
      label: 'etl.timer',
    });
    w.edges.push({
      from: job,
      to: toScriptNode('/opt/etl/run.sh'),
      kind: 'invokes',
      confidence: 'exact',
      evidence: {
        file: '/etc/systemd/system/etl.service',
        line: 5,
        construct: 'ExecStart=',
        method: 'static',
      },
    });
    w.files['/etc/systemd/system/etl.timer'] = '[Timer]\nOnCalendar=*-*-* 02:00:00\nUnit=etl.service\n';
    const { root, graph } = w.build();
    roots.push(root);
    const us = (s: string) => String(local(s).getTime() * 1000);
    const journal = path.join(root, '..', `${path.basename(root)}-journal.json`);
    roots.push(journal);
    fs.writeFileSync(
      journal,
      [
        {
          __REALTIME_TIMESTAMP: us('2026-11-26 02:00:00'),
          UNIT: 'etl.service',
          MESSAGE: 'Starting etl.service - Nightly ETL...',
        },
        {
          __REALTIME_TIMESTAMP: us('2026-11-26 02:00:03'),
          _SYSTEMD_UNIT: 'etl.service',
          MESSAGE:
            'psql: error: connection to server at "wh01" (10.0.0.5), port 5432 failed: Connection refused',
        },
        {
          __REALTIME_TIMESTAMP: us('2026-11-26 02:00:03'),
          UNIT: 'etl.service',
          MESSAGE: "etl.service: Failed with result 'exit-code'.",
        },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n'),
    );
    const r = await assessHealth(indexFlow(graph), { root, now: NOW, journals: [journal] });
    assert.match(r.nodes.get(job.key)!.summary, /systemd started it 02:00 today/);
    const script = r.nodes.get('script:/opt/etl/run.sh')!;
    assert.equal(script.status, 'failing');
    assert.match(script.summary, /connection to server at "wh01"/);
    assert.equal(script.evidence[0]!.source, 'journal');
  });
});
