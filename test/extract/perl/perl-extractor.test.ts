import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { createParsers, type Parsers } from '../../../src/extract/parse/tree-sitter.js';
import { perlExtractor } from '../../../src/extract/perl/index.js';
import type { DataRef, Extraction, ScriptContext } from '../../../src/extract/types.js';
import { ServerFs } from '../../../src/util/server-fs.js';
import { makeRoot } from '../../helpers/server-root.js';

const SNIPPETS = new URL('../../fixtures/snippets/perl/', import.meta.url);
let parsers: Parsers;
before(async () => {
  parsers = await createParsers();
});

function perl(
  text: string,
  opts: Partial<ScriptContext> & { files?: Record<string, string> } = {},
): Extraction {
  const ctx: ScriptContext = {
    path: opts.path ?? '/opt/etl/job.pl',
    text,
    language: 'perl',
    args: opts.args ?? [],
    env: opts.env ?? {},
    cwd: opts.cwd ?? '/opt/etl',
    host: 'etl01',
    fs: new ServerFs(makeRoot(opts.files ?? {})),
    parsers,
    budgetMs: 5000,
  };
  return perlExtractor.extract(ctx);
}
const fixture = (name: string): string => readFileSync(new URL(name, SNIPPETS), 'utf8');
const keys = (refs: Array<Pick<DataRef, 'node'>>): string[] =>
  [...new Set(refs.map((r) => r.node.key))].sort();
const find = (refs: DataRef[], key: string): DataRef | undefined => refs.find((r) => r.node.key === key);

