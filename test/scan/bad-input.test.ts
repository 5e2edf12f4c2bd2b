import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DataflowGraph } from '../../src/graph/types.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { scan } from '../../src/scan/index.js';
import { makeRoot, removeRoot } from '../helpers/server-root.js';

const crontab = [
  '0 1 * * * /opt/jobs/good.sh',
  '0 2 * * * /opt/jobs/binary.sh',
  '0 3 * * * /opt/jobs/latin1.sh',
  '0 4 * * * /opt/jobs/huge.sh',
  '0 5 * * * /opt/jobs/loop.sh',
  '0 6 * * *',
  '0 7 * * * /opt/jobs/broken.sh',
  '0 8 * * * /opt/jobs/gone.sh',
  '0 9 * * * /opt/jobs/fifo.sh',
  '0 10 * * * python3 -m "$(cat /etc/job-module)"',
].join('\n');

let root: string;
let graph: DataflowGraph;
let diags: Diagnostic[];

before(async () => {
  root = makeRoot({
    '/var/spool/cron/crontabs/etl': crontab,
    '/opt/jobs/good.sh': '#!/bin/sh\ncp /data/in/a.csv /data/out/a.csv\n',
    '/opt/jobs/binary.sh': { bytes: new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]) },
    '/opt/jobs/latin1.sh': {
      bytes: Buffer.from('#!/bin/sh\n# r\xe9sum\xe9\ncp /data/in/b.csv /data/out/b.csv\n', 'latin1'),
    },
    '/opt/jobs/huge.sh': `#!/bin/sh\n${'echo padding\n'.repeat(2000)}`,
    '/opt/jobs/loop.sh': { symlink: '/opt/jobs/loop2.sh' },
    '/opt/jobs/loop2.sh': { symlink: '/opt/jobs/loop.sh' },
    '/opt/jobs/broken.sh': '#!/bin/bash\nif [ -f /x ; then\ncp /data/in/c.csv /data/out/c.csv\n',
  });
  execFileSync('mkfifo', [path.join(root, 'opt/jobs/fifo.sh')]);
  const r = await scan({ root, maxFileBytes: 10_000 });
  graph = r.graph;
  diags = r.diagnostics;
});
after(() => removeRoot(root));

const codeAt = (code: string, file: string) =>
  diags.find((d) => d.code === code && d.location?.file === file);

describe('a scan over bad input keeps going', () => {
  test('the good script is mapped', () => {
    assert.ok(graph.hasEdge('file:/data/in/a.csv', 'script:/opt/jobs/good.sh'));
    assert.ok(graph.hasEdge('script:/opt/jobs/good.sh', 'file:/data/out/a.csv'));
  });

  test('a binary file is a warning, not a crash', () => {
    assert.ok(codeAt('binary-file', '/opt/jobs/binary.sh'));
  });

  test('a non-UTF-8 file is read as Latin-1 with a warning, and still extracted', () => {
    assert.ok(codeAt('not-utf8', '/opt/jobs/latin1.sh'));
    assert.ok(graph.hasEdge('script:/opt/jobs/latin1.sh', 'file:/data/out/b.csv'));
  });

  test('a file over the size limit is skipped with a warning', () => {
    assert.match(codeAt('file-too-large', '/opt/jobs/huge.sh')?.message ?? '', /over the 10000-byte limit/);
  });

  test('a symlink loop is a warning', () => {
    assert.ok(codeAt('symlink-loop', '/opt/jobs/loop.sh'));
  });

  test('a malformed crontab line is a warning with file and line', () => {
    const d = diags.find((x) => x.code === 'crontab-malformed');
    assert.deepEqual(d?.location, { file: '/var/spool/cron/crontabs/etl', line: 6 });
  });

  test('a script with a syntax error: a warning with its line, and what parsed is extracted', () => {
    const d = diags.find((x) => x.code === 'parse-error' && x.location?.file === '/opt/jobs/broken.sh');
    assert.ok(d?.location?.line, 'the warning names a line');
    assert.ok(graph.hasEdge('script:/opt/jobs/broken.sh', 'file:/data/out/c.csv'));
  });

  test('a script the job names but that is missing is a script node marked missing', () => {
    assert.equal(graph.getNodeAttribute('script:/opt/jobs/gone.sh', 'missing'), true);
    assert.ok(codeAt('script-missing', '/opt/jobs/gone.sh'));
  });

  test('a FIFO is not read (it would block): a warning', () => {
    assert.ok(codeAt('not-a-file', '/opt/jobs/fifo.sh'));
  });

  test('a command dfmap cannot follow is a warning with file and line', () => {
    const d = diags.find((x) => x.code === 'module-run');
    assert.deepEqual(d?.location, { file: '/var/spool/cron/crontabs/etl', line: 10 });
  });

  test('every warning is also kept in the map', () => {
    assert.equal((graph.getAttribute('warnings') ?? []).length, diags.length);
  });
});
