/**
 * A report mailed from a job leaves the server: each recipient of mail/mailx/mutt and of
 * sendmail-style programs is written as a `mailto:` endpoint. Only addresses known in full are
 * named; a bare local user is a mailbox on the host, and `sendmail -t` takes its recipients from
 * the message: neither names an endpoint.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractShell, keys } from '../../helpers/shell.js';

describe('mail recipients', () => {
  test('mail -s SUBJ ADDR < FILE reads the file and writes the recipient', async () => {
    const ex = await extractShell(
      `#!/bin/sh\nTEAM=night-desk@paper.example\nmail -s "ingest summary" -c editor@paper.example $TEAM < /srv/ingest/summary.txt\n`,
    );
    const k = keys(ex);
    assert.deepEqual(k.reads, ['file:/srv/ingest/summary.txt']);
    assert.deepEqual(k.writes, [
      'endpoint:mailto:editor@paper.example',
      'endpoint:mailto:night-desk@paper.example',
    ]);
    const w = ex.writes.find((x) => x.node.key === 'endpoint:mailto:night-desk@paper.example');
    assert.equal(w?.confidence, 'resolved');
  });

  test('a function piping a here-document to sendmail $1 writes the address it was called with', async () => {
    const ex = await extractShell(
      `#!/bin/bash\nnotify() {\n  (\ncat <<MSG\nSubject: counts\nFrom: robot@localhost\n\ntotals\nMSG\n) | /usr/sbin/sendmail -i $1\n}\nnotify Desk@Paper.Example\n`,
    );
    assert.deepEqual(keys(ex).writes, ['endpoint:mailto:desk@paper.example']);
  });

  test('sendmail -t, an unknown recipient and a local user name nothing', async () => {
    const ex = await extractShell(
      `#!/bin/sh\nsendmail -t < /srv/ingest/message.eml\nmailx -s report "$RECIPIENT" < /srv/ingest/summary.txt\nsendmail root < /srv/ingest/short.txt\nmail -s done $USER < /srv/ingest/short.txt\n`,
    );
    const k = keys(ex);
    assert.deepEqual(k.writes, []);
    assert.deepEqual(k.reads, [
      'file:/srv/ingest/message.eml',
      'file:/srv/ingest/short.txt',
      'file:/srv/ingest/summary.txt',
    ]);
  });
});

describe('report attachments and listings', () => {
  test('uuencode FILE NAME | mail reads FILE; with one operand the word is only a name', async () => {
    const ex = await extractShell(
      `uuencode /srv/ingest/table.csv table.csv | mail -s t night-desk@paper.example\ncat /srv/ingest/x.csv | uuencode x.csv | mail -s x night-desk@paper.example\n`,
    );
    assert.deepEqual(keys(ex).reads, ['file:/srv/ingest/table.csv', 'file:/srv/ingest/x.csv']);
  });

  test('column -t -s, FILE and base64 FILE read FILE; xargs -a LIST reads LIST', async () => {
    const ex = await extractShell(
      `column -t -s, /srv/ingest/wide.csv > /srv/ingest/wide.txt\nbase64 -w 0 /srv/ingest/logo.png > /srv/ingest/logo.b64\nxargs -a /srv/ingest/names.txt cat > /srv/ingest/all.txt\n`,
    );
    const k = keys(ex);
    assert.deepEqual(k.reads, [
      'file:/srv/ingest/logo.png',
      'file:/srv/ingest/names.txt',
      'file:/srv/ingest/wide.csv',
    ]);
    assert.deepEqual(k.writes, [
      'file:/srv/ingest/all.txt',
      'file:/srv/ingest/logo.b64',
      'file:/srv/ingest/wide.txt',
    ]);
  });
});
