/**
 * Package functions that talk to a web service for the script: an API client called with the
 * service's address (`ona_data_get(base_url = "https://api.example.org", form_id = 7)`,
 * `fetch_records(api_url = URL)`). The call reads from the service when the function's name says
 * it fetches (get, fetch, download, pull, ...), writes when it says it sends (post, upload, push,
 * ...); a name that says neither gives no edge. The edge is `heuristic`: it is inferred from
 * names, not from a call the driver tables know.
 */
import type { Direction } from '../kit/sink.js';
import { asStr, type V } from '../kit/value.js';
import type { Args, ScriptRun } from '../kit/walk.js';

/** Argument names that carry a service's address. */
const URL_ARGUMENT =
  /^(base[._]?url|url|uri|endpoint|api[._]?url|api[._]?base|server[._]?url|host[._]?url)$/i;
const READ_WORDS = new Set([
  'get',
  'fetch',
  'download',
  'read',
  'pull',
  'load',
  'query',
  'list',
  'retrieve',
  'search',
  'import',
]);
const WRITE_WORDS = new Set([
  'post',
  'put',
  'upload',
  'send',
  'push',
  'write',
  'publish',
  'submit',
  'create',
  'update',
  'delete',
  'patch',
  'notify',
  'insert',
]);

/** The words of a function name: `ona_data_get` -> ona, data, get; `fetchRecords` -> fetch, records. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

export function directionOfName(name: string): Direction | undefined {
  const words = nameWords(name);
  const reads = words.some((w) => READ_WORDS.has(w));
  const writes = words.some((w) => WRITE_WORDS.has(w));
  if (reads === writes) return undefined;
  return reads ? 'read' : 'write';
}

/** An unknown function called with a URL-valued argument named like a service address. */
export function apiClientCall(run: ScriptRun, name: string, a: Args, line: number): void {
  for (const [arg, value] of a.named) {
    if (!URL_ARGUMENT.test(arg) || !isServiceUrl(value)) continue;
    const dir = directionOfName(name);
    if (!dir) {
      run.sink.note(
        'api-client-unknown',
        `${name}(${arg} = ...): whether it reads or writes is not known`,
        line,
      );
      return;
    }
    run.sink.endpoint(dir, value, line, `${name}(${arg} =) API client`, 'heuristic');
    return;
  }
}

function isServiceUrl(v: V): boolean {
  return v.k === 'str' && /^https?:\/\/[^*/]/i.test(asStr(v).s.trim());
}
