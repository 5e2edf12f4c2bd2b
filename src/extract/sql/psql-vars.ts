/** psql variables: `\set name value`, then `:name`, `:'name'`, `:"name"` in later SQL and meta-commands. */
import type { Token } from './lex.js';

/** psql `:name`, `:'name'`, `:"name"` after `\set name value`. */
export function substituteVars(
  tokens: Token[],
  vars: Map<string, string>,
): { tokens: Token[]; substituted: boolean } {
  if (vars.size === 0) return { tokens, substituted: false };
  let substituted = false;
  const mapped = tokens.map((t): Token => {
    if (t.kind !== 'param') return t;
    const style = t.value.startsWith("'") || t.value.startsWith('"') ? t.value[0] : '';
    const value = vars.get(style ? t.value.slice(1) : t.value);
    if (value === undefined) return t;
    substituted = true;
    const kind = style === "'" ? 'string' : style === '"' ? 'qident' : 'word';
    const text =
      kind === 'string' ? `'${value.replace(/'/g, "''")}'` : kind === 'qident' ? `"${value}"` : value;
    return { ...t, kind, value, text };
  });
  return { tokens: mapped, substituted };
}

/** psql interpolates variables into meta-command arguments too (`\copy :tbl FROM :'src'`). */
export function interpolateMeta(text: string, vars: Map<string, string>): string {
  if (vars.size === 0 || !text.includes(':')) return text;
  return text.replace(
    /(?<![:\w]):(?:'(\w+)'|"(\w+)"|(\w+))/g,
    (m, q1?: string, q2?: string, bare?: string) => {
      const value = vars.get(q1 ?? q2 ?? bare ?? '');
      if (value === undefined) return m;
      return q1 ? `'${value}'` : q2 ? `"${value}"` : value;
    },
  );
}
