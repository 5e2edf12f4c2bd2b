// Bundles the CLI that bin/dfmap.js starts: DIST/src/cli/main.js (tsc's output, or the test runner's
// build of src/) into DIST/cli/: chunks made by esbuild with code splitting, then turned into
// CommonJS files (toCommonJs), and DIST/cli/main.mjs, the entry bin/dfmap.js imports. A command
// then starts by reading fewer files, and cheaper ones (the typical catalog query: 43 files instead
// of 62 ES modules and the 8 files of commander and picocolors), and still loads only its own part:
// each command is an entry (DIST/cli/cmd-NAME.cjs), required by the registry's import() when it runs.
//
// Usage: node scripts/build-cli.mjs [DIST]   (DIST defaults to ./dist; run by `npm run build`, and
// by scripts/run-tests.mjs on its build of src/, so the CLI under test is this bundle)
//
// - npm packages stay external (loaded from node_modules at run time, as before), except commander,
//   which every start loads: bundled, its eager `require('node:child_process')` (only used for
//   git-style executable subcommands, which dfmap has none of) becomes a lazy one; so does
//   node:crypto (util/server-fs's digests; a scan computes them, a query never): see lazyModule.
//   Loading those two and what they pull in (net, dgram, the crypto internals) was ~15 ms of CPU
//   per start. picocolors is bundled too and better-sqlite3 is required (REQUIRED): then no
//   CommonJS module goes through node's ES module loader, which loads and runs its CommonJS
//   export lexer for them (~5 ms).
// - a module that uses import.meta.url (the scan's worker, the scan cache's code stamp, version's
//   package.json, createRequire of packages) gets the URL of its own file in DIST/src/ instead of
//   the chunk's: DIST/src/ stays beside the bundle, and the scan's worker threads run from there.
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** Packages bundled into the CLI; every other import of a package stays external. */
const BUNDLED = new Set(['commander', 'picocolors']);

/**
 * CommonJS packages imported by their default export, loaded with `require` (createRequire) as
 * node's ES module loader would (the default export is module.exports), without the loader's
 * parse of the package's source for named exports. A named import of one fails the build.
 */
const REQUIRED = new Set(['better-sqlite3']);

/** Built-ins loaded on first use instead of at start: what each start would load and never use. */
const LAZY = ['node:child_process', 'node:crypto'];

const require = createRequire(import.meta.url);

/**
 * A stand-in for a built-in module: every function it exports, as a function that loads the
 * module the first time one is called (`new` works too). Only functions: importing anything else
 * from it fails the build ("No matching export"), never the run.
 */
function lazyModule(id) {
  const real = require(id);
  const names = Object.keys(real).filter((k) => typeof real[k] === 'function');
  return [
    `import { createRequire } from 'node:module';`,
    'let m;',
    `const load = () => (m ??= createRequire(import.meta.url)(${JSON.stringify(id)}));`,
    ...names.map(
      (n) =>
        `export function ${n}(...a) { return new.target ? new (load().${n})(...a) : load().${n}.apply(this, a); }`,
    ),
  ].join('\n');
}

/**
 * Built-ins: the LAZY ones become lazyModule; a bundled CommonJS package's `require` of another
 * (an ES module has no `require`) becomes an ES module re-exporting it, or the global `process`.
 */
const builtins = {
  name: 'builtins',
  setup(b) {
    const filter = new RegExp(`^(node:)?(${builtinModules.join('|').replaceAll('/', '\\/')})$`);
    b.onResolve({ filter }, (args) => {
      const id = args.path.startsWith('node:') ? args.path : `node:${args.path}`;
      if (LAZY.includes(id)) return { path: id, namespace: 'lazy-builtin' };
      if (args.kind === 'require-call') return { path: id, namespace: 'cjs-builtin' };
      return { path: args.path, external: true };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: lazyModule(args.path),
      loader: 'js',
    }));
    b.onLoad({ filter: /.*/, namespace: 'cjs-builtin' }, (args) => ({
      contents:
        args.path === 'node:process'
          ? 'module.exports = process;'
          : `export * from ${JSON.stringify(args.path)};`,
      loader: 'js',
    }));
  },
};

