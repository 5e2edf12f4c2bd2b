/**
 * Configuration a script reads, when the file exists under ROOT: JSON, YAML, INI and dotenv files
 * become values whose strings are `resolved`, so `config/${env}.json` with env bound from argv
 * resolves the paths and URLs it holds. Files are parsed as data, never executed.
 */
import { parse as parseYaml } from 'yaml';
import { joinServer } from '../../util/paths.js';
import { parseIni } from '../python/lib/config-files.js';
import type { ScriptSink } from './sink.js';
import { asStr, fromData, str, UNKNOWN, type V } from './value.js';

/** Files this small are read for their values; anything bigger is data, not configuration. */
const MAX_CONFIG_BYTES = 512 * 1024;

/** Read a config file: a `reads` edge, and its contents as a value when it is under ROOT. */
export function readConfig(sink: ScriptSink, path: V, line: number, construct: string): V {
  sink.file('read', path, line, construct);
  const text = configText(sink, asStr(path).s);
  if (text === undefined) return UNKNOWN;
  return parseConfig(asStr(path).s, text);
}

function configText(sink: ScriptSink, path: string): string | undefined {
  if (path.includes('*') || path === '') return undefined;
  const p = joinServer(sink.ctx.cwd, path);
  const st = sink.ctx.fs.stat(p);
  if (!st?.isFile() || st.size > MAX_CONFIG_BYTES) return undefined;
  const r = sink.ctx.fs.readText(p);
  return r.ok ? r.text : undefined;
}

/** The file's contents by its extension (or its first character when the extension says nothing). */
export function parseConfig(path: string, text: string): V {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  try {
    if (
      ext === 'json' ||
      (!['yml', 'yaml', 'ini', 'cfg', 'conf', 'env'].includes(ext) && /^\s*[[{]/.test(text))
    )
      return fromData(JSON.parse(text));
    if (ext === 'yml' || ext === 'yaml') return fromData(parseYaml(text));
    if (ext === 'ini' || ext === 'cfg' || /^\s*\[/m.test(text)) return iniValue(text);
    return dotenvValue(text);
  } catch {
    return UNKNOWN;
  }
}

function iniValue(text: string): V {
  const sections = new Map<string, Map<string, string>>();
  parseIni(text, sections);
  const props = new Map<string, V>();
  for (const [name, entries] of sections) {
    const inner = new Map<string, V>();
    for (const [k, v] of entries) inner.set(k, str(v.replace(/^["']|["']$/g, ''), true));
    props.set(name, { k: 'obj', props: inner });
  }
  return { k: 'obj', props };
}

/** `KEY=value` lines (dotenv, shell-style conf files); `export` and quotes dropped. */
export function dotenvValue(text: string): V {
  const props = new Map<string, V>();
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][\w.]*)\s*[=:]\s*(.*?)\s*$/.exec(raw);
    if (!m || raw.trim().startsWith('#')) continue;
    const value = (m[2] as string).replace(/^(["'])(.*)\1$/, '$2');
    if (value.includes('$')) continue;
    props.set(m[1] as string, str(value, true));
  }
  return { k: 'obj', props };
}
