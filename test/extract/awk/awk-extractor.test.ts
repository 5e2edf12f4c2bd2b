import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confidenceOf, extractSnippet, keys } from '../../helpers/script.js';
import { extractShell } from '../../helpers/shell.js';

const awk = (text: string, opts = {}) => extractSnippet('awk', text, { path: '/opt/rep/split.awk', ...opts });

describe('awk extractor: programs in files', () => {
  it('reads its file operands and binds -v variables from the caller', async () => {
    const x = await awk('{ print $1 > (outdir "/ids.txt") }\n', {
      args: ['-v', 'outdir=/srv/rep/out', '/srv/rep/in/a.log', '/srv/rep/in/b.log'],
    });
    assert.deepEqual(keys(x.reads), ['file:/srv/rep/in/a.log', 'file:/srv/rep/in/b.log']);
    assert.deepEqual(keys(x.writes), ['file:/srv/rep/out/ids.txt']);
    assert.equal(confidenceOf(x.writes, 'file:/srv/rep/out/ids.txt'), 'resolved');
  });

  it('print > and >> write, getline < reads, literal names exact', async () => {
    const x = await awk(
      'BEGIN { while ((getline line < "/srv/rep/ref/codes.txt") > 0) code[line] = 1 }\n$2 in code { print >> "/srv/rep/out/matched.txt" }\n{ printf "%s\\n", $0 > "/srv/rep/out/all.txt" }\n',
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/rep/ref/codes.txt']);
    assert.deepEqual(keys(x.writes), ['file:/srv/rep/out/all.txt', 'file:/srv/rep/out/matched.txt']);
    assert.equal(confidenceOf(x.writes, 'file:/srv/rep/out/matched.txt'), 'exact');
  });

  it('a file name built from a field keeps the field as *, never a guess', async () => {
    const x = await awk('{ print > ("/srv/rep/by_region/" $3 ".csv") }\n');
    assert.deepEqual(keys(x.writes), ['file:/srv/rep/by_region/*.csv']);
    assert.equal(confidenceOf(x.writes, 'file:/srv/rep/by_region/*.csv'), 'partial');
  });

  it('system(), print | "cmd" and "cmd" | getline are shell commands', async () => {
    const x = await awk(
      'END { system("cp /srv/rep/out/all.txt /srv/rep/archive/all.txt"); print "x" | "sort > /srv/rep/out/sorted.txt"; "cat /srv/rep/ref/header.txt" | getline h }\n',
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/rep/out/all.txt', 'file:/srv/rep/ref/header.txt']);
    assert.deepEqual(keys(x.writes), ['file:/srv/rep/archive/all.txt', 'file:/srv/rep/out/sorted.txt']);
  });
});

describe('awk on a shell line', () => {
  it('awk -f prog.awk runs the program with its -v and operands bound', async () => {
    const x = await extractShell(
      'awk -F, -v day="$1" -f /opt/rep/split.awk /srv/rep/in/today.csv > /srv/rep/out/summary.txt\n',
      {
        args: ['20240101'],
      },
    );
    assert.deepEqual(
      x.invokes.map((i) => [i.path, i.language, i.args]),
      [['/opt/rep/split.awk', 'awk', ['-v', 'day=20240101', '/srv/rep/in/today.csv']]],
    );
    // the program's stdout, redirected by the caller, is the awk script's output
    assert.deepEqual(keys(x.invokes[0]?.redirects?.writes ?? []), ['file:/srv/rep/out/summary.txt']);
  });

  it('an inline program: operands read, print > file and getline < file are the script’s own', async () => {
    const x = await extractShell(
      'OUT=/srv/rep/out\nawk -v out="$OUT" \'NR==FNR { seen[$1]; next } !($1 in seen) { print > (out "/new_ids.txt") } END { while ((getline l < "/srv/rep/ref/extra.txt") > 0) n++ }\' /srv/rep/in/old.txt /srv/rep/in/new.txt > /srv/rep/out/log.txt\n',
    );
    assert.deepEqual(keys(x.reads), [
      'file:/srv/rep/in/new.txt',
      'file:/srv/rep/in/old.txt',
      'file:/srv/rep/ref/extra.txt',
    ]);
    assert.deepEqual(keys(x.writes), ['file:/srv/rep/out/log.txt', 'file:/srv/rep/out/new_ids.txt']);
    const ev = x.writes.find((w) => w.node.key === 'file:/srv/rep/out/new_ids.txt')?.evidence;
    assert.equal(ev?.file, '/opt/jobs/run.sh');
    assert.equal(ev?.line, 2);
  });

  it('an inline program running system() walks the command in the calling shell', async () => {
    const x = await extractShell('awk \'{ system("gzip /srv/rep/out/" $1) }\' /srv/rep/in/list.txt\n');
    // the file name comes from a field: the directory is known, the name is `*`
    assert.deepEqual(keys(x.reads), ['file:/srv/rep/in/list.txt', 'file:/srv/rep/out/*']);
    assert.equal(confidenceOf(x.reads, 'file:/srv/rep/out/*'), 'partial');
  });
});
