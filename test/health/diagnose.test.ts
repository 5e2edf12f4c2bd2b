/**
 * The five cases of the diagnose issue, each on a fixture world built on disk (file times, rotated
 * syslog with cron lines, scripts' logs, cron mail) at a fixed T, without any probe.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { indexFlow, indexNodeLink } from '../../src/graph/flow-index.js';
import { diagnose } from '../../src/health/diagnose/diagnose.js';
import { toNodeLink } from '../../src/store/node-link.js';
import { removeRoot } from '../helpers/server-root.js';
import { buildStory, EXPORT, NOW, type Story } from './stories.js';

const roots: string[] = [];
after(() => {
  for (const r of roots) removeRoot(r);
});

async function diagnoseStory(story: Story, symptom = `file:${EXPORT}`, extra: { symptom?: 'stale' } = {}) {
  const { root, graph } = buildStory(story);
  roots.push(root);
  return diagnose(indexFlow(graph), symptom, { root, now: NOW, ...extra });
}

const labels = (chain: { label: string }[]) => chain.map((s) => s.label);

describe('diagnose: the stale export whose database crashed', () => {
  it('walks from the export back to the database, one step a node, with evidence', async () => {
    const d = await diagnoseStory({ dbDownFrom: '2026-11-24' });
    assert.equal(d.healthy, false);
    assert.equal(d.symptom.status, 'degraded');
    assert.match(d.symptom.summary, /written 02:31 today, content from inputs 3 days old/);
    assert.equal(d.causes.length, 1);
    const cause = d.causes[0]!;
    assert.equal(cause.node, 'database:mysql://db01:3306');
    assert.equal(cause.status, 'down');
    assert.deepEqual(labels(cause.chain), [
      'combined_export.json',
      '6.py',
      'extract_a.csv',
      '5.py',
      'sales.orders',
      'mysql://db01:3306',
    ]);
    const [, six, extract, five] = cause.chain;
    assert.equal(six!.status, 'ok');
    assert.match(six!.summary, /^ran 02:30 today, log clean$/);
    assert.equal(extract!.status, 'stale');
    assert.match(extract!.summary, /STALE: last written Nov 23 02:04, 5\.py runs daily 02:00/);
    assert.equal(extract!.evidence?.source, 'mtime');
    assert.equal(five!.status, 'failing');
    assert.match(
      five!.summary,
      /FAILING since Nov 24: \/var\/log\/dataops\/5\.log "ERROR 5\.py Can't connect to MySQL server on 'db01'/,
    );
    // the quoted line is the 5.py error of the run due (the 3rd failed run, line 18 of 5.log)
    assert.deepEqual([five!.evidence?.file, five!.evidence?.line], ['/var/log/dataops/5.log', 18]);
    assert.match(cause.summary, /DOWN \(not probed\): 5\.py at 02:00 today/);
    assert.ok(cause.explainsSymptom);
  });

  it('names the weakness that hid the failure: 6.py ran on stale inputs', async () => {
    const d = await diagnoseStory({ dbDownFrom: '2026-11-24' });
    assert.equal(d.weaknesses.length, 1);
    assert.equal(d.weaknesses[0]!.script, 'script:/opt/dataops/6.py');
    assert.match(d.weaknesses[0]!.text, /extract_a\.csv \(stale, 3 days old\)/);
  });

  it('gives the same diagnosis on the map read back from its stored form as on the map just built', async () => {
    const { root, graph } = buildStory({ dbDownFrom: '2026-11-24' });
    roots.push(root);
    const a = await diagnose(indexFlow(graph), `file:${EXPORT}`, { root, now: NOW });
    const b = await diagnose(indexNodeLink(toNodeLink(graph)), `file:${EXPORT}`, { root, now: NOW });
    assert.deepEqual(
      b.causes.map((c) => [c.node, c.chain.map((s) => [s.node, s.status, s.summary])]),
      a.causes.map((c) => [c.node, c.chain.map((s) => [s.node, s.status, s.summary])]),
    );
    assert.deepEqual(b.counts, a.counts);
  });

  it('does not blame 6.py for the traceback 5.py left in their shared cron.log', async () => {
    const d = await diagnoseStory({ dbDownFrom: '2026-11-24' });
    assert.equal(d.assessment.nodes.get('script:/opt/dataops/6.py')!.status, 'ok');
  });
});

describe('diagnose: a script that fails on its own', () => {
  it('blames the script, quoting the traceback cron mailed', async () => {
    const d = await diagnoseStory({ twoPy: { fails: 'keyerror', from: '2026-11-25' } });
    assert.equal(d.causes.length, 1);
    const cause = d.causes[0]!;
    assert.equal(cause.node, 'script:/opt/dataops/2.py');
    assert.match(cause.summary, /FAILING since Nov 25: \/var\/mail\/dataops "KeyError: 'qty_on_hand'"/);
    assert.deepEqual(labels(cause.chain), ['combined_export.json', '6.py', 'stock_clean.csv', '2.py']);
    // its input, the vendor file, is fine: the failure is the script's own
    assert.equal(d.assessment.nodes.get('file:/data/incoming/vendor/stock.csv')!.status, 'ok');
  });
});

describe('diagnose: the vendor did not drop its file', () => {
  it('blames the missing external input, not the script that could not open it', async () => {
    // 2.py runs weekly (Mondays): its run due is only in syslog.4.gz, read through every rotation
    const d = await diagnoseStory({
      twoPy: { fails: 'vendor-missing', from: '2026-11-23' },
      twoPyWeekly: true,
    });
    assert.equal(d.causes.length, 1);
    const cause = d.causes[0]!;
    assert.equal(cause.node, 'file:/data/incoming/vendor/stock.csv');
    assert.equal(cause.status, 'missing');
    assert.match(cause.summary, /nothing in the map writes it \(an external input\)/);
    const two = cause.chain.find((s) => s.label === '2.py')!;
    assert.match(two.summary, /No such file or directory: '\/data\/incoming\/vendor\/stock\.csv'/);
    assert.ok(d.assessment.checked.logs.includes('/var/log/syslog.4.gz'));
    const job = d.assessment.nodes.get('job:/var/spool/cron/crontabs/dataops:4')!;
    assert.match(job.summary, /cron started it Nov 23 01:10/);
  });
});

describe('diagnose: everything healthy', () => {
  it('says so, and says what it checked', async () => {
    const d = await diagnoseStory({});
    assert.equal(d.healthy, true);
    assert.equal(d.causes.length, 0);
    assert.equal(d.symptom.status, 'ok');
    assert.equal(d.assessment.checked.files, 5);
    assert.ok(d.assessment.checked.logs.includes('/var/log/syslog.1'));
    assert.ok(d.assessment.checked.logs.includes('/var/log/dataops/5.log'));
    assert.equal(d.assessment.checked.notProbed, 1);
  });

  it('with --symptom stale and nothing upstream wrong, reports the symptom as its own cause', async () => {
    const d = await diagnoseStory({}, `file:${EXPORT}`, { symptom: 'stale' });
    assert.equal(d.symptom.status, 'stale');
    assert.match(d.symptom.summary, /^reported stale; the records show: written 02:31 today/);
    assert.equal(d.causes.length, 1);
    assert.equal(d.causes[0]!.node, `file:${EXPORT}`);
  });
});

describe('diagnose: two independent failures', () => {
  it('reports both, the one that explains more damage first', async () => {
    const d = await diagnoseStory({
      dbDownFrom: '2026-11-24',
      twoPy: { fails: 'keyerror', from: '2026-11-25' },
    });
    assert.deepEqual(
      d.causes.map((c) => c.node),
      ['database:mysql://db01:3306', 'script:/opt/dataops/2.py'],
    );
    assert.ok(d.causes[0]!.explains.length > d.causes[1]!.explains.length);
    assert.ok(d.causes.every((c) => c.explainsSymptom));
    // a stale input does not make 2.py crash, and the database does not explain 2.py's KeyError
    assert.ok(!d.causes[0]!.explains.includes('script:/opt/dataops/2.py'));
  });
});
