/**
 * Glob patterns over server paths and names: `*` stays within a path segment, `**` crosses
 * segments, `?` is one character. A pattern node's own placeholders (what static analysis could
 * not resolve: `*`, `{day}`, `<x>`, `$VAR`, `${VAR}`, `$(date ...)`) match like `*`.
 */

const PLACEHOLDER = /\$\([^)]*\)|\$\{[^}]*\}|\$[A-Za-z_]\w*|\{[^}/]*\}|<[^>/]*>/g;

function escapeRegExp(s: string): string {
  return s.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

/** A user's glob (`path:/data/export/*`) as a regular expression matching whole strings. */
export function globToRegExp(glob: string, flags = ''): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += escapeRegExp(c);
  }
  return new RegExp(`^${out}$`, flags);
}

/** Does this name contain a placeholder or wildcard (is it a pattern node)? */
export function isPattern(name: string): boolean {
  PLACEHOLDER.lastIndex = 0;
  return name.includes('*') || PLACEHOLDER.test(name);
}

/** A pattern node's name as a regular expression: every wildcard or placeholder matches within a segment. */
export function patternToRegExp(pattern: string): RegExp {
  const parts = pattern.split(PLACEHOLDER);
  const body = parts.map((p) => p.split('*').map(escapeRegExp).join('[^/]*')).join('[^/]*');
  return new RegExp(`^${body}$`);
}
