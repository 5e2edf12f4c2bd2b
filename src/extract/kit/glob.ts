/**
 * A glob the script expands at run time (`Dir.glob('/home/** /shared/system')`), expanded against
 * the server's own files: a few matches are those paths; none (the script may create them first)
 * or too many keep the pattern, whose `*` stays unknown. `**` descends a bounded depth.
 */
import { joinServer } from '../../util/paths.js';
import type { ServerFs } from '../../util/server-fs.js';

const MAX_MATCHES = 8;
const MAX_DEPTH = 6;
const MAX_VISITS = 2000;

function segmentRegex(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i] as string;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = seg.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(${seg
          .slice(i + 1, end)
          .split(',')
          .map((a) => a.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
          .join('|')})`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The server paths a glob matches (1 to MAX_MATCHES), or undefined: keep the pattern. */
export function expandGlob(fs: ServerFs, pattern: string): string[] | undefined {
  if (!pattern.startsWith('/') || !/[*?{]/.test(pattern)) return undefined;
  const segs = pattern.split('/').filter(Boolean);
  let found: string[] = ['/'];
  let visits = 0;
  for (const seg of segs) {
    const next: string[] = [];
    for (const dir of found) {
      if (seg === '**') {
        // zero or more directories
        const stack: Array<[string, number]> = [[dir, 0]];
        while (stack.length > 0) {
          const [d, depth] = stack.pop() as [string, number];
          next.push(d);
          if (depth >= MAX_DEPTH || ++visits > MAX_VISITS) continue;
          for (const name of fs.list(d)) {
            const p = joinServer(d, name);
            if (!name.startsWith('.') && fs.isDirectory(p)) stack.push([p, depth + 1]);
          }
        }
      } else if (/[*?{]/.test(seg)) {
        const re = segmentRegex(seg);
        for (const name of fs.list(dir))
          if (re.test(name) && !name.startsWith('.')) next.push(joinServer(dir, name));
      } else {
        const p = joinServer(dir, seg);
        if (fs.isFile(p) || fs.isDirectory(p)) next.push(p);
      }
      if (visits > MAX_VISITS || next.length > MAX_VISITS) return undefined;
    }
    found = [...new Set(next)];
  }
  return found.length > 0 && found.length <= MAX_MATCHES ? found.sort() : undefined;
}
