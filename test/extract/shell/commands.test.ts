import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractCronCommand, extractShell, keys } from '../../helpers/shell.js';

describe('shell extractor: redirections', () => {
  test('> and >> write, < reads, 2>&1 and /dev/null are not data', async () => {
    const k = keys(
      await extractShell(
        'sort < /data/in/a.txt > /data/out/a.sorted 2>/dev/null\necho hi >> /var/log/x.log 2>&1',
      ),
    );
    assert.deepEqual(k.reads, ['file:/data/in/a.txt']);
    assert.deepEqual(k.writes, ['file:/data/out/a.sorted', 'file:/var/log/x.log']);
  });

  test('exec >> $LOG 2>&1 writes the log named by a variable', async () => {
    const ex = await extractShell('LOG=/var/log/batch/nightly.log\nexec >> "$LOG" 2>&1\n');
    assert.deepEqual(keys(ex).writes, ['file:/var/log/batch/nightly.log']);
    assert.equal(ex.writes[0]?.confidence, 'resolved');
    assert.match(ex.writes[0]?.evidence.construct ?? '', /exec >>/);
    assert.equal(ex.writes[0]?.evidence.line, 2);
  });

  test('tee and tee -a write every file operand', async () => {
    assert.deepEqual(keys(await extractShell('make_report | tee /data/a.txt | tee -a /data/b.txt')).writes, [
      'file:/data/a.txt',
      'file:/data/b.txt',
    ]);
  });
});

describe('shell extractor: variables', () => {
  test('${VAR:-default} uses the default when unset and the value when set', async () => {
    assert.deepEqual(keys(await extractShell('cat "${IN:-/data/in/default.csv}"')).reads, [
      'file:/data/in/default.csv',
    ]);
    assert.deepEqual(
      keys(await extractShell('cat "${IN:-/data/in/default.csv}"', { env: { IN: '/srv/x.csv' } })).reads,
      ['file:/srv/x.csv'],
    );
  });

  test('${VAR%.csv} and ${VAR##*/} trim patterns', async () => {
    const k = keys(
      await extractShell('F=/data/in/orders.csv\ncp "$F" "/data/arch/${F##*/}"\ncp "$F" "${F%.csv}.bak"'),
    );
    assert.deepEqual(k.writes, ['file:/data/arch/orders.csv', 'file:/data/in/orders.bak']);
  });

  test('$(date ...) becomes * and the edge is partial', async () => {
    const ex = await extractShell('D=$(date +%Y%m%d)\ncp /data/out/report.csv /data/archive/report_$D.csv');
    assert.deepEqual(keys(ex).writes, ['file:/data/archive/report_*.csv']);
    assert.equal(ex.writes[0]?.confidence, 'partial');
  });

  test('source of an env file brings its variables', async () => {
    const ex = await extractShell('. /etc/default/batch\ncp "$DATA_DIR/in.csv" "$ARCHIVE_DIR/"', {
      files: { '/etc/default/batch': 'DATA_DIR=/srv/data\nARCHIVE_DIR=/srv/archive\n' },
    });
    const k = keys(ex);
    assert.ok(k.reads.includes('file:/srv/data/in.csv'));
    assert.ok(k.reads.includes('file:/etc/default/batch'), 'the sourced file is a read (config)');
    assert.deepEqual(k.writes, ['file:/srv/archive/in.csv']);
  });

  test('a command held in a variable is split into words: $PSQL -c', async () => {
    const ex = await extractShell('PSQL="psql -h pg01 -d shop"\n$PSQL -c "TRUNCATE staging.orders"');
    assert.deepEqual(keys(ex).writes, ['table:postgres://pg01:5432/staging.orders']);
  });

  test('positional arguments bind to the arguments the caller passed', async () => {
    const k = keys(await extractShell('gzip "$1"', { args: ['/data/out/x.csv'] }));
    assert.deepEqual(k.writes, ['file:/data/out/x.csv.gz']);
  });
});

