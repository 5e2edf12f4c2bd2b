import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failsAt, LINT_RULE_IDS, levelRank, lint, lintRules } from '../../src/analyses/lint/index.js';
import { indexFlow } from '../../src/graph/flow-index.js';
import { buildMap, f, job, s, t } from './build-map.js';
import { workedExample } from './worked-example.js';

const AT = new Date('2026-03-10T12:00:00Z');
const rules = (g: ReturnType<typeof buildMap>, rule: string) =>
  lint(indexFlow(g), { at: AT, tz: 'UTC', rules: [rule] }).hazards;

describe('lint', () => {
  const feed = f('/data/exports/inventory_feed.csv');
  const exporter = s('export_inventory.py');
  const oldFeed = s('old/inv_feed.sh');
  const partner = s('send_partner_feed.py');
  const g = buildMap([
    [job('0 5 * * *', 'export_inventory.py'), exporter],
    [job('30 5 * * *', 'inv_feed.sh'), oldFeed],
    [job('0 4 * * *', 'send_partner_feed.py'), partner],
    [t('shop.stock'), exporter],
    [exporter, feed],
    [oldFeed, feed],
    [feed, partner],
    [partner, f('/srv/outbox/feed.csv')],
    [partner, f('/var/log/partner.log')],
  ]);

  it('finds a consumer scheduled before both of its producers', () => {
    const h = rules(g, 'schedule-order');
    assert.equal(h.length, 2);
    for (const x of h) {
      assert.equal(x.level, 'warning');
      assert.match(x.message, /send_partner_feed\.py \(0 4 \* \* \*\) runs before .* previous run's data/);
      assert.deepEqual(
        x.edges.map((e) => e.kind),
        ['writes', 'reads'],
      );
    }
  });

  it('does not flag a consumer that runs after its producer, or at another frequency', () => {
    const ok = buildMap([
      [job('0 1 * * *', 'a.py'), s('a.py')],
      [job('30 1 * * *', 'b.py'), s('b.py')],
      [job('*/10 * * * *', 'c.py'), s('c.py')],
      [s('a.py'), f('/data/a.json')],
      [f('/data/a.json'), s('b.py')],
      [s('c.py'), f('/data/c.json')],
      [f('/data/c.json'), s('b.py')],
    ]);
    assert.deepEqual(rules(ok, 'schedule-order'), []);
  });

  it('calls the same minute a race', () => {
    const race = buildMap([
      [job('0 2 * * *', 'a.py'), s('a.py')],
      [job('0 2 * * *', 'b.py'), s('b.py')],
      [s('a.py'), f('/data/a.json')],
      [f('/data/a.json'), s('b.py')],
    ]);
    assert.match(rules(race, 'schedule-order')[0]?.message ?? '', /at the same time as/);
  });

  it('finds several writers to one file, but not to a shared log', () => {
    const h = rules(g, 'write-collision');
    assert.equal(h.length, 1);
    assert.match(
      h[0]!.message,
      /inventory_feed\.csv is written by 2 writers: export_inventory\.py, inv_feed\.sh/,
    );
    assert.deepEqual(rules(workedExample(), 'write-collision'), [], 'cron.log has six writers but is a log');
  });

  it('finds cycles, a missing script, scripts nothing runs', () => {
    const state = f('/data/state/loaded_files.txt');
    const h = lint(
      indexFlow(
        buildMap(
          [
            [job('0 1 * * *', 'load_pos.py'), s('load_pos.py')],
            [state, s('load_pos.py')],
            [s('load_pos.py'), state],
            [job('0 2 * * *', 'gone.py'), s('gone.py', { missing: true })],
            [s('manual_fix.py'), f('/data/fix.csv')],
          ],
          [],
        ),
      ),
      { at: AT },
    ).hazards;
    const by = (rule: string) => h.filter((x) => x.rule === rule);
    assert.equal(by('cycle').length, 1);
    assert.equal(by('cycle')[0]?.nodes.length, 2);
    assert.equal(by('cycle')[0]?.level, 'info', 'one script reading back its own state');
    assert.equal(by('missing-script')[0]?.level, 'error');
    assert.match(
      by('missing-script')[0]?.message ?? '',
      /\/opt\/etl\/gone\.py does not exist, but 0 2 \* \* \* gone\.py runs it/,
    );
    assert.deepEqual(
      by('unscheduled-script').map((x) => x.nodes[0]?.name),
      ['/opt/etl/manual_fix.py'],
    );
    assert.equal(h[0]?.level, 'error', 'worst first');
  });

  it('lists external inputs, unread outputs and partial edges on the worked example', () => {
    const r = lint(indexFlow(workedExample()), { at: AT });
    const names = (rule: string) => r.hazards.filter((x) => x.rule === rule).map((x) => x.nodes[0]?.name);
    assert.deepEqual(names('external-input'), ['/data/incoming/vendor/inventory_*.csv', 'shop.products']);
    assert.deepEqual(names('unread-output'), ['/data/export/combined_export.json']);
    assert.equal(names('partial-edge').length, 1);
    assert.deepEqual(r.counts, { error: 0, warning: 0, info: 4 });
    assert.equal(failsAt(r, 'info'), true);
    assert.equal(failsAt(r, 'warning'), false);
  });
});

describe('lint: order', () => {
  it('lists the worst first, then by rule, each rule in its own order, whatever order the rules ran in', () => {
    const index = indexFlow(
      buildMap(
        [
          [job('0 1 * * *', 'load_pos.py'), s('load_pos.py')],
          [f('/data/state/loaded.txt'), s('load_pos.py')],
          [s('load_pos.py'), f('/data/state/loaded.txt')],
          [job('0 2 * * *', 'gone.py'), s('gone.py', { missing: true })],
          [s('manual_fix.py'), f('/data/fix.csv')],
          [s('manual_fix.py'), f('/data/state/loaded.txt')],
          [f('/data/in/*.csv'), s('load_pos.py')],
        ],
        [],
      ),
    );
    const ids = [...LINT_RULE_IDS].reverse();
    const found = ids.flatMap((id) => lintRules[id].run({ index, at: AT, tz: 'UTC' }));
    const order: readonly string[] = LINT_RULE_IDS;
    const expected = [...found].sort(
      (a, b) => levelRank(b.level) - levelRank(a.level) || order.indexOf(a.rule) - order.indexOf(b.rule),
    );
    const got = lint(index, { at: AT, tz: 'UTC', rules: ids }).hazards;
    assert.equal(new Set(got.map((h) => h.level)).size, 3, 'hazards of every level');
    assert.deepEqual(got, expected);
  });
});

describe('lint: cycles', () => {
  it('warns when several scripts pass data around a loop, not when a wrapper reads what it ran', () => {
    const state = f('/data/state/loaded.txt');
    const shared = buildMap([
      [state, s('load.py')],
      [s('load.py'), state],
      [s('prune.sh'), state],
      [state, s('prune.sh')],
    ]);
    const h = rules(shared, 'cycle');
    assert.equal(h.length, 1);
    assert.equal(h[0]?.level, 'warning');
    assert.match(h[0]?.message ?? '', /2 scripts pass data around a cycle/);
    const wrapper = buildMap([
      [s('report.py'), s('chart.py')],
      [s('chart.py'), f('/data/chart.png')],
      [f('/data/chart.png'), s('report.py')],
    ]);
    assert.deepEqual(rules(wrapper, 'cycle'), []);
  });
});
