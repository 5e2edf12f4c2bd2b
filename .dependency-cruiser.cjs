/**
 * dfmap's folder boundaries (docs/architecture.md, shared STYLE). An arrow "may import" points one way:
 *   cli -> scan, store, analyses, health, export, server
 *   scan -> discover, extract, graph;  health -> analyses -> graph -> model
 *   discover, extract -> model, util;  export -> model, graph types;  server -> store, export, analyses
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Cycles make the stage order ambiguous and break the one-way flow of data.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'nothing-imports-cli',
      comment: 'cli/ is the only place that prints or exits; library code must stay usable without it.',
      severity: 'error',
      from: { path: '^src/(?!cli/)' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'src-never-imports-test',
      comment: 'Production code must not depend on tests or fixtures.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'model-is-the-bottom',
      comment: 'model/ is the vocabulary: it depends on nothing else in dfmap.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: '^src/(?!model/)' },
    },
    {
      name: 'util-only-model',
      comment: 'util/ holds leaf helpers (paths, fs under ROOT, redaction).',
      severity: 'error',
      from: { path: '^src/util/' },
      to: { path: '^src/(?!model/|util/)' },
    },
    {
      name: 'extractors-do-not-see-the-graph',
      comment:
        'discover/ and extract/ produce facts; only graph/ builds the graph (knip: build once, then query).',
      severity: 'error',
      from: { path: '^src/(discover|extract)/' },
      to: { path: '^src/(graph|analyses|health|export|server|store|scan)/|^node_modules/graphology' },
    },
    {
      name: 'graph-never-parses',
      comment: 'graph/ merges facts; parsing belongs to extract/ and discover/.',
      severity: 'error',
      from: { path: '^src/graph/' },
      to: {
        path: '^src/(discover|extract|scan|analyses|health|export|server|store)/|tree-sitter|node-sql-parser',
      },
    },
    {
      name: 'analyses-only-query',
      comment: 'Analyses query the built graph; they never re-read files or run stages.',
      severity: 'error',
      from: { path: '^src/analyses/' },
      to: { path: '^src/(discover|extract|scan|health|export|server|store)/|^node:fs|^fs$' },
    },
    {
      name: 'health-reads-not-scans',
      comment: 'health/ reads what the server recorded and queries the graph; it does not rescan.',
      severity: 'error',
      from: { path: '^src/health/' },
      to: { path: '^src/(discover|extract|scan|export|server)/' },
    },
    {
      name: 'export-reads-a-stored-map',
      comment: 'Exporters turn a stored map into text; they do not scan, probe or serve.',
      severity: 'error',
      from: { path: '^src/export/' },
      to: { path: '^src/(discover|extract|scan|health|server)/' },
    },
    {
      name: 'server-is-read-only',
      comment: 'The viewer server serves a stored map; it never scans or reads the scanned server.',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/(discover|extract|scan|health)/' },
    },
    {
      name: 'catalog-stores-maps',
      comment:
        'catalog/ stores and joins maps (STYLE: catalog -> store, graph, model, util); it never scans, analyses, exports or serves.',
      severity: 'error',
      from: { path: '^src/catalog/' },
      to: { path: '^src/(discover|extract|scan|analyses|health|export|server)/' },
    },
    {
      name: 'only-cli-reads-the-catalog',
      comment: 'The catalog is opened by cli/ and handed on as maps; analyses and exporters stay storage-free.',
      severity: 'error',
      from: { path: '^src/(?!cli/|catalog/)' },
      to: { path: '^src/catalog/' },
    },
    {
      name: 'node-path-only-in-util-paths',
      comment: 'Server paths are POSIX and ROOT-relative; one module maps them to local paths.',
      severity: 'error',
      from: { path: '^src/(?!util/paths\\.ts$|cli/|server/|export/)' },
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
    exclude: { path: '^(dist|web/dist)/' },
  },
};