describe('shell extractor: control flow', () => {
  test('for f in /data/in/*.csv binds the pattern', async () => {
    const k = keys(await extractShell('for f in /data/in/*.csv; do gzip "$f"; done'));
    assert.deepEqual(k.reads, ['file:/data/in/*.csv']);
    assert.deepEqual(k.writes, ['file:/data/in/*.csv.gz']);
  });

  test('a loop over an unquoted expansion of nothing never runs; one over a quoted empty word runs once', async () => {
    // seen in a rotated PostgreSQL backup: the schema-only list is empty unless configured
    const k = keys(
      await extractShell(
        [
          'SCHEMA_ONLY=""',
          'for db in ${SCHEMA_ONLY}; do pg_dump -s "$db" > "/backup/${db}_schema.sql"; done',
          'OPTS=""',
          'gzip $OPTS /backup/full.sql',
          'for tag in ""; do cp /data/a.csv "/data/a${tag}.bak"; done',
        ].join('\n'),
      ),
    );
    assert.deepEqual(k.writes, ['file:/backup/full.sql.gz', 'file:/data/a.bak']);
  });

  test('Sybase isql and the wrappers named after it: T-SQL here-documents, -D, -i file.sql, -o out', async () => {
    // seen in a DBA's cron scripts: `isql_r` fetches the password, then runs isql
    const k = keys(
      await extractShell(
        [
          'isql_r -V -S$DSQUERY -b -n <<EOF 2>&1',
          'use billing',
          'go',
          'delete old_invoices where created < dateadd(yy,-7,getdate())',
          'go',
          'exit',
          'EOF',
          'isql -S CPDB1 -D audit -i /opt/dba/sql/purge.sql -o /var/log/dba/purge.out',
          'isqlx -S CPDB1 -i /opt/dba/sql/other.sql',
        ].join('\n'),
      ),
    );
    assert.deepEqual(k.writes, ['file:/var/log/dba/purge.out', 'table:sybase://*/billing.old_invoices']);
    assert.ok(k.invokes.includes('/opt/dba/sql/purge.sql'), k.invokes.join(' '));
    assert.ok(!k.invokes.includes('/opt/dba/sql/other.sql'), 'isqlx is not isql');
  });

  test('a function called with arguments resolves $1 at the call site', async () => {
    const k = keys(await extractShell('archive() { mv "$1" /data/archive/; }\narchive /data/out/daily.csv'));
    assert.deepEqual(k.writes, ['file:/data/archive/daily.csv']);
  });

  test('comments yield nothing', async () => {
    const k = keys(await extractShell('# cp /data/a /data/b\n: nothing'));
    assert.deepEqual(k, { reads: [], writes: [], invokes: [] });
  });
});

describe('shell extractor: file commands', () => {
  test('cp and mv read the source and write the destination (a directory gets the name)', async () => {
    const k = keys(await extractShell('cp -p /data/a.csv /data/b.csv\nmv /data/c.csv /data/archive/'));
    assert.deepEqual(k.reads, ['file:/data/a.csv', 'file:/data/c.csv']);
    assert.deepEqual(k.writes, ['file:/data/archive/c.csv', 'file:/data/b.csv']);
  });

  test('gzip -9f X reads X and writes X.gz; gunzip the reverse; zcat only reads', async () => {
    const k = keys(await extractShell('gzip -9f /d/x.csv\ngunzip /d/y.csv.gz\nzcat /d/z.gz > /d/z.txt'));
    assert.deepEqual(k.reads, ['file:/d/x.csv', 'file:/d/y.csv.gz', 'file:/d/z.gz']);
    assert.deepEqual(k.writes, ['file:/d/x.csv.gz', 'file:/d/y.csv', 'file:/d/z.txt']);
  });

  test('tar czf reads the operands (under -C) and writes the archive; tar xzf the reverse', async () => {
    const k = keys(
      await extractShell('tar czf /backup/out.tgz -C /data out\ntar -xzf /in/drop.tgz -C /data/drop'),
    );
    assert.deepEqual(k.reads, ['file:/data/out', 'file:/in/drop.tgz']);
    assert.deepEqual(k.writes, ['file:/backup/out.tgz', 'file:/data/drop/*']);
  });

  test('sort -o, sed -i, awk, cut, join, paste, split, zip, unzip', async () => {
    const k = keys(
      await extractShell(
        [
          'sort -t, -k1 -o /d/sorted.csv /d/raw.csv',
          "sed -i 's/a/b/' /d/edit.txt",
          "awk -F, '{print $1}' /d/awk.csv > /d/awk.out",
          'cut -d, -f1 /d/cut.csv',
          'join /d/j1 /d/j2',
          'paste /d/p1 /d/p2',
          'split -l 1000 /d/big.csv /d/part_',
          'zip /d/bundle.zip /d/z1 /d/z2',
          'unzip /d/in.zip -d /d/unz',
        ].join('\n'),
      ),
    );
    for (const f of [
      'raw.csv',
      'edit.txt',
      'awk.csv',
      'cut.csv',
      'j1',
      'j2',
      'p1',
      'p2',
      'big.csv',
      'z1',
      'z2',
      'in.zip',
    ]) {
      assert.ok(k.reads.includes(`file:/d/${f}`), `reads ${f}`);
    }
    for (const f of ['sorted.csv', 'edit.txt', 'awk.out', 'part_*', 'bundle.zip', 'unz/*']) {
      assert.ok(k.writes.includes(`file:/d/${f}`), `writes ${f}`);
    }
  });

  test('find -exec runs the command on the found files; xargs passes unknown files', async () => {
    const k = keys(await extractShell("find /data/out -name '*.csv' -mtime +7 -exec gzip {} \\;"));
    assert.deepEqual(k.reads, ['file:/data/out/*.csv']);
    assert.deepEqual(k.writes, ['file:/data/out/*.csv.gz']);
  });

  test('cat a b > c reads both and writes c', async () => {
    const k = keys(await extractShell('cat /d/a /d/b > /d/c'));
    assert.deepEqual(k.reads, ['file:/d/a', 'file:/d/b']);
    assert.deepEqual(k.writes, ['file:/d/c']);
  });
});

