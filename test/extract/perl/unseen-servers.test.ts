/**
 * Perl constructs met in scheduled dump and report scripts of public repositories (issue 10,
 * class 5), rewritten with other names.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createParsers, type Parsers } from '../../../src/extract/parse/tree-sitter.js';
import { perlExtractor } from '../../../src/extract/perl/index.js';
import type { Extraction } from '../../../src/extract/types.js';
import { ServerFs } from '../../../src/util/server-fs.js';
import { makeRoot, removeRoot } from '../../helpers/server-root.js';

let parsers: Parsers;
let root: string;
before(async () => {
  parsers = await createParsers();
  root = makeRoot({});
});
after(() => removeRoot(root));

function perl(text: string, args: string[] = [], cwd = '/home/ops/dumps'): Extraction {
  return perlExtractor.extract({
    path: '/usr/local/sbin/rollup.pl',
    text,
    language: 'perl',
    args,
    env: {},
    cwd,
    host: 'ops01',
    fs: new ServerFs(root),
    parsers,
    budgetMs: 5000,
  });
}
const reads = (x: Extraction): string[] => [...new Set(x.reads.map((r) => r.node.key))].sort();
const writes = (x: Extraction): string[] => [...new Set(x.writes.map((r) => r.node.key))].sort();

describe('perl: Getopt::Long leaves only the plain arguments in @ARGV', () => {
  it('an option value given as a separate word is not taken by a later shift', () => {
    const x = perl(
      [
        'use Getopt::Long;',
        'my $archive;',
        "GetOptions('archive=s' => \\$archive, 'verbose!' => \\my $loud);",
        'my $ledger = shift(@ARGV);',
        'open(my $in, "<", $ledger) or die;',
        'open(my $out, ">", "$archive/ledger.copy") or die;',
      ].join('\n'),
      ['--archive', '/srv/archive', '--verbose', '/srv/books/ledger.txt'],
    );
    assert.deepEqual(reads(x), ['file:/srv/books/ledger.txt']);
    assert.deepEqual(writes(x), ['file:/srv/archive/ledger.copy']);
  });

  it('the hash form binds each option into the hash', () => {
    const x = perl(
      [
        'use Getopt::Long;',
        'my %o;',
        "GetOptions(\\%o, 'src=s', 'dst=s');",
        'open(IN, $o{src});',
        'open(OUT, ">$o{dst}");',
      ].join('\n'),
      ['--src=/srv/feed/today.tsv', '--dst', '/srv/feed/today.clean'],
    );
    assert.deepEqual(reads(x), ['file:/srv/feed/today.tsv']);
    assert.deepEqual(writes(x), ['file:/srv/feed/today.clean']);
  });
});

describe('perl: values the script rewrites', () => {
  it('s{.*/}{} keeps the base name, so the file lands in the working directory', () => {
    const x = perl(
      [
        'my $repo = shift(@ARGV);',
        'my $name = "$repo.snapshot";',
        '$name =~ s{.*/}{};',
        'open(STDOUT, ">$name") or die;',
      ].join('\n'),
      ['/data/repos/alpha'],
    );
    assert.deepEqual(writes(x), ['file:/home/ops/dumps/alpha.snapshot']);
  });

  it('a stripped name with unknown parts is still in the working directory, never at its old place', () => {
    const x = perl(
      [
        'sub dump_one {',
        '  my ($repo, $rev) = @_;',
        '  (my $out = "$repo-$rev.snapshot") =~ s@^.*/@@;',
        '  open(OUT, ">$out");',
        '}',
        'dump_one($_, 7) for @ARGV;',
      ].join('\n'),
      ['/data/repos/*'],
    );
    assert.deepEqual(writes(x), ['file:/home/ops/dumps/*-7.snapshot']);
  });

  it('$$ and match groups are unknown parts, not literal text', () => {
    const x = perl('open(ERR, ">/tmp/rollup-$$.err");\nopen(LOG, ">>/var/log/rollup-$1.log");');
    assert.deepEqual(writes(x), ['file:/tmp/rollup-*.err', 'file:/var/log/rollup-*.log']);
  });
});

describe("perl: a sub's my variables do not leak into the caller", () => {
  it('a helper that declares the same names leaves the caller its own values', () => {
    const x = perl(
      [
        'sub same_as_last {',
        '  my ($dir, $target) = @_;',
        '  my $final = "$dir/$target";',
        '  return system("cmp -s $dir/last $final") == 0;',
        '}',
        'my $dir = "/srv/exports";',
        'my $temp = "$dir/export.partial";',
        'my $final = "$dir/export.csv";',
        'if (same_as_last($dir, "export.partial")) { unlink($temp) }',
        "else { system('mv', $temp, $final) }",
      ].join('\n'),
    );
    assert.ok(writes(x).includes('file:/srv/exports/export.csv'));
    assert.ok(!writes(x).includes('file:/srv/exports/export.partial'));
  });
});

describe('perl: bareword handles and directory loops', () => {
  it('two-argument open with a bareword handle, and files found by readdir under the opened directory', () => {
    const x = perl(
      [
        'my $spool = "/var/spool/tallies";',
        'opendir(SPOOL, $spool) or die;',
        'while (my $f = readdir(SPOOL)) {',
        '  next unless $f =~ /\\.cnt$/;',
        '  open(TALLY, "$spool/$f") or next;',
        '  open(SUM, ">>/srv/reports/tallies.sum");',
        '}',
        'my $override = $ARGV[0];',
        'open(EXTRA, $override);',
      ].join('\n'),
      ['/srv/reports/extra.cnt'],
    );
    assert.deepEqual(reads(x), ['file:/srv/reports/extra.cnt', 'file:/var/spool/tallies/*']);
    assert.deepEqual(writes(x), ['file:/srv/reports/tallies.sum']);
  });
});

describe('perl: argv lists built in arrays', () => {
  it('system(@cmd, ...) spreads the array, and push adds to it', () => {
    const x = perl(
      [
        'my @pack = qw(gzip -k);',
        "push(@pack, '-9') if $ENV{BEST};",
        "my @logs = ('/var/log/tallies/a.log', '/var/log/tallies/b.log');",
        'system(@pack, @logs);',
      ].join('\n'),
    );
    assert.deepEqual(reads(x), ['file:/var/log/tallies/a.log', 'file:/var/log/tallies/b.log']);
    assert.deepEqual(writes(x), ['file:/var/log/tallies/a.log.gz', 'file:/var/log/tallies/b.log.gz']);
  });
});

// seen in a DBA's Sybase jobs: the server is the host's name, renamed on the test box only
describe('perl: a branch that may not run does not replace a value known only at run time', () => {
  it('hostname() stays unknown under `if ($server =~ /test/) { $server = "TEST" }`; a default still applies', () => {
    const x = perl(
      [
        'use Sys::Hostname;',
        'my $server = hostname();',
        'if ($server =~ /dbtest/) {',
        '  $server = "DBTEST";',
        '}',
        'open(my $out, ">", "/var/dba/$server.status");',
        'my $dir;',
        'if ($ENV{NIGHTLY}) {',
        '  $dir = "/var/dba/nightly";',
        '}',
        'open(my $done, ">", "$dir/done.flag");',
      ].join('\n'),
    );
    assert.deepEqual(writes(x), ['file:/var/dba/*.status', 'file:/var/dba/nightly/done.flag']);
  });
});
