/**
 * Procedural blocks around DML: PL/SQL and T-SQL put statements inside `BEGIN ... END`, exception
 * handlers (`EXCEPTION WHEN OTHERS THEN INSERT INTO err_log ...`) and conditionals
 * (`IF n > 0 THEN UPDATE ...`). Split at `;`, the first statement of each such part starts with
 * the block's keywords. They are stripped so the statement's own verb is seen; a transaction
 * `BEGIN [TRANSACTION|WORK]` is left alone.
 */
import type { Token } from './lex.js';

const TRANSACTION = new Set([
  'transaction',
  'tran',
  'work',
  'distributed',
  'deferred',
  'immediate',
  'exclusive',
  'isolation',
]);
/** Keywords that open a part of a block and are followed by a statement. */
const OPENERS = new Set(['begin', 'exception', 'else', 'loop', 'then', 'try', 'catch']);
/** Keywords whose condition runs to THEN (or LOOP) before the statement. */
const CONDITIONS: Record<string, string[]> = {
  if: ['then'],
  elsif: ['then'],
  when: ['then'],
  while: ['loop'],
  for: ['loop'],
};

export function stripBlockPrefix(tokens: Token[]): Token[] {
  let i = 0;
  for (let guard = 0; guard < 16 && i < tokens.length - 1; guard++) {
    const t = tokens[i] as Token;
    const word = t.kind === 'word' ? t.value.toLowerCase() : '';
    const next = tokens[i + 1] as Token;
    if (word === 'begin' && next.kind === 'word' && TRANSACTION.has(next.value.toLowerCase())) break;
    if (OPENERS.has(word)) {
      i++;
      continue;
    }
    const until = CONDITIONS[word];
    if (!until) break;
    const end = tokens.findIndex(
      (x, j) => j > i && x.kind === 'word' && until.includes(x.value.toLowerCase()),
    );
    if (end < 0) break;
    i = end + 1;
  }
  return i === 0 || i >= tokens.length ? tokens : tokens.slice(i);
}