describe('shell extractor: network', () => {
  test('curl -o writes the file and reads the URL; curl -T uploads', async () => {
    const k = keys(
      await extractShell(
        'curl -sf -u etl:changeme -o /d/rates.json "https://api.example.com/v1/rates?day=1"\ncurl -T /d/out.csv https://files.example.com/in/',
      ),
    );
    assert.deepEqual(k.reads, ['endpoint:https://api.example.com/v1/rates', 'file:/d/out.csv']);
    assert.deepEqual(k.writes, ['endpoint:https://files.example.com/in/', 'file:/d/rates.json']);
  });

  test('wget -O, scp to host:path, rsync from a remote', async () => {
    const k = keys(
      await extractShell(
        'wget -q -O /d/w.csv http://h.example.com/w.csv\nscp /d/out.csv partner@sftp.example.com:/inbound/\nrsync -az backup01:/srv/dumps/ /d/dumps/',
      ),
    );
    assert.ok(k.reads.includes('endpoint:http://h.example.com/w.csv'));
    assert.ok(k.writes.includes('file:/d/w.csv'));
    assert.ok(k.writes.includes('endpoint:sftp://sftp.example.com/inbound/out.csv'));
    assert.ok(k.reads.includes('endpoint:sftp://backup01/srv/dumps'));
  });

  test('rsync: a source with a trailing slash fills the destination itself, without one it lands inside', async () => {
    const k = keys(
      await extractShell(
        'rsync -a /srv/scans/ /mnt/copy/scans/\nrsync -a /srv/notes /mnt/copy/\nrsync -a /srv/maps/ vault:/drop/maps/',
      ),
    );
    assert.deepEqual(k.writes, [
      'endpoint:sftp://vault/drop/maps',
      'file:/mnt/copy/notes',
      'file:/mnt/copy/scans',
    ]);
  });

  test('sftp -b batch file: put and get', async () => {
    const k = keys(
      await extractShell('sftp -b /opt/jobs/push.batch partner@sftp.example.com', {
        files: { '/opt/jobs/push.batch': 'cd /inbound\nput /d/feed.csv\nget /outbound/ack.txt /d/ack.txt\n' },
      }),
    );
    assert.ok(k.reads.includes('file:/d/feed.csv'));
    assert.ok(k.writes.includes('endpoint:sftp://sftp.example.com/inbound/feed.csv'));
    assert.ok(k.reads.includes('endpoint:sftp://sftp.example.com/outbound/ack.txt'));
    assert.ok(k.writes.includes('file:/d/ack.txt'));
  });

  test('ftp and lftp sessions: here-documents, -e commands, open, cd, lcd, mput, get -o, mirror', async () => {
    const ex = await extractShell(
      [
        'ftp -inv ftp.partner.com <<EOF',
        'user etl s3cr3t',
        'binary',
        'cd /incoming',
        'lcd /data/out',
        'put orders.csv',
        'mget rates_*.csv',
        'bye',
        'EOF',
        'lftp -u etl,s3cr3t -e "cd /pub; get prices.csv -o /data/in/prices.csv; mirror -R /data/out/reports reports; bye" sftp://files.example.com',
      ].join('\n'),
    );
    const k = keys(ex);
    assert.deepEqual(k.writes, [
      'endpoint:ftp://ftp.partner.com/incoming/orders.csv',
      'endpoint:sftp://files.example.com/pub/reports',
      'file:/data/in/prices.csv',
      'file:/data/out/rates_*.csv',
    ]);
    assert.deepEqual(k.reads, [
      'endpoint:ftp://ftp.partner.com/incoming/rates_*.csv',
      'endpoint:sftp://files.example.com/pub/prices.csv',
      'file:/data/out/orders.csv',
      'file:/data/out/reports',
    ]);
    assert.ok(!JSON.stringify(ex).includes('s3cr3t'), 'credentials are never kept');
  });

  test('gsutil, hdfs dfs / hadoop fs, rclone and smbclient move data to and from their stores', async () => {
    const ex = await extractShell(
      [
        'gsutil -m cp /data/out/a.csv /data/out/b.csv gs://acme-exports/daily/',
        'hdfs dfs -put -f /data/out/events.parquet /warehouse/events/',
        'hadoop fs -get hdfs://nn01:8020/warehouse/dim/store.csv /data/in/store.csv',
        'hdfs dfs -cat /warehouse/flags.txt | grep x',
        'rclone copy /data/out/reports backup-s3:acme-reports/daily --transfers 4',
        "smbclient //fileserver/finance -U 'etl%s3cr3t' -c 'cd inbox; put /data/out/ledger.xlsx ledger.xlsx'",
      ].join('\n'),
    );
    const k = keys(ex);
    assert.deepEqual(k.writes, [
      'endpoint:gs://acme-exports/daily/a.csv',
      'endpoint:gs://acme-exports/daily/b.csv',
      'endpoint:hdfs:///warehouse/events/events.parquet',
      'endpoint:rclone://backup-s3/acme-reports/daily',
      'endpoint:smb://fileserver/finance/inbox/ledger.xlsx',
      'file:/data/in/store.csv',
    ]);
    assert.deepEqual(k.reads, [
      'endpoint:hdfs:///warehouse/flags.txt',
      'endpoint:hdfs://nn01:8020/warehouse/dim/store.csv',
      'file:/data/out/a.csv',
      'file:/data/out/b.csv',
      'file:/data/out/events.parquet',
      'file:/data/out/ledger.xlsx',
      'file:/data/out/reports',
    ]);
    assert.ok(!JSON.stringify(ex).includes('s3cr3t'), 'the share password is never kept');
  });

  test('aws s3 cp uploads to the bucket', async () => {
    const k = keys(await extractShell('aws s3 cp /d/x.parquet s3://acme-exports/daily/'));
    assert.deepEqual(k.writes, ['endpoint:s3://acme-exports/daily/x.parquet']);
  });

  test('az storage blob and azcopy move data to and from https://ACCOUNT.blob.core.windows.net/CONTAINER', async () => {
    const ex = await extractShell(
      [
        'az storage blob upload --account-name AcmeStore --container-name archive --name docs/2026.7z --file /backup/docs.7z --auth-mode login',
        'az storage blob download -c ref -n rates.csv -f /data/in/rates.csv --account-name acmestore --account-key "$KEY"',
        'az storage blob upload-batch -d exports -s /data/out --account-name acmestore',
        'export AZURE_STORAGE_ACCOUNT=lake01',
        'az storage blob download-batch -s landing -d /data/landing',
        'az storage blob upload -c drop -n x.csv -f /data/x.csv --account-name "$ACCOUNT"',
        'azcopy copy /data/out/sales.csv "https://acmestore.blob.core.windows.net/exports/sales.csv?sv=2022-11-02&sig=abc"',
        'azcopy sync "https://acmestore.blob.core.windows.net/ref?sp=r&sig=def" /data/ref',
      ].join('\n'),
    );
    const k = keys(ex);
    assert.deepEqual(k.reads, [
      'endpoint:https://acmestore.blob.core.windows.net/ref',
      'endpoint:https://acmestore.blob.core.windows.net/ref/rates.csv',
      'endpoint:https://lake01.blob.core.windows.net/landing',
      'file:/backup/docs.7z',
      'file:/data/out',
      'file:/data/out/sales.csv',
      'file:/data/x.csv',
    ]);
    assert.deepEqual(k.writes, [
      'endpoint:https://*.blob.core.windows.net/drop/x.csv',
      'endpoint:https://acmestore.blob.core.windows.net/archive/docs/2026.7z',
      'endpoint:https://acmestore.blob.core.windows.net/exports',
      'endpoint:https://acmestore.blob.core.windows.net/exports/sales.csv',
      'file:/data/in/rates.csv',
      'file:/data/landing',
      'file:/data/ref',
    ]);
    // an account the script does not know is `*`: the edge is partial
    const drop = ex.writes.find((w) => w.node.key.includes('//*.blob'));
    assert.equal(drop?.confidence, 'partial');
  });
});

