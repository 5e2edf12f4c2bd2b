// A module-resolution hook for tests (node --import): bin/dfmap.js imports the built
// dist/src/cli/main.js; under test that import is sent to src/cli/main.ts, which tsx (imported
// before this hook) compiles. So an end-to-end test runs the real launcher over the current source,
// and can never pass on a stale dist/.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
    const DIST = ${JSON.stringify(new URL('../../dist/src/', import.meta.url).href)};
    const SRC = ${JSON.stringify(new URL('../../src/', import.meta.url).href)};
    export async function resolve(specifier, context, next) {
      if (context.parentURL && (specifier.startsWith('.') || specifier.startsWith('file:'))) {
        const url = new URL(specifier, context.parentURL).href;
        if (url.startsWith(DIST)) return next(SRC + url.slice(DIST.length).replace(/\\.js$/, '.ts'), context);
      }
      return next(specifier, context);
    }
  `)}`,
);
