/**
 * dfmap's folder boundaries (docs/architecture.md, shared STYLE.md), written as ALLOW-lists: each
 * folder says what it may import, and anything no rule allows is an error (`not-in-allowed`). So a
 * new folder fails the check until it is placed here, with a comment saying why it may import what
 * it does. Run over src, web, bin and scripts by `npm run depcruise` (part of `npm test`).
 *
 * The layers, top to bottom (an arrow "may import"; every folder also imports itself):
 *   bin, scripts -> cli
 *   cli       -> every src folder below it
 *   server    -> store, export, analyses, catalog, graph, model, util
 *   plan      -> design, analyses, graph, model, util
 *   design    -> analyses, store, graph, model, util (and extract/parse to read NetworkX Python)
 *   catalog   -> store, graph, model, util
 *   scan      -> discover, extract, graph, model, util
 *   export    -> graph, store (the node-link writer), model, util
 *   health    -> analyses, graph, model, util
 *   analyses  -> graph, model, util
 *   store     -> graph, model, util (yaml for designs)
 *   observe, discover, extract -> model, util (discover: extract's types too)
 *   graph     -> model, util
 *   util      -> model
 *   model     -> nothing
 *   web       -> web, and model, graph, store and health types, analyses (decision 006)
 */

/** A folder of src/ as a path pattern. */
const src = (...folders) => `^src/(${folders.join('|')})/`;
/** Node's built-in modules, with or without the `node:` prefix. */
const builtins = (...names) => ({ dependencyTypes: ['core'], path: `^(node:)?(${names.join('|')})$` });
/** Packages from node_modules. */
const packages = (...names) => ({ path: `^node_modules/(${names.join('|')})/` });

