// A module-resolution hook for tests (node --import): appends every URL the program resolves to
// the file named by DFMAP_RECORD_IMPORTS, so a test can see what a command loads at start-up; and,
// as the program exits, the files it loaded with `require` (the CLI bundle's CommonJS chunks, and
// packages), as URLs too, and the public built-in modules it loaded, however (import, require, or
// node's own lazy loading), as `builtin:NAME` lines.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const out = process.env.DFMAP_RECORD_IMPORTS ?? '';

register(
  `data:text/javascript,${encodeURIComponent(`
    import { appendFileSync } from 'node:fs';
    const OUT = ${JSON.stringify(out)};
    export async function resolve(specifier, context, next) {
      const r = await next(specifier, context);
      if (OUT) appendFileSync(OUT, r.url + '\\n');
      return r;
    }
  `)}`,
);

if (out) {
  process.on('exit', () => {
    const required = Object.keys(createRequire(import.meta.url).cache).map(
      (f) => `${pathToFileURL(f).href}\n`,
    );
    const builtins = process.moduleLoadList
      .filter((m) => m.startsWith('NativeModule ') && !m.startsWith('NativeModule internal/'))
      .map((m) => `builtin:${m.slice('NativeModule '.length)}\n`);
    appendFileSync(out, required.join('') + builtins.join(''));
  });
}
