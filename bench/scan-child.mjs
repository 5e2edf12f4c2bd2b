// One measured run in a fresh process, so peak memory (maxRSS) is this run's alone.
// usage: node bench/scan-child.mjs MODE ROOT FILELIST
//   MODE = read | parse | scan | scan-cached (scan with the scan cache in a SQLite catalog beside ROOT)
import fs from 'node:fs';
import path from 'node:path';

const [mode, root, listFile] = process.argv.slice(2);
const files = listFile ? JSON.parse(fs.readFileSync(listFile, 'utf8')) : [];
const t0 = performance.now();
let bytes = 0;
let extra = {};
if (mode === 'read') {
  for (const f of files) bytes += fs.readFileSync(path.join(root, f)).length;
} else if (mode === 'parse') {
  const { createParsers, parseWithBudget } = await import('../dist/src/extract/parse/tree-sitter.js');
  const parsers = await createParsers();
  extra = { parser: `bash ${parsers.bash.backend}, python ${parsers.python.backend}` };
  for (const f of files) {
    const text = fs.readFileSync(path.join(root, f), 'utf8');
    bytes += text.length;
    const parser = f.endsWith('.py') ? parsers.python : f.endsWith('.sh') ? parsers.bash : undefined;
    if (parser) parseWithBudget(parser, text)?.delete();
  }
} else if (mode === 'scan' || mode === 'scan-cached') {
  const { scan } = await import('../dist/src/scan/index.js');
  const { writeMap } = await import('../dist/src/store/map-file.js');
  let store;
  let cache;
  if (mode === 'scan-cached') {
    // what `dfmap scan ROOT --catalog C` gives the scan (cli/scan-catalog.ts)
    const { openSqliteCatalog } = await import('../dist/src/catalog/sqlite-store.js');
    store = openSqliteCatalog(path.join(root, '..', 'bench-catalog.db'));
    cache = {
      version: 'bench',
      get: (k) => store.cacheGet(k),
      put: (e) => store.cachePut(e),
      getScanAccesses: (k) => store.scanAccessesGet(k),
      getScanResult: (k) => store.scanResultGet(k),
      putScan: (k, s) => store.scanResultPut(k, s),
    };
  }
  const r = await scan({ root, cache });
  await store?.close();
  const written = performance.now();
  // as `dfmap scan` writes it (cli/commands/scan.ts): a stored scan reused whole, as its file held it
  const out = path.join(root, '..', `bench-${mode}.json`);
  writeMap(r.text ?? r.graph, out);
  const done = performance.now();
  const summary = r.summary;
  extra = {
    ms: done - t0,
    // after the timing: a reused scan builds its graph only when asked
    nodes: summary ? Object.values(summary.nodes).reduce((a, b) => a + b, 0) : r.graph.order,
    edges: summary ? summary.edges : r.graph.size,
    warnings: r.diagnostics.length,
    cache: r.cache,
    // of `ms`: writing the map (serializing the graph and the file), the same for every scan
    writeMs: done - written,
  };
}
const ms = extra.ms ?? performance.now() - t0;
const ru = process.resourceUsage();
process.stdout.write(
  JSON.stringify({
    bytes,
    ...extra,
    ms,
    maxRssMB: ru.maxRSS / 1024,
    // user + system CPU of every thread (workers included), steadier than wall time on a shared machine
    cpuS: (ru.userCPUTime + ru.systemCPUTime) / 1e6,
  }),
);