describe('shell extractor: loading files into databases', () => {
  test('mysqlimport loads each file into the table named by its base name; pg_restore -d writes the tables', async () => {
    const ex = await extractShell(
      [
        'mysqlimport --local -h db01 -u etl -pS3CRET --fields-terminated-by=, sales /data/in/orders.csv /data/in/stock.2026.txt',
        'pg_restore -h pg01 -d dw -t fact_sales -t dim_store /backups/dw.dump',
        'pg_restore -f /tmp/dw.sql /backups/dw.dump',
      ].join('\n'),
    );
    const k = keys(ex);
    assert.deepEqual(k.reads, [
      'file:/backups/dw.dump',
      'file:/data/in/orders.csv',
      'file:/data/in/stock.2026.txt',
    ]);
    assert.deepEqual(k.writes, [
      'file:/tmp/dw.sql',
      'table:mysql://db01:3306/sales.orders',
      'table:mysql://db01:3306/sales.stock',
      'table:postgres://pg01:5432/dim_store',
      'table:postgres://pg01:5432/fact_sales',
    ]);
    assert.ok(!JSON.stringify(ex).includes('S3CRET'));
  });
});

describe('shell extractor: Oracle SQL*Plus', () => {
  test('a here-document with SPOOL writes the file and reads the tables; the logon names the server', async () => {
    const ex = await extractShell(
      [
        'sqlplus -s "etl/$ORA_PASS@//ora01.corp:1521/SALESP" <<EOF',
        'SET PAGESIZE 0 FEEDBACK OFF',
        'SET COLSEP ","',
        'WHENEVER SQLERROR EXIT 1',
        'SPOOL /data/out/orders_&1..csv',
        'SELECT o.id, o.total FROM sales.orders o',
        '  JOIN sales.customers c ON c.id = o.customer_id;',
        'SPOOL OFF',
        'UPDATE sales.export_log SET last_run = SYSDATE;',
        'EXIT',
        'EOF',
      ].join('\n'),
    );
    const k = keys(ex);
    assert.deepEqual(k.writes, [
      'file:/data/out/orders_*.csv',
      'table:oracle://ora01.corp:1521/sales.export_log',
    ]);
    assert.deepEqual(k.reads, [
      'table:oracle://ora01.corp:1521/sales.customers',
      'table:oracle://ora01.corp:1521/sales.orders',
    ]);
    const spool = ex.writes.find((w) => w.node.key.startsWith('file:'));
    assert.equal(spool?.evidence.line, 5, 'the SPOOL line');
    assert.equal(spool?.confidence, 'partial');
    assert.ok(!JSON.stringify(ex).includes('ORA_PASS@'), 'no logon string is kept');
  });

  test('sqlplus LOGON @script runs the script as an SQL script node with the connection', async () => {
    const ex = await extractShell('cd /opt/ora && sqlplus -S scott/tiger@PRODDB @nightly_load 2026', {
      files: { '/opt/ora/nightly_load.sql': 'SELECT 1 FROM dual;\n' },
    });
    assert.deepEqual(keys(ex).invokes, ['/opt/ora/nightly_load.sql']);
    const inv = ex.invokes[0];
    assert.equal(inv?.language, 'sql');
    assert.deepEqual(inv?.sqlContext, { dialect: 'oracle', namespace: 'oracle://proddb:1521' });
    assert.ok(!JSON.stringify(ex).includes('tiger'), 'the password is not kept');
  });
});

