/**
 * Labels short enough to read on a node: URLs become host + last path segment, anything longer than
 * MAX characters loses its middle. The full name is always on hover and in the side panel.
 */
import type { ViewKind } from '../kinds.js';

const MAX = 32;

function shortUrl(s: string): string | undefined {
  const m = /^([a-z][\w+.-]*):\/\/([^/?#]*)([^?#]*)/i.exec(s);
  if (!m) return undefined;
  const [, scheme, host = '', path = ''] = m;
  const segs = path.split('/').filter(Boolean);
  const last = segs.at(-1);
  // a server as `dfmap status` names it (mysql://db01:3306); a web site by its host alone
  if (!last) return scheme === 'https' || scheme === 'http' ? host : `${scheme}://${host}`;
  return segs.length > 1 ? `${host}/…/${last}` : `${host}/${last}`;
}

export function ellipsize(s: string, max = MAX): string {
  if (s.length <= max) return s;
  const head = Math.ceil((max - 1) * 0.6);
  const tail = max - 1 - head;
  return `${s.slice(0, head)}…${s.slice(s.length - tail)}`;
}

export function displayLabel(label: string, kind: ViewKind): string {
  // one line only: a newline in a name must not break the drawing
  const flat = label.replace(/[\r\n\t]+/g, ' ');
  if (kind === 'endpoint' || kind === 'database') return ellipsize(shortUrl(flat) ?? flat);
  return ellipsize(flat, kind === 'group' ? 40 : MAX);
}
