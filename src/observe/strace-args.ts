/**
 * strace's argument syntax: C string literals with escapes (`"a\"b\n"`, `"\x2f"` with -x/-xx,
 * `"abc"...` when cut at -s), arrays `[...]`, structs `{...}`, and fd decorations `3</path>` (-y),
 * `3<TCP:[1.2.3.4:5->6.7.8.9:80]>` (-yy). strace(1), "Output format".
 */

/** Split `a, "b, c", [d, e], {f=g}` at top-level commas. */
export function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  let inStr = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    else if (c === '[' || c === '{' || c === '(') depth++;
    else if (c === ']' || c === '}' || c === ')') depth--;
    else if (c === '<' && /(?:\d|AT_FDCWD)$/.test(s.slice(start, i).trim())) {
      // an fd decoration 3</path, with, commas> runs to the matching '>'
      const end = decorationEnd(s, i);
      if (end > i) i = end;
    } else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = s.slice(start).trim();
  if (last !== '' || out.length > 0) out.push(last);
  return out;
}

function decorationEnd(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '<') depth++;
    else if (s[i] === '>') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** A C string literal as strace prints it -> its bytes as text. `truncated` when strace cut it (`"..."...`). */
export function parseString(arg: string): { text: string; truncated: boolean } | undefined {
  const t = arg.trim();
  if (!t.startsWith('"')) return undefined;
  let out = '';
  let i = 1;
  for (; i < t.length; i++) {
    const c = t[i] as string;
    if (c === '"') break;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = t[++i] ?? '';
    if (n === 'x') {
      out += String.fromCharCode(Number.parseInt(t.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (/[0-7]/.test(n)) {
      let j = i;
      while (j < i + 3 && /[0-7]/.test(t[j] ?? '')) j++;
      out += String.fromCharCode(Number.parseInt(t.slice(i, j), 8));
      i = j - 1;
    } else out += ESCAPES[n] ?? n;
  }
  return { text: decodeUtf8(out), truncated: t.slice(i + 1).startsWith('...') };
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', f: '\f', '\\': '\\', '"': '"' };

/** strace prints bytes; a \xNN-escaped UTF-8 name decodes back to its characters. */
function decodeUtf8(latin: string): string {
  if (!/[\u0080-\u00ff]/.test(latin)) return latin;
  const bytes = Uint8Array.from(latin, (ch) => ch.charCodeAt(0) & 0xff);
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** `["python3", "/opt/x.py"]` -> the strings; `truncated` when strace elided elements or cut one. */
export function parseStringArray(arg: string): { items: string[]; truncated: boolean } | undefined {
  const t = arg.trim();
  if (!t.startsWith('[') || !t.endsWith(']')) return undefined;
  const items: string[] = [];
  let truncated = false;
  for (const part of splitArgs(t.slice(1, -1))) {
    if (part === '...') {
      truncated = true;
      continue;
    }
    const s = parseString(part);
    if (!s) continue;
    items.push(s.text);
    if (s.truncated) truncated = true;
  }
  return { items, truncated };
}

/** The path in an fd decoration: `3</data/x.csv>` -> `/data/x.csv`; sockets and pipes give undefined. */
export function decoratedPath(arg: string): string | undefined {
  const m = /^(?:-?\d+|AT_FDCWD)<(.*)>$/s.exec(arg.trim());
  if (!m?.[1]?.startsWith('/')) return undefined;
  return m[1].replace(/ \(deleted\)$/, '');
}

/** A struct field: `sin_port=htons(8000)` in `{sa_family=AF_INET, sin_port=htons(8000), ...}`. */
export function structField(arg: string, name: string): string | undefined {
  const t = arg.trim();
  if (!t.startsWith('{')) return undefined;
  for (const part of splitArgs(t.slice(1, -1))) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
