/**
 * File <-> table statements: PostgreSQL `COPY` and psql `\copy`, MySQL `LOAD DATA INFILE`.
 * node-sql-parser rejects COPY, so these always come from tokens (confidence `heuristic`).
 */

import { noFacts, type SqlAccess, type StatementFacts } from './access.js';
import type { Token } from './lex.js';
import type { TokenView } from './token-view.js';

const NO_FILE = new Set(['stdin', 'stdout', 'pstdin', 'pstdout']);

/**
 * `COPY t [(cols)] FROM|TO 'file'|STDIN|STDOUT|PROGRAM 'cmd'` and `COPY (query) TO ...`.
 * `rawLine` is the `\copy` line: psql accepts an unquoted file name there (`\copy t from /x.csv csv`).
 */
export function scanCopy(
  v: TokenView,
  label: 'COPY' | '\\copy',
  scanQuery: (tokens: Token[]) => StatementFacts,
  rawLine?: string,
): StatementFacts {
  const facts = noFacts(false);
  let j = v.skip(1, 'binary');
  let table: { parts: string[]; line: number } | undefined;
  let queryFacts: StatementFacts | undefined;
  if (v.tokens[j]?.text === '(') {
    const close = v.skipGroup(j);
    queryFacts = scanQuery(v.tokens.slice(j + 1, close - 1));
    j = close;
  } else {
    const ref = v.readName(j);
    if (!ref) return facts;
    table = ref;
    j = ref.end;
    if (v.tokens[j]?.text === '(') j = v.skipGroup(j);
  }
  const dir = v.lower(j);
  if (dir !== 'from' && dir !== 'to') return facts;
  const construct = `${label} ${dir.toUpperCase()}`;
  const file = copyTarget(v, j + 1, rawLine);
  const tableOp: SqlAccess['op'] = dir === 'from' ? 'write' : 'read';
  if (table)
    facts.accesses.push({ target: 'table', parts: table.parts, op: tableOp, construct, line: table.line });
  for (const a of queryFacts?.accesses ?? []) facts.accesses.push({ ...a, construct });
  if (file) {
    const op: SqlAccess['op'] = dir === 'from' ? 'read' : 'write';
    facts.accesses.push({ target: 'file', parts: [file.path], op, construct, line: file.line });
  }
  facts.understood = true;
  return facts;
}

function copyTarget(v: TokenView, j: number, rawLine?: string): { path: string; line: number } | undefined {
  const t = v.tokens[j];
  if (!t || NO_FILE.has(v.lower(j))) return undefined;
  // PROGRAM runs a command on the database server: no file on this host.
  if (v.is(j, 'program')) return undefined;
  if (t.kind === 'string' || t.kind === 'qident') return { path: t.value, line: t.line };
  if (rawLine !== undefined) {
    const m = /^\S+/.exec(rawLine.slice(t.start));
    if (m) return { path: m[0].replace(/^['"]|['"]$/g, ''), line: t.line };
  }
  return undefined;
}

/** MySQL `LOAD DATA [LOCAL] INFILE 'f' [REPLACE|IGNORE] INTO TABLE t` (and `LOAD XML`). */
export function scanLoadData(v: TokenView): StatementFacts {
  const facts = noFacts(false);
  const construct = 'LOAD DATA INFILE';
  for (let i = 1; i < v.length; i++) {
    const t = v.tokens[i + 1] as Token | undefined;
    if (v.is(i, 'infile') && t?.kind === 'string') {
      facts.accesses.push({ target: 'file', parts: [t.value], op: 'read', construct, line: t.line });
    } else if (v.is(i, 'into') && v.is(i + 1, 'table')) {
      const ref = v.readName(i + 2);
      if (ref)
        facts.accesses.push({ target: 'table', parts: ref.parts, op: 'write', construct, line: ref.line });
    }
  }
  facts.understood = facts.accesses.some((a) => a.target === 'table');
  return facts;
}