describe('shell extractor: remote commands', () => {
  test('ssh HOST CMD: the script depends on a host node; remote paths are not taken for local ones', async () => {
    const ex = await extractShell(
      [
        'ssh -p 2222 -o BatchMode=yes etl@etl02.corp /opt/jobs/load.sh /data/in/x.csv',
        "ssh backup01 'cat > /srv/in/today.csv' < /data/out/today.csv",
        'ssh ftp.partner.com cat /exports/rates.csv > /data/in/rates.csv',
        'ssh "$REMOTE" uptime',
      ].join('\n'),
    );
    const k = keys(ex);
    assert.deepEqual(k.reads, [
      'endpoint:sftp://ftp.partner.com/exports/rates.csv',
      'file:/data/out/today.csv',
      'host:backup01',
      'host:etl02.corp',
      'host:ftp.partner.com',
    ]);
    assert.deepEqual(k.writes, ['file:/data/in/rates.csv', 'host:backup01']);
    assert.deepEqual(k.invokes, [], 'the remote script runs there, not here');
    const etl02 = ex.reads.find((r) => r.node.key === 'host:etl02.corp');
    assert.match(etl02?.evidence.construct ?? '', /ssh etl02\.corp \/opt\/jobs\/load\.sh/);
    assert.equal(etl02?.evidence.line, 1);
    assert.ok(ex.diagnostics.some((d) => d.code === 'unresolved-host' && d.location?.line === 4));
  });

  test('ssh HOST pg_dump|mysqldump|mongodump: the dump reads the server on HOST, or the one it names', async () => {
    const ex = await extractShell(
      [
        "ssh db01 'pg_dump -U postgres shop' > /backup/shop.sql",
        'ssh backup@db02 "mysqldump --all-databases | gzip" > /backup/db02.sql.gz',
        'ssh -p 2222 jump01 pg_dump -h pg-internal -p 6432 crm > /backup/crm.sql',
        'ssh db03 /usr/bin/mongodump --archive --gzip > /backup/m.gz',
        "ssh db04 'ls /var/lib/mysql; mysqldump shop'",
      ].join('\n'),
    );
    assert.deepEqual(
      keys(ex).reads.filter((k) => k.startsWith('database:')),
      [
        'database:mongodb://db03:27017',
        'database:mysql://db02:3306',
        'database:postgres://db01:5432',
        'database:postgres://pg-internal:6432',
      ],
    );
    assert.deepEqual(keys(ex).writes, [
      'file:/backup/crm.sql',
      'file:/backup/db02.sql.gz',
      'file:/backup/m.gz',
      'file:/backup/shop.sql',
    ]);
  });
});

