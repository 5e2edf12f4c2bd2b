/**
 * OpenLineage export: JobEvents and RunEvents valid against the OpenLineage 2-0-2 JSON Schemas
 * (../shared/openlineage, a JSON Schema 2020-12 validator), datasets named by OpenLineage's
 * conventions, and --url posting to a real HTTP receiver on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { fleetMaps, run } from '../catalog/fleet-maps.js';

const SHARED = process.env.DFMAP_SHARED ?? path.resolve('../shared');
const SPEC_DIR = path.join(SHARED, 'openlineage');
const NO_SPEC = fs.existsSync(path.join(SPEC_DIR, 'OpenLineage.json'))
  ? false
  : `skipped: the OpenLineage schemas are not at ${SPEC_DIR} (../shared beside the project, or DFMAP_SHARED)`;

type Validate = ((x: unknown) => boolean) & { errors?: unknown };
let event: Validate;
const facetCheck = new Map<string, Validate>();

before(() => {
  if (NO_SPEC) return;
  const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ strict: false, allErrors: true });
  (addFormats as unknown as (a: unknown) => void)(ajv);
  const spec = JSON.parse(fs.readFileSync(path.join(SPEC_DIR, 'OpenLineage.json'), 'utf8'));
  ajv.addSchema(spec);
  for (const f of fs.readdirSync(path.join(SPEC_DIR, 'facets'))) {
    const schema = JSON.parse(fs.readFileSync(path.join(SPEC_DIR, 'facets', f), 'utf8'));
    facetCheck.set(f.replace(/\.json$/, ''), ajv.compile(schema) as Validate);
  }
  event = ajv.getSchema(spec.$id) as Validate;
});

/** Valid as an OpenLineage event, and each facet valid against its own facet schema. */
function assertValid(e: Record<string, unknown>): void {
  assert.ok(event(e), JSON.stringify(event.errors, null, 1));
  const job = e.job as { facets?: Record<string, { _schemaURL: string }> };
  const run = e.run as { facets?: Record<string, { _schemaURL: string }> } | undefined;
  for (const [name, f] of Object.entries({ ...job.facets, ...run?.facets })) {
    const schemaName = /\/([A-Za-z]+)\.json#/.exec(f._schemaURL)?.[1] ?? '';
    const check = facetCheck.get(schemaName);
    assert.ok(check, `no schema for facet ${name} (${f._schemaURL})`);
    assert.ok(check({ [name]: f }), `${name}: ${JSON.stringify(check.errors)}`);
  }
}

