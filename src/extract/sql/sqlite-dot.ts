/**
 * sqlite3's dot-commands, read from a script fed to the shell (`sqlite3 db < x.sql`):
 * `.output FILE` / `.once FILE` send the results that follow to FILE (relative to where sqlite3
 * runs), `.read FILE` runs another script, `.import FILE TABLE` loads a file into a table. Other
 * dot-commands (`.mode`, `.headers`, `.exit`) touch no data; `stdout` and `|command` are no file.
 */
import { noFacts, type StatementFacts } from './access.js';

/** `line` is the command's 0-based line inside the SQL text; `text` starts with the dot. */
export function scanSqliteDot(text: string, line: number): StatementFacts {
  const facts = noFacts(true);
  const words = (/^\.(\w+)\s*(.*)$/s.exec(text.trim())?.slice(1) ?? []) as string[];
  const command = (words[0] ?? '').toLowerCase();
  const operands = splitWords(words[1] ?? '').filter((w) => !w.startsWith('-'));
  const [first, second] = operands;
  if ((command === 'output' || command === 'once') && first && first !== 'stdout' && !first.startsWith('|')) {
    facts.accesses.push({ target: 'file', parts: [first], op: 'write', construct: `.${command}`, line });
  } else if (command === 'read' && first && !first.startsWith('|')) {
    facts.includes.push({ path: first, line, construct: '.read', relativeToFile: false });
  } else if (command === 'import' && first && second && !first.startsWith('|')) {
    facts.accesses.push({ target: 'file', parts: [first], op: 'read', construct: '.import', line });
    facts.accesses.push({
      target: 'table',
      parts: second.split('.'),
      op: 'write',
      construct: '.import',
      line,
    });
  }
  return facts;
}

/** The shell's words: blanks split, single or double quotes group. */
function splitWords(s: string): string[] {
  return [...s.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? (m[3] as string));
}
