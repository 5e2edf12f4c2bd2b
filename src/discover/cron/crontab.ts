/**
 * One crontab file -> entries. crontab(5): blank lines and lines starting with `#` are ignored;
 * `NAME = value` sets the environment for the lines after it; an entry is five time fields (or an
 * `@special`), a user field in system crontabs (/etc/crontab, /etc/cron.d), then the command; an
 * unescaped `%` ends the command and the rest is its stdin, with later `%` as newlines.
 */
import { type Diagnostic, warning } from '../../model/diagnostic.js';

export interface CrontabEntry {
  schedule: string;
  user: string;
  command: string;
  stdin?: string;
  line: number;
  /** Environment in force at this line (crontab variables only). */
  env: Record<string, string>;
}

export interface ParsedCrontab {
  entries: CrontabEntry[];
  env: Record<string, string>;
  diagnostics: Diagnostic[];
}

const SPECIALS = new Set([
  '@reboot',
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);
const FIELD = /^[\d*?/,\-LW#A-Za-z]+$/;
const ENV_LINE = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

function unquote(v: string): string {
  const t = v.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return t.slice(1, -1);
  return t;
}

/** Split a command at the first unescaped `%`; `\%` becomes `%`. */
export function splitPercent(cmd: string): { command: string; stdin?: string } {
  let out = '';
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i];
    if (c === '\\' && cmd[i + 1] === '%') {
      out += '%';
      i++;
      continue;
    }
    if (c === '%') {
      const rest = cmd
        .slice(i + 1)
        .split('\\%')
        .map((part) => part.replace(/%/g, '\n'))
        .join('%');
      return { command: out, stdin: rest };
    }
    out += c;
  }
  return { command: out };
}

export function parseCrontab(
  text: string,
  file: string,
  opts: { system: boolean; user?: string },
): ParsedCrontab {
  const entries: CrontabEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  const env: Record<string, string> = {};
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) return;
    const envMatch = ENV_LINE.exec(line);
    if (envMatch && !FIELD.test(line.split(/\s+/)[0] ?? '') && !line.startsWith('@')) {
      env[envMatch[1] as string] = unquote(envMatch[2] as string);
      return;
    }
    const words = line.split(/\s+/);
    let schedule: string;
    let rest: string[];
    if (words[0]?.startsWith('@')) {
      if (!SPECIALS.has((words[0] as string).toLowerCase())) {
        diagnostics.push(bad(file, lineNo, `unknown schedule '${words[0]}'`));
        return;
      }
      schedule = words[0] as string;
      rest = words.slice(1);
    } else {
      const fields = words.slice(0, 5);
      if (fields.length < 5 || !fields.every((f) => FIELD.test(f))) {
        diagnostics.push(bad(file, lineNo, 'not a crontab entry (expected five time fields or @special)'));
        return;
      }
      schedule = fields.join(' ');
      rest = words.slice(5);
    }
    let user = opts.user ?? 'root';
    if (opts.system) {
      if (rest.length === 0) {
        diagnostics.push(bad(file, lineNo, 'system crontab entry has no user field'));
        return;
      }
      user = rest[0] as string;
      rest = rest.slice(1);
    }
    // keep the command's own spacing: cut the original text after the fields
    const command = commandText(line, words.length - rest.length);
    if (command.trim() === '') {
      diagnostics.push(bad(file, lineNo, 'crontab entry has no command'));
      return;
    }
    const split = splitPercent(command);
    entries.push({
      schedule,
      user,
      command: split.command.trim(),
      ...(split.stdin !== undefined ? { stdin: split.stdin } : {}),
      line: lineNo,
      env: { ...env },
    });
  });
  return { entries, env, diagnostics };
}

/** The text of `line` after its first `n` whitespace-separated words. */
function commandText(line: string, n: number): string {
  let i = 0;
  for (let w = 0; w < n; w++) {
    while (i < line.length && /\s/.test(line[i] as string)) i++;
    while (i < line.length && !/\s/.test(line[i] as string)) i++;
  }
  return line.slice(i).trim();
}

function bad(file: string, line: number, what: string): Diagnostic {
  return warning('crontab-malformed', `${file}:${line}: ${what}; line skipped`, { file, line });
}
