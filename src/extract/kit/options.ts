/**
 * Command-line options as minimist, yargs and commander hand them to a script: `--env prod`,
 * `--env=prod`, `-e prod`, `--dry-run` (true), with positional words under `_`. Only what the
 * caller's argv shows statically; an option not given is absent (so `argv.env || 'dev'` is 'dev').
 */
import { str, type V } from './value.js';

export function parseOptions(args: string[], camel = false): V {
  const props = new Map<string, V>();
  const positional: V[] = [];
  const key = (k: string): string => (camel ? k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) : k);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const long = /^--([^=]+)(?:=(.*))?$/.exec(a);
    const short = /^-([A-Za-z])$/.exec(a);
    const name = long?.[1] ?? short?.[1];
    if (name === undefined) {
      positional.push(str(a, true));
      continue;
    }
    if (long?.[2] !== undefined) {
      props.set(key(name), str(long[2], true));
      continue;
    }
    const next = args[i + 1];
    if (next !== undefined && !next.startsWith('-')) {
      props.set(key(name), str(next, true));
      i++;
    } else if (name.startsWith('no-')) {
      props.set(key(name.slice(3)), str('false', true));
    } else {
      props.set(key(name), str('true', true));
    }
  }
  props.set('_', { k: 'list', items: positional });
  return { k: 'obj', props };
}
