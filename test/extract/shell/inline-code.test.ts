/**
 * Code given on a command line: `python3 -c CODE`, `perl -e CODE`, `Rscript -e CODE`, `node -e`.
 * The program is the option's value; its language's extractor reads it in the caller's working
 * directory (python -c puts that directory on sys.path, so `from lib.x import f` is a local
 * module), and what it reads and writes is the caller's, with the caller's line as evidence.
 * Seen in real code: a Makefile function that runs `python -c "from scripts.utils import
 * download; download('URL', 'PATH')"` once per file a target downloads.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractCronCommand, extractShell, keys } from '../../helpers/shell.js';

const FETCH_MODULE = `import urllib.request

def grab(url, dest, retries=3):
    with urllib.request.urlopen(url) as r, open(dest, 'wb') as out:
        out.write(r.read())
    return open(dest)
`;

describe('inline code on a command line', () => {
  test('python3 -c calling a local module: the caller reads the URL and writes the file', async () => {
    const ex = await extractCronCommand(
      `cd /srv/feeds && python3 -c "from lib.fetch import grab; grab('https://feeds.example.net/v2/prices.json', 'in/prices.json')"`,
      { files: { '/srv/feeds/lib/fetch.py': FETCH_MODULE, '/srv/feeds/lib/__init__.py': '' } },
    );
    const k = keys(ex);
    assert.ok(k.reads.includes('endpoint:https://feeds.example.net/v2/prices.json'), k.reads.join(' '));
    assert.ok(k.writes.includes('file:/srv/feeds/in/prices.json'), k.writes.join(' '));
    const w = ex.writes.find((x) => x.node.key === 'file:/srv/feeds/in/prices.json');
    assert.match(w?.evidence.construct ?? '', /^python3 -c: /);
    // the module was followed inside the call: an import, not a script run on its own
    const imp = ex.invokes.find((i) => i.path === '/srv/feeds/lib/fetch.py');
    assert.equal(imp?.mode, 'import');
  });

  test('evidence points at the caller, not at the code string', async () => {
    const ex = await extractShell(
      `#!/bin/sh\nset -e\npython3 -c 'import shutil; shutil.copy("/srv/a/ledger.csv", "/srv/b/ledger.csv")'\n`,
      { path: '/opt/jobs/copy.sh' },
    );
    const k = keys(ex);
    assert.deepEqual(k.reads, ['file:/srv/a/ledger.csv']);
    assert.deepEqual(k.writes, ['file:/srv/b/ledger.csv']);
    assert.equal(ex.writes[0]?.evidence.file, '/opt/jobs/copy.sh');
    assert.equal(ex.writes[0]?.evidence.line, 3);
  });

  test('sys.argv of the inline code are the words after it', async () => {
    const ex = await extractShell(
      `python3 -c 'import sys; open(sys.argv[1], "w").write("ok")' /srv/flags/done.flag\n`,
    );
    assert.deepEqual(keys(ex).writes, ['file:/srv/flags/done.flag']);
  });

  test('perl -e, Rscript -e and node -e are read by their own extractors', async () => {
    const perl = await extractShell(`perl -e 'open(my $o, ">", "/srv/rep/perl.txt") or die; print $o "x"'\n`);
    assert.deepEqual(keys(perl).writes, ['file:/srv/rep/perl.txt']);
    const r = await extractShell(`Rscript -e "write.csv(mtcars, '/srv/rep/cars.csv')"\n`);
    assert.deepEqual(keys(r).writes, ['file:/srv/rep/cars.csv']);
    const node = await extractShell(`node -e "require('fs').writeFileSync('/srv/rep/node.json', '{}')"\n`);
    assert.deepEqual(keys(node).writes, ['file:/srv/rep/node.json']);
  });

  test('the word after perl -e CODE is an argument, not a script to run', async () => {
    const ex = await extractShell(`perl -e 'print "hi"' /srv/in/list.txt\n`);
    assert.deepEqual(keys(ex).invokes, []);
  });
});

// The same real server's commands, under other names: old-style tar flag clusters and s3cmd.
describe('tar flag clusters and s3cmd', () => {
  test('tar cvfj ARCHIVE FILES: f takes the next word, not the letter after it', async () => {
    const ex = await extractShell('tar cvfj /srv/dumps/all.tbz /srv/dumps/*.sql\n');
    assert.deepEqual(keys(ex).writes, ['file:/srv/dumps/all.tbz']);
    assert.deepEqual(keys(ex).reads, ['file:/srv/dumps/*.sql']);
  });

  test('s3cmd put, sync (a directory lands under its name) and get', async () => {
    const put = await extractShell(
      '/usr/local/bin/s3cmd put /srv/dumps/all.tbz s3://dump-vault/sql/all.tbz\n',
    );
    assert.deepEqual(keys(put).reads, ['file:/srv/dumps/all.tbz']);
    assert.deepEqual(keys(put).writes, ['endpoint:s3://dump-vault/sql/all.tbz']);
    assert.deepEqual(keys(put).invokes, []);
    const sync = await extractShell(
      's3cmd sync --skip-existing --exclude "*.tmp" /var/www s3://dump-vault/dirs/\n',
    );
    assert.deepEqual(keys(sync).reads, ['file:/var/www']);
    assert.deepEqual(keys(sync).writes, ['endpoint:s3://dump-vault/dirs/www']);
    const get = await extractShell('s3cmd get s3://dump-vault/sql/all.tbz /srv/restore/\n');
    assert.deepEqual(keys(get).writes, ['file:/srv/restore/all.tbz']);
  });
});
