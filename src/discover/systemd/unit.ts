/**
 * systemd unit files (systemd.syntax(7)): `[Section]` headers, `Key=Value` lines, `#`/`;`
 * comments, a trailing backslash continues a line. Keys may repeat; an empty assignment resets
 * the list (`ExecStart=` in a drop-in).
 */

export interface UnitEntry {
  value: string;
  line: number;
}

export class Unit {
  private readonly sections = new Map<string, Map<string, UnitEntry[]>>();
  /** `Section/Key` pairs whose list this unit reset with an empty assignment. */
  private readonly resets = new Set<string>();
  constructor(readonly file: string) {}

  add(section: string, key: string, entry: UnitEntry): void {
    let s = this.sections.get(section);
    if (!s) {
      s = new Map();
      this.sections.set(section, s);
    }
    if (entry.value === '') {
      s.set(key, []);
      this.resets.add(`${section}/${key}`);
      return;
    }
    const list = s.get(key) ?? [];
    list.push(entry);
    s.set(key, list);
  }

  entries(section: string, key: string): UnitEntry[] {
    return this.sections.get(section)?.get(key) ?? [];
  }

  all(section: string, key: string): string[] {
    return this.entries(section, key).map((e) => e.value);
  }

  get(section: string, key: string): string | undefined {
    return this.entries(section, key).at(-1)?.value;
  }

  /** Apply a drop-in: its assignments come after ours. */
  merge(other: Unit): void {
    for (const [section, keys] of other.sections) {
      for (const [key, list] of keys) {
        if (other.resets.has(`${section}/${key}`)) this.add(section, key, { value: '', line: 0 });
        for (const e of list) this.add(section, key, e);
      }
    }
  }
}

export function parseUnit(text: string, file: string): Unit {
  const unit = new Unit(file);
  let section = '';
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = (lines[i] as string).replace(/\r$/, '');
    while (line.endsWith('\\') && i + 1 < lines.length) {
      i++;
      line = `${line.slice(0, -1)} ${(lines[i] as string).replace(/\r$/, '').trim()}`;
    }
    const t = line.trim();
    if (t === '' || t.startsWith('#') || t.startsWith(';')) continue;
    const sec = /^\[([^\]]+)\]$/.exec(t);
    if (sec) {
      section = sec[1] as string;
      continue;
    }
    const eq = t.indexOf('=');
    if (eq <= 0) continue;
    unit.add(section, t.slice(0, eq).trim(), { value: t.slice(eq + 1).trim(), line: start + 1 });
  }
  return unit;
}

/** `Environment="A=1" B=2 "C=x y"` -> {A: '1', B: '2', C: 'x y'}. */
export function parseEnvironmentLine(value: string): Record<string, string> {
  const env: Record<string, string> = {};
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const word = m[1] ?? m[2] ?? m[3] ?? '';
    const eq = word.indexOf('=');
    if (eq > 0) env[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return env;
}

/** EnvironmentFile= (also /etc/default/*): `KEY=value` lines, `export` tolerated, quotes removed. */
export function parseEnvironmentFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Za-z_]\w*)=(.*)$/.exec(raw);
    if (!m) continue;
    let v = (m[2] as string).trim();
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1);
    env[m[1] as string] = v;
  }
  return env;
}
