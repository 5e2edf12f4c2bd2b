/**
 * Shell idioms seen on real servers, one construct per test (failure classes 1, 4 and 9 of
 * issue 10): words tree-sitter cut in two, the script's own directory, subshells, command
 * prefixes and binaries held in variables, pipelines into xargs, redirections of a callee.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractShell, keys } from '../../helpers/shell.js';

describe('shell idioms: one word stays one word', () => {
  test('an unknown date in a report name is * in its place, not a split word', async () => {
    const ex = await extractShell(
      'OUTDIR=/srv/reports\nSTAMP=$(date +%Y%m%d)\nzone=east\n' +
        './tally.pl --out $OUTDIR/tally_${zone}_$STAMP.txt\ncat $OUTDIR/part_$STAMP.txt > $OUTDIR/whole_$STAMP.txt',
      { files: { '/opt/jobs/tally.pl': '#!/usr/bin/perl\n' } },
    );
    const k = keys(ex);
    assert.deepEqual(k.invokes, ['/opt/jobs/tally.pl --out /srv/reports/tally_east_*.txt']);
    assert.deepEqual(k.reads, ['file:/srv/reports/part_*.txt']);
    assert.deepEqual(k.writes, ['file:/srv/reports/whole_*.txt']);
    assert.ok(ex.writes.every((w) => w.confidence === 'partial'));
  });

  test('an unquoted assignment with an unknown part keeps the word whole', async () => {
    const k = keys(await extractShell('WORK=/var/spool/prep\nb=$WORK/cleaned.$day.json\ncat $b'));
    assert.deepEqual(k.reads, ['file:/var/spool/prep/cleaned.*.json']);
    assert.deepEqual(k.invokes, []);
  });

  test('a quoted prefix glued to a glob and an unknown day stays one remote path', async () => {
    const ex = await extractShell('DROP=/srv/drop\nscp "$DROP"/*.$DAY.gz feedhost:/incoming/');
    assert.deepEqual(keys(ex).reads, ['file:/srv/drop/*.*.gz']);
    assert.deepEqual(keys(ex).writes, ['endpoint:sftp://feedhost/incoming/*.*.gz']);
    assert.ok([...ex.reads, ...ex.writes].every((r) => r.confidence === 'partial'));
  });
});

describe('shell idioms: directories', () => {
  test('$( cd "$( dirname "${BASH_SOURCE[0]}" )" && pwd ) is the script directory', async () => {
    const ex = await extractShell(
      'HERE="$( cd "$( dirname "${BASH_SOURCE[0]}" )" >/dev/null 2>&1 && pwd )"\n"$HERE"/stage2.sh\ncat "$HERE/../feeds/today.csv"',
      { path: '/opt/pipeline/bin/stage1.sh', cwd: '/home/etl' },
    );
    const k = keys(ex);
    assert.deepEqual(k.invokes, ['/opt/pipeline/bin/stage2.sh']);
    assert.deepEqual(k.reads, ['file:/opt/pipeline/feeds/today.csv']);
  });

  test('$(dirname "$(readlink -f "$0")") is the script directory too', async () => {
    const k = keys(
      await extractShell('ROOTDIR=$(dirname "$(readlink -f "$0")")\ncat $ROOTDIR/lookup.tsv', {
        path: '/opt/pipeline/run.sh',
        cwd: '/',
      }),
    );
    assert.deepEqual(k.reads, ['file:/opt/pipeline/lookup.tsv']);
  });

  test('(cd DIR; ...) does not leak its directory or variables', async () => {
    const k = keys(
      await extractShell(
        '(cd /var/feeds; TAG=inner; cat batch.txt)\ncat summary.txt\ncat /x/${TAG:-outer}.txt',
        {
          cwd: '/home/etl',
        },
      ),
    );
    assert.deepEqual(k.reads, [
      'file:/home/etl/summary.txt',
      'file:/var/feeds/batch.txt',
      'file:/x/outer.txt',
    ]);
  });

  test('after cd to an unknown directory, relative paths make no edge', async () => {
    const ex = await extractShell('cd "$SPOOL"\ncat incoming.dat\ncat /etc/feeds.conf', { cwd: '/home/etl' });
    assert.deepEqual(keys(ex).reads, ['file:/etc/feeds.conf']);
  });

  test('cd to a directory with an unknown part makes relative paths partial', async () => {
    const ex = await extractShell('cd /srv/runs/$RUN\ncat manifest.json', { cwd: '/home/etl' });
    assert.deepEqual(keys(ex).reads, ['file:/srv/runs/*/manifest.json']);
    assert.equal(ex.reads[0]?.confidence, 'partial');
  });

  test('~ is the home directory when HOME is known, and nothing is guessed when it is not', async () => {
    assert.deepEqual(keys(await extractShell('cat ~/feeds/a.csv', { env: { HOME: '/home/etl' } })).reads, [
      'file:/home/etl/feeds/a.csv',
    ]);
    assert.deepEqual(keys(await extractShell('cat ~/feeds/a.csv')).reads, []);
  });
});

