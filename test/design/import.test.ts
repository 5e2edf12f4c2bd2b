import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readNetworkxPython } from '../../src/design/networkx-python.js';
import { readMapData } from '../../src/store/read-map-data.js';
import { runMain } from '../helpers/run-main.js';

const DRAWN = 'examples/design/seed-graph.py';
let dir = '';

const run = runMain;

type Map = ReturnType<typeof readMapData>;

/** Edges as `kind name -> kind name`, where a node's name is what a person would write by hand. */
function edgesByName(m: Map, opts: { dropLogs: boolean }): string[] {
  const nodes = new globalThis.Map(m.nodes.map((n) => [n.id, n]));
  const name = (id: string): string | undefined => {
    const n = nodes.get(id)!;
    if (opts.dropLogs && typeof n.path === 'string' && n.path.startsWith('/var/log/')) return undefined;
    if (n.kind === 'database') return undefined;
    if (n.kind === 'job') return `job ${n.schedule}`;
    const base = typeof n.path === 'string' ? n.path.slice(n.path.lastIndexOf('/') + 1) : undefined;
    return `${n.kind} ${base ?? n.name ?? n.url ?? n.id}`;
  };
  const out: string[] = [];
  for (const l of m.links) {
    const s = name(l.source);
    const t = name(l.target);
    if (s && t) out.push(`${s} -> ${t}`);
  }
  return out.sort();
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-import-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('dfmap import (NetworkX drawn by hand)', () => {
  it('imports the hand-drawn worked example to the map the scan finds, up to names', async () => {
    const drawn = path.join(dir, 'drawn.json');
    const scanned = path.join(dir, 'scanned.json');
    assert.equal((await run('import', DRAWN, '-o', drawn)).code, 0);
    assert.equal((await run('scan', 'examples/seed-server', '-o', scanned, '-q')).code, 0);
    const a = edgesByName(readMapData(drawn), { dropLogs: false });
    const b = edgesByName(readMapData(scanned), { dropLogs: true });
    assert.deepEqual(a, b);
    assert.equal(a.length, 21);
  });

  it('gives each edge its line as declared evidence', async () => {
    const g = await readNetworkxPython(fs.readFileSync(DRAWN, 'utf8'), DRAWN);
    const e = g.links.find((l) => l.source === '6.py' && l.target === 'combined_export.json')!;
    assert.equal(e.evidence[0]?.method, 'declared');
    assert.match(
      fs.readFileSync(DRAWN, 'utf8').split('\n')[e.evidence[0]!.line - 1]!,
      /combined_export\.json/,
    );
    assert.equal(e.note, 'what finance loads at 07:00');
  });

  it('leaves out names known only at run time, with a warning and its line', async () => {
    const text = [
      'import networkx as nx',
      'import os',
      'G = nx.DiGraph()',
      'G.add_edge(os.environ["SRC"], "load.py")',
      'for f in os.listdir("/data/in"):',
      '    G.add_edge(f, "load.py")',
      'prefix = "/data/out/"',
      'G.add_edge("load.py", prefix + "daily.csv")',
      'nx.add_path(G, ["a.csv", "b.py", "c.csv"])',
    ].join('\n');
    const g = await readNetworkxPython(text, 'dyn.py');
    assert.deepEqual(
      g.warnings.map((w) => `${w.location?.line} ${w.code}`),
      ['4 networkx-dynamic-name', '5 networkx-dynamic-loop'],
    );
    assert.deepEqual(
      g.links.map((l) => `${l.source} -> ${l.target}`),
      ['load.py -> /data/out/daily.csv', 'a.csv -> b.py', 'b.py -> c.csv'],
    );
  });

  it('never runs the file: code with side effects is only read', async () => {
    const marker = path.join(dir, 'ran');
    const text = `import networkx as nx\nopen(${JSON.stringify(marker)}, "w").write("x")\nG = nx.DiGraph()\nG.add_edge("a.csv", "b.py")\n`;
    const file = path.join(dir, 'effects.py');
    fs.writeFileSync(file, text);
    assert.equal((await run('import', file, '-o', path.join(dir, 'effects.json'))).code, 0);
    assert.equal(fs.existsSync(marker), false);
  });

  it('agrees with NetworkX itself on the example (oracle, where python3-networkx is installed)', (t) => {
    const probe = spawnSync('python3', ['-c', 'import networkx'], { encoding: 'utf8' });
    if (probe.status !== 0) return t.skip('python3-networkx is not installed');
    // our own example file, run by the test as an oracle (dfmap itself never runs what it reads)
    const py = spawnSync(
      'python3',
      [
        '-c',
        `import json,runpy,networkx as nx\ng=runpy.run_path(${JSON.stringify(DRAWN)}, run_name="oracle")["G"]\nprint(json.dumps(sorted(f"{u} -> {v}" for u,v in g.edges())))`,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(py.status, 0, py.stderr);
    return readNetworkxPython(fs.readFileSync(DRAWN, 'utf8'), DRAWN).then((g) => {
      assert.deepEqual(g.links.map((l) => `${l.source} -> ${l.target}`).sort(), JSON.parse(py.stdout));
    });
  });

  it('a file that builds no graph is an error (exit 2)', async () => {
    const file = path.join(dir, 'plain.py');
    fs.writeFileSync(file, 'print("hello")\n');
    const r = await run('import', file, '-o', path.join(dir, 'x.json'));
    assert.equal(r.code, 2);
    assert.match(r.err, /no networkx graph is built here/);
  });
});

describe('secrets in hand-drawn maps and designs', () => {
  it('never reach the imported map or a design read as a map', async () => {
    const py = path.join(dir, 'secret.py');
    fs.writeFileSync(
      py,
      'import networkx as nx\nG = nx.DiGraph()\nG.add_edge("https://etl:S3cretPw@api.example.net/v1/x", "pull.py", note="password=S3cretPw")\n',
    );
    const out = path.join(dir, 'secret.json');
    assert.equal((await run('import', py, '-o', out)).code, 0);
    assert.doesNotMatch(fs.readFileSync(out, 'utf8'), /S3cretPw/);
    const yaml = path.join(dir, 'secret.design.yaml');
    fs.writeFileSync(
      yaml,
      'jobs:\n  - script: /opt/x/pull.py\n    description: "token=S3cretPw"\n    reads: [https://etl:S3cretPw@api.example.net/v1/x]\n',
    );
    const r = await run('stats', '--map', yaml, '--json');
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(JSON.stringify(readMapData(yaml)), /S3cretPw/);
  });
});
