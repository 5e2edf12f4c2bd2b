/**
 * Perl constructs of a report wrapper that finds its working directory in an INI file: a
 * Config::IniFiles object passed to a helper sub, the helper's `return` value, a quote-stripping
 * `s///`, and a block whose `if ($v =~ /.../)` the held value decides.
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
    '/srv/ledger/settings.ini':
      '[Paths]\nhome = "/srv/ledger/"\nspool = /var/spool/ledger\n\n[db]\nname = books\n',
  });
});
after(() => removeRoot(root));

function perl(text: string, args: string[] = [], cwd = '/srv/ledger'): Extraction {
  return perlExtractor.extract({
    path: '/srv/ledger/tally.pl',
    text,
    language: 'perl',
    args,
    env: {},
    cwd,
    host: 'acct01',
    fs: new ServerFs(root),
    parsers,
    budgetMs: 5000,
  });
}
const keys = (refs: Extraction['reads']): string[] => [...new Set(refs.map((r) => r.node.key))].sort();
const commands = (x: Extraction): string[] => x.invokes.map((i) => i.path).sort();

describe('perl: Config::IniFiles values', () => {
  it('new Config::IniFiles(-file => F) reads F and ->val(SECTION, KEY) gives its value', () => {
    const x = perl(
      [
        'use Config::IniFiles;',
        'my $cfg = Config::IniFiles->new(-file => "settings.ini", -nocase => 1);',
        "my $spool = $cfg->val('paths', 'SPOOL');",
        'open(OUT, ">$spool/tally.txt") || die;',
      ].join('\n'),
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/ledger/settings.ini']);
    assert.deepEqual(keys(x.writes), ['file:/var/spool/ledger/tally.txt']);
  });

  it('the object passed to a helper sub, whose return value strips the quotes the file keeps', () => {
    const x = perl(
      [
        'use Config::IniFiles;',
        'my $cfg = new Config::IniFiles(-file => "settings.ini");',
        'my $home = setting($cfg, "Paths", "home");',
        'chdir($home);',
        'my $job = $home . "bin/sum.pl";',
        'system($job . " --month 3 >> " . $home . "tally.log");',
        'sub setting() {',
        '  my $c = shift(@_);',
        '  my $section = shift(@_);',
        '  my $name = shift;',
        '  my $v = $c->val($section, $name);',
        '  $v =~ s/^\\"//;',
        '  $v =~ s/\\"$//;',
        '  if ($v =~ /^run/) {',
        "    $v = $';",
        '    $v = `$v`;',
        '  }',
        '  return $v;',
        '}',
      ].join('\n'),
    );
    assert.deepEqual(commands(x), ['/srv/ledger/bin/sum.pl']);
    // the callee's stdout, appended by the caller: a write of the callee
    assert.deepEqual(keys(x.invokes[0]?.redirects?.writes ?? []), ['file:/srv/ledger/tally.log']);
    assert.deepEqual(
      x.diagnostics.filter((d) => /backticks/.test(d.message)),
      [],
    );
  });

  it('a section or key the file lacks stays unknown (a `*`), never invented', () => {
    const x = perl(
      [
        'use Config::IniFiles;',
        'my $cfg = Config::IniFiles->new(-file => "settings.ini");',
        "my $dir = $cfg->val('paths', 'archive');",
        'open(OUT, ">$dir/tally.txt");',
      ].join('\n'),
    );
    assert.deepEqual(keys(x.writes), ['file:*/tally.txt']);
  });
});

describe('perl: blocks a held value decides', () => {
  it('an if whose pattern does not match the known value is skipped; its else runs', () => {
    const x = perl(
      [
        'my $mode = "daily";',
        'if ($mode =~ /^week/) {',
        '  open(OUT, ">/srv/ledger/weekly.txt");',
        '} elsif ($mode eq "daily") {',
        '  open(OUT, ">/srv/ledger/daily.txt");',
        '} else {',
        '  open(OUT, ">/srv/ledger/other.txt");',
        '}',
        'unless ($mode !~ m{^DAI}i) { open(LOG, ">>/srv/ledger/d.log"); }',
      ].join('\n'),
    );
    assert.deepEqual(keys(x.writes), ['file:/srv/ledger/d.log', 'file:/srv/ledger/daily.txt']);
  });

  it('a condition on an unknown value keeps every branch', () => {
    const x = perl(
      [
        'my $mode = shift;',
        'if ($mode =~ /^week/) { open(OUT, ">/srv/ledger/weekly.txt"); }',
        'else { open(OUT, ">/srv/ledger/daily.txt"); }',
      ].join('\n'),
    );
    assert.deepEqual(keys(x.writes), ['file:/srv/ledger/daily.txt', 'file:/srv/ledger/weekly.txt']);
  });
});

describe('perl: SQL built from placeholders in helper subs', () => {
  it('s/$placeholder/$where/ substitutes the known placeholder; the unknown part stays a hole', () => {
    const x = perl(
      [
        'use DBI;',
        'my $slot = "<WHERE>";',
        'my $q_runs;',
        'my $dbh = DBI->connect("dbi:Pg:dbname=lab;host=db1", "u", "p");',
        'make_queries();',
        'run_query($q_runs, "day = 3");',
        'sub make_queries() {',
        '  $q_runs = ("SELECT count(*) FROM runs NATURAL JOIN hosts " . "WHERE " . $slot);',
        '}',
        'sub run_query($$) {',
        '  my $select = shift(@_);',
        '  my $where = shift(@_);',
        '  if ($select =~ /$slot/) { $select =~ s/$slot/$where/; }',
        '  my $sth = $dbh->prepare($select);',
        '}',
      ].join('\n'),
    );
    assert.deepEqual(keys(x.reads), ['table:postgres://db1:5432/hosts', 'table:postgres://db1:5432/runs']);
  });

  it('many calls of a logging helper do not use up the walk before the query helper', () => {
    const noise = Array.from({ length: 300 }, (_, i) => `say_it("step ${i}");`);
    const x = perl(
      [
        'use DBI;',
        'my $dbh = DBI->connect("dbi:Pg:dbname=lab;host=db1", "u", "p");',
        'sub say_it { my $m = shift; print $m; }',
        ...noise,
        'fetch("SELECT * FROM samples");',
        'sub fetch { my $q = shift; my $sth = $dbh->prepare($q); }',
      ].join('\n'),
    );
    assert.deepEqual(keys(x.reads), ['table:postgres://db1:5432/samples']);
  });
});

describe('perl: options parsed by hand in a loop over @ARGV', () => {
  it('an option the caller does not pass keeps its default (an unknown value does not hide it)', () => {
    const x = perl(
      [
        'my $conf = "job.ini";',
        'for (my $i = 0; $i < scalar(@ARGV); ++$i) {',
        '  if ($ARGV[$i] eq "-config") { ++$i; $conf = $ARGV[$i]; }',
        '}',
        'open(IN, "<$conf") || die;',
      ].join('\n'),
      ['-v', '2'],
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/ledger/job.ini']);
  });

  it('a flag set in an undecided branch decides no later block', () => {
    const x = perl(
      [
        'my $full = "t";',
        'for (my $i = 0; $i < scalar(@ARGV); ++$i) {',
        '  if ($ARGV[$i] eq "-quick") { $full = "f"; }',
        '}',
        'if ($full eq "t") { open(OUT, ">/srv/ledger/full.txt"); }',
      ].join('\n'),
      ['-quick'],
    );
    assert.deepEqual(keys(x.writes), ['file:/srv/ledger/full.txt']);
  });
});
