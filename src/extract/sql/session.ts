/**
 * Statements that change how later names resolve (`USE db`, `SET search_path TO s`) or run another
 * file (mysql client `SOURCE f.sql`).
 */
import { noFacts, type StatementFacts } from './access.js';
import type { TokenView } from './token-view.js';

export function sessionChange(v: TokenView, verb: 'use' | 'set' | 'source', dialect: string): StatementFacts {
  const facts = noFacts(true);
  if (verb === 'use') {
    const ref = v.readName(1);
    if (ref && ref.parts.length === 1 && !ref.parts[0]?.includes('*'))
      facts.session = { database: ref.parts[0] };
  } else if (verb === 'set' && dialect !== 'mysql') {
    const j = v.skip(1, 'session', 'local');
    if (v.is(j, 'search_path')) {
      const first = v.tokens[v.skip(j + 1, 'to', '=')];
      const name =
        first?.kind === 'word' || first?.kind === 'qident' || first?.kind === 'string' ? first.value : '';
      if (name && name !== '$user' && !name.includes('*')) facts.session = { schema: name.toLowerCase() };
    } else if (v.is(j, 'schema')) {
      const t = v.tokens[j + 1];
      if (t?.kind === 'string') facts.session = { schema: t.value.toLowerCase() };
    }
  } else if (verb === 'source') {
    const first = v.tokens[1];
    const last = v.tokens[v.length - 1];
    if (first && last) {
      // `SOURCE /opt/sql/x.sql`: the mysql client takes the rest of the line as the file name.
      const path = v.tokens
        .slice(1)
        .map((t) => t.text)
        .join('')
        .replace(/^['"]|['"]$/g, '');
      facts.includes.push({ path, line: first.line, construct: 'mysql SOURCE', relativeToFile: false });
    }
  }
  return facts;
}