describe('shell extractor: database clients', () => {
  test('psql -c with \\copy reads the file and writes the table', async () => {
    const ex = await extractShell(
      'psql -h pg01 -d shop -c "\\copy staging.orders FROM \'/d/orders.csv\' CSV HEADER"',
    );
    const k = keys(ex);
    assert.ok(k.reads.includes('file:/d/orders.csv'));
    assert.ok(k.writes.includes('table:postgres://pg01:5432/staging.orders'));
  });

  test('psql -f runs a .sql file as a script of its own, with the connection', async () => {
    const ex = await extractShell('PGHOST=pg01 psql -d shop -f /opt/sql/merge.sql');
    assert.deepEqual(keys(ex).invokes, ['/opt/sql/merge.sql']);
    assert.equal(ex.invokes[0]?.language, 'sql');
    assert.equal(ex.invokes[0]?.sqlContext?.namespace, 'postgres://pg01:5432');
    assert.equal(ex.invokes[0]?.sqlContext?.database, 'shop');
  });

  test('a here-document fed to mysql is SQL, qualified with the positional database', async () => {
    const ex = await extractShell(
      'mysql -h db01 -u etl -pchangeme shop <<EOF\nINSERT INTO orders_archive SELECT * FROM orders;\nEOF\n',
    );
    const k = keys(ex);
    assert.ok(
      k.reads.some((r) => r.endsWith('shop.orders')),
      JSON.stringify(k),
    );
    assert.ok(
      k.writes.some((w) => w.endsWith('shop.orders_archive')),
      JSON.stringify(k),
    );
    assert.ok(!JSON.stringify(ex).includes('changeme'), 'the -p password never appears');
  });

  test('mysql -p"$PASS" -e: the glued password is not taken for flags', async () => {
    const k = keys(
      await extractShell(
        'mysql -h wms01 -u ro -p"$WMS_PASS" -B -N -e "SELECT sku FROM wms.stock" > /d/stock.tsv',
      ),
    );
    assert.deepEqual(k.reads, ['table:mysql://wms01:3306/wms.stock']);
  });

  test('pg_dump -t T > f reads the table and writes the dump', async () => {
    const k = keys(await extractShell('pg_dump -h pg01 -t sales.orders shop > /backup/orders.sql'));
    assert.deepEqual(k.reads, ['table:postgres://pg01:5432/sales.orders']);
    assert.deepEqual(k.writes, ['file:/backup/orders.sql']);
  });
});