describe('shell idioms: commands held in variables', () => {
  test('an unknown, possibly empty prefix before a command still resolves the command', async () => {
    const k = keys(
      await extractShell('setsid $WRAP /opt/tools/push.sh /data/out/ready.csv', {
        files: { '/opt/tools/push.sh': '#!/bin/sh\n' },
      }),
    );
    assert.deepEqual(k.invokes, ['/opt/tools/push.sh /data/out/ready.csv']);
  });

  test('a binary held in a variable is resolved as that command, not a script', async () => {
    const k = keys(
      await extractShell(
        'CRYPT=/usr/bin/gpg\nSYNC=/usr/bin/rsync\n$CRYPT --batch --output /data/out/ledger.csv.gpg --encrypt /data/out/ledger.csv\n$SYNC -a /data/out/ledger.csv.gpg vault:/drop/',
      ),
    );
    assert.deepEqual(k.invokes, []);
    assert.deepEqual(k.reads, ['file:/data/out/ledger.csv', 'file:/data/out/ledger.csv.gpg']);
    assert.deepEqual(k.writes, [
      'endpoint:sftp://vault/drop/ledger.csv.gpg',
      'file:/data/out/ledger.csv.gpg',
    ]);
  });

  test('a system program that is not under ROOT is not a script node', async () => {
    assert.deepEqual(keys(await extractShell('/usr/bin/uploader --to vault /data/x.csv')).invokes, []);
  });
});

