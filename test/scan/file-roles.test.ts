/**
 * Files that are not data, recognised by construct (issue 11, point 2): stderr redirected into a
 * file, a logging handler, lock and pid files, mktemp; a stdout redirection into a data path stays
 * data, with or without `2>&1`. Scanned for real from a small server, then asked through the CLI:
 * the network measures leave them out.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { scan } from '../../src/scan/index.js';
import { writeMap } from '../../src/store/map-file.js';
import { runMain } from '../helpers/run-main.js';
import { makeRoot, removeRoot } from '../helpers/server-root.js';

const root = makeRoot({
  '/etc/crontab': [
    // stderr alone into a path with no log name: the construct says it is a log
    '0 1 * * * etl /opt/etl/load.sh 2> /srv/etl/errors.txt',
    // stdout (and stderr with it) into a data path: data
    '0 2 * * * etl /opt/etl/dump.sh > /data/out/dump.csv 2>&1',
    '0 3 * * * etl python3 /opt/etl/report.py',
    '',
  ].join('\n'),
  '/opt/etl/load.sh': [
    '#!/bin/sh',
    'echo $$ > /srv/etl/load.pid',
    'flock /srv/etl/load.lock true',
    'cp /data/in/orders.csv /data/stage/orders.csv',
    '',
  ].join('\n'),
  '/opt/etl/dump.sh': '#!/bin/sh\ncat /data/stage/orders.csv\n',
  '/opt/etl/report.py': [
    'import logging',
    "logging.basicConfig(filename='/srv/etl/report.txt')",
    "with open('/data/out/dump.csv') as f, open('/data/out/report.csv', 'w') as out:",
    '    out.write(f.read())',
    '',
  ].join('\n'),
});
let dir = '';
let map = '';
let roles: Record<string, string | undefined> = {};

before(async () => {
  const { graph } = await scan({ root });
  roles = {};
  graph.forEachNode((k, a) => {
    if (a.kind === 'file') roles[k.slice('file:'.length)] = a.role as string | undefined;
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-file-roles-'));
  map = path.join(dir, 'map.json');
  writeMap(graph, map);
});
after(() => {
  removeRoot(root);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('files that are not data', () => {
  it('stderr alone into a file is a log; stdout into a data path stays data, 2>&1 or not', () => {
    assert.equal(roles['/srv/etl/errors.txt'], 'log');
    assert.ok('/data/out/dump.csv' in roles, 'the dump is in the map');
    assert.equal(roles['/data/out/dump.csv'], undefined);
  });

  it('a logging handler is a log; pid and lock files are locks; data files have no role', () => {
    assert.equal(roles['/srv/etl/report.txt'], 'log');
    assert.equal(roles['/srv/etl/load.pid'], 'lock');
    assert.equal(roles['/srv/etl/load.lock'], 'lock', 'the file flock holds');
    assert.equal(roles['/data/stage/orders.csv'], undefined);
    assert.equal(roles['/data/out/report.csv'], undefined);
  });

  it('stats leaves them out and says so; --with-logs keeps them', async () => {
    const r = await runMain('stats', '--map', map, '--json');
    assert.equal(r.code, 0, r.err);
    const withLogs = await runMain('stats', '--map', map, '--json', '--with-logs');
    const left = Object.values(roles).filter((x) => x !== undefined).length;
    assert.equal(JSON.parse(withLogs.out).nodes - JSON.parse(r.out).nodes, left);
    const text = await runMain('stats', '--map', map);
    assert.match(text.err, /left out 2 log files, \d lock\/pid files? \(--with-logs keeps them\)/);
  });
});