describe('perlExtractor: open', () => {
  it('declares the perl language', () => {
    assert.deepEqual(perlExtractor.languages, ['perl']);
  });

  it('3-argument open reads with < and writes with > and >>', () => {
    const x = perl(
      "open(my $in, '<', '/data/in.csv') or die;\nopen(my $out, '>', \"/data/out.csv\");\nopen my $log, '>>', '/var/log/x.log';",
    );
    assert.deepEqual(keys(x.reads), ['file:/data/in.csv']);
    assert.deepEqual(keys(x.writes), ['file:/data/out.csv', 'file:/var/log/x.log']);
    assert.equal(find(x.reads, 'file:/data/in.csv')?.confidence, 'exact');
    assert.equal(find(x.writes, 'file:/var/log/x.log')?.evidence.line, 3);
  });

  it('3-argument open with an encoding layer', () => {
    const x = perl("open(my $fh, '<:encoding(UTF-8)', '/data/utf8.txt');");
    assert.deepEqual(keys(x.reads), ['file:/data/utf8.txt']);
  });

  it('2-argument open: bare path reads, > writes, >> appends, +< reads and writes', () => {
    const x = perl(
      'open(FH, "/data/a.txt");\nopen(OUT, ">/data/b.txt");\nopen OUT2, ">> /data/c.txt" or die;\nopen(RW, "+</data/d.db");',
    );
    assert.deepEqual(keys(x.reads), ['file:/data/a.txt', 'file:/data/d.db']);
    assert.deepEqual(keys(x.writes), ['file:/data/b.txt', 'file:/data/c.txt', 'file:/data/d.db']);
  });

  it('resolves a path through a scalar and interpolation (resolved)', () => {
    const x = perl('my $dir = "/srv/out";\nmy $f = "$dir/report.csv";\nopen(my $o, ">", $f);');
    assert.deepEqual(keys(x.writes), ['file:/srv/out/report.csv']);
    assert.equal(x.writes[0]?.confidence, 'resolved');
  });

  it('use constant values and concatenation', () => {
    const x = perl("use constant BASE => '/srv/data';\nopen(my $i, '<', BASE . '/in.txt');");
    assert.deepEqual(keys(x.reads), ['file:/srv/data/in.txt']);
  });

  it('an unknown part of a path becomes * with confidence partial', () => {
    const x = perl("my $day = strftime('%F', localtime);\nopen(my $o, '>', \"/srv/out/day_$day.csv\");");
    assert.deepEqual(keys(x.writes), ['file:/srv/out/day_*.csv']);
    assert.equal(x.writes[0]?.confidence, 'partial');
  });

  it('a relative path resolves against the working directory', () => {
    const x = perl("open(my $o, '>', 'out/x.txt');", { cwd: '/home/etl' });
    assert.deepEqual(keys(x.writes), ['file:/home/etl/out/x.txt']);
  });

  it('binds @ARGV, shift, $ENV and Getopt::Long options from the caller', () => {
    const x = perl(
      [
        'my $in = shift;',
        "my $cfg = $ENV{APP_CONF} || '/etc/app/default.conf';",
        "my $out = '/tmp/default.out';",
        "GetOptions('out|o=s' => \\$out);",
        "open(my $a, '<', $in);",
        "open(my $b, '<', $cfg);",
        "open(my $c, '>', $out);",
      ].join('\n'),
      { args: ['/data/today.csv', '--out', '/data/result.csv'], env: { APP_CONF: '/etc/app/prod.conf' } },
    );
    assert.deepEqual(keys(x.reads), ['file:/data/today.csv', 'file:/etc/app/prod.conf']);
    assert.deepEqual(keys(x.writes), ['file:/data/result.csv']);
  });

  it('a sub parameter is not the script argument', () => {
    const x = perl("sub load { my $f = shift; open(my $h, '<', $f); }", { args: ['/data/wrong.csv'] });
    assert.deepEqual(keys(x.reads), []);
  });

  it('follows a call of a sub defined in the file with its arguments bound to @_', () => {
    const x = perl(
      [
        'use strict;',
        'my $day = shift;',
        'export_rows("/data/in/orders.csv", "/data/out/orders_$day.csv");',
        '&archive("/data/out/orders_$day.csv");',
        'sub export_rows {',
        '  my ($in, $out) = @_;',
        "  open(my $r, '<', $in) or die;",
        "  open(my $w, '>', $out) or die;",
        '}',
        'sub archive {',
        '  my $f = shift;',
        '  copy_to($f, "/data/archive");',
        '}',
        'sub copy_to { my $src = $_[0]; my $dir = $_[1]; rename($src, "$dir/done.csv"); }',
      ].join('\n'),
      { args: ['20260310'] },
    );
    assert.deepEqual(keys(x.reads), ['file:/data/in/orders.csv', 'file:/data/out/orders_20260310.csv']);
    assert.deepEqual(keys(x.writes), ['file:/data/archive/done.csv', 'file:/data/out/orders_20260310.csv']);
    const w = find(x.writes, 'file:/data/out/orders_20260310.csv');
    assert.equal(w?.evidence.line, 8, 'the evidence is the open inside the sub');
    assert.equal(w?.confidence, 'resolved');
  });

  it('a sub called twice is followed for each call; recursion stops', () => {
    const x = perl(
      [
        'load("/data/in/a.csv");',
        'load("/data/in/b.csv");',
        "sub load { my $f = shift; open(my $h, '<', $f); load($f); }",
      ].join('\n'),
    );
    assert.deepEqual(keys(x.reads), ['file:/data/in/a.csv', 'file:/data/in/b.csv']);
  });

  it('while (<>) reads the files named on the command line', () => {
    const x = perl('while (my $line = <>) { print $line; }', { args: ['/data/a.log', '/data/b.log'] });
    assert.deepEqual(keys(x.reads), ['file:/data/a.log', 'file:/data/b.log']);
    assert.equal(x.reads[0]?.confidence, 'resolved');
  });

  it('glob and opendir read a pattern (partial)', () => {
    const x = perl("my @f = glob('/data/in/*.csv');\nopendir(my $dh, '/data/drop') or die;");
    assert.deepEqual(keys(x.reads), ['file:/data/drop/*', 'file:/data/in/*.csv']);
    assert.ok(x.reads.every((r) => r.confidence === 'partial'));
  });

  it('sysopen flags decide the direction', () => {
    const x = perl(
      "sysopen(my $l, '/run/x.lock', O_WRONLY|O_CREAT);\nsysopen(my $r, '/data/r.bin', O_RDONLY);",
    );
    assert.deepEqual(keys(x.writes), ['file:/run/x.lock']);
    assert.deepEqual(keys(x.reads), ['file:/data/r.bin']);
  });
});

describe('perlExtractor: what is not code', () => {
  it('skips comments, POD and everything after __END__', () => {
    const x = perl(
      "# open(my $a, '<', '/commented');\n=pod\n\nopen(my $b, '<', '/in/pod');\n\n=cut\nopen(my $c, '<', '/real');\n__END__\nopen(my $d, '<', '/after/end');",
    );
    assert.deepEqual(keys(x.reads), ['file:/real']);
  });

  it('a # inside a string or regex is not a comment', () => {
    const x = perl("my $re = qr/#/;\nopen(my $h, '<', '/data/has#hash.txt');");
    assert.deepEqual(keys(x.reads), ['file:/data/has#hash.txt']);
  });

  it('unlink is ignored', () => {
    const x = perl("unlink '/data/old.csv';");
    assert.deepEqual([...keys(x.reads), ...keys(x.writes)], []);
  });
});