describe('shell idioms: pipelines and callees', () => {
  test('find ... | xargs cat reads the files find lists', async () => {
    const k = keys(
      await extractShell('find /data/inbox -name "*.csv" -mtime -1 | xargs cat > /data/merged.csv'),
    );
    assert.deepEqual(k.reads, ['file:/data/inbox/*.csv']);
    assert.deepEqual(k.writes, ['file:/data/merged.csv']);
  });

  test('a glob piped to xargs -n1 runs the script once per file with the file as argument', async () => {
    const k = keys(
      await extractShell('ls /data/drop/*.xml | xargs -n1 /opt/load/one.sh', {
        files: { '/opt/load/one.sh': '#!/bin/sh\n' },
      }),
    );
    assert.deepEqual(k.invokes, ['/opt/load/one.sh /data/drop/*.xml']);
  });

  test('a relative glob listed with ls names files in the working directory, for the callee too', async () => {
    const k = keys(
      await extractShell(
        'cd /data/drop\nls *.tsv | xargs -I{} cp {} /data/kept/{}.bak\nls *.xml | xargs -n1 /opt/load/one.sh',
        {
          files: { '/opt/load/one.sh': '#!/bin/sh\n' },
        },
      ),
    );
    assert.deepEqual(k.reads, ['file:/data/drop/*.tsv']);
    assert.deepEqual(k.writes, ['file:/data/kept/*.tsv.bak']);
    assert.deepEqual(k.invokes, ['/opt/load/one.sh ./*.xml']);
  });

  test('xargs -I {} puts the file where the placeholder is', async () => {
    const k = keys(await extractShell('find /data/a -name "*.log" | xargs -I {} cp {} /data/b/'));
    assert.deepEqual(k.reads, ['file:/data/a/*.log']);
    assert.deepEqual(k.writes, ['file:/data/b/*.log']);
  });

  test('find -execdir runs the command on each file found', async () => {
    const k = keys(await extractShell("find /data/c -name '*.dat' -execdir gzip {} \\;"));
    assert.deepEqual(k.reads, ['file:/data/c/*.dat']);
    assert.deepEqual(k.writes, ['file:/data/c/*.dat.gz']);
  });

  test("a callee's redirected stdout and stdin are the callee's writes and reads", async () => {
    const ex = await extractShell(
      'CSV=/data/out/rows.csv\nfor f in /data/in/*.xml; do ./flatten.pl "$f" >> $CSV; done\n./check.sh < /data/in/rules.txt\necho done >> /var/log/flat.log',
      { files: { '/opt/jobs/flatten.pl': '#!/usr/bin/perl\n', '/opt/jobs/check.sh': '#!/bin/sh\n' } },
    );
    const k = keys(ex);
    assert.deepEqual(k.writes, ['file:/var/log/flat.log']);
    assert.deepEqual(k.reads, []);
    const flatten = ex.invokes.find((i) => i.path === '/opt/jobs/flatten.pl');
    assert.deepEqual(
      flatten?.redirects?.writes.map((w) => w.node.key),
      ['file:/data/out/rows.csv'],
    );
    const check = ex.invokes.find((i) => i.path === '/opt/jobs/check.sh');
    assert.deepEqual(
      check?.redirects?.reads.map((r) => r.node.key),
      ['file:/data/in/rules.txt'],
    );
  });

  test('docker run -v HOST:CTR maps container paths back to the host; image paths make no edge', async () => {
    const ex = await extractShell(
      'docker run --rm -v /srv/feeds:/data -v /opt/tally:/app:ro -w /data tally:3 python3 /app/count.py --in=/data/in.csv /tmp/scratch.csv /data/out.csv',
      { files: { '/opt/tally/count.py': 'print(1)\n' } },
    );
    assert.deepEqual(keys(ex).invokes, ['/opt/tally/count.py --in=/srv/feeds/in.csv * /srv/feeds/out.csv']);
    assert.equal(ex.invokes[0]?.cwd, '/srv/feeds');
    const unmounted = await extractShell('docker run img python3 /app/x.py /data/in.csv');
    assert.deepEqual(keys(unmounted), { reads: [], writes: [], invokes: [] });
  });

  test('java -jar and spark-submit run their application: a .py one as a Python script with its arguments', async () => {
    const ex = await extractShell(
      [
        'java -Xmx2g -Dlog.dir=/var/log/etl -jar /opt/etl/etl.jar --input /data/in.csv',
        'spark-submit --master yarn --deploy-mode cluster --conf spark.x=1 --py-files /opt/jobs/deps.zip /opt/jobs/daily.py --day 2026-12-01',
        'spark-submit --class com.acme.Daily /opt/jobs/daily.jar hdfs:///raw',
        'java -cp /opt/lib/x.jar com.acme.Main /data/a.csv',
        'spark2-submit --num-executors 50 --py-files src/timer.py,src/base.py /opt/jobs/save_pdf.py',
        'gcloud dataproc jobs submit pyspark --cluster=c1 --region=us-central1 /opt/jobs/gcs_hive.py -- 2026-12-01',
        'gcloud dataproc jobs submit pyspark --cluster=c1 gs://acme-jobs/remote.py',
      ].join('\n'),
    );
    assert.deepEqual(keys(ex).invokes, [
      '/opt/etl/etl.jar --input /data/in.csv',
      '/opt/jobs/daily.jar hdfs:///raw',
      '/opt/jobs/daily.py --day 2026-12-01',
      '/opt/jobs/gcs_hive.py 2026-12-01',
      '/opt/jobs/save_pdf.py',
    ]);
    assert.equal(ex.invokes.find((i) => i.path.endsWith('.py'))?.language, 'python');
  });

  test('docker exec, docker compose exec and kubectl exec run their command: its database reads and the redirections are edges', async () => {
    const ex = await extractShell(
      [
        'docker exec pg01 pg_dump -U postgres -d shop > /backup/shop.sql',
        'docker compose exec -T db pg_dumpall -U postgres > /backup/all.sql',
        'docker-compose exec -T -u mysql maria mysqldump shop orders > /backup/orders.sql',
        'kubectl exec -n data deploy/mongo -c mongo -- mongodump --db crm --archive > /backup/crm.archive',
        // the pod's own path: not the server's file
        'kubectl exec -n data deploy/pg -- pg_dump -d crm -f /tmp/crm.sql',
      ].join('\n'),
    );
    const k = keys(ex);
    assert.deepEqual(k.reads, [
      'database:mongodb://localhost:27017',
      'database:postgres://localhost:5432',
      'table:mysql://localhost:3306/shop.orders',
    ]);
    assert.deepEqual(k.writes, [
      'file:/backup/all.sql',
      'file:/backup/crm.archive',
      'file:/backup/orders.sql',
      'file:/backup/shop.sql',
    ]);
  });
});

