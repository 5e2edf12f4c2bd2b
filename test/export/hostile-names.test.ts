/**
 * Names are data, not markup: a file called `<img src=x onerror=alert(1)>.csv` or `"; DROP TABLE x;--`
 * comes out of every format as inert text, read back exactly by each format's own reader.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import { toCsvFiles } from '../../src/export/formats/csv.js';
import { toCypher } from '../../src/export/formats/cypher.js';
import { toDot } from '../../src/export/formats/dot.js';
import { toGexf } from '../../src/export/formats/gexf.js';
import { toGraphml } from '../../src/export/formats/graphml.js';
import { toMermaid } from '../../src/export/formats/mermaid.js';
import { loadGraphviz } from '../../src/export/formats/svg.js';
import { pictureLabel } from '../../src/export/text.js';
import { parseCypher } from './cypher-parser.js';
import { hostileNames } from './maps.js';

// Debian's python (pyenv shims on PATH start slowly)
const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const g = hostileNames();
const keys = g.nodes().sort();
/** Names a picture can show verbatim (a newline becomes a line break, a backslash an escape). */
const plain = keys.filter((k) => !/[\\\n\t]/.test(k));

function xmlDoc(text: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: (level: string, msg: string) => errors.push(`${level}: ${msg}`),
  }).parseFromString(text, 'text/xml');
  assert.deepEqual(errors, []);
  return doc as unknown as Document;
}

/** Every element name and attribute name in a document. */
function vocabulary(doc: Document): { elements: Set<string>; attributes: Set<string> } {
  const elements = new Set<string>();
  const attributes = new Set<string>();
  const walk = (n: Element) => {
    elements.add(n.tagName);
    for (const a of Array.from(n.attributes)) attributes.add(a.name);
    for (const c of Array.from(n.childNodes)) if (c.nodeType === 1) walk(c as Element);
  };
  walk(doc.documentElement);
  return { elements, attributes };
}

describe('hostile names stay text', () => {
  test('Mermaid: safe ids, labels only as quoted text with entities', () => {
    const text = toMermaid(g);
    const nodeLines = text.split('\n').filter((l) => /^ {2}\w+[([{/]/.test(l) && !l.includes('-->'));
    assert.equal(nodeLines.length, g.order);
    const decoded = new Set<string>();
    for (const line of nodeLines) {
      const m =
        /^ {2}([A-Za-z][A-Za-z0-9_]*)(\(\[|\[\(|\[\/|\[\[|\{\{|\(|\[)"([^"]*)"(\]\)|\)\]|\/\]|\]\]|\}\}|\)|\])$/.exec(
          line,
        );
      assert.ok(m, `not a plain node line: ${line}`);
      const label = m[3]!;
      const withoutEntities = label.replace(/#(?:[a-z]+|\d+);/g, '');
      assert.doesNotMatch(withoutEntities, /[<>&%`\\|;{}#"]/, `raw syntax in label: ${label}`);
      decoded.add(
        label
          .replace(/#(\d+);/g, (_s, n) => String.fromCodePoint(Number(n)))
          .replace(/#(quot|lt|gt|amp);/g, (_s, n: string) => ({ quot: '"', lt: '<', gt: '>', amp: '&' })[n]!),
      );
    }
    // the label a person sees is the name, whitespace folded to single spaces
    for (const k of keys)
      assert.ok(decoded.has(pictureLabel(k, g.getNodeAttributes(k)).replace(/\s+/g, ' ')), k);
    assert.doesNotMatch(text, /^\s*%%\{/m);
  });

  test('DOT: Graphviz reads one node per name, with the name as its label', async () => {
    const gv = await loadGraphviz();
    const parsed = JSON.parse(gv.dot(toDot(g), 'json')) as {
      objects: Array<{ name: string; label: string }>;
    };
    assert.equal(parsed.objects.length, g.order);
    const names = new Set(parsed.objects.map((o) => o.name));
    for (const k of plain) assert.ok(names.has(k), k);
    const svg = xmlDoc(gv.dot(toDot(g), 'svg'));
    const { elements, attributes } = vocabulary(svg);
    assert.deepEqual(
      [...elements].filter(
        (e) => !['svg', 'g', 'title', 'text', 'path', 'polygon', 'ellipse', 'polyline', 'a'].includes(e),
      ),
      [],
    );
    assert.deepEqual(
      [...attributes].filter((a) => /^on/i.test(a)),
      [],
    );
    const texts = new Set(Array.from(svg.getElementsByTagName('text')).map((t) => t.textContent));
    assert.ok(texts.has('<img src=x onerror=alert(1)>.csv'));
    assert.ok(texts.has('"; DROP TABLE x;--'));
  });

  for (const [format, build, tag] of [
    ['GraphML', toGraphml, 'node'],
    ['GEXF', toGexf, 'node'],
  ] as const) {
    test(`${format}: exactly one <node> per name, ids equal to the names`, () => {
      const doc = xmlDoc(build(g));
      const ids = Array.from(doc.getElementsByTagName(tag)).map((n) => n.getAttribute('id'));
      assert.deepEqual(ids.sort(), keys);
      const { elements } = vocabulary(doc);
      assert.ok(!elements.has('img') && !elements.has('script') && !elements.has('b'));
    });
  }

  test('Cypher: every name is one string literal, and nothing outside literals is data', () => {
    const text = toCypher(g);
    const parsed = parseCypher(text);
    assert.deepEqual(parsed.errors, []);
    const literals = parsed.stringLiterals.map(decodeCypherString);
    for (const k of keys) assert.ok(literals.includes(k), k);
    let code = text;
    for (const lit of parsed.stringLiterals) code = code.replace(lit, "''");
    assert.doesNotMatch(code, /DROP|DETACH|DELETE|pwned|<img/);
  });

  test('CSV: Python’s csv module reads every name back exactly', (t) => {
    const py = spawnSync(PYTHON, ['-c', 'import csv'], { encoding: 'utf8' });
    if (py.status !== 0) return t.skip('python3 is not installed');
    const nodes = toCsvFiles(g).files.find((f) => f.name === 'nodes.csv')!.content;
    const r = spawnSync(
      PYTHON,
      ['-c', 'import csv,json,sys; print(json.dumps([r["id"] for r in csv.DictReader(sys.stdin)]))'],
      {
        input: nodes,
        encoding: 'utf8',
      },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), keys);
  });
});

/** Cypher string literal escapes (Cypher manual, "String literals"). */
function decodeCypherString(lit: string): string {
  const body = lit.slice(1, -1);
  const simple: Record<string, string> = {
    n: '\n',
    r: '\r',
    t: '\t',
    b: '\b',
    f: '\f',
    '\\': '\\',
    "'": "'",
    '"': '"',
  };
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_s, e: string) =>
    e.length === 5 ? String.fromCharCode(Number.parseInt(e.slice(1), 16)) : (simple[e] ?? e),
  );
}
