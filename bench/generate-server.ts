/**
 * A synthetic server for benchmarks: N scripts (Python, shell, SQL, Perl) of about `avgBytes` each,
 * run from crontabs in /etc/cron.d, some through wrappers, with realistic reads and writes.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface GeneratedServer {
  root: string;
  scripts: number;
  bytes: number;
  files: string[];
}

function pad(body: string, target: number, comment: string): string {
  const filler: string[] = [];
  let size = body.length;
  let i = 0;
  while (size < target) {
    const line = `${comment} step ${i++}: keep the nightly numbers consistent with the ledger, see runbook section ${i % 17}\n`;
    filler.push(line);
    size += line.length;
  }
  return body + filler.join('');
}

function python(i: number, avg: number): string {
  const body = `#!/usr/bin/env python3
"""job ${i}: load partner feed ${i} and export a summary."""
import csv
import json
import logging
import os
import sys

import pymysql

IN_DIR = "/data/in/feed${i % 97}"
OUT = os.path.join("/data/out", "summary_${i}.json")
logging.basicConfig(filename="/var/log/jobs/job${i}.log", level=logging.INFO)
log = logging.getLogger(__name__)


def read_rows(path):
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


def main(argv):
    src = argv[1] if len(argv) > 1 else IN_DIR + "/latest.csv"
    rows = read_rows(src)
    conn = pymysql.connect(host="db${i % 5}", user="etl", password="changeme", database="sales")
    cur = conn.cursor()
    cur.execute("INSERT INTO feed_${i % 50} (id, amount) SELECT id, amount FROM staging_${i % 50}")
    cur.execute("SELECT sku, SUM(qty) FROM orders JOIN items ON items.order_id = orders.id GROUP BY sku")
    with open(OUT, "w") as out:
        json.dump({"rows": len(rows), "top": cur.fetchall()}, out)
    log.info("done %d", len(rows))


if __name__ == "__main__":
    main(sys.argv)
`;
  return pad(body, avg, '#');
}

function shell(i: number, avg: number): string {
  const body = `#!/bin/bash
# wrapper ${i}: fetch, load, archive
set -euo pipefail
. /etc/default/jobs
LOG=/var/log/jobs/wrapper${i}.log
exec >> "$LOG" 2>&1
DAY=$(date +%Y%m%d)
IN="$DATA_DIR/in/feed${i % 97}/latest.csv"
curl -sf -o "$IN" "https://partner${i % 13}.example.com/export/feed${i % 97}.csv"
python3 /opt/jobs/py/job${i}.py "$IN"
psql -h pg01 -d dw -f /opt/jobs/sql/q${i}.sql
for f in "$DATA_DIR"/out/summary_${i}*.json; do
  gzip -c "$f" > "$ARCHIVE_DIR/$(basename "$f").$DAY.gz"
done
scp "$ARCHIVE_DIR"/*.$DAY.gz partner${i % 13}@sftp.example.com:/inbound/
`;
  return pad(body, avg, '#');
}

function sql(i: number, avg: number): string {
  const body = `-- q${i}: merge staging into the warehouse
BEGIN;
INSERT INTO dw.fact_sales_${i % 40} (day, sku, units)
SELECT s.day, s.sku, SUM(s.units) FROM staging.sales_${i % 40} s
JOIN dim.products p ON p.sku = s.sku
GROUP BY s.day, s.sku;
TRUNCATE staging.sales_${i % 40};
COMMIT;
`;
  return pad(body, avg, '--');
}

function perl(i: number, avg: number): string {
  const body = `#!/usr/bin/perl
# report ${i}
use strict;
use warnings;
my $in = "/data/out/summary_${i}.json";
my $out = "/data/reports/report_${i}.txt";
open(my $fh, '<', $in) or die "cannot open $in: $!";
open(my $oh, '>', $out) or die "cannot write $out: $!";
while (my $line = <$fh>) { print $oh $line; }
close($fh);
close($oh);
`;
  return pad(body, avg, '#');
}

/** Build the server under `root`: a quarter of each kind, wrappers scheduled from cron.d. */
export function generateServer(root: string, n: number, avgBytes = 6000): GeneratedServer {
  fs.rmSync(root, { recursive: true, force: true });
  const write = (p: string, text: string) => {
    const local = path.join(root, p);
    fs.mkdirSync(path.dirname(local), { recursive: true });
    fs.writeFileSync(local, text);
    return text.length;
  };
  let bytes = 0;
  const files: string[] = [];
  write('/etc/hostname', 'bench01\n');
  write('/etc/default/jobs', 'DATA_DIR=/data\nARCHIVE_DIR=/data/archive\n');
  const quarter = Math.ceil(n / 4);
  const cron: string[] = [];
  for (let i = 0; i < quarter; i++) {
    const entries: Array<[string, string]> = [
      [`/opt/jobs/sh/wrapper${i}.sh`, shell(i, avgBytes)],
      [`/opt/jobs/py/job${i}.py`, python(i, avgBytes)],
      [`/opt/jobs/sql/q${i}.sql`, sql(i, avgBytes)],
      [`/opt/jobs/pl/report${i}.pl`, perl(i, avgBytes)],
    ];
    for (const [p, text] of entries) {
      if (files.length >= n) break;
      bytes += write(p, text);
      files.push(p);
    }
    cron.push(`${i % 60} ${i % 24} * * * etl /opt/jobs/sh/wrapper${i}.sh`);
    cron.push(`${(i + 30) % 60} ${(i + 3) % 24} * * * etl /usr/bin/perl /opt/jobs/pl/report${i}.pl`);
  }
  for (let c = 0; c * 500 < cron.length; c++)
    write(`/etc/cron.d/jobs${c}`, `${cron.slice(c * 500, (c + 1) * 500).join('\n')}\n`);
  return { root, scripts: files.length, bytes, files };
}