/** One layer: what its files may import. `to` lists other layers; `extra` are further targets. */
function layer(name, comment, to, ...extra) {
  return [
    { from: { path: src(name) }, to: { path: src(name, ...to) }, comment },
    ...extra.map((target) => ({ from: { path: src(name) }, to: target, comment })),
  ];
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  allowed: [
    ...layer('model', 'model/ is the vocabulary (kinds, keys, evidence, errors): it depends on nothing.', []),
    ...layer(
      'util',
      'util/ holds leaf helpers: paths (the only importer of node:path), read-only fs under ROOT (digests of what was read, for the scan cache), redaction.',
      ['model'],
      builtins('fs', 'buffer', 'crypto'),
      { path: '^(node:)?path$', dependencyTypes: ['core'] },
    ),
    ...layer(
      'graph',
      'graph/ merges facts into the map and indexes it for queries; it never parses.',
      ['model', 'util'],
      packages('graphology'),
    ),
    ...layer(
      'discover',
      'discover/ turns schedulers into jobs; it never sees the graph. It names data with extract/ types.',
      ['model', 'util'],
      { path: '^src/extract/types\\.ts$', dependencyTypes: ['type-only'] },
    ),
    ...layer(
      'extract',
      'extract/ turns script text into facts with real parsers; it never sees the graph.',
      ['model', 'util'],
      packages('@vscode/tree-sitter-wasm', 'node-sql-parser', 'yaml'),
      builtins('module'),
    ),
    ...layer(
      'observe',
      'observe/ turns traces and audit logs into the same facts extract/ produces (observed evidence).',
      ['model', 'util'],
    ),
    ...layer(
      'analyses',
      "analyses/ only query the map's index: no files, no stages (knip's build-then-query rule). cronstrue is pure text (schedules in words).",
      ['graph', 'model', 'util'],
      packages('cronstrue'),
    ),
    ...layer(
      'health',
      'health/ reads what the server recorded (file times, logs, probes) and queries the map; it never rescans.',
      ['analyses', 'graph', 'model', 'util'],
      builtins('fs', 'zlib', 'net', 'http', 'https', 'dns'),
    ),
    ...layer(
      'store',
      'store/ reads and writes maps (node-link JSON, streaming large ones; designs in YAML; safe writes with random temporary names).',
      ['graph', 'model', 'util'],
      builtins('fs', 'module', 'crypto'),
      packages('yaml'),
    ),
    ...layer(
      'scan',
      'scan/ is the only module that knows the stage order: discover, extract, sanitize, build (crypto: the scan cache keys; zlib: stored scans are compressed).',
      ['discover', 'extract', 'graph', 'model', 'util'],
      // a stored whole scan is the map as its file holds it (store/map-text.ts), written again as it is
      {
        path: '^src/store/(map-text|node-link|node-link-graph|node-link-builder|validate-map|infer-kind)\\.ts$',
      },
      builtins('os', 'worker_threads', 'crypto', 'zlib'),
    ),
    ...layer(
      'scan',
      'scan/ssh reads a server over SFTP only (ssh2), into a private copy the scan then reads; known_hosts checked.',
      [],
      packages('ssh2'),
      builtins('fs', 'crypto'),
    ),
    ...layer(
      'export',
      'Exporters turn a map into text or pictures; json and html write the store format (decision 006).',
      ['graph', 'model', 'util'],
      { path: '^src/store/node-link\\.ts$' },
      packages('@hpcc-js/wasm-graphviz', '@resvg/resvg-js'),
      builtins('crypto', 'fs', 'url', 'zlib'),
    ),
    ...layer(
      'catalog',
      'catalog/ keeps snapshots of maps (SQLite, PostgreSQL) and the fleet graph; it reads maps through store/.',
      ['store', 'graph', 'model', 'util'],
      packages('better-sqlite3', 'pg'),
      builtins('fs', 'os'),
    ),
    ...layer(
      'design',
      'design/ checks drift between a declared map and a scanned one, and reads maps drawn in NetworkX Python (with the parser loader of extract/, never running them).',
      ['analyses', 'store', 'graph', 'model', 'util'],
      { path: '^src/extract/parse/' },
      packages('yaml'),
      builtins('module'),
    ),
    ...layer('plan', 'plan/ turns a map (and a design) into migration waves.', [
      'design',
      'analyses',
      'graph',
      'model',
      'util',
    ]),
    ...layer(
      'server',
      'The viewer server serves a stored map read-only; it never scans or reads the scanned server.',
      ['store', 'export', 'analyses', 'catalog', 'graph', 'model', 'util'],
      builtins('http', 'net', 'crypto'),
    ),
    ...layer(
      'cli',
      'cli/ is the only place that prints or exits; it wires every stage and analysis to a command.',
      [
        'scan',
        'store',
        'analyses',
        'health',
        'export',
        'server',
        'catalog',
        'observe',
        'design',
        'plan',
        'graph',
        'model',
        'util',
      ],
      packages('commander', 'picocolors', 'cronstrue'),
      // os, readline, zlib: dfmap trace's temporary trace, its confirmation prompt, and streaming (.gz) audit logs
      builtins('fs', 'module', 'child_process', 'url', 'crypto', 'os', 'readline', 'zlib'),
    ),
    {
      from: { path: '^web/' },
      to: { path: '^web/' },
      comment: 'The viewer is a browser app of its own (own tsconfig and build).',
    },
    {
      from: { path: '^web/' },
      to: { path: '^src/(model|graph|store|health)/', dependencyTypes: ['type-only'] },
      comment: "The viewer reads the map's types; it never runs the stages that make a map.",
    },
    {
      from: { path: '^web/' },
      to: { path: '^src/(model/|health/types\\.ts$|analyses/|graph/)' },
      comment:
        'The viewer runs the analyses in the browser on its own copy of the map (decision 006); model constants.',
    },
    {
      from: { path: '^web/' },
      to: packages(
        'graphology',
        'graphology-layout-forceatlas2',
        'graphology-layout-noverlap',
        'elkjs',
        'cronstrue',
      ),
      comment: "The viewer's graph, layouts and schedule descriptions.",
    },
    {
      from: { path: '^web/[^/]+\\.config\\.ts$' },
      to: { path: '^node_modules/vite/|^(node:)?url$' },
      comment: "The viewer's build configuration.",
    },
    {
      from: { path: '^(bin|scripts)/' },
      to: { path: '^(\\.\\./)?(dist/)?(src/)?cli/main\\.(m?js|ts)$' },
      comment:
        'Launchers only call the CLI (bin/ its bundle, dist/cli/main.mjs, which may not be built yet).',
    },
    {
      from: { path: '^scripts/' },
      to: builtins('child_process', 'fs', 'os', 'path', 'url', 'net', 'module'),
      comment:
        "Scripts run the tests, bundle the CLI and run the project's services (observed-scan: a server copy and its HTTP server).",
    },
    {
      from: { path: '^scripts/(run-tests|build-cli)\\.mjs$' },
      to: { path: '^node_modules/esbuild/|^scripts/build-cli\\.mjs$' },
      comment:
        'The CLI bundle (npm run build) is made with esbuild; the test runner compiles src/ and bundles it once per run, so spawned CLIs run the current source.',
    },
  ],
  allowedSeverity: 'error',
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Cycles make the stage order ambiguous and break the one-way flow of data.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve is a typo or a missing package.',
      severity: 'error',
      from: { pathNot: '^bin/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'commands-do-not-import-commands',
      comment:
        'CLI commands share code through cli/ (map-input, health-input, render/), never through each other.',
      severity: 'error',
      from: { path: '^src/cli/commands/(?!index\\.ts$)' },
      to: { path: '^src/cli/commands/(?!types\\.ts$)' },
    },
    {
      name: 'cli-helpers-do-not-import-commands',
      comment: 'The shared CLI modules sit below the commands; only main.ts loads the command registry.',
      severity: 'error',
      from: { path: '^src/cli/(?!commands/|main\\.ts$)' },
      to: { path: '^src/cli/commands/(?!types\\.ts$)' },
    },
    {
      name: 'one-importer-of-node-path',
      comment: 'Server paths are POSIX and ROOT-relative; util/paths.ts alone maps them to local paths.',
      severity: 'error',
      from: { path: '^src/(?!util/paths\\.ts$)' },
      to: { path: '^(node:)?path$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    exclude: { path: '^(dist|web/dist)/|\\.css$' },
  },
};
