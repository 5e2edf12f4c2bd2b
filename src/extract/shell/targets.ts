/** Turn a path or location named on a command line into the node it stands for. */
import { toEndpointNode, toFileNode } from '../../model/keys.js';
import type { NodeSpec } from '../../model/node.js';
import { joinServer } from '../../util/paths.js';
import { redactUrl } from '../../util/redact.js';

/** Not data: devices, descriptors, stdin/stdout markers. */
const NOT_DATA = /^(\/dev\/(null|zero|u?random|std(in|out|err)|tty\S*|fd\/\d+)|\/proc\/.*|-|&\d|\d)$/;

export function isNotData(path: string): boolean {
  return NOT_DATA.test(path) || path === '' || /^\*$/.test(path);
}

/**
 * A location on a command line: `s3://b/k`, `https://h/p` -> endpoint; `[user@]host:/path`
 * (scp/rsync) -> `sftp://host/path`; anything else is a file path, resolved against cwd.
 */
export function toDataNode(text: string, cwd: string, literalGlob = false): NodeSpec | undefined {
  if (isNotData(text)) return undefined;
  const url = /^([a-zA-Z][\w+.-]*):\/\/(.*)$/.exec(text);
  if (url) {
    const scheme = (url[1] as string).toLowerCase();
    if (scheme === 'file') return toFileNode(joinServer('/', (url[2] as string).replace(/^[^/]*/, '')));
    return toEndpointNode(normalizeEndpoint(redactUrl(text)));
  }
  const remote = /^(?:[^@/\s:]+@)?([A-Za-z0-9][\w.-]*):(\/?.*)$/.exec(text);
  if (remote && !text.startsWith('/') && !text.startsWith('.')) {
    const host = remote[1] as string;
    const p = remote[2] as string;
    const path = (p.startsWith('/') ? p : `/~/${p}`).replace(/(.)\/+$/, '$1');
    if (p.startsWith(':')) return toEndpointNode(`rsync://${host}/${p.slice(1)}`);
    return toEndpointNode(`sftp://${host}${path}`);
  }
  // `$UNSET/x.csv`: the directory is unknown; an edge to a guess would be invented (the caller notes it)
  // (a literal glob such as `*.gz` is relative to the working directory like any other name)
  if (text.startsWith('*') && !literalGlob) return undefined;
  // a relative path is made absolute only against a known directory
  if (!text.startsWith('/') && !cwd.startsWith('/')) return undefined;
  return toFileNode(joinServer(cwd, text));
}

/** Drop query strings and fragments (they carry dates and tokens, not identity). */
export function normalizeEndpoint(url: string): string {
  return url.replace(/[?#].*$/, '');
}