describe('perlExtractor: File::Copy and rename', () => {
  it('copy reads the source and writes the target; move likewise', () => {
    const x = perl(
      "use File::Copy;\ncopy('/data/a.csv', '/backup/a.csv');\nmove('/tmp/b.csv', '/data/b.csv');",
    );
    assert.deepEqual(keys(x.reads), ['file:/data/a.csv', 'file:/tmp/b.csv']);
    assert.deepEqual(keys(x.writes), ['file:/backup/a.csv', 'file:/data/b.csv']);
  });

  it('copy into a directory writes the file of the same name there', () => {
    const x = perl("use File::Copy;\ncopy('/data/a.csv', '/backup');", {
      files: { '/backup/README': 'archive' },
    });
    assert.deepEqual(keys(x.writes), ['file:/backup/a.csv']);
  });

  it('a user-defined copy() without File::Copy is not a file copy', () => {
    const x = perl("sub copy { }\ncopy('/data/a.csv', '/backup/a.csv');");
    assert.deepEqual(keys(x.writes), []);
  });

  it('rename moves a file', () => {
    const x = perl("rename('/data/tmp.csv', '/data/final.csv');");
    assert.deepEqual(keys(x.reads), ['file:/data/tmp.csv']);
    assert.deepEqual(keys(x.writes), ['file:/data/final.csv']);
  });
});

describe('perlExtractor: DBI', () => {
  it('DBI->connect gives the namespace and database of later SQL (MySQL)', () => {
    const x = perl(
      'my $dbh = DBI->connect("dbi:mysql:database=shop;host=DB01", "etl", "pw");\n' +
        "my $sth = $dbh->prepare('SELECT * FROM orders o JOIN customers c ON c.id = o.cid');\n" +
        '$dbh->do("INSERT INTO audit.log (msg) VALUES (?)", undef, "x");',
    );
    assert.deepEqual(keys(x.reads), [
      'table:mysql://db01:3306/shop.customers',
      'table:mysql://db01:3306/shop.orders',
    ]);
    assert.deepEqual(keys(x.writes), ['table:mysql://db01:3306/audit.log']);
    assert.equal(x.writes[0]?.evidence.construct, 'DBI do: SQL INSERT');
    assert.equal(x.writes[0]?.evidence.line, 3);
  });

  it('uses a connection made in a sub defined further down', () => {
    const x = perl(
      'my $dbh = get_dbh();\n$dbh->do("DELETE FROM sessions");\nsub get_dbh { return DBI->connect("dbi:Pg:dbname=app;host=pg02", "u", "p"); }',
    );
    assert.deepEqual(keys(x.writes), ['table:postgres://pg02:5432/sessions']);
  });

  it('a Pg DSN gives postgres://host:5432', () => {
    const x = perl(
      'my $dbh = DBI->connect("dbi:Pg:dbname=dw;host=pg01;port=5433", $u, $p);\n$dbh->selectall_arrayref(q{SELECT * FROM mart.sales});',
    );
    assert.deepEqual(keys(x.reads), ['table:postgres://pg01:5433/mart.sales']);
  });

  it('SQL in a here-doc variable is reported at its own lines; interpolation makes it resolved', () => {
    const x = perl(
      [
        'my $dbh = DBI->connect("dbi:mysql:shop", "u", "p");',
        "my $t = 'stock';",
        'my $sql = <<"SQL";',
        'UPDATE $t',
        '   SET qty = 0',
        'SQL',
        '$dbh->do($sql);',
      ].join('\n'),
    );
    assert.deepEqual(keys(x.writes), ['table:mysql://localhost:3306/shop.stock']);
    assert.equal(x.writes[0]?.evidence.line, 4);
    assert.equal(x.writes[0]?.confidence, 'resolved');
  });

  it('a table named by an unknown variable is partial', () => {
    const x = perl(
      'my $dbh = DBI->connect("dbi:mysql:database=shop", "u", "p");\n$dbh->do("DELETE FROM $table WHERE 1");',
    );
    assert.deepEqual(keys(x.writes), ['table:mysql://localhost:3306/shop.*']);
    assert.equal(x.writes[0]?.confidence, 'partial');
  });

  it('never keeps the password from connect in evidence', () => {
    const x = perl(
      'my $dbh = DBI->connect("dbi:mysql:database=shop", "etl", "password=hunter2");\n$dbh->do("TRUNCATE t");',
    );
    const text = JSON.stringify(x);
    assert.doesNotMatch(text, /hunter2/);
  });
});

