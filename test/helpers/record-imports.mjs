// A module-resolution hook for tests (node --import): appends every URL the program resolves to
// the file named by DFMAP_RECORD_IMPORTS, so a test can see what a command loads at start-up.
import { register } from 'node:module';

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
