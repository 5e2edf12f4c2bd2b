/**
 * SQL*Plus commands (Oracle's client): line commands between the SQL, ended by the line, not by
 * `;`. What touches data: `SPOOL file` writes the query output that follows to a file (`.lst`
 * when the name has no extension), `@file` / `@@file` / `START file` run another script (`.sql`
 * by default; `@@` relative to the running file). The rest (`SET PAGESIZE 0`, `COLUMN`, `PROMPT`,
 * `WHENEVER SQLERROR EXIT`, `EXIT`, ...) only shapes the session and its output.
 */
import { noFacts, type StatementFacts } from './access.js';

/** Abbreviations SQL*Plus accepts: the shortest prefix, then the full word. */
const COMMANDS = [
  ['sta', 'start'],
  ['spo', 'spool'],
  ['pro', 'prompt'],
  ['col', 'column'],
  ['tti', 'ttitle'],
  ['bti', 'btitle'],
  ['bre', 'break'],
  ['comp', 'compute'],
  ['def', 'define'],
  ['undef', 'undefine'],
  ['sho', 'show'],
  ['cl', 'clear'],
  ['rem', 'remark'],
  ['var', 'variable'],
  ['pri', 'print'],
  ['conn', 'connect'],
  ['disc', 'disconnect'],
  ['ho', 'host'],
  ['acc', 'accept'],
  ['pau', 'pause'],
  ['timi', 'timing'],
  ['exec', 'execute'],
  ['exit', 'exit'],
  ['quit', 'quit'],
  ['whenever', 'whenever'],
  ['passw', 'password'],
  ['repf', 'repfooter'],
  ['reph', 'repheader'],
  ['attr', 'attribute'],
  ['desc', 'describe'],
] as const;

function commandOf(word: string): string | undefined {
  const w = word.toLowerCase();
  for (const [short, full] of COMMANDS) if (w.length >= short.length && full.startsWith(w)) return full;
  return undefined;
}

/**
 * Is this line (at the start of a statement) an SQL*Plus command? `SET` counts only as
 * `SET VARIABLE VALUE` (no `=`), which SQL's own SET never is.
 */
export function isSqlPlusLine(line: string): boolean {
  const t = line.trim();
  if (t.startsWith('@') || t === '/') return true;
  const m = /^([A-Za-z]+)\b(.*)$/.exec(t);
  if (!m) return false;
  const word = (m[1] as string).toLowerCase();
  if (word === 'set') return /^\s+\w+/.test(m[2] as string) && !(m[2] as string).includes('=');
  // `desc`/`describe` are SQL*Plus, but `DELETE`/`DECLARE` must stay SQL: the prefix rule checks the whole word
  return commandOf(word) !== undefined;
}

/** `line` is the command's 0-based line inside the SQL text. */
export function scanSqlPlus(text: string, line: number): StatementFacts {
  const t = text.trim();
  const facts = noFacts(true);
  const at = /^(@@?)\s*(\S+)/.exec(t);
  if (at) {
    const path = withExtension(unquote(at[2] as string), '.sql');
    facts.includes.push({ path, line, construct: at[1] as string, relativeToFile: at[1] === '@@' });
    return facts;
  }
  const m = /^([A-Za-z]+)\s*(.*)$/.exec(t);
  const command = m ? commandOf(m[1] as string) : undefined;
  const rest = (m?.[2] ?? '').trim();
  if (command === 'start' && rest) {
    const path = withExtension(unquote(rest.split(/\s+/)[0] as string), '.sql');
    facts.includes.push({ path, line, construct: 'START', relativeToFile: false });
  } else if (command === 'spool' && rest) {
    const name = unquote(rest.split(/\s+/)[0] as string);
    if (!/^(off|out)$/i.test(name)) {
      facts.accesses.push({
        target: 'file',
        parts: [withExtension(name, '.lst')],
        op: 'write',
        construct: 'SPOOL',
        line,
      });
    }
  }
  return facts;
}

/** Quotes off; substitution variables (`&1`, `&&day.`) are unknown until it runs: `*`. */
function unquote(s: string): string {
  return s.replace(/^(['"])(.*)\1$/, '$2').replace(/&&?\w+\.?/g, '*');
}

/** SQL*Plus adds the default extension to a name that has none. */
function withExtension(path: string, ext: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.includes('.') ? path : `${path}${ext}`;
}
