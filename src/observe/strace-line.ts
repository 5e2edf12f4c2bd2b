/**
 * One line of `strace -f [-tt|-ttt] [-y|-yy] -o FILE` output, split into pid, time, call and result.
 * Handles the prefixes of every strace since 4.x: `PID  ` (-f -o), `[pid  PID] ` (-f to stderr),
 * none (one process); `<unfinished ...>` / `<... NAME resumed>` pairs; `+++ exited +++`, `--- SIG ---`.
 */

export type StraceLine =
  | { kind: 'call'; pid: number; time?: string; name: string; args: string; ret: string }
  | { kind: 'unfinished'; pid: number; time?: string; name: string; args: string }
  | { kind: 'resumed'; pid: number; time?: string; name: string; rest: string }
  | { kind: 'exit'; pid: number; time?: string }
  | { kind: 'signal' }
  | { kind: 'blank' }
  | { kind: 'bad'; reason: string };

const PREFIX = /^(?:\[pid\s+(\d+)\]\s+|(\d+)\s+)?(?:(\d\d:\d\d:\d\d(?:\.\d+)?|\d{9,}\.\d+)\s+)?/;
const NAME = /^([a-z_][a-z0-9_]*)\(/;
const RESUMED = /^<\.\.\. ([a-z_][a-z0-9_]*) resumed>\s?(.*)$/s;

export function parseStraceLine(raw: string, defaultPid: number): StraceLine {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (line.trim() === '') return { kind: 'blank' };
  const m = PREFIX.exec(line) as RegExpExecArray;
  const pid = Number(m[1] ?? m[2] ?? defaultPid);
  const time = m[3];
  const rest = line.slice(m[0].length);
  const t = time === undefined ? {} : { time };
  if (rest.startsWith('+++ ')) return { kind: 'exit', pid, ...t };
  if (rest.startsWith('--- ')) return { kind: 'signal' };
  const res = RESUMED.exec(rest);
  if (res) return { kind: 'resumed', pid, ...t, name: res[1] as string, rest: res[2] as string };
  const nm = NAME.exec(rest);
  if (!nm) return { kind: 'bad', reason: 'not a system call line' };
  const name = nm[1] as string;
  const body = rest.slice(nm[0].length);
  const close = matchingParen(body);
  if (close < 0) {
    if (/<unfinished \.\.\.>\s*$/.test(body))
      return { kind: 'unfinished', pid, ...t, name, args: body.replace(/\s*<unfinished \.\.\.>\s*$/, '') };
    return { kind: 'bad', reason: 'cut off before its result (truncated trace?)' };
  }
  return { kind: 'call', pid, ...t, name, args: body.slice(0, close), ret: retOf(body.slice(close + 1)) };
}

/** Complete an unfinished call with its resumed tail: `... <unfinished ...>` + `<... resumed>) = 0`. */
export function joinResumed(args: string, rest: string): { args: string; ret: string } | undefined {
  const body = args.length > 0 && !rest.startsWith(')') ? `${args}, ${rest}` : `${args}${rest}`;
  const close = matchingParen(body);
  if (close < 0) return undefined;
  return { args: body.slice(0, close), ret: retOf(body.slice(close + 1)) };
}

function retOf(after: string): string {
  const m = /^\s*=\s*(.*)$/s.exec(after);
  return m ? (m[1] as string).trim() : '?';
}

/** Index of the `)` that closes the call, skipping strings, nested brackets and fd decorations. */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: one character-level scanner, kept in one place
function matchingParen(body: string): number {
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"') {
      for (i++; i < body.length && body[i] !== '"'; i++) if (body[i] === '\\') i++;
    } else if (c === '<' && /\d$|AT_FDCWD$/.test(body.slice(Math.max(0, i - 8), i))) {
      let d = 0;
      for (; i < body.length; i++) {
        if (body[i] === '<') d++;
        else if (body[i] === '>' && --d === 0) break;
      }
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ')') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** `-1 ENOENT (No such file or directory)` -> `ENOENT`; success -> undefined. */
export function errorOf(ret: string): string | undefined {
  const m = /^-1\s+([A-Z][A-Z0-9_]+)/.exec(ret);
  return m ? m[1] : undefined;
}

/** The number a call returned (a child pid for clone/fork), if any. */
export function numberOf(ret: string): number | undefined {
  const m = /^(-?\d+)/.exec(ret);
  return m ? Number(m[1]) : undefined;
}
