// A module-resolution hook for tests (node --import): bin/dfmap.js imports the built CLI,
// dist/cli/main.mjs (the bundle scripts/build-cli.mjs makes of dist/src/); under test that import is
// sent to the current source instead, so an end-to-end test runs the real launcher over src/ and can
// never pass on a stale dist/:
// - under scripts/run-tests.mjs, to the bundle it built from src/ at the start of this run
//   (DFMAP_TEST_DIST: the directory holding that build's src/ and cli/); a spawned CLI then starts
//   as an installed one does, from the same kind of bundle, without a TypeScript loader;
// - otherwise (a test file run alone with `node --import tsx --test FILE`), to src/cli/main.ts,
//   unbundled, which tsx (imported before this hook) compiles.
// Imports of dist/src/ go to that build's src/ (or src/*.ts).
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

const built = process.env.DFMAP_TEST_DIST;
const builtUrl = built ? pathToFileURL(built).href.replace(/\/?$/, '/') : '';
const target = built ? `${builtUrl}src/` : new URL('../../src/', import.meta.url).href;
const cli = built ? `${builtUrl}cli/` : '';

// With a build, imports of src/ itself (the tests' own, through tsx) are sent there too: a test
// process then loads each module of dfmap once, as plain JavaScript, and the scan's worker threads
// start from JavaScript instead of registering tsx in every thread.
register(
  `data:text/javascript,${encodeURIComponent(`
    const DIST = ${JSON.stringify(new URL('../../dist/src/', import.meta.url).href)};
    const BUNDLE = ${JSON.stringify(new URL('../../dist/cli/', import.meta.url).href)};
    const CLI = ${JSON.stringify(cli)};
    const SRC = ${JSON.stringify(new URL('../../src/', import.meta.url).href)};
    const TARGET = ${JSON.stringify(target)};
    const TS = ${JSON.stringify(!built)};
    export async function resolve(specifier, context, next) {
      if (context.parentURL && (specifier.startsWith('.') || specifier.startsWith('file:'))) {
        const url = new URL(specifier, context.parentURL).href;
        if (url.startsWith(BUNDLE)) {
          const rest = url.slice(BUNDLE.length);
          return next(CLI ? CLI + rest : TARGET + (rest === 'main.mjs' ? 'cli/main.ts' : rest), context);
        }
        if (url.startsWith(DIST)) {
          const rest = url.slice(DIST.length);
          return next(TARGET + (TS ? rest.replace(/\\.js$/, '.ts') : rest), context);
        }
        if (!TS && url.startsWith(SRC) && /\\.[jt]s$/.test(url)) {
          return next(TARGET + url.slice(SRC.length).replace(/\\.ts$/, '.js'), context);
        }
      }
      return next(specifier, context);
    }
  `)}`,
);
