import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { anonymizeGraph } from '../../src/export/anonymize.js';
import { exporters } from '../../src/export/index.js';
import { Pseudonyms } from '../../src/export/pseudonym.js';
import { isExportFiles } from '../../src/export/types.js';
import { createGraph } from '../../src/graph/build.js';
import type { DataflowGraph } from '../../src/graph/types.js';
import { EDGE_KINDS, NODE_KINDS } from '../../src/model/kinds.js';
import { toNodeLink } from '../../src/store/node-link.js';
import { fromNodeLink } from '../../src/store/node-link-graph.js';
import { hostileNames, workedExample } from './maps.js';

/** Words the anonymized output may keep: dfmap's vocabulary, kept extensions and URL schemes, construct words. */
const VOCABULARY = new Set(
  (
    'job script file table database endpoint host unknown python cron https mysql json csv py ' +
    'command requests get open glob INSERT INTO SELECT REPLACE cat psql curl'
  ).split(' '),
);

/** Every word (3+ letters, not vocabulary, not a number) in the map's names, paths, commands and evidence. */
function originalWords(g: DataflowGraph): string[] {
  const words = new Set<string>();
  const add = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(add);
    else if (v && typeof v === 'object') Object.values(v).forEach(add);
    else if (typeof v === 'string') {
      for (const w of v.split(/[^A-Za-z0-9_]+/)) {
        if (w.length >= 3 && !/^\d+$/.test(w) && !VOCABULARY.has(w)) words.add(w);
      }
    }
  };
  g.forEachNode((key, a) =>
    add([key, a.path, a.name, a.url, a.namespace, a.command, a.user, a.source, a.label]),
  );
  g.forEachEdge((_e, a) => add(a.evidence.map((e) => [e.file, e.construct, e.snippet])));
  add(g.getAttribute('host'));
  return [...words];
}

function wordsOf(text: string): Set<string> {
  return new Set(text.split(/[^A-Za-z0-9_]+/));
}

async function everyExport(g: DataflowGraph): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of ['dot', 'mermaid', 'graphml', 'gexf', 'json', 'csv', 'cypher', 'svg'] as const) {
    const c = await exporters[f].export(g, {});
    out[f] = isExportFiles(c) ? c.files.map((x) => x.content).join('\n') : String(c);
  }
  return out;
}

/** A map with one node per kind and names made of nothing but `x`: what each format writes on its own. */
function neutralMap(): DataflowGraph {
  const g = createGraph({ host: 'x' });
  for (const kind of NODE_KINDS) g.addNode(`${kind}:x`, { kind, label: 'x', path: '/x/x' });
  for (const [i, kind] of EDGE_KINDS.entries()) {
    g.addDirectedEdge(`${NODE_KINDS[i]}:x`, `${NODE_KINDS[i + 1]}:x`, {
      kind,
      confidence: 'partial',
      method: 'static',
      evidence: [{ file: '/x', line: 1, construct: 'x', method: 'static' }],
    });
  }
  return g;
}

for (const [name, build] of Object.entries({
  'worked example': workedExample,
  'hostile names': hostileNames,
})) {
  describe(`--anonymize: ${name}`, () => {
    test('no word of any original name survives in the anonymized map', () => {
      const g = build();
      const words = originalWords(g);
      assert.ok(words.length > 10, `found only ${words.length} words to look for`);
      const a = anonymizeGraph(g);
      const values: string[] = [];
      const collect = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(collect);
        else if (v && typeof v === 'object') Object.values(v).forEach(collect);
        else if (typeof v === 'string') values.push(v);
      };
      collect([a.nodes(), a.mapNodes((_k, n) => n), a.mapEdges((_e, e) => e), a.getAttributes()]);
      const left = wordsOf(values.join(' '));
      assert.deepEqual(
        words.filter((w) => left.has(w)),
        [],
      );
    });

    test("nor in any format, apart from the format's own syntax", async () => {
      const g = build();
      const words = originalWords(g);
      const syntax = await everyExport(neutralMap());
      for (const [format, text] of Object.entries(await everyExport(anonymizeGraph(g)))) {
        const own = wordsOf(syntax[format]!);
        for (const w of words.filter((x) => !own.has(x))) {
          const escaped = w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          assert.doesNotMatch(
            text,
            new RegExp(`(^|[^A-Za-z0-9_])${escaped}($|[^A-Za-z0-9_])`),
            `${format} still says '${w}'`,
          );
        }
      }
    });

    test('keeps the shape: kinds, edges, confidences, depth, extensions, wildcards, qualification', () => {
      const g = build();
      const a = anonymizeGraph(g);
      assert.equal(a.order, g.order);
      assert.equal(a.size, g.size);
      const shape = (x: DataflowGraph) =>
        x
          .mapNodes((_k, n) => {
            const id = String(n.path ?? n.name ?? n.url ?? '').replace(/^\w+:\/\/[^/]*/, 'URL');
            const ext = /\.(json|csv|py)$/.exec(id)?.[1] ?? '';
            return `${n.kind} depth=${id.split('/').length} dots=${id.split('.').length} stars=${id.split('*').length} ext=${ext} partial=${n.partial ?? false}`;
          })
          .sort();
      assert.deepEqual(shape(a), shape(g));
      const edges = (x: DataflowGraph) =>
        x.mapEdges((_e, e) => `${e.kind} ${e.confidence} ${e.evidence.length}`).sort();
      assert.deepEqual(edges(a), edges(g));
    });
  });
}

describe('pseudonyms', () => {
  test('the worked example keeps its directories shared and its extensions', () => {
    const a = anonymizeGraph(workedExample());
    const files = a
      .filterNodes((_k, n) => n.kind === 'file')
      .map((k) => String(a.getNodeAttribute(k, 'path')));
    // /data/stage/orders.json and /data/stage/inventory.json share both directories
    const dirs = new Set(files.filter((p) => p.endsWith('.json')).map((p) => p.split('/')[1]));
    assert.equal(dirs.size, 1);
    assert.ok(files.some((p) => /^\/[0-9a-f]{6}\/[0-9a-f]{6}\/[0-9a-f]{6}\.json$/.test(p)));
  });

  test('are stable for a salt and change with it', () => {
    const g = workedExample();
    const json = (x: DataflowGraph) => JSON.stringify(toNodeLink(x));
    assert.equal(json(anonymizeGraph(g, 's1')), json(anonymizeGraph(workedExample(), 's1')));
    assert.notEqual(json(anonymizeGraph(g, 's1')), json(anonymizeGraph(g, 's2')));
  });

  test('drop snippets and commands, keep schedules and line numbers', () => {
    const a = anonymizeGraph(workedExample());
    a.forEachNode((_k, n) => assert.equal(n.command, undefined));
    a.forEachEdge((_e, e) => {
      for (const ev of e.evidence) {
        assert.equal(ev.snippet, undefined);
        assert.ok(ev.line > 0);
      }
    });
    assert.ok(a.someNode((_k, n) => n.schedule === '30 2 * * *'));
  });

  test('never give two names one pseudonym', () => {
    const p = new Pseudonyms('salt');
    const names = Array.from({ length: 5000 }, (_v, i) => `name${i}`);
    for (const n of names) p.word(n);
    p.freeze();
    assert.equal(new Set(names.map((n) => p.word(n))).size, names.length);
  });

  test('an anonymized map is a map dfmap reads', () => {
    const a = anonymizeGraph(hostileNames());
    const back = fromNodeLink(JSON.parse(JSON.stringify(toNodeLink(a))));
    assert.equal(back.order, a.order);
    assert.equal(back.getAttribute('anonymized'), true);
  });
});
