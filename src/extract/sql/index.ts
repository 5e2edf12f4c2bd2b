/**
 * SQL extraction: `extractSqlText` for SQL found anywhere (other extractors call it), and
 * `sqlExtractor` for .sql files run by `psql -f` / `mysql < file`.
 */
import { toFileNode } from '../../model/keys.js';
import { joinServer } from '../../util/paths.js';
import type { Extraction, Extractor, ScriptContext } from '../types.js';
import { extractSqlText } from './extract-text.js';

export { extractSqlText } from './extract-text.js';

export const sqlExtractor: Extractor = {
  id: 'sql',
  title: 'SQL files (psql -f, mysql < file)',
  languages: ['sql'],
  extract(ctx: ScriptContext): Extraction {
    const result = extractSqlText(ctx.text, {
      file: ctx.path,
      line: 1,
      ctx: ctx.sqlContext ?? { dialect: 'unknown' },
    });
    return resolveRelativeRefs(result, ctx.cwd);
  },
};

/**
 * `\copy t FROM 'in.csv'` and `\i other.sql` name files relative to where the client runs.
 * extractSqlText keeps such names as written (marked partial); a caller that knows the working
 * directory resolves them here.
 */
export function resolveRelativeRefs(x: Extraction, cwd: string | undefined): Extraction {
  if (!cwd?.startsWith('/')) return x;
  for (const ref of [...x.reads, ...x.writes]) {
    const path = ref.node.attrs.path;
    if (ref.node.attrs.kind !== 'file' || !path || path.startsWith('/')) continue;
    const abs = joinServer(cwd, path);
    ref.node = toFileNode(abs);
    if (!abs.includes('*') && ref.confidence === 'partial') ref.confidence = 'resolved';
  }
  for (const inv of x.invokes) {
    if (inv.path.startsWith('/')) continue;
    inv.path = joinServer(cwd, inv.path);
    if (!inv.path.includes('*') && inv.confidence === 'partial') inv.confidence = 'resolved';
  }
  return x;
}