describe('shell idioms: a helper that looks a value up', () => {
  const files = {
    '/opt/feeds/bin/conf-get.sh':
      '#!/bin/bash\n# conf-get.sh KEY: print KEY from the feeds config\ngrep "^$1=" /opt/feeds/etc/feeds.conf | cut -d= -f2-\n',
    '/opt/feeds/etc/feeds.conf':
      '# feed locations\nSTAGE_DIR=/srv/feeds/stage\nPUBLISH_DIR="/srv/feeds/public"\n',
  };

  test('DIR=$("$BIN"/conf-get.sh KEY) is the value the helper reads from its config', async () => {
    const ex = await extractShell(
      'BIN=/opt/feeds/bin\nSTAGE=$("$BIN"/conf-get.sh STAGE_DIR)\nPUB=`$BIN/conf-get.sh PUBLISH_DIR`\ncp "$STAGE/list.csv" "$PUB/"',
      { files },
    );
    const k = keys(ex);
    assert.deepEqual(k.writes, ['file:/srv/feeds/public/list.csv']);
    assert.ok(k.reads.includes('file:/srv/feeds/stage/list.csv'));
    assert.ok(k.invokes.includes('/opt/feeds/bin/conf-get.sh STAGE_DIR'));
  });

  test('a key the config does not hold stays unknown', async () => {
    const k = keys(
      await extractShell('D=$(/opt/feeds/bin/conf-get.sh ARCHIVE_DIR)\ncat "$D/x.csv"', { files }),
    );
    assert.ok(!k.reads.some((r) => r.includes('x.csv')));
  });
});

describe('shell idioms: loops over listed files and functions', () => {
  test('find ... | while read -r f binds f to the listed files', async () => {
    const k = keys(
      await extractShell('find /data/spool -name "*.csv" | while read -r f; do gzip "$f"; done'),
    );
    assert.deepEqual(k.reads, ['file:/data/spool/*.csv']);
    assert.deepEqual(k.writes, ['file:/data/spool/*.csv.gz']);
  });

  test("a function's redirection stays the script's even when the function runs a script", async () => {
    const ex = await extractShell(
      'step() {\n  ./prep.sh\n  cp /data/a /data/b\n}\nstep >> /var/log/steps.log',
      {
        files: { '/opt/jobs/prep.sh': '#!/bin/sh\n' },
      },
    );
    assert.ok(keys(ex).writes.includes('file:/var/log/steps.log'));
    assert.equal(ex.invokes[0]?.redirects, undefined);
  });
});

