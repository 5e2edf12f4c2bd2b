/**
 * The worked example's pipeline as a fixture world, with the failures of the diagnose cases:
 *   2.py (01:10) cleans the vendor's stock file        /data/incoming/vendor/stock.csv -> /data/stage/stock_clean.csv
 *   5.py (02:00) extracts two files from MySQL db01    sales.orders, sales.stock -> extract_a.csv, extract_b.csv
 *   6.py (02:30) combines them into the export          extract_a, extract_b, stock_clean -> combined_export.json
 * All three append stdout/stderr to a shared /var/log/dataops/cron.log (no timestamps); 5.py and 6.py
 * also write their own timestamped logs. T is Thursday 2026-11-26 09:00 in Europe/Berlin; syslog is
 * rotated daily at 06:25 (syslog, syslog.1, syslog.2.gz, ...).
 */
import { local, pyLine, World } from './world.js';

export const NOW = local('2026-11-26 09:00');
export const DAYS = [
  '2026-11-20',
  '2026-11-21',
  '2026-11-22',
  '2026-11-23',
  '2026-11-24',
  '2026-11-25',
  '2026-11-26',
];
export const ROTATIONS = [
  '2026-11-26 06:25',
  '2026-11-25 06:25',
  '2026-11-24 06:25',
  '2026-11-23 06:25',
  '2026-11-22 06:25',
];
const CRON_LOG = '/var/log/dataops/cron.log';
const VENDOR = '/data/incoming/vendor/stock.csv';
const STOCK_CLEAN = '/data/stage/stock_clean.csv';
export const EXPORT = '/data/export/combined_export.json';

export interface Story {
  /** db01 refuses connections from this day on (5.py fails from then). */
  dbDownFrom?: string;
  /** 2.py: fine, a bug from this day on (KeyError traceback, mailed by cron), or the vendor file missing since this day. */
  twoPy?: { fails: 'keyerror' | 'vendor-missing'; from: string };
  /** Run 2.py weekly (Mondays 01:10) instead of daily: its run due is in a gzip rotation. */
  twoPyWeekly?: boolean;
}

const cmd = (script: string, log = true) => `/usr/bin/python3 ${script}${log ? ` >> ${CRON_LOG} 2>&1` : ''}`;

