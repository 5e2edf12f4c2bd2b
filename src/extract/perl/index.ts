/**
 * Perl (.pl, .pm, perl shebangs): a careful token- and pattern-level extractor, not a parser
 * (Perl cannot be parsed statically in general). See docs/sql-perl.md for what it recognises.
 */
import { warning } from '../../model/diagnostic.js';
import type { Extraction, Extractor, ScriptContext } from '../types.js';
import { extractPerl } from './extract.js';

export const perlExtractor: Extractor = {
  id: 'perl',
  title: 'Perl scripts (pattern level: open, DBI, system/backticks, File::Copy)',
  languages: ['perl'],
  extract(ctx: ScriptContext): Extraction {
    try {
      return extractPerl(ctx);
    } catch (err) {
      // a bug here must not cost the other scripts of the scan
      return {
        reads: [],
        writes: [],
        invokes: [],
        diagnostics: [
          warning('perl-internal-error', `Perl extraction failed: ${String(err)}`, {
            file: ctx.path,
            line: 1,
          }),
        ],
      };
    }
  },
};