describe('shell idioms: arrays, globs, listings and piped text', () => {
  test('"${NAME[@]}" of a literal array is each element', async () => {
    const k = keys(
      await extractShell(
        'FEEDS=(north.csv "south east.csv")\nfor f in "${FEEDS[@]}"; do cp "/in/$f" /out/; done',
      ),
    );
    assert.deepEqual(k.reads, ['file:/in/north.csv', 'file:/in/south east.csv']);
  });

  test('a literal glob is relative to the working directory; an unknown directory is not', async () => {
    assert.deepEqual(keys(await extractShell('cd /srv/drop && gzip *.dat')).reads, ['file:/srv/drop/*.dat']);
    assert.deepEqual(keys(await extractShell('gzip $DROP/*.dat')).reads, []);
  });

  test('for f in $(ls GLOB) loops over the glob', async () => {
    assert.deepEqual(keys(await extractShell('for f in $(ls /data/in/*.txt); do wc -l $f; done')).reads, [
      'file:/data/in/*.txt',
    ]);
  });

  test('exec > >(tee -a LOG) writes LOG', async () => {
    assert.deepEqual(keys(await extractShell('exec > >(tee -a /var/log/feeds/run.log) 2>&1')).writes, [
      'file:/var/log/feeds/run.log',
    ]);
  });

  test('echo "SQL" | psql runs the SQL', async () => {
    const ex = await extractShell('echo "DELETE FROM stage.rows" | psql -h db1 -d dw');
    assert.ok(keys(ex).writes.some((w) => w.startsWith('table:') && w.endsWith('stage.rows')));
  });
});

describe('shell idioms: guards', () => {
  test('command -v X only looks X up; [ -x X ] && X runs it', async () => {
    const files = { '/usr/local/bin/feedsync': '#!/bin/sh\n' };
    assert.deepEqual(
      keys(await extractShell('command -v feedsync >/dev/null || exit 0', { files })).invokes,
      [],
    );
    assert.deepEqual(
      keys(await extractShell('[ -x /usr/local/bin/feedsync ] && /usr/local/bin/feedsync --quiet', { files }))
        .invokes,
      ['/usr/local/bin/feedsync --quiet'],
    );
  });
});

describe('shell idioms: redirection of a pipeline', () => {
  test('find | xargs SCRIPT >> OUT: the script run by the last command writes OUT', async () => {
    const ex = await extractShell(
      'find /srv/feeds -name "*.xml" | xargs -r -n1 /opt/feeds/titles.sh >> /srv/feeds/titles.txt',
      { files: { '/opt/feeds/titles.sh': '#!/bin/sh\n' } },
    );
    assert.deepEqual(keys(ex).writes, []);
    assert.deepEqual(
      ex.invokes[0]?.redirects?.writes.map((w) => w.node.key),
      ['file:/srv/feeds/titles.txt'],
    );
  });

  test('SCRIPT | sort > OUT: sort writes OUT, not the script', async () => {
    const ex = await extractShell('/opt/feeds/titles.sh /srv/a.xml | sort -u > /srv/feeds/sorted.txt', {
      files: { '/opt/feeds/titles.sh': '#!/bin/sh\n' },
    });
    assert.deepEqual(keys(ex).writes, ['file:/srv/feeds/sorted.txt']);
    assert.equal(ex.invokes[0]?.redirects, undefined);
  });

  test('a command the image holds is not followed, and no argument becomes a command', async () => {
    const ex = await extractShell(
      'docker run --rm -v /srv/log:/in tools:1 /usr/local/bin/track /in/pos.json',
    );
    assert.deepEqual(keys(ex), { reads: [], writes: [], invokes: [] });
  });
});