export function buildStory(story: Story = {}) {
  const w = new World();
  const twoSchedule = story.twoPyWeekly ? '10 1 * * 1' : '10 1 * * *';
  w.job(twoSchedule, '/opt/dataops/2.py');
  w.reads('/opt/dataops/2.py', VENDOR);
  w.writes('/opt/dataops/2.py', STOCK_CLEAN);
  w.job('0 2 * * *', '/opt/dataops/5.py', { log: CRON_LOG });
  const orders = w.table('sales.orders', 'mysql://db01:3306');
  const stock = w.table('sales.stock', 'mysql://db01:3306');
  w.reads('/opt/dataops/5.py', orders);
  w.reads('/opt/dataops/5.py', stock);
  w.writes('/opt/dataops/5.py', '/data/extract/extract_a.csv');
  w.writes('/opt/dataops/5.py', '/data/extract/extract_b.csv');
  w.writes('/opt/dataops/5.py', '/var/log/dataops/5.log');
  w.job('30 2 * * *', '/opt/dataops/6.py', { log: CRON_LOG });
  for (const f of ['/data/extract/extract_a.csv', '/data/extract/extract_b.csv', STOCK_CLEAN])
    w.reads('/opt/dataops/6.py', f);
  w.writes('/opt/dataops/6.py', EXPORT);
  w.writes('/opt/dataops/6.py', '/var/log/dataops/6.log');

  const log5: string[] = [];
  const log6: string[] = [];
  const cronLog: string[] = [];
  let lastExtract = '';
  let lastClean = '';
  for (const day of DAYS) {
    w.noise(`${day} 00:17`, 'systemd[1]: Starting logrotate.service - Rotate log files...');
    // 2.py
    const twoRuns = !story.twoPyWeekly || new Date(`${day}T12:00:00Z`).getUTCDay() === 1;
    const twoFails = story.twoPy && day >= story.twoPy.from;
    if (twoRuns) {
      w.cronRun(`${day} 01:10:01`, cmd('/opt/dataops/2.py', false), { exit: twoFails ? 1 : undefined });
      if (twoFails && story.twoPy?.fails === 'keyerror') {
        w.mail(`${day} 01:10:03`, cmd('/opt/dataops/2.py', false), [
          'Traceback (most recent call last):',
          '  File "/opt/dataops/2.py", line 31, in <module>',
          "    qty = int(row['qty_on_hand'])",
          "KeyError: 'qty_on_hand'",
        ]);
      } else if (twoFails) {
        w.mail(`${day} 01:10:02`, cmd('/opt/dataops/2.py', false), [
          'Traceback (most recent call last):',
          '  File "/opt/dataops/2.py", line 12, in <module>',
          `    with open("${VENDOR}") as fh:`,
          `FileNotFoundError: [Errno 2] No such file or directory: '${VENDOR}'`,
        ]);
      } else lastClean = `${day} 01:10:09`;
    }
    // 5.py
    const dbDown = story.dbDownFrom !== undefined && day >= story.dbDownFrom;
    w.cronRun(`${day} 02:00:01`, cmd('/opt/dataops/5.py'), { exit: dbDown ? 1 : undefined });
    log5.push(pyLine(`${day} 02:00:01`, 'INFO', '5.py start'));
    if (dbDown) {
      const err = "2003 (HY000): Can't connect to MySQL server on 'db01:3306' (111 Connection refused)";
      log5.push(pyLine(`${day} 02:00:04`, 'ERROR', `5.py Can't connect to MySQL server on 'db01': ${err}`));
      cronLog.push(
        'Traceback (most recent call last):',
        '  File "/opt/dataops/5.py", line 44, in <module>',
        `mysql.connector.errors.DatabaseError: ${err}`,
      );
    } else {
      log5.push(pyLine(`${day} 02:04:10`, 'INFO', '5.py wrote 1840 rows to /data/extract/extract_a.csv'));
      log5.push(pyLine(`${day} 02:04:12`, 'INFO', '5.py wrote 37 rows to /data/extract/extract_b.csv'));
      lastExtract = `${day} 02:04:12`;
    }
    // 6.py never checks its inputs: it runs fine every night
    w.cronRun(`${day} 02:30:01`, cmd('/opt/dataops/6.py'));
    log6.push(
      pyLine(`${day} 02:31:02`, 'INFO', '6.py combined export: 1840 revenue rows, 37 low-cover skus'),
    );
    w.noise(
      `${day} 06:25:01`,
      'CRON[9000]: (root) CMD (test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; })',
    );
  }
  const lastDay = DAYS[DAYS.length - 1]!;
  w.log('/var/log/dataops/5.log', log5, story.dbDownFrom ? `${lastDay} 02:00:04` : `${lastDay} 02:04:12`);
  w.log('/var/log/dataops/6.log', log6, `${lastDay} 02:31:02`);
  w.log(
    CRON_LOG,
    cronLog.length ? cronLog : ['exported.'],
    story.dbDownFrom ? `${lastDay} 02:00:04` : `${DAYS[0]} 02:31`,
  );
  w.file('/data/extract/extract_a.csv', 'order_date,sku,units,revenue\n', lastExtract);
  w.file('/data/extract/extract_b.csv', 'sku,qty,weekly_units\n', lastExtract);
  if (story.twoPy?.fails !== 'vendor-missing') w.file(VENDOR, 'sku;qty_on_hand\n', `${lastDay} 00:45`);
  if (lastClean) w.file(STOCK_CLEAN, 'sku,qty\n', lastClean);
  w.file(EXPORT, '{"revenue": []}\n', `${lastDay} 02:31:02`);
  return w.build(ROTATIONS);
}
