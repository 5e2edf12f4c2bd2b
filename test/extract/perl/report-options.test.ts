/**
 * Perl report jobs: options read with Getopt::Std, a config file beside the script found through
 * `dirname(abs_path($0))`, and a loop over `glob(...)` whose variable names the matched files.
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
  root = makeRoot({
    '/opt/tally/lib/Tally/Paths.pm':
      'package Tally::Paths;\nuse strict;\nour $SPOOL = "/srv/tally";\nmy $sub = "out";\nsub outdir { return "$SPOOL/$sub"; }\nsub stamp_file { my $d = shift; open(my $s, ">", "$SPOOL/stamps/$d") or die; }\n1;\n',
  });
});
after(() => removeRoot(root));

function perl(text: string, args: string[] = []): Extraction {
  return perlExtractor.extract({
    path: '/opt/tally/bin/digest.pl',
    text,
    language: 'perl',
    args,
    env: {},
    cwd: '/home/tally',
    host: 'rep02',
    fs: new ServerFs(root),
    parsers,
    budgetMs: 5000,
  });
}
const keys = (refs: Extraction['reads']): string[] => [...new Set(refs.map((r) => r.node.key))].sort();

describe('perl: Getopt::Std', () => {
  it('getopts with a hash: letters followed by : take a value, glued or as the next word', () => {
    const x = perl(
      [
        'use Getopt::Std;',
        'my %o;',
        "getopts('vs:d:', \\%o);",
        "my $src = $o{s} || '/var/log/default';",
        'open(IN, "<$src/events.log");',
        'open(OUT, ">$o{d}");',
        'my $rest = shift;',
        'open(R, $rest);',
      ].join('\n'),
      ['-v', '-s', '/srv/feed', '-d/srv/out/digest.txt', '/srv/extra.txt'],
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/extra.txt', 'file:/srv/feed/events.log']);
    assert.deepEqual(keys(x.writes), ['file:/srv/out/digest.txt']);
  });

  it('getopt without a hash sets $opt_X; an option not passed keeps the default', () => {
    const x = perl(
      [
        'use Getopt::Std;',
        "getopt('io');",
        'my $in = $opt_i;',
        "my $out = $opt_o || '/srv/out/default.txt';",
        'open(IN, $in); open(OUT, ">$out");',
      ].join('\n'),
      ['-i', '/srv/feed/a.log'],
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/feed/a.log']);
    assert.deepEqual(keys(x.writes), ['file:/srv/out/default.txt']);
  });
});

describe('perl: paths from the script and loop variables', () => {
  it('dirname(abs_path($0)) is the script directory', () => {
    const x = perl(
      [
        "use Cwd 'abs_path';",
        'use File::Basename;',
        'my $base = dirname(abs_path($0));',
        'open(C, "$base/../etc/digest.conf");',
      ].join('\n'),
    );
    assert.deepEqual(keys(x.reads), ['file:/opt/tally/etc/digest.conf']);
  });

  it('foreach my $f (glob(PATTERN)): $f names the matched files, so gzip writes PATTERN.gz beside them', () => {
    const x = perl(
      [
        'my $dir = "/srv/feed";',
        'foreach my $csv (sort glob("$dir/*.csv")) {',
        '  system("gzip", "-9", $csv);',
        '}',
      ].join('\n'),
    );
    assert.deepEqual(keys(x.writes), ['file:/srv/feed/*.csv.gz']);
  });

  it('a loop over several values leaves the variable unknown, never the first value', () => {
    const x = perl(['foreach my $f ("/srv/a.txt", "/srv/b.txt") {', '  open(IN, $f);', '}'].join('\n'));
    assert.deepEqual(keys(x.reads), []);
  });
});

describe('perl: a local module found through use lib', () => {
  it('package variables and subs of lib/NAME.pm are known; its I/O has its own file as evidence', () => {
    const x = perl(
      [
        'use FindBin qw($Bin);',
        'use lib "$Bin/../lib";',
        'use Tally::Paths;',
        'open(IN, "<$Tally::Paths::SPOOL/in/today.csv");',
        'my $out = Tally::Paths::outdir() . "/summary.txt";',
        'open(OUT, ">$out");',
        'stamp_file("done");',
      ].join('\n'),
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/tally/in/today.csv']);
    assert.deepEqual(keys(x.writes), ['file:/srv/tally/out/summary.txt', 'file:/srv/tally/stamps/done']);
    const stamp = x.writes.find((w) => w.node.key.endsWith('/done'));
    assert.equal(stamp?.evidence.file, '/opt/tally/lib/Tally/Paths.pm');
    assert.equal(stamp?.evidence.line, 6);
    assert.deepEqual(
      x.invokes.map((i) => [i.path, i.mode]),
      [['/opt/tally/lib/Tally/Paths.pm', 'import']],
    );
  });

  it('a module that is not under ROOT (a CPAN name) is left alone', () => {
    const x = perl(
      ['use lib "/opt/tally/lib";', 'use Text::CSV;', 'my $d = $Text::CSV::X;', 'open(O, ">$d/x");'].join(
        '\n',
      ),
    );
    assert.deepEqual(x.invokes, []);
    assert.deepEqual(keys(x.writes), ['file:*/x']);
  });
});