describe('shell extractor: more database clients', () => {
  test('sqlite3 DB "SQL" reads and writes tables of that database file', async () => {
    const k = keys(await extractShell('sqlite3 /var/db/app.db "INSERT INTO audit SELECT * FROM events"'));
    assert.deepEqual(k.reads, ['table:sqlite:///var/db/app.db/events']);
    assert.deepEqual(k.writes, ['table:sqlite:///var/db/app.db/audit']);
  });

  test('sqlite3 takes its options with one dash: -separator SEP is not the database', async () => {
    const k = keys(
      await extractShell(`sqlite3 -separator ' ' -header /var/db/app.db "SELECT region FROM exports"`),
    );
    assert.deepEqual(k.reads, ['table:sqlite:///var/db/app.db/exports']);
  });

  test('psql < file.sql runs the file as a script; mysql -D picks the database', async () => {
    const ex = await extractShell(
      'psql -h pg01 dw < /opt/sql/nightly.sql\nmysql -D shop -e "DELETE FROM carts"',
    );
    assert.deepEqual(keys(ex).invokes, ['/opt/sql/nightly.sql']);
    assert.equal(ex.invokes[0]?.sqlContext?.database, 'dw');
    assert.deepEqual(keys(ex).writes, ['table:mysql://localhost:3306/shop.carts']);
  });

  test('sqlcmd -Q and -i; bcp in, out and queryout', async () => {
    const ex = await extractShell(
      [
        'sqlcmd -S sql01,1433 -d erp -Q "TRUNCATE TABLE dbo.staging_orders" -o /var/log/sqlcmd.log',
        'sqlcmd -S sql01 -d erp -i /opt/sql/merge.sql',
        'bcp dbo.orders in /data/in/orders.dat -S sql01 -d erp -c',
        'bcp dbo.customers out /data/out/customers.dat -S sql01 -d erp -c',
        'bcp "SELECT id FROM erp.dbo.invoices" queryout /data/out/invoices.dat -S sql01 -c',
      ].join('\n'),
    );
    const k = keys(ex);
    assert.ok(k.writes.includes('table:sqlserver://sql01:1433/dbo.staging_orders'), JSON.stringify(k));
    assert.ok(k.writes.includes('file:/var/log/sqlcmd.log'));
    assert.deepEqual(k.invokes, ['/opt/sql/merge.sql']);
    assert.ok(k.reads.includes('file:/data/in/orders.dat'));
    assert.ok(k.writes.includes('table:sqlserver://sql01:1433/erp.dbo.orders'));
    assert.ok(k.reads.includes('table:sqlserver://sql01:1433/erp.dbo.customers'));
    assert.ok(k.writes.includes('file:/data/out/customers.dat'));
    assert.ok(
      k.reads.some((r) => r.endsWith('erp.dbo.invoices')),
      JSON.stringify(k.reads),
    );
    assert.ok(k.writes.includes('file:/data/out/invoices.dat'));
  });
});

describe('shell extractor: more redirections and pipes', () => {
  test('&> and 2> write files; xargs runs its command on unknown files', async () => {
    const k = keys(
      await extractShell('run_it &> /var/log/all.log\nrun_it 2> /var/log/err.log\nls /d/in | xargs -n1 gzip'),
    );
    assert.deepEqual(k.writes, ['file:/var/log/all.log', 'file:/var/log/err.log']);
  });
});

