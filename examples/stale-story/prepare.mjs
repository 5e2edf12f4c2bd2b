#!/usr/bin/env node
/**
 * Prepare the stale-export story on a copy of examples/seed-server, for the README's second command:
 *
 *   node examples/stale-story/prepare.mjs /tmp/stale-story
 *   dfmap scan /tmp/stale-story -o /tmp/stale-story.json
 *   dfmap diagnose combined_export.json --map /tmp/stale-story.json --at 2026-11-26T09:00
 *
 * The week of 2026-11-20..26 on etl01, as the server would record it: cron's lines in a rotated syslog
 * (syslog, syslog.1, syslog.2.gz ...), each script's own log, the shared cron.log that collects their
 * stderr, the vendor's daily drops, and file times set with utimes. MySQL on db01 crashed on the
 * afternoon of Nov 23: from the night of Nov 24 the loaders 3.py and 4.py and the extractor 5.py fail
 * with "Can't connect to MySQL server on 'db01'", so extract_a.csv and extract_b.csv stay as they were
 * on Nov 23 - while 6.py, which never checks its inputs, re-exports them every night at 02:30.
 * Nothing here is executed; only files are written under the target directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const seed = path.resolve(here, '../seed-server');
const out = path.resolve(process.argv[2] ?? '/tmp/stale-story');
if (!fs.existsSync(path.join(seed, 'var/spool/cron/crontabs/dataops'))) {
  console.error(`prepare: ${seed} does not look like the seed server`);
  process.exit(2);
}
if (fs.existsSync(out) && fs.readdirSync(out).length > 0 && !fs.existsSync(path.join(out, '.stale-story'))) {
  console.error(`prepare: ${out} exists and is not a prepared story; pick an empty directory`);
  process.exit(2);
}
fs.rmSync(out, { recursive: true, force: true });
fs.cpSync(seed, out, { recursive: true });
fs.writeFileSync(path.join(out, '.stale-story'), 'prepared by examples/stale-story/prepare.mjs\n');

const DAYS = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26'];
const CRASH = '2026-11-24'; // the first night db01 refused
const T = (day, hms) => new Date(`${day}T${hms}Z`);
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const stamp = (d) =>
  `${MON[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)}`;
const py = (d) => `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)},${String(d.getUTCMilliseconds()).padStart(3, '0')}`;

function put(rel, text, mtime) {
  const file = path.join(out, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  if (mtime) fs.utimesSync(file, mtime, mtime);
}

put('etc/timezone', 'Etc/UTC\n', T('2019-06-03', '10:00:00'));
const cron = (file) => `/usr/bin/python3 /opt/dataops/${file} >> /var/log/dataops/cron.log 2>&1`;
const CMDS = {
  '01:00': cron('1.py'),
  '01:10': cron('2.py'),
  '01:30': 'cd /opt/dataops && python3 3.py >> /var/log/dataops/cron.log 2>&1',
  '01:40': 'cd /opt/dataops && python3 4.py >> /var/log/dataops/cron.log 2>&1',
  '02:00': cron('5.py'),
  '02:30': cron('6.py'),
};
const syslog = [];
const logs = { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [] };
const cronLog = [];
let pid = 21400;
const refused = "2003 (HY000): Can't connect to MySQL server on 'db01:3306' (111 Connection refused)";

for (const day of DAYS) {
  const down = day >= CRASH;
  syslog.push([T(day, '00:17:01'), 'systemd[1]: Starting logrotate.service - Rotate log files...']);
  for (const [hm, cmd] of Object.entries(CMDS)) {
    syslog.push([T(day, `${hm}:01`), `CRON[${pid++}]: (dataops) CMD (${cmd})`]);
  }
  const n = 700 + DAYS.indexOf(day) * 13;
  logs[1].push(`${py(T(day, '01:00:02'))} INFO 1.py fetching orders for ${DAYS[Math.max(0, DAYS.indexOf(day) - 1)]}`);
  logs[1].push(`${py(T(day, '01:00:41'))} INFO 1.py staged ${n} orders`);
  logs[2].push(`${py(T(day, '01:10:03'))} INFO 2.py converted /data/incoming/vendor/stock_${day.replaceAll('-', '')}.csv: 412 rows`);
  if (down) {
    for (const [script, line] of [['3.py', 19], ['4.py', 21]]) {
      cronLog.push('Traceback (most recent call last):');
      cronLog.push(`  File "/opt/dataops/${script}", line ${line}, in <module>`);
      cronLog.push(script === '3.py' ? '    conn = mysql.connector.connect(**DB)' : '    conn = pymysql.connect(host="db01", user="etl", password="***", database="sales")');
      cronLog.push(
        script === '3.py'
          ? `mysql.connector.errors.DatabaseError: ${refused}`
          : `pymysql.err.OperationalError: (2003, "Can't connect to MySQL server on 'db01' ([Errno 111] Connection refused)")`,
      );
    }
    logs[5].push(`${py(T(day, '02:00:04'))} ERROR 5.py Can't connect to MySQL server on 'db01': ${refused}`);
    cronLog.push('Traceback (most recent call last):', '  File "/opt/dataops/5.py", line 44, in <module>', '    conn = mysql.connector.connect(**DB)', `mysql.connector.errors.DatabaseError: ${refused}`);
  } else {
    logs[3].push(`${py(T(day, '01:30:09'))} INFO 3.py loaded ${n} orders`);
    logs[4].push(`${py(T(day, '01:40:05'))} INFO 4.py stock snapshot: 412 skus`);
    logs[5].push(`${py(T(day, '02:04:12'))} INFO 5.py extracts written to /data/extract`);
  }
  logs[6].push(`${py(T(day, '02:31:02'))} INFO 6.py combined export: 1840 revenue rows, 37 low-cover skus`);
  syslog.push([T(day, '06:25:01'), 'CRON[9000]: (root) CMD (test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; })']);
  // the vendor's daily drop over SFTP
  const drop = `data/incoming/vendor/stock_${day.replaceAll('-', '')}.csv`;
  put(drop, 'SKU;QTY\nA-100;12\nB-220;0\n', T(day, '00:40:00'));
  put('data/stage/orders.json', '{"date": "...", "orders": []}\n', T(day, '01:00:41'));
  put('data/stage/stock.json', '[]\n', T(day, '01:10:03'));
}
const last = DAYS[DAYS.length - 1];
for (const [i, lines] of Object.entries(logs)) {
  const times = lines.map((l) => new Date(`${l.slice(0, 10)}T${l.slice(11, 19)}Z`));
  put(`var/log/dataops/${i}.log`, `${lines.join('\n')}\n`, times[times.length - 1]);
}
put('var/log/dataops/cron.log', `${cronLog.join('\n')}\n`, T(last, '02:00:04'));
put('data/extract/extract_a.csv', 'order_date,sku,units,revenue\n2026-11-22,A-100,14,209.30\n', T('2026-11-23', '02:04:10'));
put('data/extract/extract_b.csv', 'sku,qty,weekly_units\nB-220,0,31\n', T('2026-11-23', '02:04:12'));
put('data/export/combined_export.json', '{"revenue": [], "low_cover": []}\n', T(last, '02:31:02'));

// syslog rotated daily at 06:25 (Debian's cron.daily logrotate): syslog, syslog.1, then gzip
const cuts = DAYS.slice().reverse().map((d) => T(d, '06:25:00'));
const parts = cuts.map(() => []);
parts.push([]);
for (const [t, text] of syslog.sort((a, b) => a[0] - b[0])) {
  let i = cuts.findIndex((c) => t >= c);
  if (i < 0) i = cuts.length;
  parts[i].push(`${stamp(t)} etl01 ${text}`);
}
parts.forEach((lines, i) => {
  if (i > 0 && lines.length === 0) return;
  const name = i === 0 ? 'syslog' : i === 1 ? 'syslog.1' : `syslog.${i}.gz`;
  const text = lines.length ? `${lines.join('\n')}\n` : '';
  put(`var/log/${name}`, i >= 2 ? zlib.gzipSync(text) : text, i === 0 ? T(last, '08:59:00') : cuts[i - 1]);
});
console.log(`prepared ${out}`);
console.log(`next: dfmap scan ${out} -o ${out}.json && dfmap diagnose combined_export.json --map ${out}.json --at 2026-11-26T09:00`);
