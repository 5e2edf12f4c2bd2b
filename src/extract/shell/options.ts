/**
 * A small getopt for resolvers: which flags take a value, the rest are operands.
 * Handles `-abc` clusters (`tar -czf out.tgz`), `-fVALUE`, `--long=value`, `--long value`, and `--`.
 */
import type { Value } from './value.js';

export interface OptionSpec {
  /** Short flags that take a value, e.g. 'ofCd'. */
  short?: string;
  /** Long flags that take a value, without dashes. */
  long?: string[];
}

export interface ParsedOptions {
  /** flag (without dashes) -> values in order; flags without value map to ['']. */
  flags: Map<string, Value[]>;
  operands: Value[];
}

export function parseOptions(args: Value[], spec: OptionSpec): ParsedOptions {
  const flags = new Map<string, Value[]>();
  const operands: Value[] = [];
  const add = (k: string, v: Value) => {
    const list = flags.get(k) ?? [];
    list.push(v);
    flags.set(k, list);
  };
  const shortWithValue = spec.short ?? '';
  const longWithValue = new Set(spec.long ?? []);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as Value;
    const t = a.text;
    if (t === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (t.startsWith('--') && t.length > 2) {
      const eq = t.indexOf('=');
      if (eq > 0) {
        add(t.slice(2, eq), { text: t.slice(eq + 1), resolved: a.resolved });
      } else if (longWithValue.has(t.slice(2)) && i + 1 < args.length) {
        add(t.slice(2), args[++i] as Value);
      } else {
        add(t.slice(2), { text: '', resolved: false });
      }
      continue;
    }
    if (t.startsWith('-') && t.length > 1) {
      for (let j = 1; j < t.length; j++) {
        const c = t[j] as string;
        if (shortWithValue.includes(c)) {
          const rest = t.slice(j + 1);
          if (rest) add(c, { text: rest, resolved: a.resolved });
          else if (i + 1 < args.length) add(c, args[++i] as Value);
          break;
        }
        add(c, { text: '', resolved: false });
      }
      continue;
    }
    operands.push(a);
  }
  return { flags, operands };
}

export function flag(p: ParsedOptions, ...names: string[]): Value | undefined {
  for (const n of names) {
    const v = p.flags.get(n);
    if (v && v.length > 0) return v[v.length - 1];
  }
  return undefined;
}

export function hasFlag(p: ParsedOptions, ...names: string[]): boolean {
  return names.some((n) => p.flags.has(n));
}
