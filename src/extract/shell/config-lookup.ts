/**
 * `DIR=$("$BIN"/read-config.sh TAG)`: a helper that prints the value a config file gives a key.
 * Static analysis cannot run the helper, but it can read what the helper reads: when exactly one
 * of those files gives the key one value (`TAG=/srv/x`, `TAG: /srv/x`, `TAG /srv/x`), that is
 * what the helper prints. Anything less certain stays unknown (`*`).
 */

/** The value `key` has in these config texts, when exactly one distinct literal value is found. */
export function lookupConfigKey(texts: string[], key: string): string | undefined {
  if (!/^[\w.-]+$/.test(key)) return undefined;
  const k = key.replace(/[.-]/g, (c) => `\\${c}`);
  const line = new RegExp(`^\\s*(?:export\\s+)?${k}\\s*(?:[=:]|\\s)\\s*(.*?)\\s*$`, 'gm');
  const found = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(line)) {
      const raw = (m[1] ?? '').replace(/\s+#.*$/, '');
      const v = /^(["'])(.*)\1$/.exec(raw)?.[2] ?? raw;
      if (v === '' || /[$`*]/.test(v)) return undefined;
      found.add(v);
    }
  }
  return found.size === 1 ? [...found][0] : undefined;
}