/** Every package but the BUNDLED ones is left to node_modules. */
const packagesExternal = {
  name: 'packages-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || args.namespace === 'required') return undefined;
      if (REQUIRED.has(args.path)) return { path: args.path, namespace: 'required' };
      const name = args.path
        .split('/')
        .slice(0, args.path.startsWith('@') ? 2 : 1)
        .join('/');
      return BUNDLED.has(name) ? undefined : { path: args.path, external: true };
    });
    b.onLoad({ filter: /.*/, namespace: 'required' }, (args) => ({
      contents: [
        `import { createRequire } from 'node:module';`,
        `export default createRequire(import.meta.url)(${JSON.stringify(args.path)});`,
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/**
 * The commands' compiled files, listed from the TypeScript sources when they are beside dist/ (tsc
 * never deletes the output of a source that was removed, and a stale command would be bundled).
 */
function commandFiles(dist, commands) {
  const sources = path.join(path.dirname(dist), 'src', 'cli', 'commands');
  const names = fs.existsSync(sources)
    ? fs
        .readdirSync(sources)
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
        .map((f) => `${f.slice(0, -3)}.js`)
    : fs.readdirSync(commands).filter((f) => f.endsWith('.js'));
  return names.filter((f) => f !== 'index.js' && f !== 'types.js' && fs.existsSync(path.join(commands, f)));
}

/** import.meta.url in a module of SRC: the URL of that module's own file, seen from a chunk in OUTDIR. */
function ownImportMeta(src, outdir) {
  return {
    name: 'own-import-meta',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, (args) => {
        if (!args.path.startsWith(src + path.sep)) return undefined;
        const text = fs.readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta')) return undefined;
        const all = text.match(/\bimport\.meta\b/g)?.length ?? 0;
        if (all !== (text.match(/\bimport\.meta\.url\b/g)?.length ?? 0))
          throw new Error(`${args.path}: an import.meta other than .url is not mapped to the module's file`);
        const own = path.relative(outdir, args.path).split(path.sep).join('/');
        const contents = text.replace(
          /\bimport\.meta\.url\b/g,
          `new URL(${JSON.stringify(own)}, import.meta.url).href`,
        );
        return { contents, loader: 'js' };
      });
    },
  };
}

/** Bundles DIST/src/cli into DIST/cli (replaced). */
export async function buildCli(dist) {
  const src = path.join(dist, 'src');
  const outdir = path.join(dist, 'cli');
  // the ES module chunks, at the same depth as outdir (ownImportMeta's paths hold for both)
  const esm = path.join(dist, '.cli-esm');
  const commands = path.join(src, 'cli', 'commands');
  if (!fs.existsSync(path.join(src, 'cli', 'main.js')))
    throw new Error(`${src}/cli/main.js is missing (run tsc -p tsconfig.build.json first)`);
  for (const d of [outdir, esm]) fs.rmSync(d, { recursive: true, force: true });
  await build({
    entryPoints: {
      main: path.join(src, 'cli', 'main.js'),
      // each command an entry too, named after it: what the registry's import() loads
      ...Object.fromEntries(
        commandFiles(dist, commands).map((f) => [`cmd-${f.slice(0, -3)}`, path.join(commands, f)]),
      ),
    },
    outdir: esm,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunk-[hash]',
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [builtins, packagesExternal, ownImportMeta(src, outdir)],
  });
  await toCommonJs(esm, outdir);
  fs.rmSync(esm, { recursive: true, force: true });
  fs.writeFileSync(
    path.join(outdir, 'main.mjs'),
    [
      '// bin/dfmap.js imports this; the CLI is CommonJS (scripts/build-cli.mjs says why).',
      "import { createRequire } from 'node:module';",
      "export const { main } = createRequire(import.meta.url)('./main.cjs');",
      '',
    ].join('\n'),
  );
}

/**
 * The chunks as CommonJS (DIR/X.mjs to OUTDIR/X.cjs), loaded with `require`: node 20's ES module
 * loader costs more per file than its CommonJS one (an asynchronous read, a link step: ~11 ms of
 * CPU over the ~40 files of a query), and a chunk's static imports of others become `require`s,
 * its `import()`s of others a `require` in a promise. Module identity is kept (each file loads
 * once), and so are live bindings (esbuild's exports are getters). The static imports between
 * chunks must not form a cycle (CommonJS would see a half-loaded chunk): checked here.
 */
async function toCommonJs(dir, outdir) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.mjs'));
  const imports = new Map(
    files.map((f) => [
      f,
      [
        ...fs
          .readFileSync(path.join(dir, f), 'utf8')
          .matchAll(/^(?:import|export)\b[^;]*?"\.\/([\w-]+\.mjs)";$/gm),
      ].map((m) => m[1]),
    ]),
  );
  const done = new Set();
  const visit = (f, path_) => {
    if (path_.includes(f))
      throw new Error(`chunks import each other in a cycle: ${[...path_, f].join(' -> ')}`);
    if (done.has(f)) return;
    for (const g of imports.get(f) ?? []) visit(g, [...path_, f]);
    done.add(f);
  };
  for (const f of files) visit(f, []);

  await build({
    entryPoints: files.map((f) => path.join(dir, f)),
    outdir,
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    define: { 'import.meta.url': '__dfmap_url' },
    logLevel: 'warning',
  });
  for (const f of fs.readdirSync(outdir)) {
    const file = path.join(outdir, f);
    let text = fs
      .readFileSync(file, 'utf8')
      .replace(/(["'])\.\/([\w-]+)\.mjs\1/g, '$1./$2.cjs$1')
      .replace(/\bimport\((["']\.\/[\w-]+\.cjs["'])\)/g, 'Promise.resolve().then(() => require($1))');
    if (text.includes('__dfmap_url'))
      text = text.replace(
        /^("use strict";\n)?/,
        `$1const __dfmap_url = require("node:url").pathToFileURL(__filename).href;\n`,
      );
    fs.writeFileSync(file, text);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const dist = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..', 'dist'));
  await buildCli(dist).catch((err) => {
    console.error(`build-cli: ${err.message}`);
    process.exit(2);
  });
}
