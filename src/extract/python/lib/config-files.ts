/**
 * Configuration read by a script, when the file exists under ROOT: configparser INI files (with
 * [DEFAULT] and `%(x)s` / `${x}` interpolation), JSON and YAML documents, dotenv files. Values
 * that come from here are `resolved`. Files are read, never executed.
 */
import { parse as parseYaml } from 'yaml';
import { joinServer } from '../../../util/paths.js';
import type { Interp } from '../frame.js';
import { HOLE, type PyObject, str, UNKNOWN, type Value } from '../value.js';

type Config = Extract<PyObject, { type: 'config' }>;

/** Files this small are read for their values; anything bigger is data, not configuration. */
const MAX_CONFIG_BYTES = 512 * 1024;
const DEFAULT_SECTION = 'DEFAULT';

/** Text of a config file under ROOT, or undefined (missing, binary, too big, unknown name). */
export function readConfigText(interp: Interp, path: string): string | undefined {
  if (path.includes(HOLE) || path.includes('*')) return undefined;
  const p = joinServer(interp.cwd, path);
  const st = interp.ctx.fs.stat(p);
  if (!st?.isFile() || st.size > MAX_CONFIG_BYTES) return undefined;
  const r = interp.ctx.fs.readText(p);
  return r.ok ? r.text : undefined;
}

export function parseIni(text: string, into: Map<string, Map<string, string>>): void {
  let section: Map<string, string> | undefined;
  let lastKey: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      lastKey = undefined;
      continue;
    }
    if (/^\s/.test(raw) && section && lastKey !== undefined) {
      section.set(lastKey, `${section.get(lastKey) ?? ''}\n${trimmed}`);
      continue;
    }
    const head = /^\[([^\]]+)\]/.exec(trimmed);
    if (head) {
      const name = (head[1] as string).trim();
      section = into.get(name) ?? new Map();
      into.set(name, section);
      lastKey = undefined;
      continue;
    }
    const m = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (m && section) {
      lastKey = (m[1] as string).toLowerCase();
      section.set(lastKey, m[2] as string);
    } else if (section) {
      lastKey = trimmed.toLowerCase();
      section.set(lastKey, '');
    }
  }
}

/** One option, interpolated the way configparser would (BasicInterpolation by default). */
export function configGet(
  cfg: Config,
  section: string,
  key: string,
  raw = false,
  depth = 0,
): string | undefined {
  const k = key.toLowerCase();
  const value = cfg.sections.get(section)?.get(k) ?? cfg.sections.get(DEFAULT_SECTION)?.get(k);
  if (value === undefined || raw || cfg.style === 'raw' || depth > 10) return value;
  if (cfg.style === 'extended') {
    return value.replace(
      /\$\{([^}:]+)(?::([^}]+))?\}|\$\$/g,
      (m, a: string | undefined, b: string | undefined) => {
        if (m === '$$') return '$';
        const v =
          b === undefined
            ? configGet(cfg, section, a ?? '', false, depth + 1)
            : configGet(cfg, a ?? '', b, false, depth + 1);
        return v ?? HOLE;
      },
    );
  }
  return value.replace(/%\(([^)]+)\)s|%%/g, (m, name: string | undefined) =>
    m === '%%' ? '%' : (configGet(cfg, section, name ?? '', false, depth + 1) ?? HOLE),
  );
}

/** `cfg['section']`: a dict of its options (DEFAULT included), interpolated. */
export function configSection(cfg: Config, section: string): Value {
  const entries = new Map<string, Value>();
  const keys = new Set([
    ...(cfg.sections.get(DEFAULT_SECTION)?.keys() ?? []),
    ...(cfg.sections.get(section)?.keys() ?? []),
  ]);
  for (const k of keys) {
    const v = configGet(cfg, section, k);
    if (v !== undefined) entries.set(k, str(v, true));
  }
  return { k: 'dict', entries, foldKeys: true };
}

/** A parsed JSON/YAML document as a Value (strings are `resolved`). */
export function fromData(x: unknown, depth = 0): Value {
  if (depth > 20) return UNKNOWN;
  if (typeof x === 'string') return str(x, true);
  if (typeof x === 'number') return { k: 'num', n: x };
  if (typeof x === 'boolean') return { k: 'bool', b: x };
  if (x === null || x === undefined) return { k: 'none' };
  if (Array.isArray(x)) return { k: 'list', items: x.slice(0, 200).map((i) => fromData(i, depth + 1)) };
  if (typeof x === 'object') {
    const entries = new Map<string, Value>();
    for (const [k, v] of Object.entries(x as Record<string, unknown>)) entries.set(k, fromData(v, depth + 1));
    return { k: 'dict', entries };
  }
  return UNKNOWN;
}

export function parseData(text: string, yaml: boolean): Value {
  try {
    return fromData(yaml ? parseYaml(text, { maxAliasCount: 50 }) : JSON.parse(text));
  } catch {
    return UNKNOWN;
  }
}

/** KEY=VALUE lines of a dotenv / shell env file (quotes stripped, `export` allowed). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    let v = m[2] as string;
    if (/^(["']).*\1$/.test(v)) v = v.slice(1, -1);
    else v = v.replace(/\s+#.*$/, '');
    out[m[1] as string] = v;
  }
  return out;
}
