/**
 * psql meta-commands (and the mysql client's `\.`): `\copy` moves data between a client-side file
 * and a table, `\i`/`\ir` run another file, `\c` switches database, `\set` defines a variable that
 * later SQL interpolates as `:name` / `:'name'`. Other meta-commands touch no data.
 */
import type { SqlContext } from '../types.js';
import { noFacts, type StatementFacts } from './access.js';
import { lexSql } from './lex.js';
import { scanCopy } from './scan-file-io.js';
import { scanStatement } from './scan-statement.js';
import { TokenView } from './token-view.js';

export interface MetaFacts extends StatementFacts {
  setVar?: { name: string; value: string };
}

/** `line` is the meta-command's 0-based line inside the SQL text; `text` starts with the backslash. */
export function scanMeta(text: string, line: number, ctx: SqlContext): MetaFacts {
  const m = /^\\([A-Za-z_?!.]+)\s*(.*)$/s.exec(text.trim());
  if (!m) return noFacts(false);
  const name = (m[1] as string).toLowerCase();
  const rest = (m[2] as string).trim();
  switch (name) {
    case 'copy':
      return metaCopy(rest, line, ctx);
    case 'i':
    case 'include':
    case 'ir':
    case 'include_relative':
    case '.': {
      const facts = noFacts(true);
      const path = unquote(rest.split(/\s+/)[0] ?? '');
      const relativeToFile = name === 'ir' || name === 'include_relative';
      if (path) facts.includes.push({ path, line, construct: `\\${name}`, relativeToFile });
      return facts;
    }
    case 'c':
    case 'connect':
      return { ...noFacts(true), session: connectArgs(rest) };
    case 'set': {
      const [varName, ...value] = rest.split(/\s+/);
      const facts: MetaFacts = noFacts(true);
      if (varName) facts.setVar = { name: varName, value: value.map(unquote).join('') };
      return facts;
    }
    default:
      return noFacts(true);
  }
}

function metaCopy(rest: string, line: number, ctx: SqlContext): StatementFacts {
  const raw = `copy ${rest}`;
  const tokens = lexSql(raw, 'postgresql').map((t) => ({ ...t, line: t.line + line }));
  const facts = scanCopy(new TokenView(tokens), '\\copy', (inner) => scanStatement(inner, ctx.dialect), raw);
  // \copy reads and writes files where psql runs, so a relative name is relative to its cwd.
  return facts;
}

/** `\c dbname [user] [host] [port]`, `\c "dbname=x host=y"`, `\c postgresql://h:5432/db`; `-` keeps a value. */
function connectArgs(rest: string): StatementFacts['session'] {
  const args = rest.split(/\s+/).map(unquote).filter(Boolean);
  const first = /^(['"])(.*?)\1/.exec(rest)?.[2] ?? args[0] ?? '';
  const uri = /^postgres(?:ql)?:\/\/(?:[^@/]*@)?([^/:?]*)(?::(\d+))?\/?([^?]*)/.exec(first);
  if (uri) return pick({ host: uri[1], port: uri[2], database: uri[3] });
  if (first.includes('=')) {
    const kv: Record<string, string | undefined> = {};
    for (const p of first.split(/\s+/)) {
      const [k, v] = p.split('=', 2);
      if (k) kv[k] = v;
    }
    return pick({ database: kv.dbname, host: kv.host, port: kv.port });
  }
  const [database, , host, port] = args.map((a) => (a === '-' ? undefined : a));
  return pick({ database, host, port });
}

function pick(s: Record<string, string | undefined>): StatementFacts['session'] {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(s)) if (v) out[k] = v;
  return out;
}

const unquote = (s: string): string => s.replace(/^(['"])(.*)\1$/s, '$2');