describe('perlExtractor: commands', () => {
  it('system with a string runs a script through the shell with its arguments', () => {
    const x = perl('my $f = "/data/in.csv";\nsystem("python3 /opt/etl/load.py --input $f");');
    assert.deepEqual(
      x.invokes.map((i) => [i.path, ...i.args]),
      [['/opt/etl/load.py', '--input', '/data/in.csv']],
    );
    assert.equal(x.invokes[0]?.confidence, 'resolved');
  });

  it('system with a list runs argv without a shell; exec too', () => {
    const x = perl("system('/opt/etl/step2.sh', '/data/a b.csv');\nexec('/opt/etl/final.pl');");
    assert.deepEqual(x.invokes.map((i) => [i.path, ...i.args]).sort(), [
      ['/opt/etl/final.pl'],
      ['/opt/etl/step2.sh', '/data/a b.csv'],
    ]);
  });

  it('backticks and qx{} run commands', () => {
    const x = perl('my $n = `/opt/etl/count.sh /data/x`;\nmy $m = qx{/opt/etl/other.sh};');
    assert.deepEqual(x.invokes.map((i) => i.path).sort(), ['/opt/etl/count.sh', '/opt/etl/other.sh']);
  });

  it('pipe opens run commands: "cmd |" and "| cmd"', () => {
    const x = perl('open(my $p, "/opt/etl/produce.sh |");\nopen(my $q, "| /opt/etl/consume.sh");');
    assert.deepEqual(x.invokes.map((i) => i.path).sort(), ['/opt/etl/consume.sh', '/opt/etl/produce.sh']);
    assert.deepEqual(keys(x.reads), []);
  });

  it('require of a file is an import invocation', () => {
    const x = perl('require "/opt/etl/lib/common.pl";');
    assert.deepEqual(
      x.invokes.map((i) => [i.path, i.mode, i.language]),
      [['/opt/etl/lib/common.pl', 'import', 'perl']],
    );
  });
});

describe('perlExtractor: realistic scripts', () => {
  it('nightly_export.pl: MySQL export, constants, FindBin, File::Copy, gzip', () => {
    const x = perl(fixture('nightly_export.pl'), { path: '/opt/etl/bin/nightly_export.pl' });
    assert.deepEqual(keys(x.reads), [
      'file:/opt/etl/etc/export.conf',
      'file:/srv/archive/orders_*.csv',
      'file:/srv/export/orders_*.csv',
      'table:mysql://db01.internal:3307/shop.customers',
      'table:mysql://db01.internal:3307/shop.orders',
    ]);
    assert.deepEqual(keys(x.writes), [
      'file:/srv/archive/orders_*.csv',
      'file:/srv/archive/orders_*.csv.gz',
      'file:/srv/export/orders_*.csv',
      'file:/var/log/etl/nightly_export.log',
      'table:mysql://db01.internal:3307/shop.etl_audit',
    ]);
  });

  it('pg_loader.pl: Getopt, %hash paths, $ENV default, pipes, sysopen, rename', () => {
    const x = perl(fixture('pg_loader.pl'), {
      path: '/opt/loader/bin/pg_loader.pl',
      args: ['--input', '/data/incoming/2024.csv', 'full'],
      env: { LOADER_HOME: '/srv/loader' },
    });
    assert.deepEqual(keys(x.writes), [
      'file:/data/done/loaded.csv',
      'file:/srv/loader/rejects.csv',
      'file:/var/lib/loader/state',
      'file:/var/run/loader.lock',
      'table:postgres://pg01:5432/staging.items_load',
    ]);
    assert.ok(keys(x.reads).includes('file:/data/incoming/2024.csv'));
    assert.ok(keys(x.reads).includes('table:postgres://pg01:5432/catalog.items'));
    assert.ok(x.invokes.some((i) => i.path === '/opt/loader/bin/archive.sh' && i.args[1] === '/data/done'));
  });

  it('bad input does not throw', () => {
    for (const text of [
      'open(',
      'my $x = "unterminated',
      'q{',
      '<<EOF\nno end',
      's{a}{',
      '$dbh->do(',
      '=pod\nno cut',
    ]) {
      assert.doesNotThrow(() => perl(text), text);
    }
  });
});
