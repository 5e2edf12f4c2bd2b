import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confidenceOf, extractSnippet, keys } from '../../helpers/script.js';

const php = (text: string, opts = {}) =>
  extractSnippet('php', text, { path: '/var/www/cron/export.php', ...opts });

describe('PHP extractor: files and arguments', () => {
  it('binds $argv[1] and $argv[2] from the caller', async () => {
    const x = await php(
      '<?php\n$in = $argv[1];\n$out = $argv[2];\n$rows = file($in);\nfile_put_contents($out, implode("\\n", $rows));\n',
      {
        args: ['/srv/feed/in.txt', '/srv/feed/out.txt'],
      },
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/feed/in.txt']);
    assert.deepEqual(keys(x.writes), ['file:/srv/feed/out.txt']);
    assert.equal(confidenceOf(x.reads, 'file:/srv/feed/in.txt'), 'resolved');
  });

  it('fopen modes: r reads, w and a write; fputcsv through the handle adds nothing', async () => {
    const x = await php(
      "<?php\n$fh = fopen('/srv/feed/src.csv', 'r');\n$out = fopen(\"/srv/feed/dst.csv\", 'w');\n$log = fopen('/var/log/feed.log', 'a');\nwhile ($r = fgetcsv($fh)) { fputcsv($out, $r); }\n$o = fopen('php://stdout', 'w');\n",
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/feed/src.csv']);
    assert.deepEqual(keys(x.writes), ['file:/srv/feed/dst.csv', 'file:/var/log/feed.log']);
    assert.equal(confidenceOf(x.reads, 'file:/srv/feed/src.csv'), 'exact');
  });

  it('interpolation, concatenation, constants and __DIR__; an unknown date is *', async () => {
    const x = await php(
      "<?php\ndefine('EXPORT_DIR', '/srv/exports');\nconst ARCHIVE = '/srv/archive';\n$day = date('Ymd');\n$name = EXPORT_DIR . \"/orders_{$day}.csv\";\nfile_put_contents($name, $csv);\ncopy($name, ARCHIVE . '/orders.csv');\n$tpl = file_get_contents(__DIR__ . '/templates/mail.txt');\n",
    );
    assert.deepEqual(keys(x.writes), ['file:/srv/archive/orders.csv', 'file:/srv/exports/orders_*.csv']);
    assert.deepEqual(keys(x.reads), [
      'file:/srv/exports/orders_*.csv',
      'file:/var/www/cron/templates/mail.txt',
    ]);
    assert.equal(confidenceOf(x.writes, 'file:/srv/exports/orders_*.csv'), 'partial');
  });

  it('getopt --env picks an INI config under ROOT whose values resolve', async () => {
    const x = await php(
      "<?php\n$o = getopt('', ['env:']);\n$cfg = parse_ini_file(__DIR__ . \"/conf/{$o['env']}.ini\", true);\n$target = $cfg['paths']['export'];\nfile_put_contents($target, 'x');\n",
      {
        args: ['--env', 'prod'],
        files: { '/var/www/cron/conf/prod.ini': '[paths]\nexport = /srv/prod/export.csv\n' },
      },
    );
    assert.deepEqual(keys(x.reads), ['file:/var/www/cron/conf/prod.ini']);
    assert.deepEqual(keys(x.writes), ['file:/srv/prod/export.csv']);
  });

  it('foreach over a literal array binds every element', async () => {
    const x = await php(
      '<?php\nforeach ([\'north\', \'south\'] as $region) {\n  copy("/srv/in/$region.csv", "/srv/bak/$region.csv");\n}\n',
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/in/north.csv', 'file:/srv/in/south.csv']);
  });
});

describe('PHP extractor: databases, HTTP, commands', () => {
  it('PDO with a mysql DSN runs ->query and ->prepare SQL on its database', async () => {
    const x = await php(
      "<?php\n$pdo = new PDO('mysql:host=db1;dbname=shop', $user, $pass);\n$rows = $pdo->query('SELECT id, total FROM orders')->fetchAll();\n$st = $pdo->prepare('INSERT INTO order_exports (id) VALUES (?)');\n",
    );
    assert.deepEqual(keys(x.reads), ['table:mysql://db1:3306/shop.orders']);
    assert.deepEqual(keys(x.writes), ['table:mysql://db1:3306/shop.order_exports']);
  });

  it('mysqli and pg_query', async () => {
    const x = await php(
      "<?php\n$m = new mysqli('db2', 'u', 'p', 'crm');\n$m->query('DELETE FROM stale_contacts');\n$pg = pg_connect('host=pg1 dbname=dw user=etl');\npg_query($pg, 'INSERT INTO facts.visits SELECT * FROM staging.visits');\n",
    );
    assert.deepEqual(keys(x.reads), ['table:postgres://pg1:5432/staging.visits']);
    assert.deepEqual(keys(x.writes), [
      'table:mysql://db2:3306/crm.stale_contacts',
      'table:postgres://pg1:5432/facts.visits',
    ]);
  });

  it('curl and file_get_contents on URLs are endpoints', async () => {
    const x = await php(
      "<?php\n$ch = curl_init('https://api.example.org/v1/stock?x=1');\n$raw = file_get_contents('https://feeds.example.org/prices.xml');\n",
    );
    assert.deepEqual(keys(x.reads), [
      'endpoint:https://api.example.org/v1/stock',
      'endpoint:https://feeds.example.org/prices.xml',
    ]);
  });

  it('exec, shell_exec and backticks are shell commands', async () => {
    const x = await php(
      "<?php\n$d = '/srv/exports';\nexec(\"gzip -f $d/orders.csv\");\n$x = shell_exec('/opt/cron/notify.sh done');\n$l = `cp /srv/exports/a.csv /srv/backup/a.csv`;\n",
      { files: { '/opt/cron/notify.sh': '#!/bin/sh\n' } },
    );
    assert.ok(keys(x.reads).includes('file:/srv/exports/orders.csv'));
    assert.ok(keys(x.writes).includes('file:/srv/backup/a.csv'));
    assert.deepEqual(
      x.invokes.map((i) => i.path),
      ['/opt/cron/notify.sh'],
    );
  });
});

describe('PHP extractor: included files run in the caller', () => {
  it("require_once'd settings and a config array returned by require bind the caller's paths and DSN", async () => {
    const x = await php(
      "<?php\nrequire_once __DIR__ . '/lib/settings.php';\nrequire_once __DIR__ . '/lib/settings.php';\n$cfg = require 'conf/export.php';\n$pdo = new PDO(\"pgsql:host=$DB_HOST;dbname=shop\");\n$rows = $pdo->query('SELECT * FROM orders');\nfile_put_contents($cfg['out'], 'x');\ninclude 'absent.php';\n",
      {
        path: '/opt/shopjobs/export.php',
        cwd: '/opt/shopjobs',
        files: {
          '/opt/shopjobs/lib/settings.php':
            "<?php\n$DB_HOST = 'db7.internal';\ndefine('ARCHIVE', '/srv/archive');\nfile_put_contents(ARCHIVE . '/last-run.txt', 'x');\nfunction helper() { return 'not the include value'; }\n",
          '/opt/shopjobs/conf/export.php': "<?php\nreturn ['out' => '/srv/exports/orders.csv'];\n",
        },
      },
    );
    assert.deepEqual(keys(x.reads), ['table:postgres://db7.internal:5432/orders']);
    assert.deepEqual(keys(x.writes), ['file:/srv/archive/last-run.txt', 'file:/srv/exports/orders.csv']);
    // the included file's own write has its evidence in that file; each include is walked once
    const inSettings = x.writes.find((w) => w.node.key === 'file:/srv/archive/last-run.txt');
    assert.equal(inSettings?.evidence.file, '/opt/shopjobs/lib/settings.php');
    assert.deepEqual(
      x.invokes.map((i) => [i.path, i.inlined]),
      [
        ['/opt/shopjobs/lib/settings.php', true],
        ['/opt/shopjobs/conf/export.php', true],
      ],
    );
  });
});

// Seen in real cron code: a project's helpers in an included functions file
// (`read_state($file)` -> `load_blob($fn)` -> `file_get_contents($fn)`), paths joined with
// DIRECTORY_SEPARATOR in an included config, and a project's own PDO wrapper class called with
// whole SQL statements (`$db->fetchColumnList("SELECT ...")`).
describe("PHP extractor: the script's own functions, constants, wrapper classes", () => {
  const helpers = `<?php
function load_blob($fn) {
    $raw = file_get_contents($fn);
    return $raw ? gzuncompress($raw) : false;
}
function store_blob($fn, $data) {
    return file_put_contents($fn, gzcompress($data));
}
function read_state($filename, $strict = true) {
    if (file_exists($filename)) return load_blob($filename);
    return false;
}
`;
  const settings = `<?php
$state_dir = '/var/lib/linkwatch';
require_once 'helpers.php';
$state_file = $state_dir . DIRECTORY_SEPARATOR . 'state.bin';
$seen_file = $state_dir . DIRECTORY_SEPARATOR . 'seen.bin';
`;

  it('functions from an included file are walked per call, with their arguments bound', async () => {
    const x = await php(
      "<?php\nrequire_once 'settings.php';\n$state = read_state($state_file);\n$seen = read_state($seen_file);\nstore_blob($state_file, $state);\n",
      {
        path: '/opt/linkwatch/watch.php',
        files: { '/opt/linkwatch/settings.php': settings, '/opt/linkwatch/helpers.php': helpers },
      },
    );
    assert.deepEqual(keys(x.reads), [
      'file:/var/lib/linkwatch/seen.bin',
      'file:/var/lib/linkwatch/state.bin',
    ]);
    assert.deepEqual(keys(x.writes), ['file:/var/lib/linkwatch/state.bin']);
  });

  it("a function sees its parameters and `global`s, not the caller's variables", async () => {
    const x = await php(
      "<?php\n$out = '/srv/a/leaked.txt';\n$log = '/srv/a/run.log';\nfunction save($rows) { file_put_contents($out, $rows); }\nfunction note($m) { global $log; file_put_contents($log, $m, FILE_APPEND); }\nsave('x');\nnote('done');\n",
    );
    assert.deepEqual(keys(x.writes), ['file:/srv/a/run.log']);
  });

  it('an undefined constant is unknown, never its own name in a path', async () => {
    const x = await php("<?php\nfile_put_contents('/srv/b' . EXPORT_SUFFIX . '.csv', $d);\n");
    assert.deepEqual(keys(x.writes), ['file:/srv/b*.csv']);
  });

  it('a whole SQL statement given to a method of an untraced object is SQL, at heuristic', async () => {
    const x = await php(
      "<?php\nrequire_once __DIR__ . '/lib/db.php';\n$db = new shop_db('catalog');\n$ids = $db->fetchColumnList(\"SELECT sku FROM products WHERE active = 1\");\n$db->runStatement(\"UPDATE products SET synced = 1 WHERE sku = :sku\", ['sku' => $s]);\n$log->info('Select a file from the list');\n",
      { files: { '/var/www/cron/lib/db.php': '<?php\nclass shop_db { }\n' } },
    );
    assert.deepEqual(keys(x.reads), ['table:products']);
    assert.deepEqual(keys(x.writes), ['table:products']);
    assert.equal(confidenceOf(x.reads, 'table:products'), 'heuristic');
  });
});
