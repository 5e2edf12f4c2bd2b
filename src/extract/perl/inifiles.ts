/**
 * Config::IniFiles: `Config::IniFiles->new(-file => PATH, ...)` (also `new Config::IniFiles(...)`)
 * reads PATH, a configuration file; the object it returns answers `$ini->val(SECTION, KEY)` with
 * the value as the file holds it (quotes kept, as the module keeps them). The file is parsed as
 * data when it is under ROOT, never executed; section and key names match in any case.
 */
import { joinServer } from '../../util/paths.js';
import { parseIni } from '../python/lib/config-files.js';
import type { PerlToken } from './lex.js';
import { asPath, hole, isKnown, type Value } from './scope.js';
import type { PerlSink } from './sink.js';

/** Config files bigger than this are data, not configuration. */
const MAX_INI_BYTES = 256 * 1024;

/** The `-file` argument of a constructor call, evaluated. */
export function iniFileArg(
  args: PerlToken[][],
  ev: (a: PerlToken[] | undefined) => Value | undefined,
): Value | undefined {
  for (let k = 0; k + 1 < args.length; k += 2) {
    const name = (args[k] ?? [])
      .map((t) => t.text)
      .join('')
      .replace(/^['"]|['"]$/g, '');
    if (name === '-file') return ev(args[k + 1]);
  }
  return undefined;
}

/** Read the INI file: a `reads` edge, and the object with its sections when the file is under ROOT. */
export function openIni(path: Value, line: number, sink: PerlSink): Value {
  sink.file(path, 'read', line, 'Config::IniFiles->new');
  const obj: Value = { ...hole(line) };
  if (!isKnown(path)) return obj;
  const raw = asPath(path);
  const full = raw.startsWith('/') ? raw : joinServer(sink.ctx.cwd, raw);
  const st = sink.ctx.fs.stat(full);
  if (!st?.isFile() || st.size > MAX_INI_BYTES) return obj;
  const r = sink.ctx.fs.readText(full);
  if (!r.ok) return obj;
  const sections = new Map<string, Map<string, string>>();
  parseIni(r.text, sections);
  return { ...obj, ini: sections };
}

/** `$ini->val(SECTION, KEY)` on a known object: the value, else a hole. */
export function iniVal(obj: Value, section: Value | undefined, key: Value | undefined, line: number): Value {
  if (!obj.ini || !section || !key || !isKnown(section) || !isKnown(key)) return hole(line);
  const want = section.text.toLowerCase();
  for (const [name, entries] of obj.ini) {
    if (name.toLowerCase() !== want) continue;
    const v = entries.get(key.text.toLowerCase());
    if (v !== undefined) return { text: v, viaVar: true, line };
  }
  return hole(line);
}