describe('shell extractor: invoking scripts', () => {
  test('interpreter + script with arguments binds them; ./y.sh relative to cwd', async () => {
    const ex = await extractShell('python3 -u /opt/etl/load.py --in /d/a.csv out.csv\n./post.sh "$1"', {
      args: ['x'],
    });
    assert.deepEqual(keys(ex).invokes, ['/opt/etl/load.py --in /d/a.csv out.csv', '/opt/jobs/post.sh x']);
    assert.equal(ex.invokes.find((i) => i.path.endsWith('load.py'))?.interpreter, 'python3');
  });

  test('wrappers hand on their command: flock, nice, timeout, nohup, env, sudo -u, su -c, bash -c', async () => {
    const lines = [
      'flock -n /tmp/a.lock python3 /opt/a.py',
      'nice -n 10 ionice -c3 /opt/b.sh',
      'timeout 2h perl /opt/c.pl',
      'nohup env TZ=UTC /usr/bin/python3 /opt/d.py &',
      'sudo -u etl /opt/e.sh',
      "su - etl -c '/opt/f.sh --full'",
      "bash -c 'cd /opt && ./g.sh'",
      "/bin/sh -c 'python3 /opt/h.py'",
    ];
    const k = keys(await extractShell(lines.join('\n')));
    assert.deepEqual(k.invokes, [
      '/opt/a.py',
      '/opt/b.sh',
      '/opt/c.pl',
      '/opt/d.py',
      '/opt/e.sh',
      '/opt/f.sh --full',
      '/opt/g.sh',
      '/opt/h.py',
    ]);
  });

  test('python -m runs the module found from the working directory, PYTHONPATH or the venv', async () => {
    const files = {
      '/opt/app/jobs/export.py': 'print(1)\n',
      '/opt/app/jobs/sync/__main__.py': 'print(1)\n',
      '/srv/lib/tools/clean.py': 'print(1)\n',
      '/opt/app/venv/lib/python3.11/site-packages/vendor/pull.py': 'print(1)\n',
    };
    const ex = await extractShell(
      [
        'cd /opt/app',
        'python3 -u -m jobs.export --day "$1"',
        'python3 -mjobs.sync',
        'PYTHONPATH=/srv/lib python3 -m tools.clean',
        '/opt/app/venv/bin/python -m vendor.pull',
        'python3 -m http.server 8000',
      ].join('\n'),
      { files, args: ['2026-03-10'] },
    );
    assert.deepEqual(keys(ex).invokes, [
      '/opt/app/jobs/export.py --day 2026-03-10',
      '/opt/app/jobs/sync/__main__.py',
      '/opt/app/venv/lib/python3.11/site-packages/vendor/pull.py',
      '/srv/lib/tools/clean.py',
    ]);
    const exportRun = ex.invokes.find((i) => i.path.endsWith('export.py'));
    assert.equal(exportRun?.language, 'python');
    assert.equal(exportRun?.env?.PYTHONPATH, '/opt/app', 'the callee imports from the working directory');
    assert.match(exportRun?.evidence.construct ?? '', /python3 -m jobs\.export/);
    const missing = ex.diagnostics.find((d) => d.code === 'module-not-found');
    assert.equal(missing?.severity, 'info');
    assert.match(missing?.message ?? '', /http\.server/);
  });

  test('run-parts invokes every file whose name run-parts accepts', async () => {
    const k = keys(
      await extractShell('run-parts --report /etc/cron.daily', {
        files: {
          '/etc/cron.daily/logrotate': '#!/bin/sh\n',
          '/etc/cron.daily/backup-db': '#!/bin/sh\n',
          '/etc/cron.daily/old.dpkg-dist': '',
        },
      }),
    );
    assert.deepEqual(k.invokes, ['/etc/cron.daily/backup-db', '/etc/cron.daily/logrotate']);
  });
});

describe('cron lines', () => {
  test('cd X && interpreter script >> log: the log is a write of the script (via redirect)', async () => {
    const ex = await extractCronCommand(
      'cd /opt/dataops && /usr/bin/python3 5.py >> /var/log/dataops/cron.log 2>&1',
    );
    assert.deepEqual(keys(ex).invokes, ['/opt/dataops/5.py']);
    assert.equal(ex.invokes[0]?.cwd, '/opt/dataops');
    assert.deepEqual(keys(ex).writes, ['file:/var/log/dataops/cron.log']);
    assert.equal(ex.writes[0]?.via, 'redirect');
    assert.equal(ex.writes[0]?.evidence.file, '/etc/crontab');
    assert.equal(ex.writes[0]?.evidence.line, 7);
  });

  test('> /dev/null 2>&1 is no file', async () => {
    const ex = await extractCronCommand('/opt/x.sh > /dev/null 2>&1');
    assert.deepEqual(keys(ex).writes, []);
  });

  test('| logger and a pipe keep the script', async () => {
    const ex = await extractCronCommand('flock -n /var/lock/sync.lock /opt/sync.sh 2>&1 | logger -t sync');
    assert.deepEqual(keys(ex).invokes, ['/opt/sync.sh']);
  });
});