const lines = (out: string) =>
  out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('dfmap export --format openlineage', { skip: NO_SPEC }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-ol-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes one valid JobEvent per scheduled job, datasets named by the conventions', async () => {
    const maps = await fleetMaps();
    const r = await run('export', '--format', 'openlineage', '--map', maps.rpt01!);
    assert.equal(r.code, 0, r.err);
    const events = lines(r.out);
    assert.equal(events.length, 1);
    for (const e of events) assertValid(e);
    const e = events[0] as {
      job: { namespace: string; name: string };
      inputs: unknown[];
      outputs: unknown[];
    };
    assert.deepEqual(e.job, { ...e.job, namespace: 'cron://rpt01', name: '/etc/cron.d/reports:2' });
    assert.deepEqual(e.inputs, [
      { namespace: 'file://rpt01', name: '/mnt/reports/stock.csv' },
      { namespace: 'file://rpt01', name: '/srv/incoming/stock.count' },
      { namespace: 'mysql://db01:3306', name: 'sales.orders' },
    ]);
    assert.deepEqual(e.outputs, [{ namespace: 'file://rpt01', name: '/srv/www/reports/daily.html' }]);
  });

  it('names a shared file by its file server in the fleet graph of a catalog', async () => {
    const where = path.join(dir, 'fleet.db');
    const maps = await fleetMaps();
    assert.equal((await run('catalog', 'import', maps.etl02!, maps.rpt01!, '--catalog', where)).code, 0);
    const r = await run('export', '--format', 'openlineage', '--catalog', where);
    assert.equal(r.code, 0, r.err);
    const events = lines(r.out) as Array<{
      job: { namespace: string };
      inputs: unknown[];
      outputs: unknown[];
    }>;
    for (const e of events) assertValid(e as unknown as Record<string, unknown>);
    const shared = { namespace: 'file://nfs01', name: '/export/reports/stock.csv' };
    assert.deepEqual(
      events.find((e) => e.job.namespace === 'cron://etl02')?.outputs.includes(shared) ?? false,
      false,
    );
    assert.ok(
      events
        .find((e) => e.job.namespace === 'cron://etl02')!
        .outputs.some((d) => JSON.stringify(d) === JSON.stringify(shared)),
    );
    assert.ok(
      events
        .find((e) => e.job.namespace === 'cron://rpt01')!
        .inputs.some((d) => JSON.stringify(d) === JSON.stringify(shared)),
    );
  });

  it("--runs: a START and a COMPLETE or FAIL RunEvent per run in cron's records, valid", async () => {
    const root = path.join(dir, 'etl01');
    fs.cpSync(path.resolve('examples/fleet/etl01'), root, { recursive: true });
    fs.mkdirSync(path.join(root, 'var/log'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'var/log/syslog'),
      [
        'Dec  4 01:15:01 etl01 CRON[4121]: (etl) CMD (/usr/bin/python3 /opt/etl/load_orders.py >> /var/log/etl/load_orders.log 2>&1)',
        'Dec  4 01:15:09 etl01 CRON[4121]: (CRON) error (grandchild #4122 failed with exit status 1)',
        '',
      ].join('\n'),
    );
    const map = path.join(dir, 'etl01.json');
    assert.equal((await run('scan', root, '-o', map, '-q')).code, 0);
    const r = await run(
      'export',
      '--format',
      'openlineage',
      '--map',
      map,
      '--runs',
      '--now',
      '2026-12-04T09:00:00Z',
      '--tz',
      'UTC',
    );
    assert.equal(r.code, 0, r.err);
    const events = lines(r.out) as Array<{ eventType: string; run: { runId: string }; eventTime: string }>;
    assert.deepEqual(
      events.map((e) => e.eventType),
      ['START', 'FAIL'],
    );
    for (const e of events) assertValid(e as unknown as Record<string, unknown>);
    assert.equal(events[0]!.run.runId, events[1]!.run.runId);
    assert.equal(events[0]!.eventTime, '2026-12-04T01:15:01.000Z');
    // the same run exported again has the same runId
    const again = lines(
      (
        await run(
          'export',
          '--format',
          'openlineage',
          '--map',
          map,
          '--runs',
          '--now',
          '2026-12-04T09:00:00Z',
          '--tz',
          'UTC',
        )
      ).out,
    );
    assert.equal((again[0] as { run: { runId: string } }).run.runId, events[0]!.run.runId);
  });

  it('--url posts every event to /api/v1/lineage, and stops at a refusal with exit 2', async () => {
    const got: Array<{ url: string; type: string; body: unknown }> = [];
    let refuseAfter = Number.POSITIVE_INFINITY;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (got.length >= refuseAfter) {
          res.writeHead(500).end('lineage store is down');
          return;
        }
        got.push({ url: req.url ?? '', type: req.headers['content-type'] ?? '', body: JSON.parse(body) });
        res.writeHead(201).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const where = path.join(dir, 'post.db');
      const maps = await fleetMaps();
      await run('catalog', 'import', maps.etl01!, maps.etl02!, maps.rpt01!, '--catalog', where);
      const r = await run(
        'export',
        '--format',
        'openlineage',
        '--catalog',
        where,
        '--url',
        base,
        '-o',
        path.join(dir, 'ol.jsonl'),
      );
      assert.equal(r.code, 0, r.err);
      assert.equal(got.length, 3);
      assert.ok(got.every((g) => g.url === '/api/v1/lineage' && g.type === 'application/json'));
      for (const g of got) assertValid(g.body as Record<string, unknown>);
      got.length = 0;
      refuseAfter = 1;
      const refused = await run(
        'export',
        '--format',
        'openlineage',
        '--catalog',
        where,
        '--url',
        base,
        '-o',
        path.join(dir, 'ol2.jsonl'),
      );
      assert.equal(refused.code, 2);
      assert.match(refused.err, /event 2 of 3 refused \(HTTP 500: lineage store is down\)/);
    } finally {
      server.close();
    }
  });
});
